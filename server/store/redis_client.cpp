#include "store/redis_client.hpp"

#include <algorithm>
#include <random>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include "store/hiredis_asio.hpp"

namespace rq::store {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// One command waiting for its reply. hiredis holds a heap box with a
// shared_ptr to it as privdata; the deadline timer holds another. Whichever
// of reply, deadline or disconnect comes first completes it; the rest see
// `done` and only let go.
struct Pending {
  explicit Pending(asio::io_context& io) : timer(io) {}
  RedisCallback callback;
  asio::steady_timer timer;
  Clock::time_point started;
  bool done = false;
};

}  // namespace

class RedisClient::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, RedisEndpoint endpoint, RedisClientOptions options, core::MetricsRegistry& metrics,
       core::Logger& log)
      : io_(io),
        endpoint_(std::move(endpoint)),
        options_(options),
        log_(log),
        resolver_(io),
        connect_timer_(io),
        retry_timer_(io),
        backoff_(options.backoff_initial),
        latency_(metrics.histogram("reformquiz_redis_command_seconds",
                                   "Time from sending a Redis command to its reply.",
                                   core::latency_buckets_seconds())),
        reconnects_(metrics.counter("reformquiz_redis_reconnects_total",
                                    "Connections to Redis re-established after a loss.")),
        connected_gauge_(metrics.gauge("reformquiz_redis_connected", "1 while the Redis connection is up.")),
        timeouts_(metrics.counter("reformquiz_redis_command_failures_total",
                                  "Redis commands that got no reply, by reason.", {{"reason", "timeout"}})),
        unavailable_(metrics.counter("reformquiz_redis_command_failures_total",
                                     "Redis commands that got no reply, by reason.", {{"reason", "unavailable"}})) {}

  void start() {
    stopped_ = false;
    connect();
  }

  void stop() {
    stopped_ = true;
    resolver_.cancel();
    connect_timer_.cancel();
    retry_timer_.cancel();
    drop_connection();
  }

  bool connected() const { return state_ == State::up; }

  void command(std::vector<std::string> argv, std::chrono::milliseconds deadline, RedisCallback callback) {
    if (state_ != State::up) {
      fail_later(std::move(callback), RedisFailure::unavailable);
      return;
    }
    send(std::move(argv), deadline, std::move(callback));
  }

  void eval(const LuaScript& script, std::vector<std::string> keys, std::vector<std::string> args,
            RedisCallback callback) {
    auto argv = eval_argv(script, keys, args);
    command(argv, options_.command_timeout,
            [self = shared_from_this(), &script, argv, callback = std::move(callback)](RedisResult r) mutable {
              if (r.failure != RedisFailure::none || !r.reply.is_error() || r.reply.str.rfind("NOSCRIPT", 0) != 0) {
                callback(std::move(r));
                return;
              }
              // The script cache is empty (Redis restarted or SCRIPT FLUSH):
              // load it and try once more. EVALSHA did not run, so repeating
              // it cannot apply a change twice.
              self->log_.info("redis script reloaded", {{"script", script.name}});
              self->command({"SCRIPT", "LOAD", script.source}, self->options_.command_timeout,
                            [self, argv = std::move(argv), callback = std::move(callback)](RedisResult load) mutable {
                              if (!load.ok()) {
                                callback(std::move(load));
                                return;
                              }
                              self->command(std::move(argv), self->options_.command_timeout, std::move(callback));
                            });
            });
  }

  void on_connection_change(std::function<void(bool)> listener) { listeners_.push_back(std::move(listener)); }

  std::chrono::milliseconds default_timeout() const { return options_.command_timeout; }

  void post(std::function<void()> fn) { asio::post(io_, std::move(fn)); }

 private:
  enum class State { idle, resolving, connecting, handshaking, up };

  static std::vector<std::string> eval_argv(const LuaScript& script, const std::vector<std::string>& keys,
                                            const std::vector<std::string>& args) {
    std::vector<std::string> argv{"EVALSHA", script.sha1, std::to_string(keys.size())};
    argv.insert(argv.end(), keys.begin(), keys.end());
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  void fail_later(RedisCallback callback, RedisFailure failure) {
    (failure == RedisFailure::timeout ? timeouts_ : unavailable_).inc();
    asio::post(io_, [callback = std::move(callback), failure] { callback(RedisResult{failure, {}}); });
  }

  void send(std::vector<std::string> argv, std::chrono::milliseconds deadline, RedisCallback callback) {
    auto pending = std::make_shared<Pending>(io_);
    pending->callback = std::move(callback);
    pending->started = Clock::now();

    std::vector<const char*> ptrs;
    std::vector<size_t> lens;
    ptrs.reserve(argv.size());
    lens.reserve(argv.size());
    for (const auto& a : argv) {
      ptrs.push_back(a.data());
      lens.push_back(a.size());
    }
    auto* box = new std::shared_ptr<Pending>(pending);
    box->get()->timer.expires_after(deadline);
    if (redisAsyncCommandArgv(ac_, &Impl::on_reply, box, static_cast<int>(argv.size()), ptrs.data(), lens.data()) !=
        REDIS_OK) {
      delete box;
      pending->done = true;
      fail_later(std::move(pending->callback), RedisFailure::unavailable);
      return;
    }
    pending->timer.async_wait([self = shared_from_this(), pending](const boost::system::error_code& ec) {
      if (ec || pending->done) return;
      pending->done = true;
      self->fail_later(std::move(pending->callback), RedisFailure::timeout);
    });
  }

  // hiredis' reply callback. reply is null when the context is going away
  // (lost connection or redisAsyncFree). The callback never runs user code
  // here: it copies the reply and posts the completion, so user code is never
  // inside hiredis and may issue commands or stop the client freely.
  static void on_reply(redisAsyncContext* ac, void* reply, void* privdata) {
    std::unique_ptr<std::shared_ptr<Pending>> box(static_cast<std::shared_ptr<Pending>*>(privdata));
    auto pending = *box;
    auto* self = static_cast<Impl*>(ac->data);
    if (pending->done) return;
    pending->done = true;
    pending->timer.cancel();
    if (reply == nullptr) {
      if (self) {
        self->fail_later(std::move(pending->callback), RedisFailure::unavailable);
      } else {
        // The client dropped this context on purpose (stop or connect
        // timeout); its io_context still runs the completion.
        auto& io = static_cast<asio::io_context&>(pending->timer.get_executor().context());
        asio::post(io, [cb = std::move(pending->callback)] { cb(RedisResult{RedisFailure::unavailable, {}}); });
      }
      return;
    }
    RedisResult result{RedisFailure::none, RedisReply::from_hiredis(*static_cast<redisReply*>(reply))};
    if (self) {
      self->latency_.observe(std::chrono::duration<double>(Clock::now() - pending->started).count());
    }
    auto& io = static_cast<asio::io_context&>(pending->timer.get_executor().context());
    asio::post(io, [cb = std::move(pending->callback), result = std::move(result)]() mutable { cb(std::move(result)); });
  }

  void connect() {
    if (stopped_) return;
    state_ = State::resolving;
    ++generation_;
    resolver_.async_resolve(
        endpoint_.host, std::to_string(endpoint_.port),
        [self = shared_from_this(), gen = generation_](const boost::system::error_code& ec,
                                                       asio::ip::tcp::resolver::results_type results) {
          if (self->stopped_ || gen != self->generation_) return;
          if (ec || results.empty()) {
            self->log_.warn("redis host not resolved", {{"host", self->endpoint_.host}, {"error", ec.message()}});
            self->retry_later();
            return;
          }
          self->connect_to(results.begin()->endpoint().address().to_string());
        });
  }

  void connect_to(const std::string& ip) {
    redisAsyncContext* ac = redisAsyncConnect(ip.c_str(), endpoint_.port);
    if (ac == nullptr) {
      log_.error("redis connect: out of memory");
      retry_later();
      return;
    }
    if (ac->err) {
      log_.warn("redis connect failed", {{"address", ip}, {"error", ac->errstr}});
      redisAsyncFree(ac);
      retry_later();
      return;
    }
    ac_ = ac;
    ac_->data = this;
    adapter_ = HiredisAsioAdapter::attach(io_, ac_);
    redisAsyncSetDisconnectCallback(ac_, &Impl::on_disconnect);
    // Setting the connect callback arms the first write wait (hiredis detects
    // the end of a non-blocking connect by writability), so attach first.
    redisAsyncSetConnectCallback(ac_, &Impl::on_connect);
    state_ = State::connecting;
    connect_timer_.expires_after(options_.connect_timeout);
    connect_timer_.async_wait([self = shared_from_this(), gen = generation_](const boost::system::error_code& ec) {
      if (ec || self->stopped_ || gen != self->generation_) return;
      if (self->state_ == State::connecting || self->state_ == State::handshaking) {
        self->log_.warn("redis connect timed out", {{"redis", redacted(self->endpoint_)}});
        self->drop_connection();
        self->retry_later();
      }
    });
  }

  static void on_connect(const redisAsyncContext* ac, int status) {
    auto* self = static_cast<Impl*>(ac->data);
    if (!self) return;
    if (status != REDIS_OK) {
      // hiredis frees the context right after this callback returns.
      self->log_.warn("redis connect failed", {{"redis", redacted(self->endpoint_)}, {"error", ac->errstr}});
      self->forget_context();
      asio::post(self->io_, [s = self->shared_from_this()] { s->retry_later(); });
      return;
    }
    redisEnableKeepAlive(const_cast<redisContext*>(&ac->c));  // TCP keepalive, 15 s
    asio::post(self->io_, [s = self->shared_from_this()] { s->handshake(); });
  }

  static void on_disconnect(const redisAsyncContext* ac, int /*status*/) {
    auto* self = static_cast<Impl*>(ac->data);
    if (!self) return;  // a context we dropped on purpose
    bool was_up = self->state_ == State::up;
    self->forget_context();
    self->log_.warn("redis connection lost", {{"redis", redacted(self->endpoint_)}});
    auto s = self->shared_from_this();
    asio::post(self->io_, [s, was_up] {
      if (was_up) s->notify(false);
      s->retry_later();
    });
  }

  // AUTH and SELECT when the URL asks for them, then every embedded script
  // (so the first EVALSHA of each does not pay for a NOSCRIPT round trip),
  // then PING: the connection is "up" only once Redis has answered on it.
  void handshake() {
    if (stopped_ || !ac_) return;
    state_ = State::handshaking;
    std::vector<std::vector<std::string>> steps;
    if (!endpoint_.password.empty()) {
      if (endpoint_.username.empty()) steps.push_back({"AUTH", endpoint_.password});
      else steps.push_back({"AUTH", endpoint_.username, endpoint_.password});
    }
    if (endpoint_.db != 0) steps.push_back({"SELECT", std::to_string(endpoint_.db)});
    for (const LuaScript* script : all_lua_scripts()) steps.push_back({"SCRIPT", "LOAD", script->source});
    steps.push_back({"PING"});
    auto remaining = std::make_shared<std::size_t>(steps.size());
    auto failed = std::make_shared<bool>(false);
    for (auto& step : steps) {
      std::string what = step.front();
      send(std::move(step), options_.connect_timeout,
           [self = shared_from_this(), gen = generation_, remaining, failed, what](RedisResult r) {
             if (gen != self->generation_ || *failed) return;
             if (!r.ok()) {
               *failed = true;
               self->log_.error("redis handshake failed",
                                {{"step", what},
                                 {"error", r.failure != RedisFailure::none ? to_string(r.failure) : r.reply.str}});
               self->drop_connection();
               self->retry_later();
               return;
             }
             if (--*remaining == 0) self->came_up();
           });
    }
  }

  void came_up() {
    connect_timer_.cancel();
    state_ = State::up;
    backoff_ = options_.backoff_initial;
    connected_gauge_.set(1);
    if (ever_connected_) reconnects_.inc();
    log_.info(ever_connected_ ? "redis reconnected" : "redis connected", {{"redis", redacted(endpoint_)}});
    ever_connected_ = true;
    notify(true);
  }

  void notify(bool up) {
    auto listeners = listeners_;
    for (auto& l : listeners) l(up);
  }

  // The context is being freed by hiredis itself: let go of it.
  void forget_context() {
    if (ac_) ac_->data = nullptr;
    ac_ = nullptr;
    adapter_.reset();
    connected_gauge_.set(0);
    state_ = State::idle;
  }

  // We free the context. Its pending commands complete with unavailable
  // (on_reply sees a null reply); the disconnect callback finds no owner.
  void drop_connection() {
    bool was_up = state_ == State::up;
    redisAsyncContext* ac = ac_;
    forget_context();
    if (ac) redisAsyncFree(ac);
    if (was_up) notify(false);
  }

  void retry_later() {
    if (stopped_) return;
    state_ = State::idle;
    // Jitter keeps many gateways from reconnecting in lockstep after a
    // Redis restart.
    std::uniform_int_distribution<long> jitter(0, backoff_.count() / 4);
    auto delay = backoff_ + std::chrono::milliseconds(jitter(rng_));
    backoff_ = std::min(backoff_ * 2, options_.backoff_max);
    retry_timer_.expires_after(delay);
    retry_timer_.async_wait([self = shared_from_this(), gen = ++generation_](const boost::system::error_code& ec) {
      if (ec || self->stopped_ || gen != self->generation_) return;
      self->connect();
    });
  }

  asio::io_context& io_;
  RedisEndpoint endpoint_;
  RedisClientOptions options_;
  core::Logger& log_;
  asio::ip::tcp::resolver resolver_;
  asio::steady_timer connect_timer_;
  asio::steady_timer retry_timer_;
  std::chrono::milliseconds backoff_;
  std::minstd_rand rng_{std::random_device{}()};

  redisAsyncContext* ac_ = nullptr;
  std::shared_ptr<HiredisAsioAdapter> adapter_;
  State state_ = State::idle;
  bool stopped_ = true;
  bool ever_connected_ = false;
  std::uint64_t generation_ = 0;
  std::vector<std::function<void(bool)>> listeners_;

  core::Histogram& latency_;
  core::Counter& reconnects_;
  core::Gauge& connected_gauge_;
  core::Counter& timeouts_;
  core::Counter& unavailable_;
};

RedisClient::RedisClient(asio::io_context& io, RedisEndpoint endpoint, RedisClientOptions options,
                         core::MetricsRegistry& metrics, core::Logger& log)
    : impl_(std::make_shared<Impl>(io, std::move(endpoint), options, metrics, log)) {}

RedisClient::~RedisClient() { impl_->stop(); }

void RedisClient::start() { impl_->start(); }
void RedisClient::stop() { impl_->stop(); }
bool RedisClient::connected() const { return impl_->connected(); }

void RedisClient::command(std::vector<std::string> argv, RedisCallback callback) {
  impl_->command(std::move(argv), impl_->default_timeout(), std::move(callback));
}

void RedisClient::command(std::vector<std::string> argv, std::chrono::milliseconds deadline,
                          RedisCallback callback) {
  impl_->command(std::move(argv), deadline, std::move(callback));
}

void RedisClient::eval(const LuaScript& script, std::vector<std::string> keys, std::vector<std::string> args,
                       RedisCallback callback) {
  impl_->eval(script, std::move(keys), std::move(args), std::move(callback));
}

void RedisClient::post(std::function<void()> fn) { impl_->post(std::move(fn)); }

void RedisClient::on_connection_change(std::function<void(bool)> listener) {
  impl_->on_connection_change(std::move(listener));
}

}  // namespace rq::store
