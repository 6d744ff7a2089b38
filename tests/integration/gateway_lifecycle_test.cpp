// The gateway as a process: it refuses a bad start with a clear message, logs
// JSON lines, and on SIGTERM closes every client with a close frame and exits 0.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sstream>
#include <thread>

#include "clients.hpp"
#include "gateway_process.hpp"
#include "redis_process.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace gateway_lifecycle_test {

using namespace rq::test;

// Runs the server binary with these arguments to completion.
std::pair<int, std::string> run_server(const std::vector<std::string>& args) {
  TempDir dir;
  ChildProcess p;
  std::vector<std::string> argv{server_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  p.start(argv, dir.path() / "out.log");
  auto code = p.wait(std::chrono::seconds(10));
  return {code.value_or(-1), p.output()};
}

TEST(GatewayLifecycle, SigtermClosesClientsWithGoingAwayAndExitsZero) {
  RedisProcess redis;
  GatewayProcess gateway(redis.url(), source_dir() / "web");
  std::vector<std::unique_ptr<WsClient>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<WsClient>(gateway.port()));
    ASSERT_EQ(clients.back()->request({{"type", "hello"}}).at("type"), "welcome");
  }
  gateway.process().signal(SIGTERM);
  for (auto& c : clients) {
    EXPECT_FALSE(c->receive(std::chrono::seconds(5)).has_value());
    EXPECT_TRUE(c->closed());
    EXPECT_EQ(c->close_code(), 1001);  // going away
  }
  auto code = gateway.process().wait(std::chrono::seconds(10));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
  auto lines = gateway.log_lines();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back().value("msg", ""), "stopped");
}

TEST(GatewayLifecycle, SigtermWithNoClientsExitsAtOnce) {
  RedisProcess redis;
  GatewayProcess gateway(redis.url(), source_dir() / "web");
  auto started = std::chrono::steady_clock::now();
  gateway.process().signal(SIGTERM);
  auto code = gateway.process().wait(std::chrono::seconds(10));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST(GatewayLifecycle, EveryLogLineIsJsonWithTimeLevelAndMessage) {
  RedisProcess redis;
  GatewayProcess gateway(redis.url(), source_dir() / "web");
  {
    WsClient ws(gateway.port());
    ws.request({{"type", "hello"}});
  }
  gateway.process().signal(SIGTERM);
  gateway.process().wait(std::chrono::seconds(10));
  auto lines = gateway.log_lines();
  ASSERT_GE(lines.size(), 3u);
  for (const auto& line : lines) {
    ASSERT_FALSE(line.contains("unparsed")) << line.dump();
    EXPECT_TRUE(line.at("ts").is_string());
    EXPECT_TRUE(line.at("level").is_string());
    EXPECT_TRUE(line.at("msg").is_string());
  }
  EXPECT_EQ(lines.front().at("msg"), "listening");
}

TEST(GatewayLifecycle, UnknownFlagIsRefusedWithItsName) {
  auto [code, out] = run_server({"--no-such-flag"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("--no-such-flag"), std::string::npos) << out;
}

TEST(GatewayLifecycle, MissingWebFolderIsRefusedAtStart) {
  auto [code, out] = run_server({"--web", "/no/such/web"});
  EXPECT_EQ(code, 2);
  EXPECT_EQ(out, "reformquiz-server: --web / REFORMQUIZ_WEB: \"/no/such/web\" is not a directory\n");
}

TEST(GatewayLifecycle, HelpListsTheFlagsAndExitsZero) {
  auto [code, out] = run_server({"--help"});
  EXPECT_EQ(code, 0);
  EXPECT_NE(out.find("--listen"), std::string::npos);
  EXPECT_NE(out.find("REDIS_URL"), std::string::npos);
}

TEST(GatewayLifecycle, PortInUseIsAClearError) {
  RedisProcess redis;
  GatewayProcess first(redis.url(), source_dir() / "web");
  auto [code, out] = run_server({"--listen", "127.0.0.1:" + std::to_string(first.port()), "--redis", redis.url(),
                                 "--web", (source_dir() / "web").string()});
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())), std::string::npos) << out;
}

TEST(GatewayLifecycle, StartsWithoutRedisAndConnectsWhenItAppears) {
  // A gateway must not need Redis to be up first: it reports 503 and heals.
  auto redis_port = free_port();
  GatewayProcess gateway("redis://127.0.0.1:" + std::to_string(redis_port) + "/0", source_dir() / "web", {},
                         /*wait_for_redis=*/false);
  EXPECT_EQ(http_get(gateway.port(), "/healthz").status, 503);
  ChildProcess redis;
  TempDir dir;
  redis.start({"redis-server", "--port", std::to_string(redis_port), "--bind", "127.0.0.1", "--save", "",
               "--dir", dir.path().string()},
              dir.path() / "redis.log");
  EXPECT_TRUE(eventually(std::chrono::seconds(10), [&] { return http_get(gateway.port(), "/healthz").status == 200; }));
}

TEST(GatewayLifecycle, APushSubscriptionThatIsNeverAnsweredIsRetriedUntilItIs) {
  // A stopped Redis accepts connections (the kernel does) but answers
  // nothing: the subscriber must give up on the attempt and try again,
  // or pushes would stay off after Redis recovers from a hang.
  RedisProcess redis;
  redis.pause();
  GatewayProcess gateway(redis.url(), source_dir() / "web", {}, /*wait_for_redis=*/false);
  auto logged = [&](const std::string& msg) {
    for (const auto& line : gateway.log_lines()) {
      if (line.value("msg", "") == msg) return true;
    }
    return false;
  };
  EXPECT_TRUE(eventually(std::chrono::seconds(10), [&] { return logged("redis subscription timed out"); }))
      << gateway.log();
  redis.resume();
  EXPECT_TRUE(eventually(std::chrono::seconds(10), [&] { return logged("redis subscribed"); })) << gateway.log();
}

TEST(GatewayLifecycle, OutOfDescriptorsTheListenerWaitsInsteadOfSpinningAndRecovers) {
  // A gateway allowed 48 descriptors, and more connections than that: accept
  // fails with EMFILE. It must wait, longer each time, not retry at once.
  RedisProcess redis;
  TempDir dir;
  ChildProcess gateway;
  gateway.start({"prlimit", "--nofile=48:48", server_binary(), "--listen", "127.0.0.1:0", "--redis", redis.url(),
                 "--web", (source_dir() / "web").string(), "--shutdown-grace-ms", "500"},
                dir.path() / "gateway.log");
  auto lines = [&] {
    std::vector<nlohmann::json> out;
    std::istringstream in(gateway.output());
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_discarded()) out.push_back(j);
    }
    return out;
  };
  std::uint16_t port = 0;
  ASSERT_TRUE(eventually(std::chrono::seconds(10), [&] {
    for (const auto& l : lines()) {
      if (l.value("msg", "") == "listening") port = l.at("port").get<std::uint16_t>();
    }
    return port != 0;
  })) << gateway.output();
  std::vector<int> sockets;
  for (int i = 0; i < 80; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    sockets.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));
  int waits = 0;
  for (const auto& l : lines()) waits += l.value("msg", "") == "accept failed; waiting before accepting again";
  EXPECT_GE(waits, 1) << gateway.output();
  // 10, 20, 40 … ms up to a second: a handful in two seconds, not thousands.
  EXPECT_LE(waits, 20);
  for (int fd : sockets) ::close(fd);
  EXPECT_TRUE(eventually(std::chrono::seconds(10), [&] { return http_get(port, "/healthz").status == 200; }));
  gateway.signal(SIGTERM);
  EXPECT_EQ(gateway.wait(std::chrono::seconds(10)), 0);
}

TEST(GatewayLifecycle, XForwardedForCountsOnlyFromATrustedProxy) {
  RedisProcess redis;
  auto fail_login = [](std::uint16_t port) {
    return http_request(port, "POST", "/api/admin/login", {{"X-Forwarded-For", "203.0.113.5, 198.51.100.7"}},
                        R"({"username":"khong-co","password":"sai-mat-khau"})")
        .status;
  };
  {
    // Not trusted: the header is the client's own word and is ignored.
    GatewayProcess gateway(redis.url(), source_dir() / "web");
    EXPECT_EQ(fail_login(gateway.port()), 401);
    EXPECT_EQ(redis.command("GET rq:admin:fail:{_logins}:addr:127.0.0.1"), "$1\r\n1\r\n");
    EXPECT_EQ(redis.command("EXISTS rq:admin:fail:{_logins}:addr:198.51.100.7"), ":0\r\n");
  }
  GatewayProcess proxied(redis.url(), source_dir() / "web", {"--trusted-proxy", "127.0.0.1"});
  EXPECT_EQ(fail_login(proxied.port()), 401);
  // The proxy's own hop, the nearest one: the client as the proxy saw it.
  EXPECT_EQ(redis.command("GET rq:admin:fail:{_logins}:addr:198.51.100.7"), "$1\r\n1\r\n");
  EXPECT_EQ(redis.command("EXISTS rq:admin:fail:{_logins}:addr:203.0.113.5"), ":0\r\n");
  // A proxy that adds a line of its own instead of extending the client's:
  // the lines in order make the chain, and the client's own line cannot win.
  EXPECT_EQ(http_request(proxied.port(), "POST", "/api/admin/login",
                         {{"X-Forwarded-For", "203.0.113.5"}, {"X-Forwarded-For", "198.51.100.8"}},
                         R"({"username":"khong-co","password":"sai-mat-khau"})")
                .status,
            401);
  EXPECT_EQ(redis.command("GET rq:admin:fail:{_logins}:addr:198.51.100.8"), "$1\r\n1\r\n");
  EXPECT_EQ(redis.command("EXISTS rq:admin:fail:{_logins}:addr:203.0.113.5"), ":0\r\n");
}

TEST(GatewayLifecycle, ABadTrustedProxyIsRefusedAtStart) {
  auto [code, out] = run_server({"--trusted-proxy", "10.0.0.0/40", "--web", (source_dir() / "web").string()});
  EXPECT_EQ(code, 2);
  EXPECT_EQ(out, "reformquiz-server: --trusted-proxy: \"10.0.0.0/40\": the prefix length must be 0 to 32\n");
}

TEST(GatewayLifecycle, ARedisThatWouldStoreAttemptsLooselyIsNamedInTheLog) {
  auto warned = [](GatewayProcess& gateway) {
    for (const auto& line : gateway.log_lines()) {
      if (line.value("level", "") == "warn" && line.value("hash-max-listpack-value", -1) == 64) return true;
    }
    return false;
  };
  RedisProcess loose({"--hash-max-listpack-value", "64"});
  GatewayProcess gateway(loose.url(), source_dir() / "web");
  EXPECT_TRUE(eventually(std::chrono::seconds(5), [&] { return warned(gateway); })) << gateway.log();
  RedisProcess tuned;  // as run.sh and the tests start it
  GatewayProcess other(tuned.url(), source_dir() / "web");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(warned(other));
}

}  // namespace gateway_lifecycle_test
