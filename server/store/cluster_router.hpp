// Redis Cluster, written here because hiredis 0.14 has no cluster support
// and Debian 12 packages no cluster client: one connection per primary, the
// slot map from CLUSTER SLOTS, each command sent to the primary that owns
// its key's slot (cluster_slots.hpp), MOVED and ASK followed (MOVED also
// reloads the map), TRYAGAIN retried until the command's deadline. The map
// is reloaded whenever a connection drops and every few seconds besides.
//
// Like a single connection, it never repeats a command that may have run:
// a redirect or TRYAGAIN means Redis did not run it; a lost connection means
// nobody knows, and the caller is told "unavailable".
#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>

#include "core/observability/log.hpp"
#include "core/observability/metrics.hpp"
#include "store/redis_commands.hpp"
#include "store/redis_url.hpp"

namespace rq::store {

class ClusterRouter : public RedisCommands {
 public:
  ClusterRouter(boost::asio::io_context& io, RedisEndpoint endpoint, RedisClientOptions options,
                core::MetricsRegistry& metrics, core::Logger& log);
  ~ClusterRouter() override;

  void start() override;
  void stop() override;
  // Every slot has a primary and every primary's connection is up.
  bool connected() const override;
  void command(std::vector<std::string> argv, std::chrono::milliseconds deadline, RedisCallback callback) override;
  void eval(const LuaScript& script, std::vector<std::string> keys, std::vector<std::string> args,
            std::chrono::milliseconds deadline, RedisCallback callback) override;
  void on_connection_change(std::function<void(bool up)> listener) override;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rq::store
