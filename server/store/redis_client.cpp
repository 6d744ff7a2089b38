#include "store/redis_client.hpp"

#include <boost/asio/post.hpp>

#include "store/cluster_router.hpp"
#include "store/redis_connection.hpp"
#include "store/sentinel_locator.hpp"

namespace rq::store {

namespace asio = boost::asio;

class RedisClient::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, RedisEndpoint endpoint, RedisClientOptions options, core::MetricsRegistry& metrics,
       core::Logger& log)
      : io_(io),
        options_(options),
        connected_gauge_(metrics.gauge("reformquiz_redis_connected", "1 while the Redis connection is up.")) {
    switch (endpoint.topology) {
      case RedisTopology::single: {
        RedisNode node{endpoint.host, endpoint.port};
        commands_ = std::make_shared<RedisConnection>(io, fixed_locate(node), endpoint, options, ConnectionRole{},
                                                      metrics, log);
        break;
      }
      case RedisTopology::sentinel: {
        sentinels_ = std::make_shared<SentinelLocator>(io, endpoint, options, metrics, log);
        ConnectionRole role;
        role.require_primary = true;
        role.name = "redis primary of " + endpoint.master_name;
        auto primary = std::make_shared<RedisConnection>(io, sentinels_->locate(), endpoint, options, role, metrics, log);
        // A poll that names another primary than the one connected to moves
        // the connection there (the old primary may be alive but demoted).
        std::weak_ptr<RedisConnection> weak = primary;
        sentinels_->on_primary([weak](const RedisNode& named) {
          auto conn = weak.lock();
          if (!conn) return;
          auto now = conn->node();
          if (now && !(*now == named)) conn->reconnect();
        });
        commands_ = primary;
        break;
      }
      case RedisTopology::cluster:
        commands_ = std::make_shared<ClusterRouter>(io, endpoint, options, metrics, log);
        break;
    }
    commands_->on_connection_change([this](bool up) { connected_gauge_.set(up ? 1 : 0); });
  }

  void start() {
    if (sentinels_) sentinels_->start();
    commands_->start();
  }

  void stop() {
    commands_->stop();
    if (sentinels_) sentinels_->stop();
    connected_gauge_.set(0);
  }

  RedisCommands& commands() { return *commands_; }
  const RedisClientOptions& options() const { return options_; }
  void post(std::function<void()> fn) { asio::post(io_, std::move(fn)); }

 private:
  asio::io_context& io_;
  RedisClientOptions options_;
  core::Gauge& connected_gauge_;
  std::shared_ptr<SentinelLocator> sentinels_;
  std::shared_ptr<RedisCommands> commands_;
};

RedisClient::RedisClient(asio::io_context& io, RedisEndpoint endpoint, RedisClientOptions options,
                         core::MetricsRegistry& metrics, core::Logger& log)
    : impl_(std::make_shared<Impl>(io, std::move(endpoint), options, metrics, log)) {}

RedisClient::~RedisClient() { impl_->stop(); }

void RedisClient::start() { impl_->start(); }
void RedisClient::stop() { impl_->stop(); }
bool RedisClient::connected() const { return impl_->commands().connected(); }

void RedisClient::command(std::vector<std::string> argv, RedisCallback callback) {
  impl_->commands().command(std::move(argv), impl_->options().command_timeout, std::move(callback));
}

void RedisClient::command(std::vector<std::string> argv, std::chrono::milliseconds deadline, RedisCallback callback) {
  impl_->commands().command(std::move(argv), deadline, std::move(callback));
}

void RedisClient::eval(const LuaScript& script, std::vector<std::string> keys, std::vector<std::string> args,
                       RedisCallback callback) {
  // The deadline covers the wait for replicas too.
  auto deadline = impl_->options().command_timeout;
  if (script.writes && impl_->options().wait_replicas > 0) deadline += impl_->options().wait_timeout;
  impl_->commands().eval(script, std::move(keys), std::move(args), deadline, std::move(callback));
}

void RedisClient::post(std::function<void()> fn) { impl_->post(std::move(fn)); }

void RedisClient::on_connection_change(std::function<void(bool)> listener) {
  impl_->commands().on_connection_change(std::move(listener));
}

}  // namespace rq::store
