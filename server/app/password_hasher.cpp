#include "app/password_hasher.hpp"

#include <algorithm>
#include <cmath>

#include <boost/asio/post.hpp>

#include "core/security/password.hpp"

namespace rq::app {

PasswordHasher::PasswordHasher(boost::asio::io_context& io, PasswordHasherOptions options,
                               core::MetricsRegistry& metrics)
    : io_(io),
      options_(options),
      pool_(std::max<std::size_t>(1, options.threads)),
      queued_(metrics.gauge("reformquiz_password_jobs", "Password hashes queued or running (scrypt).")),
      refused_(metrics.counter("reformquiz_password_jobs_refused_total",
                               "Registrations and logins refused because the password queue was full.")),
      hashed_(metrics.counter("reformquiz_password_jobs_total", "Password jobs done (scrypt), by kind.",
                              {{"kind", "hash"}})),
      verified_(metrics.counter("reformquiz_password_jobs_total", "Password jobs done (scrypt), by kind.",
                                {{"kind", "verify"}})) {
  options_.threads = std::max<std::size_t>(1, options.threads);
}

PasswordHasher::~PasswordHasher() {
  *alive_ = false;
  stop();
}

void PasswordHasher::stop() {
  pool_.stop();
  pool_.join();
}

template <class Result>
bool PasswordHasher::submit(std::function<Result()> work, std::function<void(Result)> done, core::Counter& done_count) {
  if (pending_ >= options_.threads + options_.queue_limit) {
    refused_.inc();
    return false;
  }
  ++pending_;
  queued_.set(static_cast<double>(pending_));
  boost::asio::post(pool_, [this, alive = alive_, &done_count, work = std::move(work), done = std::move(done)]() mutable {
    auto started = std::chrono::steady_clock::now();
    std::shared_ptr<Result> result;
    std::exception_ptr error;  // thrown again on the I/O thread (see CpuWorker)
    try {
      result = std::make_shared<Result>(work());
    } catch (...) {
      error = std::current_exception();
    }
    auto took = std::chrono::steady_clock::now() - started;
    boost::asio::post(io_, [this, alive, took, result, error, &done_count, done = std::move(done)] {
      if (!*alive) return;
      finished(took);
      if (error) std::rethrow_exception(error);
      done_count.inc();
      done(std::move(*result));
    });
  });
  return true;
}

void PasswordHasher::finished(std::chrono::steady_clock::duration took) {
  --pending_;
  queued_.set(static_cast<double>(pending_));
  double ms = std::chrono::duration<double, std::milli>(took).count();
  mean_ms_ = 0.9 * mean_ms_ + 0.1 * ms;
}

bool PasswordHasher::hash(std::string password, std::function<void(std::string)> done) {
  return submit<std::string>([password = std::move(password)] { return core::hash_password(password); },
                             std::move(done), hashed_);
}

bool PasswordHasher::verify(std::string password, std::string hash, std::function<void(bool)> done) {
  return submit<bool>(
      [password = std::move(password), hash = std::move(hash)] {
        if (hash.empty()) {
          core::verify_password(password, core::decoy_password_hash());
          return false;
        }
        return core::verify_password(password, hash);
      },
      std::move(done), verified_);
}

std::int64_t PasswordHasher::retry_after_ms() const {
  double drain = mean_ms_ * static_cast<double>(pending_) / static_cast<double>(options_.threads);
  return std::max<std::int64_t>(100, static_cast<std::int64_t>(std::ceil(drain)));
}

}  // namespace rq::app
