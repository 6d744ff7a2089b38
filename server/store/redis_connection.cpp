#include "store/redis_connection.hpp"

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

RedisResult error_reply(std::string text) {
  RedisResult r;
  r.reply.kind = RedisReply::Kind::error;
  r.reply.str = std::move(text);
  return r;
}

}  // namespace

class RedisConnection::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, RedisLocate locate, RedisEndpoint credentials, RedisClientOptions options,
       ConnectionRole role, core::MetricsRegistry& metrics, core::Logger& log)
      : io_(io),
        locate_(std::move(locate)),
        credentials_(std::move(credentials)),
        options_(options),
        role_(std::move(role)),
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
        timeouts_(metrics.counter("reformquiz_redis_command_failures_total",
                                  "Redis commands that got no reply, by reason.", {{"reason", "timeout"}})),
        unavailable_(metrics.counter("reformquiz_redis_command_failures_total",
                                     "Redis commands that got no reply, by reason.", {{"reason", "unavailable"}})),
        unconfirmed_(metrics.counter("reformquiz_redis_unconfirmed_writes_total",
                                     "Script writes the replicas did not confirm in time (answered unavailable).")) {}

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

  void reconnect() {
    if (stopped_) return;
    log_.info("redis reconnecting", {{"connection", role_.name}});
    drop_connection();
    retry_timer_.cancel();
    backoff_ = options_.backoff_initial;
    ++generation_;
    connect();
  }

  bool connected() const { return state_ == State::up; }
  std::optional<RedisNode> node() const { return node_; }

  void command(std::vector<std::string> argv, std::chrono::milliseconds deadline, RedisCallback callback) {
    if (state_ != State::up) {
      fail_later(std::move(callback), RedisFailure::unavailable);
      return;
    }
    send(std::move(argv), deadline, std::move(callback));
  }

  void eval(const LuaScript& script, std::vector<std::string> keys, std::vector<std::string> args,
            std::chrono::milliseconds deadline, RedisCallback callback) {
    std::vector<std::string> argv{"EVALSHA", script.sha1, std::to_string(keys.size())};
    argv.insert(argv.end(), std::make_move_iterator(keys.begin()), std::make_move_iterator(keys.end()));
    argv.insert(argv.end(), std::make_move_iterator(args.begin()), std::make_move_iterator(args.end()));
    run_script(script, std::move(argv), deadline, std::move(callback), true);
  }

  void on_connection_change(std::function<void(bool)> listener) { listeners_.push_back(std::move(listener)); }

 private:
  enum class State { idle, locating, connecting, handshaking, up };

  // The reply of a script that writes is held until WAIT says enough
  // replicas have it: WAIT is sent right behind the script on the same
  // connection, so it covers the script's write, and its reply comes after.
  struct ScriptCall {
    RedisCallback callback;
    std::optional<RedisResult> script_result;
    bool done = false;
  };

  void run_script(const LuaScript& script, std::vector<std::string> argv, std::chrono::milliseconds deadline,
                  RedisCallback callback, bool may_load) {
    bool wait = script.writes && options_.wait_replicas > 0;
    auto call = std::make_shared<ScriptCall>();
    call->callback = std::move(callback);
    auto retry_argv = may_load ? argv : std::vector<std::string>{};
    command(std::move(argv), deadline,
            [self = shared_from_this(), &script, retry_argv = std::move(retry_argv), deadline, call, wait,
             may_load](RedisResult r) mutable {
              if (call->done) return;
              if (may_load && r.failure == RedisFailure::none && r.reply.is_error() &&
                  r.reply.str.rfind("NOSCRIPT", 0) == 0) {
                // The script cache is empty (Redis restarted or SCRIPT FLUSH):
                // load it and try once more. EVALSHA did not run, so repeating
                // it cannot apply a change twice.
                call->done = true;
                self->log_.info("redis script reloaded", {{"script", script.name}});
                self->command({"SCRIPT", "LOAD", script.source}, deadline,
                              [self, &script, argv = std::move(retry_argv), deadline,
                               callback = std::move(call->callback)](RedisResult load) mutable {
                                if (!load.ok()) return callback(std::move(load));
                                self->run_script(script, std::move(argv), deadline, std::move(callback), false);
                              });
                return;
              }
              if (!wait || !r.ok()) {
                call->done = true;
                return call->callback(std::move(r));
              }
              call->script_result = std::move(r);
            });
    if (!wait) return;
    command({"WAIT", std::to_string(options_.wait_replicas), std::to_string(options_.wait_timeout.count())}, deadline,
            [self = shared_from_this(), call](RedisResult w) {
              if (call->done) return;
              call->done = true;
              if (!call->script_result) {
                // The script's own reply never came (the connection went).
                return call->callback(w.failure != RedisFailure::none ? w : RedisResult{RedisFailure::unavailable, {}});
              }
              if (w.ok() && w.reply.integer >= self->options_.wait_replicas) {
                return call->callback(std::move(*call->script_result));
              }
              self->unconfirmed_.inc();
              call->callback(error_reply("NOTCONFIRMED the write reached " +
                                         std::to_string(w.ok() ? w.reply.integer : 0) + " of " +
                                         std::to_string(self->options_.wait_replicas) + " replicas in time"));
            });
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
  // inside hiredis and may issue commands or stop the connection freely.
  static void on_reply(redisAsyncContext* ac, void* reply, void* privdata) {
    std::unique_ptr<std::shared_ptr<Pending>> box(static_cast<std::shared_ptr<Pending>*>(privdata));
    auto pending = *box;
    auto* self = static_cast<Impl*>(ac->data);
    if (pending->done) return;
    pending->done = true;
    pending->timer.cancel();
    auto& io = static_cast<asio::io_context&>(pending->timer.get_executor().context());
    if (reply == nullptr) {
      if (self) {
        self->fail_later(std::move(pending->callback), RedisFailure::unavailable);
      } else {
        // The connection dropped this context on purpose (stop, reconnect or
        // connect timeout); its io_context still runs the completion.
        asio::post(io, [cb = std::move(pending->callback)] { cb(RedisResult{RedisFailure::unavailable, {}}); });
      }
      return;
    }
    RedisResult result{RedisFailure::none, RedisReply::from_hiredis(*static_cast<redisReply*>(reply))};
    if (self) {
      self->latency_.observe(std::chrono::duration<double>(Clock::now() - pending->started).count());
      // A primary that became a replica: every write will fail until the
      // connection goes to the new primary.
      if (self->role_.require_primary && result.reply.is_error() && result.reply.str.rfind("READONLY", 0) == 0) {
        asio::post(io, [s = self->shared_from_this()] { s->reconnect(); });
      }
    }
    asio::post(io, [cb = std::move(pending->callback), result = std::move(result)]() mutable { cb(std::move(result)); });
  }

  void connect() {
    if (stopped_) return;
    state_ = State::locating;
    auto gen = ++generation_;
    locate_([self = shared_from_this(), gen](std::optional<RedisNode> node) {
      if (self->stopped_ || gen != self->generation_) return;
      if (!node) {
        self->log_.warn("redis not located", {{"connection", self->role_.name}});
        return self->retry_later();
      }
      self->node_ = *node;
      self->resolve(*node, gen);
    });
  }

  void resolve(const RedisNode& node, std::uint64_t gen) {
    resolver_.async_resolve(node.host, std::to_string(node.port),
                            [self = shared_from_this(), gen, node](const boost::system::error_code& ec,
                                                                   asio::ip::tcp::resolver::results_type results) {
                              if (self->stopped_ || gen != self->generation_) return;
                              if (ec || results.empty()) {
                                self->log_.warn("redis host not resolved", {{"host", node.host}, {"error", ec.message()}});
                                self->retry_later();
                                return;
                              }
                              self->connect_to(results.begin()->endpoint().address().to_string(), node.port);
                            });
  }

  void connect_to(const std::string& ip, std::uint16_t port) {
    redisAsyncContext* ac = redisAsyncConnect(ip.c_str(), port);
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
        self->log_.warn("redis connect timed out", {{"connection", self->role_.name}, {"redis", self->where()}});
        self->drop_connection();
        self->retry_later();
      }
    });
  }

  std::string where() const { return node_ ? to_string(*node_) : "?"; }

  static void on_connect(const redisAsyncContext* ac, int status) {
    auto* self = static_cast<Impl*>(ac->data);
    if (!self) return;
    if (status != REDIS_OK) {
      // hiredis frees the context right after this callback returns.
      self->log_.warn("redis connect failed", {{"connection", self->role_.name}, {"redis", self->where()},
                                               {"error", ac->errstr}});
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
    self->log_.warn("redis connection lost", {{"connection", self->role_.name}, {"redis", self->where()}});
    auto s = self->shared_from_this();
    asio::post(self->io_, [s, was_up] {
      if (was_up) s->notify(false);
      s->retry_later();
    });
  }

  // What the role asks for, then PING: the connection is "up" only once
  // Redis has answered on it. Scripts are loaded here so that the first
  // EVALSHA of each does not pay for a NOSCRIPT round trip.
  void handshake() {
    if (stopped_ || !ac_) return;
    state_ = State::handshaking;
    struct Step {
      std::vector<std::string> argv;
      std::function<bool(const RedisReply&)> accept;
    };
    std::vector<Step> steps;
    if (role_.authenticate && !credentials_.password.empty()) {
      if (credentials_.username.empty()) steps.push_back({{"AUTH", credentials_.password}, {}});
      else steps.push_back({{"AUTH", credentials_.username, credentials_.password}, {}});
    }
    if (role_.select_db && credentials_.db != 0) steps.push_back({{"SELECT", std::to_string(credentials_.db)}, {}});
    if (role_.require_primary) {
      steps.push_back({{"ROLE"}, [](const RedisReply& r) { return !r.elements.empty() && r.elements[0].str == "master"; }});
    }
    if (role_.load_scripts) {
      for (const LuaScript* script : all_lua_scripts()) steps.push_back({{"SCRIPT", "LOAD", script->source}, {}});
    }
    steps.push_back({{"PING"}, {}});
    auto remaining = std::make_shared<std::size_t>(steps.size());
    auto failed = std::make_shared<bool>(false);
    for (auto& step : steps) {
      std::string what = step.argv.front();
      send(std::move(step.argv), options_.connect_timeout,
           [self = shared_from_this(), gen = generation_, remaining, failed, what,
            accept = std::move(step.accept)](RedisResult r) {
             if (gen != self->generation_ || *failed) return;
             bool accepted = r.ok() && (!accept || accept(r.reply));
             if (!accepted) {
               *failed = true;
               self->log_.error("redis handshake failed",
                                {{"connection", self->role_.name},
                                 {"redis", self->where()},
                                 {"step", what},
                                 {"error", r.failure != RedisFailure::none ? to_string(r.failure)
                                           : r.reply.is_error()            ? r.reply.str
                                                                           : "not a primary"}});
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
    if (ever_connected_) reconnects_.inc();
    if (role_.announce) {
      log_.info(ever_connected_ ? "redis reconnected" : "redis connected",
                {{"connection", role_.name}, {"redis", where()}});
    } else {
      log_.debug("redis part connected", {{"connection", role_.name}, {"redis", where()}});
    }
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
  RedisLocate locate_;
  RedisEndpoint credentials_;
  RedisClientOptions options_;
  ConnectionRole role_;
  core::Logger& log_;
  asio::ip::tcp::resolver resolver_;
  asio::steady_timer connect_timer_;
  asio::steady_timer retry_timer_;
  std::chrono::milliseconds backoff_;
  std::minstd_rand rng_{std::random_device{}()};

  redisAsyncContext* ac_ = nullptr;
  std::shared_ptr<HiredisAsioAdapter> adapter_;
  std::optional<RedisNode> node_;
  State state_ = State::idle;
  bool stopped_ = true;
  bool ever_connected_ = false;
  std::uint64_t generation_ = 0;
  std::vector<std::function<void(bool)>> listeners_;

  core::Histogram& latency_;
  core::Counter& reconnects_;
  core::Counter& timeouts_;
  core::Counter& unavailable_;
  core::Counter& unconfirmed_;
};

RedisConnection::RedisConnection(asio::io_context& io, RedisLocate locate, RedisEndpoint credentials,
                                 RedisClientOptions options, ConnectionRole role, core::MetricsRegistry& metrics,
                                 core::Logger& log)
    : impl_(std::make_shared<Impl>(io, std::move(locate), std::move(credentials), options, std::move(role), metrics,
                                   log)) {}

RedisConnection::~RedisConnection() { impl_->stop(); }
void RedisConnection::start() { impl_->start(); }
void RedisConnection::stop() { impl_->stop(); }
bool RedisConnection::connected() const { return impl_->connected(); }
void RedisConnection::reconnect() { impl_->reconnect(); }
std::optional<RedisNode> RedisConnection::node() const { return impl_->node(); }

void RedisConnection::command(std::vector<std::string> argv, std::chrono::milliseconds deadline,
                              RedisCallback callback) {
  impl_->command(std::move(argv), deadline, std::move(callback));
}

void RedisConnection::eval(const LuaScript& script, std::vector<std::string> keys, std::vector<std::string> args,
                           std::chrono::milliseconds deadline, RedisCallback callback) {
  impl_->eval(script, std::move(keys), std::move(args), deadline, std::move(callback));
}

void RedisConnection::on_connection_change(std::function<void(bool)> listener) {
  impl_->on_connection_change(std::move(listener));
}

RedisLocate fixed_locate(RedisNode node) {
  return [node = std::move(node)](std::function<void(std::optional<RedisNode>)> found) { found(node); };
}

RedisLocate rotating_locate(std::vector<RedisNode> nodes) {
  auto next = std::make_shared<std::size_t>(0);
  return [nodes = std::move(nodes), next](std::function<void(std::optional<RedisNode>)> found) {
    if (nodes.empty()) return found(std::nullopt);
    found(nodes[(*next)++ % nodes.size()]);
  };
}

}  // namespace rq::store
