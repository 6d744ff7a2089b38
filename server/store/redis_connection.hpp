// One hiredis connection on an Asio io_context, that heals itself: the
// building block of every shape of client (redis_client.hpp).
//
// Life of a connection: ask `locate` where to connect (a fixed server, the
// primary the Sentinels name, a cluster node), resolve the host (Asio, never
// hiredis' blocking lookup), redisAsyncConnect, then the handshake its role
// asks for (AUTH, SELECT, ROLE must be "master", SCRIPT LOAD of every
// script, PING), then "up". A connection that does not come up within the
// connect timeout is dropped. When the connection is lost, every command in
// flight fails with RedisFailure::unavailable (callers are never left
// hanging), new commands fail at once with unavailable, and it reconnects
// with exponential backoff until stop(). It never retries a command by
// itself: only the caller knows whether a command is safe to repeat.
#pragma once

#include <memory>
#include <optional>

#include <boost/asio/io_context.hpp>

#include "core/observability/log.hpp"
#include "core/observability/metrics.hpp"
#include "store/redis_commands.hpp"
#include "store/redis_url.hpp"

namespace rq::store {

// Where to connect next; answers nullopt when it cannot say (no Sentinel
// reachable), and the connection tries again after its backoff.
using RedisLocate = std::function<void(std::function<void(std::optional<RedisNode>)>)>;

struct ConnectionRole {
  bool authenticate = true;     // AUTH with the endpoint's credentials (not to a Sentinel)
  bool select_db = true;        // SELECT the endpoint's database
  bool load_scripts = true;     // SCRIPT LOAD every embedded script
  bool require_primary = false; // ROLE must say "master" (a Sentinel's answer may be stale)
  std::string name = "redis";   // for logs
  // Logs "redis connected" when it comes up. Off for the parts of a larger
  // whole (a Sentinel, one cluster node), whose owner says when the whole is
  // usable: that line is what operators and test harnesses wait for.
  bool announce = true;
};

class RedisConnection : public RedisCommands {
 public:
  RedisConnection(boost::asio::io_context& io, RedisLocate locate, RedisEndpoint credentials, RedisClientOptions options,
                  ConnectionRole role, core::MetricsRegistry& metrics, core::Logger& log);
  ~RedisConnection() override;

  void start() override;
  void stop() override;
  bool connected() const override;
  void command(std::vector<std::string> argv, std::chrono::milliseconds deadline, RedisCallback callback) override;
  // EVALSHA the script; on NOSCRIPT (a restarted or flushed Redis) loads the
  // script with SCRIPT LOAD and runs EVALSHA once more, on this connection.
  // A script that writes then waits for the replicas (options.wait_replicas).
  void eval(const LuaScript& script, std::vector<std::string> keys, std::vector<std::string> args,
            std::chrono::milliseconds deadline, RedisCallback callback) override;
  void on_connection_change(std::function<void(bool up)> listener) override;

  // Drops the connection now and connects again at once (a new primary).
  void reconnect();
  // The server it is connected (or connecting) to.
  std::optional<RedisNode> node() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

// A locate that always answers the same server.
RedisLocate fixed_locate(RedisNode node);
// A locate that answers each of the nodes in turn (cluster nodes for pub/sub).
RedisLocate rotating_locate(std::vector<RedisNode> nodes);

}  // namespace rq::store
