#include "store/cluster_router.hpp"

#include <charconv>
#include <map>
#include <set>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "store/cluster_slots.hpp"
#include "store/redis_connection.hpp"

namespace rq::store {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kMaxRedirects = 5;
constexpr auto kRefreshEvery = std::chrono::seconds(5);
constexpr auto kRefreshSoon = std::chrono::milliseconds(100);
constexpr auto kTryAgainAfter = std::chrono::milliseconds(25);

// Commands that name no key go to any primary.
bool is_keyless(const std::string& command) {
  static const std::set<std::string> keyless{"PING", "CONFIG", "SCRIPT", "INFO", "TIME", "ROLE",
                                             "WAIT", "CLUSTER", "ECHO", "CLIENT", "DBSIZE"};
  std::string upper;
  for (char c : command) upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return keyless.count(upper) > 0;
}

// "MOVED 3999 127.0.0.1:6381" / "ASK 3999 127.0.0.1:6381" -> the node.
std::optional<RedisNode> redirect_target(const std::string& error) {
  auto space = error.rfind(' ');
  if (space == std::string::npos) return std::nullopt;
  std::string where = error.substr(space + 1);
  auto colon = where.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(where.data() + colon + 1, where.data() + where.size(), port);
  if (ec != std::errc{} || port == 0 || port > 65535) return std::nullopt;
  std::string host = where.substr(0, colon);
  if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return RedisNode{host, static_cast<std::uint16_t>(port)};
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

class ClusterRouter::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, RedisEndpoint endpoint, RedisClientOptions options, core::MetricsRegistry& metrics,
       core::Logger& log)
      : io_(io),
        endpoint_(std::move(endpoint)),
        options_(options),
        metrics_(metrics),
        log_(log),
        refresh_timer_(io),
        slots_(kClusterSlots),
        redirects_(metrics.counter("reformquiz_redis_cluster_redirects_total",
                                   "Commands Redis Cluster sent to another node (MOVED, ASK).")) {}

  void start() {
    stopped_ = false;
    for (const auto& seed : endpoint_.nodes) connection_to(seed);
    refresh_later(std::chrono::milliseconds(0));
  }

  void stop() {
    stopped_ = true;
    refresh_timer_.cancel();
    auto nodes = std::move(nodes_);
    nodes_.clear();
    for (auto& [key, conn] : nodes) conn->stop();
  }

  bool connected() const { return up_; }

  void on_connection_change(std::function<void(bool)> listener) { listeners_.push_back(std::move(listener)); }

  struct Request {
    std::vector<std::string> argv;
    const LuaScript* script = nullptr;
    std::vector<std::string> keys, args;
    Clock::time_point deadline;
    RedisCallback callback;
    int redirects = 0;
  };

  void submit(std::shared_ptr<Request> req) {
    std::string target;
    const std::string* key = nullptr;
    if (req->script && !req->keys.empty()) key = &req->keys.front();
    if (!req->script && req->argv.size() > 1 && !is_keyless(req->argv.front())) key = &req->argv[1];
    if (key) {
      target = slots_[key_slot(*key)];
    } else {
      for (const auto& [k, conn] : nodes_) {
        if (conn->connected() && serves_slots_.count(k)) {
          target = k;
          break;
        }
      }
    }
    auto it = nodes_.find(target);
    if (target.empty() || it == nodes_.end() || !it->second->connected()) {
      refresh_later(kRefreshSoon);
      return fail(std::move(req), RedisFailure::unavailable);
    }
    dispatch(std::move(req), it->second, false);
  }

 private:
  std::shared_ptr<RedisConnection> connection_to(const RedisNode& node) {
    auto key = to_string(node);
    auto& conn = nodes_[key];
    if (conn) return conn;
    ConnectionRole role{true, false, true, false, "cluster node " + key, false};
    conn = std::make_shared<RedisConnection>(io_, fixed_locate(node), endpoint_, options_, role, metrics_, log_);
    std::weak_ptr<Impl> weak = shared_from_this();
    conn->on_connection_change([weak](bool up) {
      auto self = weak.lock();
      if (!self || self->stopped_) return;
      if (!up) self->refresh_later(kRefreshSoon);
      self->update_up();
    });
    conn->start();
    return conn;
  }

  void fail(std::shared_ptr<Request> req, RedisFailure failure) {
    asio::post(io_, [req = std::move(req), failure] { req->callback(RedisResult{failure, {}}); });
  }

  std::chrono::milliseconds remaining(const Request& req) const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(req.deadline - Clock::now());
    return std::max(left, std::chrono::milliseconds(1));
  }

  void dispatch(std::shared_ptr<Request> req, const std::shared_ptr<RedisConnection>& conn, bool asking) {
    // ASKING holds for the next command on the connection only: the two go
    // out back to back on one connection, so nothing can come between.
    if (asking) conn->command({"ASKING"}, remaining(*req), [](RedisResult) {});
    auto on_reply = [self = shared_from_this(), req](RedisResult r) mutable { self->replied(std::move(req), std::move(r)); };
    if (req->script) conn->eval(*req->script, req->keys, req->args, remaining(*req), std::move(on_reply));
    else conn->command(req->argv, remaining(*req), std::move(on_reply));
  }

  void replied(std::shared_ptr<Request> req, RedisResult r) {
    if (stopped_ || r.failure != RedisFailure::none || !r.reply.is_error()) return req->callback(std::move(r));
    const std::string& error = r.reply.str;
    bool moved = starts_with(error, "MOVED "), ask = starts_with(error, "ASK ");
    if ((moved || ask) && req->redirects < kMaxRedirects) {
      auto node = redirect_target(error);
      if (!node) return req->callback(std::move(r));
      ++req->redirects;
      redirects_.inc();
      auto conn = connection_to(*node);
      if (moved) {
        // The slot is that node's for good: remember it now, and reload the
        // whole map soon (a move seldom comes alone).
        auto space = error.find(' ');
        int slot = std::atoi(error.c_str() + space + 1);
        if (slot >= 0 && slot < kClusterSlots) slots_[slot] = to_string(*node);
        refresh_later(kRefreshSoon);
      }
      if (!conn->connected()) return wait_for(std::move(req), conn, ask);
      return dispatch(std::move(req), conn, ask);
    }
    if (starts_with(error, "TRYAGAIN") && Clock::now() + kTryAgainAfter < req->deadline) {
      // A multi-key command during a slot move: the keys are split between
      // the two nodes for a moment.
      auto timer = std::make_shared<asio::steady_timer>(io_, kTryAgainAfter);
      timer->async_wait([self = shared_from_this(), req, timer](const boost::system::error_code&) mutable {
        self->submit(std::move(req));
      });
      return;
    }
    req->callback(std::move(r));
  }

  // A redirect to a node whose connection is still coming up.
  void wait_for(std::shared_ptr<Request> req, std::shared_ptr<RedisConnection> conn, bool asking) {
    if (Clock::now() >= req->deadline) return fail(std::move(req), RedisFailure::timeout);
    auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(10));
    timer->async_wait([self = shared_from_this(), req, conn, asking, timer](const boost::system::error_code&) mutable {
      if (self->stopped_) return self->fail(std::move(req), RedisFailure::unavailable);
      if (conn->connected()) return self->dispatch(std::move(req), conn, asking);
      self->wait_for(std::move(req), std::move(conn), asking);
    });
  }

  void refresh_later(std::chrono::milliseconds after) {
    if (stopped_) return;
    auto when = Clock::now() + after;
    if (refresh_scheduled_ && refresh_at_ <= when) return;
    refresh_scheduled_ = true;
    refresh_at_ = when;
    refresh_timer_.expires_at(when);
    refresh_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->stopped_) return;
      self->refresh_scheduled_ = false;
      self->refresh();
    });
  }

  // CLUSTER SLOTS from a connected node (a primary serving slots first, else
  // any, the seeds included).
  void refresh() {
    std::shared_ptr<RedisConnection> asked;
    std::string asked_key;
    for (int pass = 0; pass < 2 && !asked; ++pass) {
      for (const auto& [k, conn] : nodes_) {
        if (conn->connected() && (pass == 1 || serves_slots_.count(k))) {
          asked = conn;
          asked_key = k;
          break;
        }
      }
    }
    if (!asked) {
      // Nothing is up yet: the connections keep trying; ask again soon.
      for (const auto& seed : endpoint_.nodes) connection_to(seed);
      return refresh_later(std::chrono::milliseconds(200));
    }
    asked->command({"CLUSTER", "SLOTS"}, options_.command_timeout,
                   [self = shared_from_this(), asked](RedisResult r) {
                     if (self->stopped_) return;
                     if (r.ok()) self->load_slots(r.reply, *asked->node());
                     self->refresh_later(r.ok() ? std::chrono::duration_cast<std::chrono::milliseconds>(kRefreshEvery)
                                                : std::chrono::milliseconds(200));
                   });
  }

  void load_slots(const RedisReply& reply, const RedisNode& asked) {
    std::vector<std::string> slots(kClusterSlots);
    std::set<std::string> serving;
    for (const auto& range : reply.elements) {
      if (range.elements.size() < 3 || range.elements[2].elements.size() < 2) continue;
      long long first = range.elements[0].integer, last = range.elements[1].integer;
      const auto& primary = range.elements[2];
      RedisNode node{primary.elements[0].str.empty() ? asked.host : primary.elements[0].str,
                     static_cast<std::uint16_t>(primary.elements[1].integer)};
      auto key = to_string(node);
      connection_to(node);
      serving.insert(key);
      for (long long s = std::max(0LL, first); s <= std::min<long long>(kClusterSlots - 1, last); ++s) slots[s] = key;
    }
    if (serving.empty()) return;
    slots_ = std::move(slots);
    serves_slots_ = std::move(serving);
    // Connections to nodes that serve nothing now (a failed primary, a
    // replica) are let go, except the seeds the map is learnt from.
    std::set<std::string> seeds;
    for (const auto& s : endpoint_.nodes) seeds.insert(to_string(s));
    for (auto it = nodes_.begin(); it != nodes_.end();) {
      if (!serves_slots_.count(it->first) && !seeds.count(it->first)) {
        it->second->stop();
        it = nodes_.erase(it);
      } else {
        ++it;
      }
    }
    update_up();
  }

  void update_up() {
    bool up = !serves_slots_.empty();
    for (const auto& s : slots_) up &= !s.empty();
    for (const auto& k : serves_slots_) {
      auto it = nodes_.find(k);
      up &= it != nodes_.end() && it->second->connected();
    }
    if (up == up_) return;
    up_ = up;
    // The same lines as for one server, once every slot is served.
    const char* what = !up ? "redis connection lost" : ever_up_ ? "redis reconnected" : "redis connected";
    ever_up_ |= up;
    log_.info(what, {{"connection", "redis cluster"}, {"primaries", static_cast<long long>(serves_slots_.size())}});
    auto listeners = listeners_;
    for (auto& l : listeners) l(up);
  }

  asio::io_context& io_;
  RedisEndpoint endpoint_;
  RedisClientOptions options_;
  core::MetricsRegistry& metrics_;
  core::Logger& log_;
  asio::steady_timer refresh_timer_;
  bool refresh_scheduled_ = false;
  Clock::time_point refresh_at_{};
  std::map<std::string, std::shared_ptr<RedisConnection>> nodes_;
  std::vector<std::string> slots_;      // slot -> node key ("host:port"), "" when unknown
  std::set<std::string> serves_slots_;  // the primaries
  std::vector<std::function<void(bool)>> listeners_;
  bool up_ = false;
  bool ever_up_ = false;
  bool stopped_ = true;
  core::Counter& redirects_;
};

ClusterRouter::ClusterRouter(asio::io_context& io, RedisEndpoint endpoint, RedisClientOptions options,
                             core::MetricsRegistry& metrics, core::Logger& log)
    : impl_(std::make_shared<Impl>(io, std::move(endpoint), options, metrics, log)) {}
ClusterRouter::~ClusterRouter() { impl_->stop(); }
void ClusterRouter::start() { impl_->start(); }
void ClusterRouter::stop() { impl_->stop(); }
bool ClusterRouter::connected() const { return impl_->connected(); }
void ClusterRouter::on_connection_change(std::function<void(bool)> listener) {
  impl_->on_connection_change(std::move(listener));
}

void ClusterRouter::command(std::vector<std::string> argv, std::chrono::milliseconds deadline, RedisCallback callback) {
  auto req = std::make_shared<Impl::Request>();
  req->argv = std::move(argv);
  req->deadline = Clock::now() + deadline;
  req->callback = std::move(callback);
  impl_->submit(std::move(req));
}

void ClusterRouter::eval(const LuaScript& script, std::vector<std::string> keys, std::vector<std::string> args,
                         std::chrono::milliseconds deadline, RedisCallback callback) {
  auto req = std::make_shared<Impl::Request>();
  req->script = &script;
  req->keys = std::move(keys);
  req->args = std::move(args);
  req->deadline = Clock::now() + deadline;
  req->callback = std::move(callback);
  impl_->submit(std::move(req));
}

}  // namespace rq::store
