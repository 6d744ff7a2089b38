// The gateway's configuration: every flag, its environment variable and its
// default, in one place. `reformquiz-server --help` prints them all.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>

#include "app/account_service.hpp"
#include "app/admin_api.hpp"
#include "app/password_hasher.hpp"
#include "core/observability/log.hpp"
#include "core/protocol/request_budget.hpp"
#include "net/server.hpp"
#include "store/redis_client.hpp"
#include "store/redis_url.hpp"

namespace rq::app {

struct GatewayConfig {
  net::ServerOptions server;
  store::RedisEndpoint redis;
  store::RedisClientOptions redis_options;
  core::LogLevel log_level = core::LogLevel::info;
  std::chrono::milliseconds shutdown_grace{5000};
  PasswordHasherOptions hasher;           // --workers, --hash-queue
  AccountPolicy accounts;                 // --login-limit-phone, --login-limit-address, --login-window-s
  AdminPolicy organisers;                 // --admin-login-limit-user, --admin-login-limit-address, --login-window-s
  std::size_t bank_cache_versions = 16;   // --bank-cache-versions
  std::size_t results_cache_rounds = 256; // --results-cache-rounds
  core::RequestBudgetOptions ws_budget;   // --ws-rate, --ws-burst, --ws-max-in-flight, --ws-abuse-refusals
};

// Either a configuration to run with, or an exit: the code and what to print
// (help text on stdout with code 0, an error on stderr otherwise).
struct ConfigExit {
  int code;
  std::string text;
};

std::variant<GatewayConfig, ConfigExit> parse_gateway_config(int argc, const char* const* argv);

}  // namespace rq::app
