// reformquiz: the organiser's command line. It uses the same store code as
// the gateway, driving the asynchronous client to completion for each step.
#include <iostream>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "store/redis_client.hpp"
#include "store/redis_url.hpp"

namespace {

// `reformquiz status`: can we reach Redis, and what does it run? The first
// thing to try when the gateway's /healthz says 503.
int status(const rq::store::RedisEndpoint& endpoint) {
  boost::asio::io_context io{1};
  rq::core::MetricsRegistry metrics;
  rq::core::Logger log(stderr, rq::core::LogLevel::error);
  rq::store::RedisClientOptions options;
  options.backoff_max = std::chrono::milliseconds(500);
  rq::store::RedisClient redis(io, endpoint, options, metrics, log);
  int code = 1;
  bool asked = false;
  boost::asio::steady_timer deadline(io, std::chrono::seconds(5));
  redis.on_connection_change([&](bool up) {
    if (!up || asked) return;
    asked = true;
    redis.command({"INFO", "server"}, [&](rq::store::RedisResult r) {
      if (r.ok()) {
        std::string version = "unknown";
        auto pos = r.reply.str.find("redis_version:");
        if (pos != std::string::npos) {
          auto end = r.reply.str.find_first_of("\r\n", pos);
          version = r.reply.str.substr(pos + 14, end - pos - 14);
        }
        std::cout << "Redis " << rq::store::redacted(endpoint) << ": up, version " << version << "\n";
        code = 0;
      } else {
        std::cerr << "reformquiz: Redis " << rq::store::redacted(endpoint) << " answered an error: " << r.reply.str
                  << "\n";
      }
      redis.stop();
      deadline.cancel();
    });
  });
  deadline.async_wait([&](const boost::system::error_code& ec) {
    if (ec || asked) return;
    std::cerr << "reformquiz: cannot reach Redis at " << rq::store::redacted(endpoint) << " within 5 s\n";
    redis.stop();
  });
  redis.start();
  io.run();
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"reformquiz: the organiser's command line", "reformquiz"};
  std::string redis_url = "redis://127.0.0.1:6379/0";
  cli.add_option("--redis", redis_url, "Redis URL")->envname("REDIS_URL")->capture_default_str();
  cli.require_subcommand(1);
  auto* status_cmd = cli.add_subcommand("status", "Check that Redis can be reached");
  CLI11_PARSE(cli, argc, argv);

  auto parsed = rq::store::parse_redis_url(redis_url);
  if (auto* e = std::get_if<rq::store::RedisUrlError>(&parsed)) {
    std::cerr << "reformquiz: --redis / REDIS_URL: " << e->message << "\n";
    return 2;
  }
  auto endpoint = std::get<rq::store::RedisEndpoint>(parsed);
  if (status_cmd->parsed()) return status(endpoint);
  return 2;
}
