// Closes attempts at their deadline, wherever they were started: every
// gateway runs one, reading the contests' deadline sets in Redis, so an
// attempt is submitted as it stands on time even when the gateway that
// started it has died. The submit script is idempotent and checks the
// deadline by Redis' clock, so several sweepers racing for the same attempt
// close it once.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "app/attempt_service.hpp"
#include "core/observability/log.hpp"
#include "store/contest_repository.hpp"
#include "store/redis_client.hpp"

namespace rq::app {

class DeadlineSweeper {
 public:
  // on_expired gets the contest, the participant and the `result` object.
  DeadlineSweeper(boost::asio::io_context& io, store::RedisClient& redis, store::ContestRepository& contests,
                  AttemptService& attempts, core::Logger& log,
                  std::chrono::milliseconds interval = std::chrono::milliseconds(250));
  void start();
  void stop();

 private:
  void tick();
  void sweep(const std::string& contest, std::function<void()> done);

  boost::asio::steady_timer timer_;
  store::RedisClient& redis_;
  store::ContestRepository& contests_;
  AttemptService& attempts_;
  core::Logger& log_;
  std::chrono::milliseconds interval_;
  std::vector<std::string> contest_ids_;
  bool running_ = false;
  bool stopped_ = false;
};

}  // namespace rq::app
