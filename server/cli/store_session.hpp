// The CLI's way to the store: the same asynchronous client and repositories
// as the gateway, driven to completion one call at a time.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>

#include "core/observability/log.hpp"
#include "core/observability/metrics.hpp"
#include "store/redis_client.hpp"
#include "store/store_result.hpp"

namespace rq::cli {

// Exit codes of `reformquiz`, documented in its --help.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;      // the input has problems (listed)
inline constexpr int kExitUsage = 2;        // bad flags
inline constexpr int kExitUnavailable = 3;  // Redis cannot be reached

class StoreSession {
 public:
  explicit StoreSession(store::RedisEndpoint endpoint);
  ~StoreSession();

  // Connects within the timeout; prints why not to stderr and returns false.
  bool connect(std::chrono::seconds timeout = std::chrono::seconds(5));
  store::RedisClient& redis() { return redis_; }

  // Starts an asynchronous call and runs the io_context until it answers.
  template <class T>
  store::StoreResult<T> call(const std::function<void(std::function<void(store::StoreResult<T>)>)>& start) {
    std::optional<store::StoreResult<T>> result;
    start([&](store::StoreResult<T> r) { result = std::move(r); });
    while (!result) {
      io_.restart();
      io_.run_one_for(std::chrono::milliseconds(100));
    }
    return std::move(*result);
  }

 private:
  store::RedisEndpoint endpoint_;
  boost::asio::io_context io_{1};
  core::MetricsRegistry metrics_;
  core::Logger log_{stderr, core::LogLevel::error};
  store::RedisClient redis_;
};

// Parses the Redis URL and connects; on failure prints why, sets exit_code
// (2 for a bad URL, 3 when Redis cannot be reached) and returns null.
std::unique_ptr<StoreSession> open_store(const std::string& redis_url, int& exit_code);

// Prints a store failure and gives the exit code for it.
int report_store_error(store::StoreError error, const std::string& detail);

}  // namespace rq::cli
