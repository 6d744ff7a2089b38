// CPU work that would stall the gateway's one I/O thread (scrypt for a login,
// parsing a 10 MiB bank file) runs here, on a worker thread, and its result
// is posted back to the I/O thread (ARCHITECTURE.md, concurrency). The work
// must not touch the I/O thread's objects; it gets and returns values.
#pragma once

#include <exception>
#include <functional>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

namespace rq::app {

class CpuWorker {
 public:
  explicit CpuWorker(boost::asio::io_context& io, std::size_t threads = 1) : io_(io), pool_(threads) {}
  ~CpuWorker() { stop(); }

  // An exception of the work is thrown again on the I/O thread, where the
  // gateway logs it and goes on (and the request waiting for `done` is
  // answered by its guard): on the worker it would end the process.
  template <class Work, class Done>
  void run(Work work, Done done) {
    boost::asio::post(pool_, [this, work = std::move(work), done = std::move(done)]() mutable {
      std::shared_ptr<decltype(work())> result;
      std::exception_ptr error;
      try {
        // The work is destroyed here, before its result is posted back:
        // what it captured (a request's state, and with it the request's
        // responder) is then never last released on this thread, while
        // `done` still holds its own reference on the I/O thread.
        auto job = std::move(work);
        result = std::make_shared<decltype(job())>(job());
      } catch (...) {
        error = std::current_exception();
      }
      boost::asio::post(io_, [result, error, done = std::move(done)]() mutable {
        if (error) std::rethrow_exception(error);
        done(std::move(*result));
      });
    });
  }

  // Waits for the work in progress; called at shutdown.
  void stop() {
    pool_.stop();
    pool_.join();
  }

 private:
  boost::asio::io_context& io_;
  boost::asio::thread_pool pool_;
};

}  // namespace rq::app
