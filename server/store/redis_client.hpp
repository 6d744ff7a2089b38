// A Redis client on one Asio io_context: argv commands with a deadline each,
// scripts by EVALSHA, and a connection that heals itself.
//
// Life of a connection: resolve the host (Asio, never hiredis' blocking
// lookup), redisAsyncConnect to the address, AUTH and SELECT when the URL asks
// for them, then "up". A connection that does not come up within the connect
// timeout is dropped. When the connection is lost, every command in flight
// fails with RedisFailure::unavailable (callers are never left hanging), new
// commands fail at once with unavailable, and the client reconnects with
// exponential backoff until stop(). The client never retries a command by
// itself: only the caller knows whether a command is safe to repeat.
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
#include "store/redis_reply.hpp"
#include "store/redis_url.hpp"

namespace rq::store {

struct RedisClientOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds command_timeout{2000};  // the default deadline of a command
  std::chrono::milliseconds backoff_initial{50};
  std::chrono::milliseconds backoff_max{2000};
};

using RedisCallback = std::function<void(RedisResult)>;

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

  // Sends one command. The callback runs exactly once, on the io_context's
  // thread, never from inside command() itself.
  void command(std::vector<std::string> argv, RedisCallback callback);
  void command(std::vector<std::string> argv, std::chrono::milliseconds deadline, RedisCallback callback);

  // EVALSHA the script; on NOSCRIPT (a restarted or flushed Redis) it loads the
  // script with SCRIPT LOAD and runs EVALSHA once more.
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
