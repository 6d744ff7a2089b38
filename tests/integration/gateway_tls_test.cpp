// The gateway serving HTTPS and WSS itself (--tls-cert, --tls-key), against a
// real Redis, with a certificate made by the openssl command at test time and
// real TLS clients: `openssl s_client`, curl, and the Beast clients verifying
// that certificate. Plain HTTP on the port is redirected (or refused), old
// protocols and ciphers are refused, and the shutdown still closes every
// connection promptly.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "clients.hpp"
#include "gateway_process.hpp"
#include "redis_process.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace gateway_tls_test {

using namespace rq::test;
using nlohmann::json;
namespace fs = std::filesystem;

struct Certificate {
  fs::path cert, key;
};

// A self-signed certificate for localhost and 127.0.0.1, made as an operator
// would make one for a test machine.
Certificate make_certificate(const fs::path& dir, const std::string& name) {
  Certificate c{dir / (name + "-cert.pem"), dir / (name + "-key.pem")};
  auto r = run_command({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", c.key.string(), "-out",
                        c.cert.string()});
  if (r.exit_code != 0) throw std::runtime_error("openssl req failed: " + r.output);
  return c;
}

std::vector<std::string> with_tls(const Certificate& c, std::vector<std::string> args) {
  args.insert(args.begin(), {"--tls-cert", c.cert.string(), "--tls-key", c.key.string()});
  return args;
}

std::string file_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `openssl s_client` to the gateway, verifying its certificate; its standard
// input is empty, so it ends right after the handshake.
RunResult s_client(std::uint16_t port, const fs::path& ca, const std::vector<std::string>& options) {
  std::vector<std::string> argv{"openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(port),
                                "-CAfile", ca.string(), "-verify_ip", "127.0.0.1", "-verify_return_error"};
  argv.insert(argv.end(), options.begin(), options.end());
  return run_command(argv);
}

// curl, never through a proxy the environment may name: only 127.0.0.1.
RunResult curl(const std::vector<std::string>& options) {
  std::vector<std::string> argv{"curl", "-sS", "--noproxy", "*", "--max-time", "10"};
  argv.insert(argv.end(), options.begin(), options.end());
  return run_command(argv);
}

// One series of /metrics, read over HTTPS.
std::optional<double> https_metric(const TlsTrust& trust, std::uint16_t port, const std::string& series) {
  auto text = https_request(trust, port, "GET", "/metrics").body;
  auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return std::nullopt;
  return std::stod(text.substr(at + series.size() + 2));
}

class GatewayTls : public ::testing::Test {
 protected:
  explicit GatewayTls(std::vector<std::string> args = {})
      : certificate_(make_certificate(dir_.path(), "gateway")),
        gateway_(redis_.url(), source_dir() / "web", with_tls(certificate_, std::move(args))) {}

  TlsTrust trust() const { return {certificate_.cert}; }
  std::uint16_t port() { return gateway_.port(); }
  std::string https_origin() { return "https://127.0.0.1:" + std::to_string(port()); }

  TempDir dir_;
  Certificate certificate_;
  RedisProcess redis_;
  GatewayProcess gateway_;
};

class GatewayTlsRefusingPlainHttp : public GatewayTls {
 protected:
  GatewayTlsRefusingPlainHttp() : GatewayTls({"--tls-plain-http", "refuse"}) {}
};

// The slowest shutdown the tests below could see if a TLS session held on:
// a grace of 10 s instead of the harness's 1 s.
class GatewayTlsWithLongGrace : public GatewayTls {
 protected:
  GatewayTlsWithLongGrace() : GatewayTls({"--shutdown-grace-ms", "10000"}) {}
};

TEST_F(GatewayTls, HealthzOverHttpsIsOk) {
  auto r = https_request(trust(), port(), "GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).at("status"), "ok");
}

TEST_F(GatewayTls, ThePageIsServedOverHttps) {
  auto r = https_request(trust(), port(), "GET", "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(r.body, file_text(source_dir() / "web" / "index.html"));
}

TEST_F(GatewayTls, CurlVerifiesTheCertificateAndGetsHealthz) {
  auto r = curl({"--cacert", certificate_.cert.string(), "-o", "/dev/null", "-w", "%{http_code}",
                 https_origin() + "/healthz"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "200");
}

TEST_F(GatewayTls, StartupLogSaysTlsIsOn) {
  json listening;
  for (const auto& line : gateway_.log_lines()) {
    if (line.value("msg", "") == "listening") listening = line;
  }
  ASSERT_FALSE(listening.is_null()) << gateway_.log();
  EXPECT_EQ(listening.at("tls"), true);
  EXPECT_EQ(listening.at("url"), https_origin() + "/");
  EXPECT_EQ(listening.at("tls_cert"), certificate_.cert.string());
  EXPECT_EQ(listening.at("tls_plain_http"), "redirect");
}

TEST_F(GatewayTls, WssHelloIsAnsweredWithWelcome) {
  WsClient ws(trust(), port());
  auto welcome = ws.request({{"type", "hello"}, {"id", 1}});
  EXPECT_EQ(welcome.at("type"), "welcome");
  EXPECT_EQ(welcome.at("id"), 1);
  EXPECT_EQ(welcome.at("protocol"), 1);
  EXPECT_TRUE(welcome.at("participant").is_null());
}

TEST_F(GatewayTls, WssRepliesAreThoseOfPlainWs) {
  // A second gateway, without TLS, on the same Redis.
  GatewayProcess plain(redis_.url(), source_dir() / "web");
  WsClient wss(trust(), port());
  WsClient ws(plain.port());
  auto without_time = [](json reply) {
    reply.erase("server_time");
    return reply;
  };
  EXPECT_EQ(without_time(wss.request({{"type", "hello"}, {"id", "h"}})),
            without_time(ws.request({{"type", "hello"}, {"id", "h"}})));
  EXPECT_EQ(wss.request({{"type", "teleport"}, {"id", 2}}), ws.request({{"type", "teleport"}, {"id", 2}}));
  ASSERT_TRUE(wss.send("{\"type\": \"hello\", "));
  ASSERT_TRUE(ws.send("{\"type\": \"hello\", "));
  EXPECT_EQ(wss.receive_json(), ws.receive_json());
}

TEST_F(GatewayTls, Tls11IsRefusedWhileTls12And13Succeed) {
  // The client is allowed TLS 1.1 (security level 0): the refusal, an alert
  // "protocol version", is the gateway's.
  auto old = s_client(port(), certificate_.cert, {"-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"});
  EXPECT_NE(old.exit_code, 0) << old.output;
  EXPECT_NE(old.output.find("alert protocol version"), std::string::npos) << old.output;

  auto v12 = s_client(port(), certificate_.cert, {"-tls1_2"});
  EXPECT_EQ(v12.exit_code, 0) << v12.output;
  EXPECT_NE(v12.output.find("New, TLSv1.2, Cipher is ECDHE-ECDSA-AES128-GCM-SHA256"), std::string::npos)
      << v12.output;
  EXPECT_NE(v12.output.find("Verify return code: 0 (ok)"), std::string::npos) << v12.output;

  auto v13 = s_client(port(), certificate_.cert, {"-tls1_3"});
  EXPECT_EQ(v13.exit_code, 0) << v13.output;
  EXPECT_NE(v13.output.find("New, TLSv1.3, Cipher is TLS_"), std::string::npos) << v13.output;
  EXPECT_NE(v13.output.find("Verify return code: 0 (ok)"), std::string::npos) << v13.output;

  EXPECT_EQ(https_metric(trust(), port(), "reformquiz_tls_handshake_failures_total"), 1.0);
}

TEST_F(GatewayTls, Tls12WithoutAnAeadCipherIsRefused) {
  auto cbc = s_client(port(), certificate_.cert,
                      {"-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384"});
  EXPECT_NE(cbc.exit_code, 0) << cbc.output;
  EXPECT_NE(cbc.output.find("alert handshake failure"), std::string::npos) << cbc.output;
}

TEST_F(GatewayTls, PlainHttpIsRedirectedToHttpsKeepingPathAndQuery) {
  auto r = http_get(port(), "/results/?contest=cchc-2026&round=2");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.headers["location"], https_origin() + "/results/?contest=cchc-2026&round=2");
  EXPECT_EQ(r.headers["connection"], "close");
  EXPECT_EQ(https_metric(trust(), port(), "reformquiz_tls_plain_http_total"), 1.0);
}

TEST_F(GatewayTls, CurlFollowsTheRedirectsToTheFolderOverHttps) {
  // http://…/results?… to https://…/results?…, then to the folder
  // https://…/results/?…, with the query kept through both.
  auto r = curl({"-L", "--cacert", certificate_.cert.string(), "-o", "/dev/null", "-w",
                 "%{http_code} %{num_redirects} %{url_effective}",
                 "http://127.0.0.1:" + std::to_string(port()) + "/results?contest=cchc-2026&round=2"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "200 2 " + https_origin() + "/results/?contest=cchc-2026&round=2");
}

TEST_F(GatewayTlsRefusingPlainHttp, PlainHttpIsRefusedWith400) {
  auto r = http_get(port(), "/results/?contest=cchc-2026");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.headers["content-type"], "text/plain; charset=utf-8");
  EXPECT_EQ(r.headers.count("location"), 0u);
  EXPECT_EQ(r.body, "This port speaks HTTPS only: use an https:// address.\n");
  EXPECT_EQ(https_request(trust(), port(), "GET", "/healthz").status, 200);
}

TEST_F(GatewayTlsWithLongGrace, SigtermClosesWssIdleHttpsAndUnfinishedHandshakesAtOnce) {
  WsClient wss(trust(), port());
  ASSERT_EQ(wss.request({{"type", "hello"}}).at("type"), "welcome");
  // An HTTPS connection past its handshake, idle between requests.
  ChildProcess idle;
  idle.start({"openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(port()), "-CAfile",
              certificate_.cert.string(), "-ign_eof"},
             dir_.path() / "s_client.log");
  ASSERT_TRUE(eventually(std::chrono::seconds(10),
                         [&] { return idle.output().find("Verify return code: 0") != std::string::npos; }))
      << idle.output();
  // A connection that has sent nothing yet: still in the TLS detection.
  int silent = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port());
  ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  ASSERT_EQ(::connect(silent, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);

  auto started = std::chrono::steady_clock::now();
  gateway_.process().signal(SIGTERM);
  EXPECT_FALSE(wss.receive(std::chrono::seconds(5)).has_value());
  EXPECT_EQ(wss.close_code(), 1001);  // going away
  auto code = gateway_.process().wait(std::chrono::seconds(10));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  char byte;
  EXPECT_LE(::recv(silent, &byte, 1, 0), 0);  // closed by the gateway
  ::close(silent);
  // The idle connection got the gateway's close_notify and ended.
  EXPECT_TRUE(idle.wait(std::chrono::seconds(5)).has_value()) << idle.output();
}

TEST(GatewayTlsStart, AKeyThatIsNotTheCertificatesStopsTheStart) {
  TempDir dir;
  auto one = make_certificate(dir.path(), "one");
  auto other = make_certificate(dir.path(), "other");
  auto r = run_command({server_binary(), "--listen", "127.0.0.1:0", "--redis", "redis://127.0.0.1:1/0", "--web",
                        (source_dir() / "web").string(), "--tls-cert", one.cert.string(), "--tls-key",
                        other.key.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output, "reformquiz-server: --tls-key / REFORMQUIZ_TLS_KEY: \"" + other.key.string() +
                          "\" is not the private key of the certificate in --tls-cert \"" + one.cert.string() +
                          "\"\n");
}

TEST(GatewayTlsStart, ACertificateFileThatIsAKeyStopsTheStart) {
  TempDir dir;
  auto one = make_certificate(dir.path(), "one");
  auto r = run_command({server_binary(), "--listen", "127.0.0.1:0", "--redis", "redis://127.0.0.1:1/0", "--web",
                        (source_dir() / "web").string(), "--tls-cert", one.key.string(), "--tls-key",
                        one.key.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output.rfind("reformquiz-server: --tls-cert / REFORMQUIZ_TLS_CERT: \"" + one.key.string() +
                               "\" holds no usable PEM certificate (",
                           0),
            0u)
      << r.output;
}

}  // namespace gateway_tls_test
