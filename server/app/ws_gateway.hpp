// The contestant side of protocol v1 over WebSocket: turns each frame into a
// request, dispatches it by "type" to its handler, and guarantees the
// envelope's promise that a request with an id gets exactly one reply.
// Handlers for register, login, attempts and results join the table as the
// contest flows are built.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>

#include "app/contest_service.hpp"
#include "core/observability/log.hpp"
#include "core/protocol/envelope.hpp"
#include "net/http_types.hpp"

namespace rq::app {

// What the protocol layer remembers about one connection.
struct SessionContext {
  core::Lang lang = core::Lang::vi;
  bool greeted = false;
  std::vector<std::string> subscriptions;
  std::optional<Identity> identity;  // after register, login or hello with a token
};

class WsGateway : public net::WsHandler {
 public:
  WsGateway(ContestService& contests, core::Logger& log);

  void on_open(const std::shared_ptr<net::WsPeer>& peer) override;
  void on_message(const std::shared_ptr<net::WsPeer>& peer, std::string text) override;
  void on_close(const std::shared_ptr<net::WsPeer>& peer) override;

  // Sends a pushed frame to every session subscribed to the contest here.
  void broadcast(const std::string& contest, std::string frame);

  // Sends a pushed frame to every session of this participant on this gateway.
  void push_to_participant(const std::string& contest, const std::string& participant, std::string frame);

 private:
  using Handler = std::function<void(const std::shared_ptr<net::WsPeer>&, SessionContext&, const core::Request&)>;

  void hello(const std::shared_ptr<net::WsPeer>& peer, SessionContext& session, const core::Request& request);
  static void reply_error(net::WsPeer& peer, const SessionContext& session, const nlohmann::json& id,
                          core::ErrorCode code, std::string_view detail = {}, std::string_view field = {},
                          const nlohmann::json& details = nlohmann::json());
  // Sends a service outcome as the reply to `request`, adopting its identity.
  void send_outcome(const std::shared_ptr<net::WsPeer>& peer, const core::Request& request, Outcome outcome);
  // Adds a handler that needs a participant (unauthorized otherwise).
  void add_participant_handler(const std::string& type,
                               std::function<void(ContestService&, const Identity&, const nlohmann::json&, Reply)> call);

  void adopt(const std::shared_ptr<net::WsPeer>& peer, SessionContext& session, const Identity& who);

  ContestService& contests_;
  core::Logger& log_;
  // "<contest> <participant>" -> the sessions of that participant here.
  std::unordered_multimap<std::string, std::weak_ptr<net::WsPeer>> participants_;
  // contest -> the sessions subscribed to it here.
  std::unordered_multimap<std::string, std::weak_ptr<net::WsPeer>> subscribers_;
  std::unordered_map<std::string, Handler> handlers_;
};

}  // namespace rq::app
