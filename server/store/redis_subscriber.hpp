// A Redis pub/sub subscription on its own connection (a subscribed
// connection can run no other command): PSUBSCRIBE to a pattern, hand every
// message to a callback, and re-subscribe by itself after the connection is
// lost, with the same backoff as the client. Messages published while the
// connection is down are lost; pushes built on this are best-effort, which
// is why every state a push announces can also be read back.
//
// Where it subscribes follows the shape of Redis: the server; the primary
// the Sentinels name (moving when they name another); any node of a Redis
// Cluster, in turn (a PUBLISH on any node reaches the subscribers of all).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "core/observability/log.hpp"
#include "core/observability/metrics.hpp"
#include "store/redis_client.hpp"
#include "store/redis_url.hpp"

namespace rq::store {

class RedisSubscriber {
 public:
  using Handler = std::function<void(const std::string& channel, const std::string& message)>;
  RedisSubscriber(boost::asio::io_context& io, RedisEndpoint endpoint, RedisClientOptions options,
                  core::MetricsRegistry& metrics, core::Logger& log);
  ~RedisSubscriber();

  void start(std::string pattern, Handler handler);
  void stop();
  bool subscribed() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rq::store
