// reformquiz: the organiser's command line. It uses the same core and store
// code as the gateway (import, validation, repositories), driving the
// asynchronous Redis client to completion for each step.
//
// Exit codes: 0 done, 1 the input has problems (listed), 2 bad usage,
// 3 Redis cannot be reached.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/admin_commands.hpp"
#include "cli/audit_commands.hpp"
#include "cli/bank_commands.hpp"
#include "cli/contest_commands.hpp"
#include "cli/results_commands.hpp"
#include "cli/store_session.hpp"
#include "store/redis_url.hpp"

namespace {

// `reformquiz status`: can we reach Redis? The first thing to try when the
// gateway's /healthz says 503.
int status(const std::string& url) {
  auto parsed = rq::store::parse_redis_url(url);
  if (auto* e = std::get_if<rq::store::RedisUrlError>(&parsed)) {
    std::cerr << "reformquiz: --redis / REDIS_URL: " << e->message << "\n";
    return rq::cli::kExitUsage;
  }
  const auto& endpoint = std::get<rq::store::RedisEndpoint>(parsed);
  rq::cli::StoreSession session(endpoint);
  if (!session.connect()) return rq::cli::kExitUnavailable;
  std::cout << "Redis " << rq::store::redacted(endpoint) << ": up\n";
  return rq::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"reformquiz: the organiser's command line.\nExit codes: 0 done, 1 the input has problems (listed), "
               "2 bad usage, 3 Redis cannot be reached.",
               "reformquiz"};
  std::string redis_url = "redis://127.0.0.1:6379/0";
  cli.add_option("--redis", redis_url, "Redis URL")->envname("REDIS_URL")->capture_default_str();
  cli.require_subcommand(1);
  int exit_code = 0;
  auto set_exit = [&exit_code](int code) { exit_code = code; };

  auto* status_cmd = cli.add_subcommand("status", "Check that Redis can be reached");
  status_cmd->callback([&] { exit_code = status(redis_url); });
  rq::cli::add_bank_commands(cli, redis_url, set_exit);
  rq::cli::add_admin_commands(cli, redis_url, set_exit);
  rq::cli::add_contest_commands(cli, redis_url, set_exit);
  rq::cli::add_results_commands(cli, redis_url, set_exit);
  rq::cli::add_audit_commands(cli, redis_url, set_exit);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = cli.exit(e);
    return code == 0 ? 0 : rq::cli::kExitUsage;
  }
  return exit_code;
}
