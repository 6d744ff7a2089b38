// What the client's callers need from a way of reaching Redis, whatever its
// shape: one connection (to a fixed server or to the primary the Sentinels
// name) or a Redis Cluster router over one connection per primary.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "store/lua_script.hpp"
#include "store/redis_reply.hpp"

namespace rq::store {

using RedisCallback = std::function<void(RedisResult)>;

struct RedisClientOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds command_timeout{2000};  // the default deadline of a command
  std::chrono::milliseconds backoff_initial{50};
  std::chrono::milliseconds backoff_max{2000};
  // After a script that writes, WAIT for this many replicas before its reply
  // is given (0: do not wait). A write the replicas did not confirm within
  // wait_timeout is answered as an error NOTCONFIRMED, which callers treat
  // as "unavailable, try again": nothing is acknowledged that a failover
  // could lose. See docs/deploy.md for what it costs.
  int wait_replicas = 0;
  std::chrono::milliseconds wait_timeout{500};
  // How often the Sentinels are asked which server is the primary.
  std::chrono::milliseconds sentinel_poll{1000};
};

class RedisCommands {
 public:
  virtual ~RedisCommands() = default;
  virtual void start() = 0;
  virtual void stop() = 0;
  virtual bool connected() const = 0;
  virtual void command(std::vector<std::string> argv, std::chrono::milliseconds deadline, RedisCallback callback) = 0;
  virtual void eval(const LuaScript& script, std::vector<std::string> keys, std::vector<std::string> args,
                    std::chrono::milliseconds deadline, RedisCallback callback) = 0;
  // Called with true when the connection (all of them) comes up and false when it goes down.
  virtual void on_connection_change(std::function<void(bool up)> listener) = 0;
};

}  // namespace rq::store
