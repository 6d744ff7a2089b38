#include "app/ws_gateway.hpp"

#include <algorithm>

#include "core/clock.hpp"

namespace rq::app {
namespace {

SessionContext& context_of(net::WsPeer& peer) {
  auto* ctx = std::any_cast<SessionContext>(&peer.context());
  if (!ctx) {
    peer.context() = SessionContext{};
    ctx = std::any_cast<SessionContext>(&peer.context());
  }
  return *ctx;
}

}  // namespace

WsGateway::WsGateway(ContestService& contests, core::Logger& log) : contests_(contests), log_(log) {
  handlers_["hello"] = [this](const auto& peer, SessionContext& s, const core::Request& r) { hello(peer, s, r); };
  handlers_["register"] = [this](const auto& peer, SessionContext&, const core::Request& r) {
    contests_.register_participant(r.body, [this, peer, r](Outcome o) { send_outcome(peer, r, std::move(o)); });
  };
  handlers_["login"] = [this](const auto& peer, SessionContext&, const core::Request& r) {
    contests_.login(r.body, peer->remote_address(), [this, peer, r](Outcome o) { send_outcome(peer, r, std::move(o)); });
  };
  handlers_["subscribe"] = [this](const auto& peer, SessionContext& s, const core::Request& r) {
    auto contest = r.body.value("contest", nlohmann::json());
    if (!contest.is_string()) {
      reply_error(*peer, s, r.id, core::ErrorCode::bad_request, "\"contest\" is required", "contest");
      return;
    }
    contests_.contest_view(contest.get<std::string>(), [this, peer, r, id = contest.get<std::string>()](Outcome o) {
      if (!o.type.empty()) {
        auto& session = context_of(*peer);
        if (std::find(session.subscriptions.begin(), session.subscriptions.end(), id) == session.subscriptions.end()) {
          session.subscriptions.push_back(id);
          subscribers_.emplace(id, peer);
        }
      }
      send_outcome(peer, r, std::move(o));
    });
  };
  handlers_["results"] = [this](const auto& peer, SessionContext& s, const core::Request& r) {
    contests_.round_results(r.body, s.identity, [this, peer, r](Outcome o) { send_outcome(peer, r, std::move(o)); });
  };
  add_participant_handler("attempt.start", [](ContestService& c, const Identity& who, const nlohmann::json& body,
                                              Reply reply) { c.start_attempt(who, body, std::move(reply)); });
  add_participant_handler("answer", [](ContestService& c, const Identity& who, const nlohmann::json& body, Reply reply) {
    c.answer(who, body, std::move(reply));
  });
  add_participant_handler("entries", [](ContestService& c, const Identity& who, const nlohmann::json& body,
                                        Reply reply) { c.standing(who, body, std::move(reply)); });
  add_participant_handler("submit", [](ContestService& c, const Identity& who, const nlohmann::json& body, Reply reply) {
    c.submit(who, body, std::move(reply));
  });
}

void WsGateway::add_participant_handler(
    const std::string& type, std::function<void(ContestService&, const Identity&, const nlohmann::json&, Reply)> call) {
  handlers_[type] = [this, call](const auto& peer, SessionContext& s, const core::Request& r) {
    if (!s.identity) {
      reply_error(*peer, s, r.id, core::ErrorCode::unauthorized, "register, log in, or say hello with your token first");
      return;
    }
    call(contests_, *s.identity, r.body, [this, peer, r](Outcome o) { send_outcome(peer, r, std::move(o)); });
  };
}

void WsGateway::send_outcome(const std::shared_ptr<net::WsPeer>& peer, const core::Request& request, Outcome outcome) {
  // The reply may come after the client went away; a closed peer drops it.
  auto& session = context_of(*peer);
  if (outcome.type.empty()) {
    nlohmann::json details = outcome.body.is_object() && outcome.body.contains("details") ? outcome.body["details"]
                                                                                          : nlohmann::json();
    reply_error(*peer, session, request.id, outcome.error, outcome.detail, outcome.field, details);
    return;
  }
  if (outcome.identity) adopt(peer, session, *outcome.identity);
  peer->send(core::reply_frame(outcome.type, request.id, std::move(outcome.body)));
}

void WsGateway::on_open(const std::shared_ptr<net::WsPeer>& peer) { context_of(*peer); }

void WsGateway::broadcast(const std::string& contest, std::string frame) {
  auto shared = std::make_shared<const std::string>(std::move(frame));
  auto [first, last] = subscribers_.equal_range(contest);
  for (auto it = first; it != last;) {
    if (auto peer = it->second.lock()) {
      peer->send(shared);
      ++it;
    } else {
      it = subscribers_.erase(it);
    }
  }
}

void WsGateway::on_close(const std::shared_ptr<net::WsPeer>& peer) {
  auto& session = context_of(*peer);
  for (const auto& contest : session.subscriptions) {
    auto [first, last] = subscribers_.equal_range(contest);
    for (auto it = first; it != last;) {
      auto other = it->second.lock();
      it = (!other || other == peer) ? subscribers_.erase(it) : std::next(it);
    }
  }
  if (!session.identity) return;
  auto [first, last] = participants_.equal_range(session.identity->contest + " " + session.identity->participant);
  for (auto it = first; it != last;) {
    auto other = it->second.lock();
    it = (!other || other == peer) ? participants_.erase(it) : std::next(it);
  }
}

void WsGateway::adopt(const std::shared_ptr<net::WsPeer>& peer, SessionContext& session, const Identity& who) {
  if (session.identity && session.identity->contest == who.contest && session.identity->participant == who.participant) {
    return;
  }
  if (session.identity) on_close(peer);  // forget the earlier identity's entry
  session.identity = who;
  participants_.emplace(who.contest + " " + who.participant, peer);
}

void WsGateway::push_to_participant(const std::string& contest, const std::string& participant, std::string frame) {
  auto shared = std::make_shared<const std::string>(std::move(frame));
  auto [first, last] = participants_.equal_range(contest + " " + participant);
  for (auto it = first; it != last; ++it) {
    if (auto peer = it->second.lock()) peer->send(shared);
  }
}

void WsGateway::on_message(const std::shared_ptr<net::WsPeer>& peer, std::string text) {
  auto& session = context_of(*peer);
  auto parsed = core::parse_frame(text);
  if (auto* error = std::get_if<core::EnvelopeError>(&parsed)) {
    // A malformed frame is answered and forgotten: the connection stays usable.
    reply_error(*peer, session, error->id, error->code, error->message, error->field);
    return;
  }
  auto& request = std::get<core::Request>(parsed);
  auto handler = handlers_.find(request.type);
  if (handler == handlers_.end()) {
    reply_error(*peer, session, request.id, core::ErrorCode::bad_request,
                "unknown message type \"" + request.type + "\"", "type");
    return;
  }
  handler->second(peer, session, request);
}

void WsGateway::hello(const std::shared_ptr<net::WsPeer>& peer, SessionContext& session,
                      const core::Request& request) {
  const auto& body = request.body;
  if (auto lang = body.find("lang"); lang != body.end() && !lang->is_null()) {
    core::Lang parsed;
    if (!lang->is_string() || !core::parse_lang(lang->get<std::string>(), parsed)) {
      reply_error(*peer, session, request.id, core::ErrorCode::bad_request, "\"lang\" must be \"vi\" or \"en\"",
                  "lang");
      return;
    }
    session.lang = parsed;
  }
  if (auto token = body.find("token"); token != body.end() && !token->is_null()) {
    if (!token->is_string()) {
      reply_error(*peer, session, request.id, core::ErrorCode::invalid_token, {}, "token");
      return;
    }
    contests_.resume_session(token->get<std::string>(), [this, peer, request](Outcome o) {
      if (!o.type.empty()) {
        o.body["protocol"] = 1;
        o.body["server_time"] = core::now_ms();
        context_of(*peer).greeted = true;
      }
      send_outcome(peer, request, std::move(o));
    });
    return;
  }
  session.greeted = true;
  peer->send(core::reply_frame("welcome", request.id,
                               {{"protocol", 1}, {"server_time", core::now_ms()}, {"participant", nullptr}}));
}

void WsGateway::reply_error(net::WsPeer& peer, const SessionContext& session, const nlohmann::json& id,
                            core::ErrorCode code, std::string_view detail, std::string_view field,
                            const nlohmann::json& details) {
  // The message is for people, in the session's language; the English detail
  // says exactly what was wrong and is appended for the English session and
  // kept for developers in Vietnamese ones.
  std::string message(core::default_message(code, session.lang));
  if (!detail.empty()) message += session.lang == core::Lang::en ? std::string(" ") + std::string(detail)
                                                                 : std::string(" (") + std::string(detail) + ")";
  if (details.is_null()) {
    peer.send(core::error_frame(id, code, message, field));
    return;
  }
  auto frame = nlohmann::json::parse(core::error_frame(id, code, message, field));
  frame["details"] = details;
  peer.send(frame.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace rq::app
