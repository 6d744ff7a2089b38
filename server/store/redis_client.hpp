// The Redis client every repository uses, on one Asio io_context: argv
// commands with a deadline each, scripts by EVALSHA, whatever shape Redis
// has (redis_url.hpp):
//  - one server: one connection (redis_connection.hpp) that heals itself;
//  - Sentinel: one connection to the primary the Sentinels name, checked to
//    be a primary when it comes up, moved to the new primary when a poll of
//    the Sentinels names another or a write is refused as READONLY;
//  - Redis Cluster: a connection per primary, each command to its key's slot
//    (cluster_router.hpp).
// Callbacks run exactly once, on the io_context's thread, never from inside
// the call. The client never retries a command that may have run.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/observability/log.hpp"
#include "core/observability/metrics.hpp"
#include "store/lua_script.hpp"
#include "store/redis_commands.hpp"
#include "store/redis_reply.hpp"
#include "store/redis_url.hpp"

namespace rq::store {

class RedisClient {
 public:
  RedisClient(boost::asio::io_context& io, RedisEndpoint endpoint, RedisClientOptions options,
              core::MetricsRegistry& metrics, core::Logger& log);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Starts connecting (and reconnecting whenever the connection is lost).
  void start();
  // Disconnects for good: commands in flight fail with unavailable, no more
  // reconnects. The io_context then has no work left from this client.
  void stop();

  bool connected() const;

  void command(std::vector<std::string> argv, RedisCallback callback);
  void command(std::vector<std::string> argv, std::chrono::milliseconds deadline, RedisCallback callback);

  // EVALSHA the script, loading it first when Redis lost it (NOSCRIPT); a
  // script that writes waits for the replicas the options ask for.
  void eval(const LuaScript& script, std::vector<std::string> keys, std::vector<std::string> args,
            RedisCallback callback);

  // Runs fn on the io_context's thread, later: for answers that need no
  // Redis but must keep the "never from inside the call" promise.
  void post(std::function<void()> fn);

  // Called with true when the connection comes up and false when it goes down.
  void on_connection_change(std::function<void(bool up)> listener);

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rq::store
