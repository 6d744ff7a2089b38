#include "app/ws_gateway.hpp"

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

WsGateway::WsGateway(core::Logger& log) : log_(log) {
  handlers_["hello"] = [this](const auto& peer, SessionContext& s, const core::Request& r) { hello(peer, s, r); };
}

void WsGateway::on_open(const std::shared_ptr<net::WsPeer>& peer) { context_of(*peer); }

void WsGateway::on_close(const std::shared_ptr<net::WsPeer>&) {}

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
    // No participant tokens are issued yet (registration arrives with the
    // contest flows), so every token is unknown.
    reply_error(*peer, session, request.id, core::ErrorCode::invalid_token, {}, "token");
    return;
  }
  session.greeted = true;
  peer->send(core::reply_frame("welcome", request.id,
                               {{"protocol", 1}, {"server_time", core::now_ms()}, {"participant", nullptr}}));
}

void WsGateway::reply_error(net::WsPeer& peer, const SessionContext& session, const nlohmann::json& id,
                            core::ErrorCode code, std::string_view detail, std::string_view field) {
  // The message is for people, in the session's language; the English detail
  // says exactly what was wrong and is appended for the English session and
  // kept for developers in Vietnamese ones.
  std::string message(core::default_message(code, session.lang));
  if (!detail.empty()) message += session.lang == core::Lang::en ? std::string(" ") + std::string(detail)
                                                                 : std::string(" (") + std::string(detail) + ")";
  peer.send(core::error_frame(id, code, message, field));
}

}  // namespace rq::app
