// reformquiz-server's flags and environment.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>

#include "app/config.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace config_test {

using namespace rq::app;

std::variant<GatewayConfig, ConfigExit> parse(std::vector<std::string> args) {
  args.insert(args.begin(), "reformquiz-server");
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  return parse_gateway_config(static_cast<int>(argv.size()), argv.data());
}

std::string web_dir() { return std::string(REFORMQUIZ_SOURCE_DIR) + "/web"; }

TEST(GatewayConfig, FlagsSetListenRedisAndWeb) {
  auto r = parse({"--listen", "0.0.0.0:9000", "--redis", "redis://10.1.2.3:6390/2", "--web", web_dir()});
  ASSERT_TRUE(std::holds_alternative<GatewayConfig>(r));
  const auto& c = std::get<GatewayConfig>(r);
  EXPECT_EQ(c.server.address, "0.0.0.0");
  EXPECT_EQ(c.server.port, 9000);
  EXPECT_EQ(c.redis.host, "10.1.2.3");
  EXPECT_EQ(c.redis.port, 6390);
  EXPECT_EQ(c.redis.db, 2);
  EXPECT_EQ(c.server.web_root, web_dir());
}

TEST(GatewayConfig, EnvironmentIsUsedWhenNoFlagIsGiven) {
  ::setenv("REFORMQUIZ_LISTEN", "127.0.0.1:7001", 1);
  ::setenv("REDIS_URL", "redis://127.0.0.1:7002/1", 1);
  ::setenv("REFORMQUIZ_WEB", web_dir().c_str(), 1);
  auto r = parse({});
  ::unsetenv("REFORMQUIZ_LISTEN");
  ::unsetenv("REDIS_URL");
  ::unsetenv("REFORMQUIZ_WEB");
  ASSERT_TRUE(std::holds_alternative<GatewayConfig>(r));
  const auto& c = std::get<GatewayConfig>(r);
  EXPECT_EQ(c.server.port, 7001);
  EXPECT_EQ(c.redis.port, 7002);
  EXPECT_EQ(c.redis.db, 1);
}

TEST(GatewayConfig, HelpListsEveryFlag) {
  auto r = parse({"--help"});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(r));
  const auto& e = std::get<ConfigExit>(r);
  EXPECT_EQ(e.code, 0);
  for (const char* flag : {"--listen", "--redis", "--web", "--log-level", "--ws-idle-timeout-ms",
                           "--ws-queue-limit-bytes", "--redis-timeout-ms", "--shutdown-grace-ms", "--tls-cert",
                           "--tls-key", "--tls-plain-http", "--socket-send-buffer-bytes", "--admin-reports-in-flight"}) {
    EXPECT_NE(e.text.find(flag), std::string::npos) << flag;
  }
  for (const char* env : {"REFORMQUIZ_LISTEN", "REDIS_URL", "REFORMQUIZ_WEB", "REFORMQUIZ_TLS_CERT",
                          "REFORMQUIZ_TLS_KEY"}) {
    EXPECT_NE(e.text.find(env), std::string::npos) << env;
  }
}

TEST(GatewayConfig, UnknownFlagIsAnError) {
  auto r = parse({"--lisen", "x"});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(r));
  EXPECT_EQ(std::get<ConfigExit>(r).code, 2);
  EXPECT_NE(std::get<ConfigExit>(r).text.find("--lisen"), std::string::npos);
}

TEST(GatewayConfig, BadListenSaysWhatItWants) {
  auto r = parse({"--listen", "8080", "--web", web_dir()});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(r));
  EXPECT_EQ(std::get<ConfigExit>(r).text,
            "reformquiz-server: --listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080 (got \"8080\")");
  auto p = parse({"--listen", "127.0.0.1:70000", "--web", web_dir()});
  EXPECT_EQ(std::get<ConfigExit>(p).text,
            "reformquiz-server: --listen: the port must be a number from 0 to 65535 (got \"70000\")");
}

TEST(GatewayConfig, BadRedisUrlNamesTheFlag) {
  auto r = parse({"--redis", "localhost:6379", "--web", web_dir()});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(r));
  EXPECT_EQ(std::get<ConfigExit>(r).text,
            "reformquiz-server: --redis / REDIS_URL: a Redis URL starts with redis://, redis+sentinel:// or redis+cluster:// (got \"localhost:6379\")");
}

TEST(GatewayConfig, MissingWebFolderIsAnErrorAtStart) {
  auto r = parse({"--web", "/no/such/folder"});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(r));
  EXPECT_EQ(std::get<ConfigExit>(r).code, 2);
  EXPECT_EQ(std::get<ConfigExit>(r).text,
            "reformquiz-server: --web / REFORMQUIZ_WEB: \"/no/such/folder\" is not a directory");
}

TEST(GatewayConfig, OutOfRangeTimeoutIsRefused) {
  auto r = parse({"--web", web_dir(), "--ws-idle-timeout-ms", "5"});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(r));
  EXPECT_EQ(std::get<ConfigExit>(r).code, 2);
}

TEST(GatewayConfig, EveryLimitHasAFlagWithItsDocumentedDefault) {
  auto defaults = parse({"--web", web_dir()});
  ASSERT_TRUE(std::holds_alternative<GatewayConfig>(defaults));
  const auto& d = std::get<GatewayConfig>(defaults);
  EXPECT_EQ(d.ws_budget.per_second, 10);
  EXPECT_EQ(d.ws_budget.burst, 40);
  EXPECT_EQ(d.ws_budget.max_in_flight, 16);
  EXPECT_EQ(d.ws_budget.close_after_refusals, 100);
  EXPECT_EQ(d.hasher.queue_limit, 64u);
  EXPECT_GE(d.hasher.threads, 1u);
  EXPECT_EQ(d.accounts.login.per_account, 10);
  EXPECT_EQ(d.accounts.login.per_address, 50);
  EXPECT_EQ(d.organisers.login.per_account, 5);
  EXPECT_EQ(d.organisers.login.per_address, 20);
  EXPECT_EQ(d.accounts.login.window_ms, 900'000);
  EXPECT_EQ(d.accounts.session_ttl_ms, 30LL * 24 * 3600 * 1000);
  EXPECT_EQ(d.organisers.session_ttl_ms, 12LL * 3600 * 1000);
  EXPECT_EQ(d.organisers.reports_in_flight, 2u);
  EXPECT_EQ(d.server.socket_send_buffer_bytes, 0u);
  EXPECT_EQ(d.bank_cache_versions, 16u);
  EXPECT_EQ(d.results_cache_rounds, 256u);
  EXPECT_TRUE(d.server.trusted_proxies.empty());

  auto set = parse({"--web", web_dir(), "--ws-rate", "2.5", "--ws-burst", "8", "--ws-max-in-flight", "4",
                    "--ws-abuse-refusals", "9", "--workers", "3", "--hash-queue", "7", "--login-limit-phone", "4",
                    "--login-limit-address", "6", "--admin-login-limit-user", "2", "--admin-login-limit-address", "3",
                    "--login-window-s", "60", "--contestant-session-days", "7", "--organiser-session-hours", "2",
                    "--admin-reports-in-flight", "1", "--socket-send-buffer-bytes", "32768",
                    "--bank-cache-versions", "4", "--results-cache-rounds", "5", "--trusted-proxy", "10.0.0.0/8,::1"});
  ASSERT_TRUE(std::holds_alternative<GatewayConfig>(set)) << std::get<ConfigExit>(set).text;
  const auto& c = std::get<GatewayConfig>(set);
  EXPECT_EQ(c.ws_budget.per_second, 2.5);
  EXPECT_EQ(c.ws_budget.burst, 8);
  EXPECT_EQ(c.ws_budget.max_in_flight, 4);
  EXPECT_EQ(c.ws_budget.close_after_refusals, 9);
  EXPECT_EQ(c.hasher.threads, 3u);
  EXPECT_EQ(c.hasher.queue_limit, 7u);
  EXPECT_EQ(c.accounts.login.per_account, 4);
  EXPECT_EQ(c.accounts.login.per_address, 6);
  EXPECT_EQ(c.organisers.login.per_account, 2);
  EXPECT_EQ(c.organisers.login.per_address, 3);
  EXPECT_EQ(c.organisers.login.window_ms, 60'000);
  EXPECT_EQ(c.accounts.session_ttl_ms, 7LL * 24 * 3600 * 1000);
  EXPECT_EQ(c.organisers.session_ttl_ms, 2LL * 3600 * 1000);
  EXPECT_EQ(c.organisers.reports_in_flight, 1u);
  EXPECT_EQ(c.server.socket_send_buffer_bytes, 32768u);
  EXPECT_EQ(c.bank_cache_versions, 4u);
  EXPECT_EQ(c.results_cache_rounds, 5u);
  EXPECT_TRUE(c.server.trusted_proxies.contains("10.1.2.3"));
  EXPECT_TRUE(c.server.trusted_proxies.contains("::1"));
  EXPECT_FALSE(c.server.trusted_proxies.contains("11.0.0.1"));
}

TEST(GatewayConfig, ALimitOutOfRangeIsRefusedWithItsFlag) {
  auto r = parse({"--web", web_dir(), "--ws-max-in-flight", "0"});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(r));
  EXPECT_EQ(std::get<ConfigExit>(r).code, 2);
  EXPECT_NE(std::get<ConfigExit>(r).text.find("--ws-max-in-flight"), std::string::npos) << std::get<ConfigExit>(r).text;
}

// A file of the given text under the temp folder, removed with the object.
class TextFile {
 public:
  explicit TextFile(const std::string& text)
      : path_(std::filesystem::temp_directory_path() / ("rq-config-" + std::to_string(std::random_device{}()))) {
    std::ofstream(path_) << text;
  }
  ~TextFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

std::string error_of(const std::variant<GatewayConfig, ConfigExit>& r) {
  return std::holds_alternative<ConfigExit>(r) ? std::get<ConfigExit>(r).text : "(no error)";
}

TEST(GatewayConfig, TlsIsOffByDefault) {
  auto r = parse({"--web", web_dir()});
  ASSERT_TRUE(std::holds_alternative<GatewayConfig>(r));
  EXPECT_FALSE(std::get<GatewayConfig>(r).server.tls.has_value());
}

TEST(GatewayConfig, TlsCertAndKeyGoTogether) {
  auto cert_only = parse({"--web", web_dir(), "--tls-cert", "/etc/ssl/reformquiz/fullchain.pem"});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(cert_only));
  EXPECT_EQ(std::get<ConfigExit>(cert_only).code, 2);
  EXPECT_EQ(error_of(cert_only),
            "reformquiz-server: --tls-cert needs --tls-key too: HTTPS takes the certificate and its private key");
  auto key_only = parse({"--web", web_dir(), "--tls-key", "/etc/ssl/reformquiz/privkey.pem"});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(key_only));
  EXPECT_EQ(std::get<ConfigExit>(key_only).code, 2);
  EXPECT_EQ(error_of(key_only),
            "reformquiz-server: --tls-key needs --tls-cert too: HTTPS takes the certificate and its private key");
}

TEST(GatewayConfig, TlsPlainHttpWithoutACertificateIsRefused) {
  auto r = parse({"--web", web_dir(), "--tls-plain-http", "refuse"});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(r));
  EXPECT_EQ(std::get<ConfigExit>(r).code, 2);
  EXPECT_EQ(error_of(r),
            "reformquiz-server: --tls-plain-http needs --tls-cert and --tls-key (it says what plain HTTP gets on an "
            "HTTPS port)");
}

TEST(GatewayConfig, BadTlsPlainHttpValueIsRefusedWithItsFlag) {
  auto r = parse({"--web", web_dir(), "--tls-plain-http", "ignore"});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(r));
  EXPECT_EQ(std::get<ConfigExit>(r).code, 2);
  EXPECT_NE(error_of(r).find("--tls-plain-http"), std::string::npos) << error_of(r);
  EXPECT_NE(error_of(r).find("ignore"), std::string::npos) << error_of(r);
}

TEST(GatewayConfig, MissingTlsFileNamesTheFlagAndTheFile) {
  auto r = parse({"--web", web_dir(), "--tls-cert", "/no/such/cert.pem", "--tls-key", "/no/such/key.pem"});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(r));
  EXPECT_EQ(std::get<ConfigExit>(r).code, 2);
  EXPECT_EQ(error_of(r),
            "reformquiz-server: --tls-cert / REFORMQUIZ_TLS_CERT: cannot read \"/no/such/cert.pem\": No such file or "
            "directory");
}

TEST(GatewayConfig, TlsFilesComeFromTheEnvironmentToo) {
  TextFile cert("not a certificate\n");
  ::setenv("REFORMQUIZ_TLS_CERT", cert.path().c_str(), 1);
  ::setenv("REFORMQUIZ_TLS_KEY", "/no/such/key.pem", 1);
  auto r = parse({"--web", web_dir()});
  ::unsetenv("REFORMQUIZ_TLS_CERT");
  ::unsetenv("REFORMQUIZ_TLS_KEY");
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(r));
  EXPECT_EQ(std::get<ConfigExit>(r).code, 2);
  // Both are read before either is parsed: the missing key is the error.
  EXPECT_EQ(error_of(r),
            "reformquiz-server: --tls-key / REFORMQUIZ_TLS_KEY: cannot read \"/no/such/key.pem\": No such file or "
            "directory");
}

TEST(GatewayConfig, TlsCertificateThatIsNotPemNamesTheFlagAndTheFile) {
  TextFile cert("-----BEGIN NOTHING-----\nnot base64\n");
  TextFile key("not a key either\n");
  auto r = parse({"--web", web_dir(), "--tls-cert", cert.path(), "--tls-key", key.path()});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(r));
  EXPECT_EQ(std::get<ConfigExit>(r).code, 2);
  std::string expected =
      "reformquiz-server: --tls-cert / REFORMQUIZ_TLS_CERT: \"" + cert.path() + "\" holds no usable PEM certificate (";
  EXPECT_EQ(error_of(r).substr(0, expected.size()), expected);
}

TEST(GatewayConfig, TlsFolderInsteadOfAFileIsRefused) {
  auto r = parse({"--web", web_dir(), "--tls-cert", web_dir(), "--tls-key", web_dir()});
  ASSERT_TRUE(std::holds_alternative<ConfigExit>(r));
  EXPECT_EQ(error_of(r), "reformquiz-server: --tls-cert / REFORMQUIZ_TLS_CERT: \"" + web_dir() +
                             "\" is a folder, not a file");
}

}  // namespace config_test
