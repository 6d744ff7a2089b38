#include "store/redis_subscriber.hpp"

#include <algorithm>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include "store/hiredis_asio.hpp"
#include "store/redis_connection.hpp"
#include "store/sentinel_locator.hpp"

namespace rq::store {

namespace asio = boost::asio;

class RedisSubscriber::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, RedisEndpoint endpoint, RedisClientOptions options, core::MetricsRegistry& metrics,
       core::Logger& log)
      : io_(io), endpoint_(std::move(endpoint)), options_(options), log_(log), resolver_(io), retry_(io),
        connect_timer_(io), backoff_(options.backoff_initial) {
    switch (endpoint_.topology) {
      case RedisTopology::single: locate_ = fixed_locate({endpoint_.host, endpoint_.port}); break;
      case RedisTopology::sentinel:
        sentinels_ = std::make_shared<SentinelLocator>(io, endpoint_, options, metrics, log);
        locate_ = sentinels_->locate();
        break;
      case RedisTopology::cluster: locate_ = rotating_locate(endpoint_.nodes); break;
    }
  }

  void start(std::string pattern, Handler handler) {
    pattern_ = std::move(pattern);
    handler_ = std::move(handler);
    stopped_ = false;
    if (sentinels_) {
      std::weak_ptr<Impl> weak = shared_from_this();
      sentinels_->on_primary([weak](const RedisNode& named) {
        auto self = weak.lock();
        if (!self || self->stopped_ || !self->node_ || *self->node_ == named) return;
        self->log_.info("redis subscription moves to the new primary", {{"to", to_string(named)}});
        self->drop();
        self->retry_.cancel();
        self->backoff_ = self->options_.backoff_initial;
        self->connect();
      });
      sentinels_->start();
    }
    connect();
  }

  void stop() {
    stopped_ = true;
    if (sentinels_) sentinels_->stop();
    resolver_.cancel();
    retry_.cancel();
    connect_timer_.cancel();
    drop();
  }

  bool subscribed() const { return subscribed_; }

 private:
  void connect() {
    if (stopped_) return;
    auto gen = ++generation_;
    locate_([self = shared_from_this(), gen](std::optional<RedisNode> node) {
      if (self->stopped_ || gen != self->generation_) return;
      if (!node) return self->retry_later();
      self->node_ = *node;
      self->resolver_.async_resolve(node->host, std::to_string(node->port),
                                    [self, gen, port = node->port](const boost::system::error_code& ec,
                                                                   asio::ip::tcp::resolver::results_type results) {
                                      if (self->stopped_ || gen != self->generation_) return;
                                      if (ec || results.empty()) return self->retry_later();
                                      self->connect_to(results.begin()->endpoint().address().to_string(), port);
                                    });
    });
  }

  void connect_to(const std::string& ip, std::uint16_t port) {
    redisAsyncContext* ac = redisAsyncConnect(ip.c_str(), port);
    if (!ac || ac->err) {
      if (ac) redisAsyncFree(ac);
      return retry_later();
    }
    ac_ = ac;
    ac_->data = this;
    adapter_ = HiredisAsioAdapter::attach(io_, ac_);
    redisAsyncSetDisconnectCallback(ac_, &Impl::on_disconnect);
    redisAsyncSetConnectCallback(ac_, &Impl::on_connect);
    // A connect that never completes (a host that drops packets) or a
    // subscription that is never confirmed would leave pushes off for good:
    // give up after the client's connect timeout and try again.
    connect_timer_.expires_after(options_.connect_timeout);
    connect_timer_.async_wait([self = shared_from_this(), attempt = ++attempts_](const boost::system::error_code& ec) {
      if (ec || self->stopped_ || attempt != self->attempts_ || self->subscribed_) return;
      self->log_.warn("redis subscription timed out", {{"pattern", self->pattern_}});
      self->drop();
      self->retry_later();
    });
  }

  static void on_connect(const redisAsyncContext* ac, int status) {
    auto* self = static_cast<Impl*>(ac->data);
    if (!self) return;
    if (status != REDIS_OK) {
      self->forget();
      asio::post(self->io_, [s = self->shared_from_this()] { s->retry_later(); });
      return;
    }
    auto* c = const_cast<redisAsyncContext*>(ac);
    if (!self->endpoint_.password.empty()) {
      if (self->endpoint_.username.empty()) {
        redisAsyncCommand(c, nullptr, nullptr, "AUTH %b", self->endpoint_.password.data(), self->endpoint_.password.size());
      } else {
        redisAsyncCommand(c, nullptr, nullptr, "AUTH %b %b", self->endpoint_.username.data(),
                          self->endpoint_.username.size(), self->endpoint_.password.data(),
                          self->endpoint_.password.size());
      }
    }
    // The callback stays registered for every message of the pattern, with
    // this Impl as its privdata (never freed by hiredis).
    redisAsyncCommand(c, &Impl::on_message, self, "PSUBSCRIBE %b", self->pattern_.data(), self->pattern_.size());
  }

  static void on_message(redisAsyncContext* ac, void* reply_ptr, void*) {
    auto* self = static_cast<Impl*>(ac->data);
    auto* reply = static_cast<redisReply*>(reply_ptr);
    if (!self || !reply || reply->type != REDIS_REPLY_ARRAY || reply->elements < 3) return;
    std::string kind(reply->element[0]->str, reply->element[0]->len);
    if (kind == "psubscribe") {
      self->subscribed_ = true;
      self->connect_timer_.cancel();
      self->backoff_ = self->options_.backoff_initial;
      self->log_.info("redis subscribed", {{"pattern", self->pattern_}});
      return;
    }
    if (kind != "pmessage" || reply->elements < 4) return;
    std::string channel(reply->element[2]->str, reply->element[2]->len);
    std::string message(reply->element[3]->str, reply->element[3]->len);
    // Handed over outside hiredis, like every callback of the client.
    asio::post(self->io_, [s = self->shared_from_this(), channel = std::move(channel), message = std::move(message)] {
      if (!s->stopped_ && s->handler_) s->handler_(channel, message);
    });
  }

  static void on_disconnect(const redisAsyncContext* ac, int) {
    auto* self = static_cast<Impl*>(ac->data);
    if (!self) return;
    self->forget();
    self->log_.warn("redis subscription lost", {{"pattern", self->pattern_}});
    asio::post(self->io_, [s = self->shared_from_this()] { s->retry_later(); });
  }

  void forget() {
    connect_timer_.cancel();
    if (ac_) ac_->data = nullptr;
    ac_ = nullptr;
    adapter_.reset();
    subscribed_ = false;
  }

  void drop() {
    redisAsyncContext* ac = ac_;
    forget();
    if (ac) redisAsyncFree(ac);
  }

  void retry_later() {
    if (stopped_) return;
    retry_.expires_after(backoff_);
    backoff_ = std::min(backoff_ * 2, options_.backoff_max);
    retry_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->connect();
    });
  }

  asio::io_context& io_;
  RedisEndpoint endpoint_;
  RedisClientOptions options_;
  core::Logger& log_;
  asio::ip::tcp::resolver resolver_;
  asio::steady_timer retry_;
  asio::steady_timer connect_timer_;
  unsigned attempts_ = 0;  // which connect the timer belongs to
  std::chrono::milliseconds backoff_;
  redisAsyncContext* ac_ = nullptr;
  std::shared_ptr<HiredisAsioAdapter> adapter_;
  std::string pattern_;
  Handler handler_;
  RedisLocate locate_;
  std::shared_ptr<SentinelLocator> sentinels_;
  std::optional<RedisNode> node_;
  std::uint64_t generation_ = 0;  // which connect a locate or resolve belongs to
  bool stopped_ = true;
  bool subscribed_ = false;
};

RedisSubscriber::RedisSubscriber(asio::io_context& io, RedisEndpoint endpoint, RedisClientOptions options,
                                 core::MetricsRegistry& metrics, core::Logger& log)
    : impl_(std::make_shared<Impl>(io, std::move(endpoint), options, metrics, log)) {}
RedisSubscriber::~RedisSubscriber() { impl_->stop(); }
void RedisSubscriber::start(std::string pattern, Handler handler) { impl_->start(std::move(pattern), std::move(handler)); }
void RedisSubscriber::stop() { impl_->stop(); }
bool RedisSubscriber::subscribed() const { return impl_->subscribed(); }

}  // namespace rq::store
