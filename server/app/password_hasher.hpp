// scrypt, off the I/O thread and bounded. Every registration and every login
// (contestants' and organisers') costs one scrypt of tens of milliseconds;
// they run on a pool of --workers threads behind a queue of at most
// --hash-queue jobs. Work beyond that is refused at once (the caller answers
// rate_limited with retry_after_ms), so a rush of registrations makes people
// try again in a moment instead of waiting minutes behind an unbounded queue.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/observability/metrics.hpp"

namespace rq::app {

struct PasswordHasherOptions {
  std::size_t threads = 1;
  std::size_t queue_limit = 64;  // jobs waiting for a thread, beyond those running
};

class PasswordHasher {
 public:
  PasswordHasher(boost::asio::io_context& io, PasswordHasherOptions options, core::MetricsRegistry& metrics);
  ~PasswordHasher();
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // Each returns false, running nothing, when the queue is full; otherwise
  // done runs later on the I/O thread.
  bool hash(std::string password, std::function<void(std::string hash)> done);
  // An empty hash stands for an account that does not exist: it is checked
  // against a decoy hash, so a login for an unknown phone or username costs
  // the same time as one for a known one, and fails.
  bool verify(std::string password, std::string hash, std::function<void(bool matches)> done);

  // When a refused job might be taken: the queue's expected drain time.
  std::int64_t retry_after_ms() const;
  std::size_t pending() const { return pending_; }
  std::size_t threads() const { return options_.threads; }

  // Waits for the jobs in progress; called at shutdown.
  void stop();

 private:
  template <class Result>
  bool submit(std::function<Result()> work, std::function<void(Result)> done, core::Counter& done_count);
  void finished(std::chrono::steady_clock::duration took);

  boost::asio::io_context& io_;
  PasswordHasherOptions options_;
  boost::asio::thread_pool pool_;
  std::size_t pending_ = 0;  // queued or running; touched on the I/O thread only
  double mean_ms_ = 60;      // moving average of one job's time
  core::Gauge& queued_;
  core::Counter& refused_;
  core::Counter& hashed_;
  core::Counter& verified_;
  // Lets jobs that finish after the hasher is gone drop their results.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace rq::app
