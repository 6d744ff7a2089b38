#include "app/ws_gateway.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/protocol/requests.hpp"

namespace rq::app {
namespace {

using core::ErrorCode;
using nlohmann::json;

SessionContext& context_of(net::WsPeer& peer) {
  auto* ctx = std::any_cast<SessionContext>(&peer.context());
  if (!ctx) {
    peer.context() = SessionContext{};
    ctx = std::any_cast<SessionContext>(&peer.context());
  }
  return *ctx;
}

std::string participant_key(const Identity& who) { return who.contest + " " + who.participant; }

// Removes this peer (and any peer already gone) from one key's sessions.
void erase_peer(std::unordered_multimap<std::string, std::weak_ptr<net::WsPeer>>& table, const std::string& key,
                const net::WsPeer& peer) {
  auto [first, last] = table.equal_range(key);
  for (auto it = first; it != last;) {
    auto other = it->second.lock();
    it = (!other || other.get() == &peer) ? table.erase(it) : std::next(it);
  }
}

}  // namespace

// One request between its dispatch and its reply. Holds the connection's
// place in its in-flight budget, and answers `internal` itself if the flow
// lets go of it without replying (an exception on the way, a dropped
// callback): the envelope promises every request with an id one reply.
class WsGateway::PendingRequest {
 public:
  PendingRequest(WsGateway& gateway, std::shared_ptr<net::WsPeer> peer, json id, std::string type)
      : gateway_(gateway), peer_(std::move(peer)), id_(std::move(id)), type_(std::move(type)) {}
  PendingRequest(const PendingRequest&) = delete;
  PendingRequest& operator=(const PendingRequest&) = delete;
  ~PendingRequest() {
    if (answered_) return;
    gateway_.internal_errors_.inc();
    gateway_.log_.error("request ended without a reply", {{"type", type_}, {"session", peer_->id()}});
    answer(Outcome::fail(ErrorCode::internal));
  }

  void answer(Outcome outcome) {
    if (answered_) {
      gateway_.log_.error("second reply to one request dropped", {{"type", type_}, {"session", peer_->id()}});
      return;
    }
    answered_ = true;
    auto& session = context_of(*peer_);
    if (session.budget) session.budget->replied();
    gateway_.send_outcome(peer_, id_, std::move(outcome));
  }

  const std::shared_ptr<net::WsPeer>& peer() const { return peer_; }

 private:
  WsGateway& gateway_;
  std::shared_ptr<net::WsPeer> peer_;
  json id_;
  std::string type_;
  bool answered_ = false;
};

// Runs the flow of each typed request; the ones that need a participant
// answer `unauthorized` before register, login or hello with a token.
struct WsGateway::Dispatch {
  WsGateway& g;
  const std::shared_ptr<net::WsPeer>& peer;
  SessionContext& session;
  Reply reply;

  template <class Request, class Flow>
  void as_participant(const Request& r, Flow flow) {
    if (!session.identity) {
      return reply(Outcome::fail(ErrorCode::unauthorized, "register, log in, or say hello with your token first"));
    }
    flow(*session.identity, r, reply);
  }

  void operator()(const core::HelloRequest& r) { g.hello(peer, session, r, reply); }
  void operator()(const core::RegisterRequest& r) { g.flows_.accounts.register_participant(r, peer->remote_address(), reply); }
  void operator()(const core::LoginRequest& r) { g.flows_.accounts.login(r, peer->remote_address(), reply); }
  void operator()(const core::SubscribeRequest& r) { g.subscribe(peer, r, reply); }
  void operator()(const core::ResultsRequest& r) { g.flows_.results.round_results(r, session.identity, reply); }
  void operator()(const core::StartRequest& r) {
    as_participant(r, [this](const Identity& who, const auto& req, Reply done) { g.flows_.attempts.start(who, req, done); });
  }
  void operator()(const core::AnswerRequest& r) {
    as_participant(r, [this](const Identity& who, const auto& req, Reply done) { g.flows_.attempts.answer(who, req, done); });
  }
  void operator()(const core::PredictionRequest& r) {
    as_participant(r, [this](const Identity& who, const auto& req, Reply done) {
      g.flows_.attempts.save_prediction(who, req, done);
    });
  }
  void operator()(const core::SubmitRequest& r) {
    as_participant(r, [this](const Identity& who, const auto& req, Reply done) { g.flows_.attempts.submit(who, req, done); });
  }
  void operator()(const core::EntriesRequest& r) {
    as_participant(r, [this](const Identity& who, const auto& req, Reply done) { g.flows_.attempts.standing(who, req, done); });
  }
};

WsGateway::WsGateway(Flows flows, core::RequestBudgetOptions budget, core::MetricsRegistry& metrics, core::Logger& log)
    : flows_(flows),
      budget_options_(budget),
      log_(log),
      participants_tracked_(metrics.gauge("reformquiz_ws_sessions_tracked",
                                          "Entries in the gateway's tables of WebSocket sessions.",
                                          {{"table", "participants"}})),
      subscribers_tracked_(metrics.gauge("reformquiz_ws_sessions_tracked",
                                         "Entries in the gateway's tables of WebSocket sessions.",
                                         {{"table", "subscribers"}})),
      rate_limited_(metrics.counter("reformquiz_ws_requests_rate_limited_total",
                                    "WebSocket requests refused by the connection's request budget.")),
      abusive_closed_(metrics.counter("reformquiz_ws_abusive_closed_total",
                                      "WebSockets closed for sending on while refused.")),
      internal_errors_(metrics.counter("reformquiz_ws_internal_errors_total",
                                       "WebSocket requests answered `internal` (a bug; each is logged).")) {}

void WsGateway::on_open(const std::shared_ptr<net::WsPeer>& peer) {
  context_of(*peer).budget.emplace(budget_options_, core::steady_ms());
}

void WsGateway::on_message(const std::shared_ptr<net::WsPeer>& peer, std::string text) {
  auto& session = context_of(*peer);
  if (!session.budget) session.budget.emplace(budget_options_, core::steady_ms());
  auto parsed = core::parse_frame(text);
  json id = std::holds_alternative<core::Request>(parsed) ? std::get<core::Request>(parsed).id
                                                          : std::get<core::EnvelopeError>(parsed).id;
  // Every frame counts against the budget, a malformed one too.
  if (auto wait = session.budget->admit(core::steady_ms())) {
    rate_limited_.inc();
    if (session.budget->abusive()) {
      abusive_closed_.inc();
      log_.warn("websocket client keeps sending while refused; closing",
                {{"session", peer->id()}, {"remote", peer->remote_address()}});
      peer->close_for_abuse();
      return;
    }
    send_error(*peer, session, id, Outcome::busy(*wait, "too many requests on this connection"));
    return;
  }
  if (auto* error = std::get_if<core::EnvelopeError>(&parsed)) {
    // A malformed frame is answered and forgotten: the connection stays usable.
    session.budget->replied();
    send_error(*peer, session, error->id, Outcome::fail(error->code, error->message, error->field));
    return;
  }
  auto& request = std::get<core::Request>(parsed);
  auto pending = std::make_shared<PendingRequest>(*this, peer, request.id, request.type);
  Reply reply = [pending](Outcome o) { pending->answer(std::move(o)); };
  auto typed = core::parse_request(request);
  if (auto* error = std::get_if<core::RequestError>(&typed)) return reply(Outcome::fail(*error));
  try {
    std::visit(Dispatch{*this, peer, session, reply}, std::get<core::ClientRequest>(typed));
  } catch (const std::exception& e) {
    internal_errors_.inc();
    log_.error("request failed", {{"type", request.type}, {"session", peer->id()}, {"error", e.what()}});
    reply(Outcome::fail(ErrorCode::internal));
  }
}

void WsGateway::hello(const std::shared_ptr<net::WsPeer>& peer, SessionContext& session,
                      const core::HelloRequest& request, Reply reply) {
  if (request.lang) session.lang = *request.lang;
  if (!request.token) {
    session.greeted = true;
    return reply(Outcome::ok("welcome", {{"protocol", 1}, {"server_time", core::now_ms()}, {"participant", nullptr}}));
  }
  flows_.accounts.resume(*request.token, [peer, reply](Outcome o) {
    if (!o.type.empty()) {
      o.body["protocol"] = 1;
      o.body["server_time"] = core::now_ms();
      context_of(*peer).greeted = true;
    }
    reply(std::move(o));
  });
}

void WsGateway::subscribe(const std::shared_ptr<net::WsPeer>& peer, const core::SubscribeRequest& request, Reply reply) {
  flows_.results.contest_view(request.contest, [this, peer, contest = request.contest, reply](Outcome o) {
    if (!o.type.empty()) {
      auto& session = context_of(*peer);
      if (!session.ended &&
          std::find(session.subscriptions.begin(), session.subscriptions.end(), contest) == session.subscriptions.end()) {
        session.subscriptions.push_back(contest);
        subscribers_.emplace(contest, peer);
        count_tables();
      }
    }
    reply(std::move(o));
  });
}

void WsGateway::send_outcome(const std::shared_ptr<net::WsPeer>& peer, const json& id, Outcome outcome) {
  // The reply may come after the client went away; a closed peer drops it.
  auto& session = context_of(*peer);
  if (outcome.type.empty()) return send_error(*peer, session, id, outcome);
  if (outcome.identity) adopt(peer, session, *outcome.identity);
  const auto& doc = outcome.shared_document;
  if (doc && doc->size() > 2 && doc->front() == '{' && doc->back() == '}') {
    // {"type":…,"id":…, <the shared document's members>, <this reply's own>}
    net::Frame frame;
    frame.head = core::reply_frame(outcome.type, id, nullptr);
    frame.head.back() = ',';
    frame.shared = doc;
    frame.shared_offset = 1;
    frame.shared_length = doc->size() - 2;
    frame.tail = std::move(outcome.own_members) + "}";
    return peer->send(std::move(frame));
  }
  peer->send(core::reply_frame(outcome.type, id, std::move(outcome.body)));
}

void WsGateway::send_error(net::WsPeer& peer, const SessionContext& session, const json& id, const Outcome& outcome) {
  // The message is for people, in the session's language; the English detail
  // says exactly what was wrong and is appended for the English session and
  // kept for developers in Vietnamese ones.
  std::string message(core::default_message(outcome.error, session.lang));
  if (!outcome.detail.empty()) {
    message += session.lang == core::Lang::en ? " " + outcome.detail : " (" + outcome.detail + ")";
  }
  json details = outcome.body.is_object() && outcome.body.contains("details") ? outcome.body["details"] : json();
  peer.send(core::error_frame(id, outcome.error, message, outcome.field, outcome.retry_after_ms, details));
}

void WsGateway::on_close(const std::shared_ptr<net::WsPeer>& peer) {
  auto& session = context_of(*peer);
  session.ended = true;
  for (const auto& contest : session.subscriptions) erase_peer(subscribers_, contest, *peer);
  session.subscriptions.clear();
  forget_identity(*peer, session);
  session.identity.reset();
  count_tables();
}

void WsGateway::forget_identity(const net::WsPeer& peer, const SessionContext& session) {
  if (session.identity) erase_peer(participants_, participant_key(*session.identity), peer);
}

void WsGateway::adopt(const std::shared_ptr<net::WsPeer>& peer, SessionContext& session, const Identity& who) {
  // A reply that comes after the client left must not put it back in a table.
  if (session.ended || session.identity == who) return;
  forget_identity(*peer, session);
  session.identity = who;
  participants_.emplace(participant_key(who), peer);
  count_tables();
}

void WsGateway::count_tables() {
  participants_tracked_.set(static_cast<double>(participants_.size()));
  subscribers_tracked_.set(static_cast<double>(subscribers_.size()));
}

// Both pushes collect the sessions first and send after: a send can close a
// session on the spot (its queue outgrew its bound), and closing it erases
// it from these very tables.
void WsGateway::broadcast(const std::string& contest, std::string frame) {
  auto shared = std::make_shared<const std::string>(std::move(frame));
  std::vector<std::shared_ptr<net::WsPeer>> peers;
  auto [first, last] = subscribers_.equal_range(contest);
  for (auto it = first; it != last;) {
    if (auto peer = it->second.lock()) {
      peers.push_back(std::move(peer));
      ++it;
    } else {
      it = subscribers_.erase(it);
    }
  }
  count_tables();
  for (const auto& peer : peers) peer->send(shared);
}

void WsGateway::push_to_participant(const std::string& contest, const std::string& participant, std::string frame) {
  auto shared = std::make_shared<const std::string>(std::move(frame));
  std::vector<std::shared_ptr<net::WsPeer>> peers;
  auto [first, last] = participants_.equal_range(contest + " " + participant);
  for (auto it = first; it != last;) {
    if (auto peer = it->second.lock()) {
      peers.push_back(std::move(peer));
      ++it;
    } else {
      it = participants_.erase(it);
    }
  }
  count_tables();
  for (const auto& peer : peers) peer->send(shared);
}

}  // namespace rq::app
