// The organiser's HTTP API (docs/protocol.md, "Organiser"): login, and the
// question bank endpoints. Every route but login needs a bearer token from
// login; failed logins are limited per username and per address, reserved
// before the password is checked (store/login_limiter.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "app/cpu_worker.hpp"
#include "app/password_hasher.hpp"
#include "core/observability/log.hpp"
#include "net/http_types.hpp"
#include "store/admin_repository.hpp"
#include "store/bank_repository.hpp"
#include "store/contest_repository.hpp"
#include "store/login_limiter.hpp"
#include "store/results_repository.hpp"

namespace rq::app {

struct AdminPolicy {
  std::int64_t session_ttl_ms = 12LL * 3600 * 1000;  // a working day
  store::LoginLimit login{5, 20, 15LL * 60 * 1000};  // failures per username, per address, window
};

class AdminApi {
 public:
  AdminApi(store::AdminRepository& admins, store::BankRepository& banks, store::ContestRepository& contests,
           store::ResultsRepository& results, store::LoginLimiter& limiter, CpuWorker& worker,
           PasswordHasher& hasher, core::Logger& log, AdminPolicy policy = {});

  // Where a contest's pushes go (round.closed, results.published): every
  // session subscribed to the contest, on every gateway. `published_round`
  // names the round whose results the push announces (empty otherwise), so
  // that every gateway reads them anew.
  using Broadcast =
      std::function<void(const std::string& contest, std::string frame, const std::string& published_round)>;
  void on_broadcast(Broadcast broadcast) { broadcast_ = std::move(broadcast); }

  // True when the path is under /api/admin/ (then respond is called once).
  bool handle(const net::HttpRequest& request, net::HttpRespond respond);

 private:
  using Authorized = std::function<void(const std::string& username)>;

  void login(const net::HttpRequest& request, net::HttpRespond respond);
  void open_session(const std::string& username, net::HttpRespond respond);
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
  store::LoginLimiter& limiter_;
  CpuWorker& worker_;
  PasswordHasher& hasher_;
  core::Logger& log_;
  AdminPolicy policy_;
  Broadcast broadcast_;
};

}  // namespace rq::app
