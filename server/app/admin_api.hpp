// The organiser's HTTP API (docs/protocol.md, "Organiser"): login, and the
// question bank endpoints. Every route but login needs a bearer token from
// login; failed logins are rate-limited per username and per address.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "app/cpu_worker.hpp"
#include "core/observability/log.hpp"
#include "net/http_types.hpp"
#include "store/admin_repository.hpp"
#include "store/bank_repository.hpp"
#include "store/contest_repository.hpp"
#include "store/results_repository.hpp"

namespace rq::app {

struct AdminPolicy {
  std::int64_t session_ttl_ms = 12LL * 3600 * 1000;  // a working day
  long long max_failures_per_user = 5;                // in one window
  long long max_failures_per_address = 20;
  std::int64_t failure_window_ms = 15LL * 60 * 1000;
};

class AdminApi {
 public:
  AdminApi(store::AdminRepository& admins, store::BankRepository& banks, store::ContestRepository& contests,
           store::ResultsRepository& results, CpuWorker& worker, core::Logger& log, AdminPolicy policy = {});

  // Where a contest's pushes go (round.closed, results.published): every
  // session subscribed to the contest.
  using Broadcast = std::function<void(const std::string& contest, std::string frame)>;
  void on_broadcast(Broadcast broadcast) { broadcast_ = std::move(broadcast); }

  // True when the path is under /api/admin/ (then respond is called once).
  bool handle(const net::HttpRequest& request, net::HttpRespond respond);

 private:
  using Authorized = std::function<void(const std::string& username)>;

  void login(const net::HttpRequest& request, net::HttpRespond respond);
  void authorize(const net::HttpRequest& request, const net::HttpRespond& respond, Authorized next);
  void upload_bank(const net::HttpRequest& request, net::HttpRespond respond, const std::string& organiser);
  void list_banks(net::HttpRespond respond);
  void get_bank(const std::string& id, const net::HttpRequest& request, net::HttpRespond respond);
  // admin_contests.cpp
  void create_contest(const net::HttpRequest& request, net::HttpRespond respond, const std::string& organiser);
  void get_contest(const std::string& id, net::HttpRespond respond);
  // admin_rounds.cpp: /api/admin/contests/{c}/rounds/{r}/{close|finalize|publish|results}
  void round_action(const std::string& contest, const std::string& round, const std::string& action,
                    const net::HttpRequest& request, net::HttpRespond respond, const std::string& organiser);
  void finalize(const std::string& contest, const std::string& round, net::HttpRespond respond, const std::string& organiser);

  store::AdminRepository& admins_;
  store::BankRepository& banks_;
  store::ContestRepository& contests_;
  store::ResultsRepository& results_;
  CpuWorker& worker_;
  core::Logger& log_;
  AdminPolicy policy_;
  Broadcast broadcast_;
};

}  // namespace rq::app
