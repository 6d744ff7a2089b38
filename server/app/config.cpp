#include "app/config.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>

namespace rq::app {
namespace {

// "host:port" with port 0..65535 (0 lets the system choose, which tests use).
bool parse_listen(const std::string& text, std::string& host, std::uint16_t& port, std::string& error) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    error = "--listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080 (got \"" + text + "\")";
    return false;
  }
  host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string port_text = text.substr(colon + 1);
  try {
    std::size_t used = 0;
    long value = std::stol(port_text, &used);
    if (used != port_text.size() || value < 0 || value > 65535) throw std::out_of_range("port");
    port = static_cast<std::uint16_t>(value);
  } catch (const std::exception&) {
    error = "--listen: the port must be a number from 0 to 65535 (got \"" + port_text + "\")";
    return false;
  }
  return true;
}

// Why a file given to a flag cannot be read, or nullopt when it can.
std::optional<std::string> unreadable(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return "\"" + path + "\" is a folder, not a file";
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return "cannot read \"" + path + "\": " + std::strerror(errno);
  std::fclose(f);
  return std::nullopt;
}

// --tls-cert and --tls-key into config.server.tls, checked as the server
// will load them; an error message naming the flag and the file otherwise.
std::optional<std::string> set_tls(const std::string& cert, const std::string& key, const std::string& plain_http,
                                   bool plain_http_given, net::ServerOptions& server) {
  const std::string cert_flag = "--tls-cert / REFORMQUIZ_TLS_CERT";
  const std::string key_flag = "--tls-key / REFORMQUIZ_TLS_KEY";
  if (cert.empty() && key.empty()) {
    if (plain_http_given) return "--tls-plain-http needs --tls-cert and --tls-key (it says what plain HTTP gets on an HTTPS port)";
    return std::nullopt;
  }
  if (key.empty()) return "--tls-cert needs --tls-key too: HTTPS takes the certificate and its private key";
  if (cert.empty()) return "--tls-key needs --tls-cert too: HTTPS takes the certificate and its private key";
  if (auto why = unreadable(cert)) return cert_flag + ": " + *why;
  if (auto why = unreadable(key)) return key_flag + ": " + *why;
  net::TlsOptions tls{.cert_file = cert, .key_file = key};
  tls.plain_http = plain_http == "refuse" ? net::PlainHttpOnTls::refuse : net::PlainHttpOnTls::redirect;
  if (auto problem = net::check_tls_files(tls)) {
    using File = net::TlsFileProblem::File;
    switch (problem->file) {
      case File::cert:
        return cert_flag + ": \"" + cert + "\" holds no usable PEM certificate (" + problem->reason + ")";
      case File::key:
        return key_flag + ": \"" + key + "\" holds no usable PEM private key, or one with a passphrase (" +
               problem->reason + ")";
      case File::pair:
        return key_flag + ": \"" + key + "\" is not the private key of the certificate in --tls-cert \"" + cert +
               "\"";
    }
  }
  server.tls = std::move(tls);
  return std::nullopt;
}

}  // namespace

std::variant<GatewayConfig, ConfigExit> parse_gateway_config(int argc, const char* const* argv) {
  CLI::App cli{"reformquiz-server: the gateway of reformquiz (HTTP and WebSocket on one port, state in Redis)",
               "reformquiz-server"};
  std::string listen = "127.0.0.1:8080";
  std::string redis_url = "redis://127.0.0.1:6379/0";
  std::string web = "./web";
  std::string log_level = "info";
  long idle_ms = 60'000;
  long queue_bytes = 1024 * 1024;
  long send_buffer_bytes = 0;
  long redis_timeout_ms = 2000;
  long wait_replicas = 0, wait_timeout_ms = 500;
  long grace_ms = 5000;
  long workers = std::max(1u, std::thread::hardware_concurrency());
  long hash_queue = 64;
  double ws_rate = 10, ws_burst = 40;
  long ws_in_flight = 16, ws_refusals = 100;
  std::vector<std::string> trusted_proxies;
  long login_phone = 10, login_address = 50, admin_user = 5, admin_address = 20, login_window_s = 900;
  long bank_versions = 16, results_rounds = 256;
  long contestant_days = 30, organiser_hours = 12;
  long reports_in_flight = 2;
  std::string tls_cert, tls_key, tls_plain_http = "redirect";

  cli.add_option("--listen", listen, "Address and port to serve HTTP and WebSocket on")
      ->envname("REFORMQUIZ_LISTEN")
      ->capture_default_str();
  cli.add_option("--tls-cert", tls_cert,
                 "Serve HTTPS and WSS on --listen with this certificate (PEM; the certificate, then any "
                 "intermediates); needs --tls-key. Without both: plain HTTP, e.g. behind a proxy that does TLS")
      ->envname("REFORMQUIZ_TLS_CERT");
  cli.add_option("--tls-key", tls_key, "The private key of --tls-cert (PEM, without a passphrase)")
      ->envname("REFORMQUIZ_TLS_KEY");
  auto* plain_http_option =
      cli.add_option("--tls-plain-http", tls_plain_http,
                     "What plain HTTP on the HTTPS port gets: redirect (301 to the same address over https) or "
                     "refuse (400)")
          ->envname("REFORMQUIZ_TLS_PLAIN_HTTP")
          ->check(CLI::IsMember({"redirect", "refuse"}))
          ->capture_default_str();
  cli.add_option("--redis", redis_url,
                 "Redis URL: redis://[[user]:password@]host[:port][/db], "
                 "redis+sentinel://host:port,host:port/<master>[/db] or redis+cluster://host:port,host:port")
      ->envname("REDIS_URL")
      ->capture_default_str();
  cli.add_option("--web", web, "Folder of the static pages")->envname("REFORMQUIZ_WEB")->capture_default_str();
  cli.add_option("--log-level", log_level, "debug, info, warn or error")
      ->envname("REFORMQUIZ_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();
  cli.add_option("--ws-idle-timeout-ms", idle_ms,
                 "Close a WebSocket from which nothing (not even a pong) arrives for this long")
      ->check(CLI::Range(100L, 86'400'000L))
      ->capture_default_str();
  cli.add_option("--ws-queue-limit-bytes", queue_bytes,
                 "Bytes queued for a client that does not read before it is closed as too slow")
      ->check(CLI::Range(1024L, 1L << 30))
      ->capture_default_str();
  cli.add_option("--socket-send-buffer-bytes", send_buffer_bytes,
                 "SO_SNDBUF of each client connection; 0 leaves the kernel's autotuning")
      ->check(CLI::Range(0L, 64L << 20))
      ->capture_default_str();
  cli.add_option("--redis-timeout-ms", redis_timeout_ms, "Deadline of one Redis command")
      ->check(CLI::Range(10L, 60'000L))
      ->capture_default_str();
  cli.add_option("--redis-wait-replicas", wait_replicas,
                 "Replicas that must have every script's write before its reply (WAIT); 0: do not wait")
      ->envname("REFORMQUIZ_REDIS_WAIT_REPLICAS")
      ->check(CLI::Range(0L, 16L))
      ->capture_default_str();
  cli.add_option("--redis-wait-timeout-ms", wait_timeout_ms,
                 "How long a write waits for the replicas before it is answered 'unavailable'")
      ->check(CLI::Range(1L, 60'000L))
      ->capture_default_str();
  cli.add_option("--shutdown-grace-ms", grace_ms,
                 "On SIGTERM, how long open connections get to close before the process exits anyway")
      ->check(CLI::Range(0L, 600'000L))
      ->capture_default_str();

  cli.add_option("--workers", workers,
                 "Threads that hash passwords (scrypt, for every registration and login); default: the machine's cores")
      ->check(CLI::Range(1L, 256L))
      ->capture_default_str();
  cli.add_option("--hash-queue", hash_queue,
                 "Password hashes that may wait for a worker; registrations and logins beyond are answered "
                 "rate_limited at once")
      ->check(CLI::Range(0L, 100'000L))
      ->capture_default_str();
  cli.add_option("--ws-rate", ws_rate, "Requests per second one WebSocket may send, on average")
      ->check(CLI::Range(0.1, 10'000.0))
      ->capture_default_str();
  cli.add_option("--ws-burst", ws_burst, "Requests one WebSocket may send at once (the bucket's size)")
      ->check(CLI::Range(1.0, 100'000.0))
      ->capture_default_str();
  cli.add_option("--ws-max-in-flight", ws_in_flight, "Requests of one WebSocket waiting for their replies at most")
      ->check(CLI::Range(1L, 10'000L))
      ->capture_default_str();
  cli.add_option("--ws-abuse-refusals", ws_refusals,
                 "Requests refused in a row after which a WebSocket is closed (1008) for not backing off")
      ->check(CLI::Range(1L, 1'000'000L))
      ->capture_default_str();

  cli.add_option("--trusted-proxy", trusted_proxies,
                 "A proxy (address or network, e.g. 127.0.0.1 or 10.0.0.0/8; repeat or separate with commas) whose "
                 "X-Forwarded-For names the client; by default none is trusted and the header is ignored")
      ->delimiter(',')
      ->envname("REFORMQUIZ_TRUSTED_PROXY");

  cli.add_option("--login-limit-phone", login_phone, "Failed logins of one phone in a contest, per window")
      ->check(CLI::Range(1L, 1'000'000L))
      ->capture_default_str();
  cli.add_option("--login-limit-address", login_address, "Failed contestant logins from one address in a contest, per window")
      ->check(CLI::Range(1L, 1'000'000L))
      ->capture_default_str();
  cli.add_option("--admin-login-limit-user", admin_user, "Failed logins of one organiser username, per window")
      ->check(CLI::Range(1L, 1'000'000L))
      ->capture_default_str();
  cli.add_option("--admin-login-limit-address", admin_address, "Failed organiser logins from one address, per window")
      ->check(CLI::Range(1L, 1'000'000L))
      ->capture_default_str();
  cli.add_option("--admin-reports-in-flight", reports_in_flight,
                 "Organiser review reports (duplicates, item statistics) computed at once; beyond it 429")
      ->check(CLI::Range(1L, 64L))
      ->capture_default_str();
  cli.add_option("--login-window-s", login_window_s, "The window of the failed-login limits, from its first failure")
      ->check(CLI::Range(1L, 86'400L))
      ->capture_default_str();
  cli.add_option("--contestant-session-days", contestant_days, "How long a contestant's login lasts (a contest's length)")
      ->check(CLI::Range(1L, 366L))
      ->capture_default_str();
  cli.add_option("--organiser-session-hours", organiser_hours, "How long an organiser's login lasts")
      ->check(CLI::Range(1L, 24L * 31))
      ->capture_default_str();
  cli.add_option("--bank-cache-versions", bank_versions, "Question bank versions a gateway keeps in memory")
      ->check(CLI::Range(1L, 10'000L))
      ->capture_default_str();
  cli.add_option("--results-cache-rounds", results_rounds, "Published rounds whose public results a gateway keeps in memory")
      ->check(CLI::Range(1L, 100'000L))
      ->capture_default_str();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    return ConfigExit{0, cli.help()};
  } catch (const CLI::ParseError& e) {
    return ConfigExit{2, std::string("reformquiz-server: ") + e.what() + "\nRun with --help for every flag."};
  }

  GatewayConfig config;
  std::string error;
  if (!parse_listen(listen, config.server.address, config.server.port, error)) {
    return ConfigExit{2, "reformquiz-server: " + error};
  }
  auto redis = store::parse_redis_url(redis_url);
  if (auto* e = std::get_if<store::RedisUrlError>(&redis)) {
    return ConfigExit{2, "reformquiz-server: --redis / REDIS_URL: " + e->message};
  }
  config.redis = std::get<store::RedisEndpoint>(redis);

  std::error_code ec;
  if (!std::filesystem::is_directory(web, ec)) {
    return ConfigExit{2, "reformquiz-server: --web / REFORMQUIZ_WEB: \"" + web + "\" is not a directory"};
  }
  config.server.web_root = web;
  if (auto e = set_tls(tls_cert, tls_key, tls_plain_http, plain_http_option->count() > 0, config.server)) {
    return ConfigExit{2, "reformquiz-server: " + *e};
  }
  config.server.ws_idle_timeout = std::chrono::milliseconds(idle_ms);
  config.server.ws_queue_limit_bytes = static_cast<std::size_t>(queue_bytes);
  config.server.socket_send_buffer_bytes = static_cast<std::size_t>(send_buffer_bytes);
  config.redis_options.command_timeout = std::chrono::milliseconds(redis_timeout_ms);
  config.redis_options.wait_replicas = static_cast<int>(wait_replicas);
  config.redis_options.wait_timeout = std::chrono::milliseconds(wait_timeout_ms);
  config.shutdown_grace = std::chrono::milliseconds(grace_ms);
  auto proxies = core::TrustedProxies::parse(trusted_proxies);
  if (auto* e = std::get_if<std::string>(&proxies)) return ConfigExit{2, "reformquiz-server: --trusted-proxy: " + *e};
  config.server.trusted_proxies = std::get<core::TrustedProxies>(proxies);
  config.accounts.login = {login_phone, login_address, login_window_s * 1000};
  config.organisers.login = {admin_user, admin_address, login_window_s * 1000};
  config.accounts.session_ttl_ms = contestant_days * 24 * 3600 * 1000;
  config.organisers.session_ttl_ms = organiser_hours * 3600 * 1000;
  config.organisers.reports_in_flight = static_cast<std::size_t>(reports_in_flight);
  config.bank_cache_versions = static_cast<std::size_t>(bank_versions);
  config.results_cache_rounds = static_cast<std::size_t>(results_rounds);
  config.hasher.threads = static_cast<std::size_t>(workers);
  config.hasher.queue_limit = static_cast<std::size_t>(hash_queue);
  config.ws_budget.per_second = ws_rate;
  config.ws_budget.burst = ws_burst;
  config.ws_budget.max_in_flight = static_cast<int>(ws_in_flight);
  config.ws_budget.close_after_refusals = static_cast<int>(ws_refusals);
  static const std::pair<const char*, core::LogLevel> kLevels[] = {
      {"debug", core::LogLevel::debug}, {"info", core::LogLevel::info},
      {"warn", core::LogLevel::warn}, {"error", core::LogLevel::error}};
  for (const auto& [name, level] : kLevels) {
    if (log_level == name) config.log_level = level;
  }
  return config;
}

}  // namespace rq::app
