// Asks Redis Sentinels which server is the primary of a master name
// (SENTINEL get-master-addr-by-name), over one connection to each Sentinel,
// and keeps asking on a timer so that a client notices a failover even while
// its own connection to the old primary still looks healthy.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/observability/log.hpp"
#include "core/observability/metrics.hpp"
#include "store/redis_connection.hpp"

namespace rq::store {

class SentinelLocator : public std::enable_shared_from_this<SentinelLocator> {
 public:
  SentinelLocator(boost::asio::io_context& io, const RedisEndpoint& endpoint, RedisClientOptions options,
                  core::MetricsRegistry& metrics, core::Logger& log);
  ~SentinelLocator();

  void start();
  void stop();

  // A locate for RedisConnection: the first Sentinel that answers names the
  // primary; nullopt when none does.
  RedisLocate locate();

  // Called with the primary each time a poll names one.
  void on_primary(std::function<void(const RedisNode&)> listener);

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rq::store
