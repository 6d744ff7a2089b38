// CPU work that would stall the gateway's one I/O thread (scrypt for a login,
// parsing a 10 MiB bank file) runs here, on a worker thread, and its result
// is posted back to the I/O thread (ARCHITECTURE.md, concurrency). The work
// must not touch the I/O thread's objects; it gets and returns values.
#pragma once

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

  template <class Work, class Done>
  void run(Work work, Done done) {
    boost::asio::post(pool_, [this, work = std::move(work), done = std::move(done)]() mutable {
      auto result = std::make_shared<decltype(work())>(work());
      boost::asio::post(io_, [result, done = std::move(done)]() mutable { done(std::move(*result)); });
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
