#include "store/sentinel_locator.hpp"

#include <charconv>

#include <boost/asio/steady_timer.hpp>

namespace rq::store {

namespace asio = boost::asio;

class SentinelLocator::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, const RedisEndpoint& endpoint, RedisClientOptions options, core::MetricsRegistry& metrics,
       core::Logger& log)
      : master_(endpoint.master_name), options_(options), log_(log), poll_(io) {
    ConnectionRole role{false, false, false, false, "sentinel", false};
    for (const auto& node : endpoint.nodes) {
      role.name = "sentinel " + to_string(node);
      sentinels_.push_back(std::make_unique<RedisConnection>(io, fixed_locate(node), endpoint, options, role, metrics, log));
    }
  }

  void start() {
    stopped_ = false;
    for (auto& s : sentinels_) s->start();
    schedule_poll();
  }

  void stop() {
    stopped_ = true;
    poll_.cancel();
    for (auto& s : sentinels_) s->stop();
  }

  // Each Sentinel in turn, starting with the first, until one names the
  // primary: a Sentinel that is down or that does not know the master is
  // passed over. When no Sentinel connection is up yet (the gateway has just
  // started, or every Sentinel was away), it waits for one for up to the
  // connect timeout instead of failing the primary's first connect.
  void ask(std::size_t from, std::function<void(std::optional<RedisNode>)> found) {
    ask(from, std::move(found), Clock::now() + options_.connect_timeout);
  }

  void on_primary(std::function<void(const RedisNode&)> listener) { listeners_.push_back(std::move(listener)); }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr auto kSentinelWait = std::chrono::milliseconds(20);

  void ask(std::size_t from, std::function<void(std::optional<RedisNode>)> found, Clock::time_point until) {
    bool any_connected = false;
    for (const auto& s : sentinels_) any_connected |= s->connected();
    if (!any_connected && from == 0 && !stopped_ && Clock::now() + kSentinelWait < until) {
      auto timer = std::make_shared<asio::steady_timer>(poll_.get_executor(), kSentinelWait);
      timer->async_wait([self = shared_from_this(), timer, found = std::move(found), until](const boost::system::error_code&) mutable {
        self->ask(0, std::move(found), until);
      });
      return;
    }
    for (std::size_t i = from; i < sentinels_.size(); ++i) {
      if (!sentinels_[i]->connected()) continue;
      sentinels_[i]->command({"SENTINEL", "get-master-addr-by-name", master_}, options_.connect_timeout,
                             [self = shared_from_this(), i, found = std::move(found), until](RedisResult r) mutable {
                               auto node = primary_of(r);
                               if (node) return found(node);
                               self->ask(i + 1, std::move(found), until);
                             });
      return;
    }
    found(std::nullopt);
  }

  static std::optional<RedisNode> primary_of(const RedisResult& r) {
    if (!r.ok() || r.reply.elements.size() != 2) return std::nullopt;
    const auto& port_text = r.reply.elements[1].str;
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || port == 0 || port > 65535 || r.reply.elements[0].str.empty()) return std::nullopt;
    return RedisNode{r.reply.elements[0].str, static_cast<std::uint16_t>(port)};
  }

  void schedule_poll() {
    if (stopped_) return;
    poll_.expires_after(options_.sentinel_poll);
    poll_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->stopped_) return;
      self->ask(0, [self](std::optional<RedisNode> node) {
        if (node) {
          if (self->last_ && !(*self->last_ == *node)) {
            self->log_.warn("redis primary switched", {{"master", self->master_}, {"from", to_string(*self->last_)},
                                                       {"to", to_string(*node)}});
          }
          self->last_ = node;
          auto listeners = self->listeners_;
          for (auto& l : listeners) l(*node);
        }
        self->schedule_poll();
      });
    });
  }

  std::string master_;
  RedisClientOptions options_;
  core::Logger& log_;
  asio::steady_timer poll_;
  std::vector<std::unique_ptr<RedisConnection>> sentinels_;
  std::vector<std::function<void(const RedisNode&)>> listeners_;
  std::optional<RedisNode> last_;
  bool stopped_ = true;
};

SentinelLocator::SentinelLocator(asio::io_context& io, const RedisEndpoint& endpoint, RedisClientOptions options,
                                 core::MetricsRegistry& metrics, core::Logger& log)
    : impl_(std::make_shared<Impl>(io, endpoint, options, metrics, log)) {}
SentinelLocator::~SentinelLocator() { impl_->stop(); }
void SentinelLocator::start() { impl_->start(); }
void SentinelLocator::stop() { impl_->stop(); }
void SentinelLocator::on_primary(std::function<void(const RedisNode&)> listener) {
  impl_->on_primary(std::move(listener));
}

RedisLocate SentinelLocator::locate() {
  std::weak_ptr<Impl> weak = impl_;
  return [weak](std::function<void(std::optional<RedisNode>)> found) {
    auto impl = weak.lock();
    if (!impl) return found(std::nullopt);
    impl->ask(0, std::move(found));
  };
}

}  // namespace rq::store
