// The WebSocket envelope of protocol v1 against the real gateway binary and a
// real Redis: hello/welcome, every bad-frame case, the idle timeout and the
// bound on what a slow client may leave queued.
#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <thread>

#include "clients.hpp"
#include "gateway_process.hpp"
#include "redis_process.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace gateway_ws_test {

using namespace rq::test;
using nlohmann::json;

class GatewayWs : public ::testing::Test {
 protected:
  explicit GatewayWs(std::vector<std::string> args = {})
      : gateway_(redis_.url(), source_dir() / "web", std::move(args)) {}

  RedisProcess redis_;
  GatewayProcess gateway_;
};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST_F(GatewayWs, HelloIsAnsweredWithWelcome) {
  WsClient ws(gateway_.port());
  auto welcome = ws.request({{"type", "hello"}, {"id", 1}});
  EXPECT_EQ(welcome.at("type"), "welcome");
  EXPECT_EQ(welcome.at("id"), 1);
  EXPECT_EQ(welcome.at("protocol"), 1);
  EXPECT_TRUE(welcome.at("participant").is_null());
  EXPECT_NEAR(welcome.at("server_time").get<double>(), static_cast<double>(now_ms()), 5000.0);
}

TEST_F(GatewayWs, ReplyCarriesAStringIdBack) {
  WsClient ws(gateway_.port());
  EXPECT_EQ(ws.request({{"type", "hello"}, {"id", "req-7"}}).at("id"), "req-7");
}

TEST_F(GatewayWs, RequestWithoutIdGetsAReplyWithoutId) {
  WsClient ws(gateway_.port());
  auto welcome = ws.request({{"type", "hello"}});
  EXPECT_EQ(welcome.at("type"), "welcome");
  EXPECT_FALSE(welcome.contains("id"));
}

TEST_F(GatewayWs, UnknownTypeIsBadRequestAndTheConnectionStaysUsable) {
  WsClient ws(gateway_.port());
  auto error = ws.request({{"type", "teleport"}, {"id", 2}});
  EXPECT_EQ(error.at("type"), "error");
  EXPECT_EQ(error.at("id"), 2);
  EXPECT_EQ(error.at("code"), "bad_request");
  EXPECT_EQ(error.at("field"), "type");
  EXPECT_EQ(error.at("message"), "Yêu cầu không hợp lệ. (unknown message type \"teleport\")");
  EXPECT_EQ(ws.request({{"type", "hello"}, {"id", 3}}).at("type"), "welcome");
}

TEST_F(GatewayWs, MalformedJsonIsBadRequestAndTheConnectionStaysUsable) {
  WsClient ws(gateway_.port());
  ASSERT_TRUE(ws.send("{\"type\": \"hello\", "));
  auto error = ws.receive_json();
  EXPECT_EQ(error.at("code"), "bad_request");
  EXPECT_FALSE(error.contains("id"));
  EXPECT_EQ(ws.request({{"type", "hello"}, {"id", 4}}).at("type"), "welcome");
}

TEST_F(GatewayWs, NonObjectMissingTypeAndBadIdAreEachBadRequest) {
  WsClient ws(gateway_.port());
  ASSERT_TRUE(ws.send("[1,2,3]"));
  EXPECT_EQ(ws.receive_json().at("code"), "bad_request");
  auto missing = ws.request({{"id", 5}});
  EXPECT_EQ(missing.at("code"), "bad_request");
  EXPECT_EQ(missing.at("field"), "type");
  EXPECT_EQ(missing.at("id"), 5);
  ASSERT_TRUE(ws.send_json({{"type", "hello"}, {"id", json::array()}}));  // no usable id to reply with
  auto bad_id = ws.receive_json();
  EXPECT_EQ(bad_id.at("field"), "id");
  EXPECT_EQ(ws.request({{"type", "hello"}, {"id", 6}}).at("type"), "welcome");
}

TEST_F(GatewayWs, BinaryFrameIsBadRequest) {
  WsClient ws(gateway_.port());
  ASSERT_TRUE(ws.send_binary(std::string("\x01\x02", 2)));
  auto error = ws.receive_json();
  EXPECT_EQ(error.at("code"), "bad_request");
  EXPECT_EQ(ws.request({{"type", "hello"}}).at("type"), "welcome");
}

TEST_F(GatewayWs, EnglishSessionGetsEnglishMessages) {
  WsClient ws(gateway_.port());
  ASSERT_EQ(ws.request({{"type", "hello"}, {"lang", "en"}}).at("type"), "welcome");
  auto error = ws.request({{"type", "nope"}, {"id", 1}});
  EXPECT_EQ(error.at("message"), "The request is not valid. unknown message type \"nope\"");
}

TEST_F(GatewayWs, UnsupportedLanguageIsBadRequestOnLang) {
  WsClient ws(gateway_.port());
  auto error = ws.request({{"type", "hello"}, {"id", 1}, {"lang", "fr"}});
  EXPECT_EQ(error.at("code"), "bad_request");
  EXPECT_EQ(error.at("field"), "lang");
}

TEST_F(GatewayWs, UnknownTokenIsInvalidToken) {
  WsClient ws(gateway_.port());
  auto error = ws.request({{"type", "hello"}, {"id", 1}, {"token", "not-a-real-token"}});
  EXPECT_EQ(error.at("code"), "invalid_token");
  EXPECT_EQ(error.at("field"), "token");
}

TEST_F(GatewayWs, FrameOfSixteenKibibytesIsAccepted) {
  WsClient ws(gateway_.port());
  std::string head = R"({"type":"hello","id":1,"pad":")";
  std::string frame = head + std::string(16 * 1024 - head.size() - 2, 'x') + "\"}";
  ASSERT_EQ(frame.size(), 16u * 1024);
  ASSERT_TRUE(ws.send(frame));
  EXPECT_EQ(ws.receive_json().at("type"), "welcome");
}

TEST_F(GatewayWs, FrameOverSixteenKibibytesIsAnsweredTooLargeAndClosed) {
  WsClient ws(gateway_.port());
  std::string frame = R"({"type":"hello","pad":")" + std::string(16 * 1024, 'x') + "\"}";
  ASSERT_TRUE(ws.send(frame));
  auto error = ws.receive_json();
  EXPECT_EQ(error.at("type"), "error");
  EXPECT_EQ(error.at("code"), "too_large");
  EXPECT_FALSE(ws.receive().has_value());
  EXPECT_TRUE(ws.closed());
  EXPECT_EQ(ws.close_code(), 1009);  // "message too big"
}

TEST_F(GatewayWs, OtherPathsDoNotUpgrade) {
  EXPECT_THROW(WsClient(gateway_.port(), "/socket"), std::exception);
}

class GatewayWsIdle : public GatewayWs {
 protected:
  GatewayWsIdle() : GatewayWs({"--ws-idle-timeout-ms", "600"}) {}
};

TEST_F(GatewayWsIdle, SilentPeerIsClosedWhileAnAnsweringPeerStays) {
  WsClient silent(gateway_.port());
  WsClient alive(gateway_.port());
  ASSERT_EQ(alive.request({{"type", "hello"}}).at("type"), "welcome");
  // `alive` keeps a read pending, which answers the server's pings; `silent`
  // runs no I/O at all for the whole wait, like a phone that lost its network.
  EXPECT_FALSE(alive.receive(std::chrono::milliseconds(2000)).has_value());
  EXPECT_FALSE(alive.closed());
  EXPECT_EQ(alive.request({{"type", "hello"}}).at("type"), "welcome");
  EXPECT_FALSE(silent.receive(std::chrono::milliseconds(2000)).has_value());
  EXPECT_TRUE(silent.closed());
}

class GatewayWsSlowClient : public GatewayWs {
 protected:
  // A request budget no flood exhausts: this test is about the write queue.
  // A fixed kernel send buffer: left to autotuning it can absorb 4 MiB of
  // replies before the queue grows at all, which a sanitizer build took
  // longer to produce than the test waits.
  GatewayWsSlowClient()
      : GatewayWs({"--ws-queue-limit-bytes", "65536", "--ws-rate", "10000", "--ws-burst", "100000",
                   "--socket-send-buffer-bytes", "16384"}) {}
};

TEST_F(GatewayWsSlowClient, ClientThatDoesNotReadIsClosedWhenItsQueueOverflows) {
  WsClient slow(gateway_.port(), "/ws", 4096);
  WsClient other(gateway_.port());
  // Requests flood in; the replies pile up because `slow` never reads. Once
  // the kernel buffers are full, the session's queue grows past 64 KiB.
  // Sending stops only when the gateway drops the connection (or after a
  // minute, which fails the test); a slow gateway (a sanitizer build) may
  // take a while to read the backlog in the client's kernel buffers.
  std::string hello = R"({"type":"hello","id":123456789})";
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < until && slow.send(hello, std::chrono::seconds(20))) {
  }
  EXPECT_TRUE(slow.closed()) << "the gateway never closed the slow client";
  // The other client is unaffected.
  EXPECT_EQ(other.request({{"type", "hello"}}).at("type"), "welcome");
  auto metrics = http_get(gateway_.port(), "/metrics").body;
  EXPECT_NE(metrics.find("reformquiz_ws_slow_consumers_closed_total 1\n"), std::string::npos) << metrics;
}

// One request a second on average, five at once, and a close after five
// refusals in a row.
class GatewayWsBudget : public GatewayWs {
 protected:
  GatewayWsBudget() : GatewayWs({"--ws-rate", "1", "--ws-burst", "5", "--ws-abuse-refusals", "5"}) {}
};

TEST_F(GatewayWsBudget, ABurstBeyondTheBudgetIsAnsweredRateLimitedWithWhenToTryAgain) {
  WsClient ws(gateway_.port());
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(ws.send_json({{"type", "hello"}, {"id", i}}));
  int welcomed = 0;
  std::vector<json> limited;
  for (int i = 0; i < 8; ++i) {
    auto r = ws.receive_json();
    EXPECT_EQ(r.at("id"), i);
    if (r.at("type") == "welcome") ++welcomed;
    else limited.push_back(r);
  }
  EXPECT_EQ(welcomed, 5);
  ASSERT_EQ(limited.size(), 3u);
  for (const auto& r : limited) {
    EXPECT_EQ(r.at("code"), "rate_limited");
    EXPECT_GT(r.at("retry_after_ms").get<int>(), 0);
    EXPECT_LE(r.at("retry_after_ms").get<int>(), 1000);
  }
  // Told when, and back then: taken.
  std::this_thread::sleep_for(std::chrono::milliseconds(limited.back().at("retry_after_ms").get<int>() + 50));
  EXPECT_EQ(ws.request({{"type", "hello"}, {"id", 99}}).at("type"), "welcome");
  EXPECT_FALSE(ws.closed());
}

TEST_F(GatewayWsBudget, AClientThatKeepsSendingWhileRefusedIsClosed) {
  WsClient ws(gateway_.port());
  WsClient other(gateway_.port());
  for (int i = 0; i < 40 && !ws.closed(); ++i) ws.send_json({{"type", "hello"}, {"id", i}});
  while (ws.receive(std::chrono::seconds(2))) {
  }
  EXPECT_TRUE(ws.closed());
  EXPECT_EQ(ws.close_code(), 1008);  // policy violation
  EXPECT_EQ(metric(gateway_.port(), "reformquiz_ws_abusive_closed_total"), 1);
  // Others are not affected.
  EXPECT_EQ(other.request({{"type", "hello"}, {"id", 1}}).at("type"), "welcome");
}

// One password hash at a time and none waiting: a rush of registrations is
// answered at once, never queued for minutes.
class GatewayWsHashQueue : public GatewayWs {
 protected:
  GatewayWsHashQueue() : GatewayWs({"--workers", "1", "--hash-queue", "0"}) {}
};

TEST_F(GatewayWsHashQueue, RegistrationsBeyondThePasswordQueueAreRefusedAtOnceAndTakenLater) {
  auto created = run_command({cli_binary(), "--redis", redis_.url(), "bank", "import",
                              (source_dir() / "question_banks" / "cchc-2021-2030.vi.json").string(), "--id", "nh"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  auto now = now_ms();
  auto iso = [](long long ms) {
    std::time_t secs = ms / 1000;
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&secs));
    return std::string(buf);
  };
  json contest = {{"id", "dong"}, {"title", "Đông người"}, {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                  {"units", {{{"id", "u1"}, {"name", "Sở Nội vụ"}}}},
                  {"rounds", {{{"id", "ky-1"}, {"title", "Kỳ 1"}, {"opens_at", iso(now - 60'000)},
                               {"closes_at", iso(now + 3'600'000)}, {"bank", "nh"}, {"draw", {{"count", 5}}},
                               {"time_limit_s", 600}}}}};
  TempDir dir;
  std::ofstream(dir.path() / "c.json") << contest.dump();
  ASSERT_EQ(run_command({cli_binary(), "--redis", redis_.url(), "contest", "create", (dir.path() / "c.json").string()})
                .exit_code,
            0);
  auto profile = [](int i) {
    char phone[16];
    std::snprintf(phone, sizeof phone, "0907%06d", i);
    return json{{"name", "Lê Văn " + std::string{static_cast<char>('A' + i)}}, {"phone", phone},
                {"birth_date", "1990-01-01"}, {"unit", "u1"}, {"category", "cbccvc"}, {"password", "mat-khau-1"}};
  };
  std::vector<std::unique_ptr<WsClient>> people;
  for (int i = 0; i < 6; ++i) people.push_back(std::make_unique<WsClient>(gateway_.port()));
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(people[i]->send_json({{"type", "register"}, {"id", 1}, {"contest", "dong"}, {"profile", profile(i)}}));
  }
  std::vector<int> refused;
  int registered = 0;
  for (int i = 0; i < 6; ++i) {
    auto r = people[i]->receive_json(std::chrono::seconds(10));
    if (r.at("type") == "registered") {
      ++registered;
    } else {
      EXPECT_EQ(r.at("code"), "rate_limited") << r.dump();
      EXPECT_GE(r.at("retry_after_ms").get<int>(), 100);
      refused.push_back(i);
    }
  }
  EXPECT_GE(registered, 1);
  EXPECT_GE(refused.size(), 1u);
  EXPECT_EQ(metric(gateway_.port(), "reformquiz_password_jobs_refused_total"), static_cast<double>(refused.size()));
  // One at a time, later, everyone gets in.
  for (int i : refused) {
    auto r = people[i]->request({{"type", "register"}, {"id", 2}, {"contest", "dong"}, {"profile", profile(i)}},
                                std::chrono::seconds(10));
    EXPECT_EQ(r.at("type"), "registered") << r.dump();
  }
}

// A subscriber that stops reading while the contest's results are published
// round after round: the push that overflows its queue closes it in the
// middle of the broadcast, which must go on to the others.
class GatewayWsBroadcast : public GatewayWs {
 protected:
  GatewayWsBroadcast() : GatewayWs({"--ws-queue-limit-bytes", "262144"}) {}
};

TEST_F(GatewayWsBroadcast, ASubscriberDroppedInTheMiddleOfABroadcastLeavesTheOthersServed) {
  ASSERT_EQ(run_command({cli_binary(), "--redis", redis_.url(), "admin", "add", "btc"}, "mat-khau-ban-to-chuc\n").exit_code, 0);
  ASSERT_EQ(run_command({cli_binary(), "--redis", redis_.url(), "bank", "import",
                         (source_dir() / "question_banks" / "cchc-2021-2030.vi.json").string(), "--id", "nh"})
                .exit_code,
            0);
  auto iso = [](long long ms) {
    std::time_t secs = ms / 1000;
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&secs));
    return std::string(buf);
  };
  // Many units make every results.published push large (participation by
  // unit): some tens of them fill the slow one's socket, then its queue.
  constexpr int kRounds = 80, kUnits = 1000;
  json units = json::array();
  for (int u = 0; u < kUnits; ++u) {
    units.push_back({{"id", "don-vi-" + std::to_string(u)}, {"name", "Đơn vị số " + std::to_string(u)}, {"headcount", 50}});
  }
  auto now = now_ms();
  json rounds = json::array();
  for (int i = 0; i < kRounds; ++i) {
    rounds.push_back({{"id", "r" + std::to_string(i)}, {"title", "Vòng " + std::to_string(i)},
                      {"opens_at", iso(now - 7'200'000)}, {"closes_at", iso(now + 3'600'000)}, {"bank", "nh"},
                      {"draw", {{"count", 5}}}, {"time_limit_s", 600}});
  }
  json contest = {{"id", "nhieu-vong"}, {"title", "Nhiều vòng"}, {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                  {"units", units}, {"rounds", rounds}};
  TempDir dir;
  std::ofstream(dir.path() / "c.json") << contest.dump();
  ASSERT_EQ(run_command({cli_binary(), "--redis", redis_.url(), "contest", "create", (dir.path() / "c.json").string()})
                .exit_code,
            0);
  auto token = json::parse(http_request(gateway_.port(), "POST", "/api/admin/login", {},
                                        R"({"username":"btc","password":"mat-khau-ban-to-chuc"})")
                               .body)
                   .at("token")
                   .get<std::string>();
  auto admin = [&](const std::string& target) {
    return http_request(gateway_.port(), "POST", target, {{"Authorization", "Bearer " + token}}, "");
  };
  // The slow one subscribes first, then never reads again; the others read.
  WsClient slow(gateway_.port(), "/ws", 4096);
  ASSERT_EQ(slow.request({{"type", "subscribe"}, {"id", 1}, {"contest", "nhieu-vong"}}).at("type"), "subscribed");
  std::vector<std::unique_ptr<WsClient>> others;
  for (int i = 0; i < 3; ++i) {
    others.push_back(std::make_unique<WsClient>(gateway_.port()));
    ASSERT_EQ(others.back()->request({{"type", "subscribe"}, {"id", 1}, {"contest", "nhieu-vong"}}).at("type"), "subscribed");
  }
  int published = 0;
  for (int i = 0; i < kRounds && metric(gateway_.port(), "reformquiz_ws_slow_consumers_closed_total").value_or(0) == 0; ++i) {
    std::string base = "/api/admin/contests/nhieu-vong/rounds/r" + std::to_string(i);
    ASSERT_EQ(admin(base + "/close").status, 200);
    ASSERT_EQ(admin(base + "/finalize").status, 200);
    ASSERT_EQ(admin(base + "/publish").status, 200);
    ++published;
    for (auto& o : others) {
      // round.closed, then results.published: every push reached them.
      for (const char* type : {"round.closed", "results.published"}) {
        auto frame = o->receive();
        ASSERT_TRUE(frame.has_value()) << "round " << i << ", closed " << o->closed() << "\n" << gateway_.log();
        EXPECT_EQ(json::parse(*frame).at("type"), type);
      }
    }
  }
  EXPECT_EQ(metric(gateway_.port(), "reformquiz_ws_slow_consumers_closed_total"), 1) << published << " publications";
  EXPECT_TRUE(gateway_.process().running());
  EXPECT_EQ(http_get(gateway_.port(), "/healthz").status, 200);
  EXPECT_EQ(others[0]->request({{"type", "hello"}, {"id", 9}}).at("type"), "welcome");
}

}  // namespace gateway_ws_test
