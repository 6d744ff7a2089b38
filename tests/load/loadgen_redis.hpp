// The load generators' own line to Redis (seeding a round, reading memory
// figures): the product's client, on the load generator's io_context.
#pragma once

#include <cstdint>
#include <cstdio>

#include "core/observability/log.hpp"
#include "core/observability/metrics.hpp"
#include "loadgen_client.hpp"
#include "store/redis_client.hpp"

namespace rq::load {

class BenchRedis {
 public:
  BenchRedis(boost::asio::io_context& io, std::uint16_t port)
      : io_(io), log_(stderr, core::LogLevel::error), client_(io, endpoint(port), {}, metrics_, log_) {}
  ~BenchRedis() { client_.stop(); }

  // Connects; false (and says so, naming `who`) when Redis cannot be reached.
  bool connect(const char* who) {
    client_.start();
    if (run_until(io_, std::chrono::seconds(10), [&] { return client_.connected(); })) return true;
    std::printf("%s: cannot reach Redis on port %u\n", who, port_);
    return false;
  }
  store::RedisClient& client() { return client_; }

 private:
  store::RedisEndpoint endpoint(std::uint16_t port) {
    port_ = port;
    store::RedisEndpoint e;
    e.host = "127.0.0.1";
    e.port = port;
    return e;
  }
  boost::asio::io_context& io_;
  std::uint16_t port_ = 0;
  core::MetricsRegistry metrics_;
  core::Logger log_;
  store::RedisClient client_;
};

}  // namespace rq::load
