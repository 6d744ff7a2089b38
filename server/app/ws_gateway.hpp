// The contestant side of protocol v1 over WebSocket: turns each frame into a
// typed request (core/protocol/requests.hpp), holds each connection to its
// request budget, dispatches the request to its flow, and keeps the
// envelope's promise that a request with an id gets exactly one reply, even
// when the flow fails on the way (then the reply is `internal`).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/account_service.hpp"
#include "app/attempt_service.hpp"
#include "app/outcome.hpp"
#include "app/results_views.hpp"
#include "core/observability/log.hpp"
#include "core/observability/metrics.hpp"
#include "core/protocol/envelope.hpp"
#include "core/protocol/request_budget.hpp"
#include "net/http_types.hpp"

namespace rq::app {

// What the protocol layer remembers about one connection.
struct SessionContext {
  core::Lang lang = core::Lang::vi;
  bool greeted = false;
  std::vector<std::string> subscriptions;
  std::optional<Identity> identity;  // after register, login or hello with a token
  std::optional<core::RequestBudget> budget;
  bool ended = false;  // the connection closed; replies still on their way are dropped
};

class WsGateway : public net::WsHandler {
 public:
  struct Flows {
    AccountService& accounts;
    AttemptService& attempts;
    ResultsViews& results;
  };
  WsGateway(Flows flows, core::RequestBudgetOptions budget, core::MetricsRegistry& metrics, core::Logger& log);

  void on_open(const std::shared_ptr<net::WsPeer>& peer) override;
  void on_message(const std::shared_ptr<net::WsPeer>& peer, std::string text) override;
  void on_close(const std::shared_ptr<net::WsPeer>& peer) override;

  // Sends a pushed frame to every session subscribed to the contest here.
  void broadcast(const std::string& contest, std::string frame);
  // Sends a pushed frame to every session of this participant on this gateway.
  void push_to_participant(const std::string& contest, const std::string& participant, std::string frame);

 private:
  class PendingRequest;
  struct Dispatch;

  void hello(const std::shared_ptr<net::WsPeer>& peer, SessionContext& session, const core::HelloRequest& request,
             Reply reply);
  void subscribe(const std::shared_ptr<net::WsPeer>& peer, const core::SubscribeRequest& request, Reply reply);
  // Sends a flow's outcome as the reply to the request with this id,
  // adopting the identity it carries.
  void send_outcome(const std::shared_ptr<net::WsPeer>& peer, const nlohmann::json& id, Outcome outcome);
  void send_error(net::WsPeer& peer, const SessionContext& session, const nlohmann::json& id, const Outcome& outcome);
  void adopt(const std::shared_ptr<net::WsPeer>& peer, SessionContext& session, const Identity& who);
  void forget_identity(const net::WsPeer& peer, const SessionContext& session);
  void count_tables();

  Flows flows_;
  core::RequestBudgetOptions budget_options_;
  core::Logger& log_;
  // "<contest> <participant>" -> the sessions of that participant here.
  std::unordered_multimap<std::string, std::weak_ptr<net::WsPeer>> participants_;
  // contest -> the sessions subscribed to it here.
  std::unordered_multimap<std::string, std::weak_ptr<net::WsPeer>> subscribers_;
  core::Gauge& participants_tracked_;
  core::Gauge& subscribers_tracked_;
  core::Counter& rate_limited_;
  core::Counter& abusive_closed_;
  core::Counter& internal_errors_;
};

}  // namespace rq::app
