// The organiser's HTTP API (docs/protocol.md, "Organiser"): login, and the
// question bank endpoints. Every route but login needs a bearer token from
// login; failed logins are limited per username and per address, reserved
// before the password is checked (store/login_limiter.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/cpu_worker.hpp"
#include "app/password_hasher.hpp"
#include "core/contest/contest.hpp"
#include "core/observability/log.hpp"
#include "core/security/organiser_role.hpp"
#include "net/http_types.hpp"
#include "store/admin_repository.hpp"
#include "store/audit_stream.hpp"
#include "store/bank_repository.hpp"
#include "store/contest_repository.hpp"
#include "store/login_limiter.hpp"
#include "store/results_repository.hpp"
#include "store/review_repository.hpp"

namespace rq::app {

struct AdminPolicy {
  std::int64_t session_ttl_ms = 12LL * 3600 * 1000;  // a working day
  store::LoginLimit login{5, 20, 15LL * 60 * 1000};  // failures per username, per address, window
  // Review reports (duplicates, item statistics) being computed at once, over
  // every organiser: each reads every entry of a round and shares the CPU
  // worker with finalize. Beyond it: 429 rate_limited.
  std::size_t reports_in_flight = 2;
};

class AdminApi {
 public:
  AdminApi(store::AdminRepository& admins, store::BankRepository& banks, store::ContestRepository& contests,
           store::ResultsRepository& results, store::ReviewRepository& review, store::AuditStream& audit,
           store::LoginLimiter& limiter, CpuWorker& worker, PasswordHasher& hasher, core::Logger& log,
           AdminPolicy policy = {});

  // Where a contest's pushes go (round.closed, results.published): every
  // session subscribed to the contest, on every gateway. `published_round`
  // names the round whose results the push announces (empty otherwise), so
  // that every gateway reads them anew.
  using Broadcast =
      std::function<void(const std::string& contest, std::string frame, const std::string& published_round)>;
  void on_broadcast(Broadcast broadcast) { broadcast_ = std::move(broadcast); }
  // How finalize closes an attempt still running in a closed round: the
  // sweeper's own path (AttemptService::expire), so its owner is told.
  using Expire = std::function<void(const std::string& contest, const std::string& attempt, std::function<void()> done)>;
  void on_expire(Expire expire) { expire_ = std::move(expire); }

  // True when the path is under /api/admin/ (then respond is called once).
  bool handle(const net::HttpRequest& request, net::HttpRespond respond);

  // Every organiser endpoint: method and path, with {placeholders} for ids.
  // All but login need a bearer token; a test walks this list to hold every
  // route to that, so a route added without it fails.
  struct RouteInfo {
    std::string method;
    std::string pattern;
    bool needs_token;
    core::Permission permission;
  };
  static std::vector<RouteInfo> routes();

 private:
  // A matched request: the route's {placeholders} in order, and who asks.
  struct Call {
    net::HttpRequest request;  // a copy: handlers answer later, after the caller's request is gone
    net::HttpRespond respond;
    std::vector<std::string> params;
    std::string organiser;   // empty for login
    core::OrganiserAccess access;  // who asks, with their role now
    std::string token_hash;  // the session's, empty for login
  };
  struct Route;
  static const std::vector<Route>& route_table();
  using Authorized = std::function<void(const core::OrganiserAccess& access, const std::string& token_hash)>;
  void authorize(const net::HttpRequest& request, const net::HttpRespond& respond, Authorized next);
  // Personal data leaves only for those who may see it, and only once the
  // download is in the contest's audit stream (who, what, when): otherwise
  // 403, or 503 when the event cannot be written. `what` names the data
  // ("ranking", "duplicates", …), `details` its round and format.
  void personal_data_download(const Call& call, const std::string& contest, const std::string& what,
                              std::vector<std::pair<std::string, std::string>> details, std::function<void()> send);

  // admin_accounts.cpp
  void login(const Call& call);
  void logout(const Call& call);
  void change_password(const Call& call);
  void open_session(const std::string& username, long long generation, net::HttpRespond respond);
  // admin_users.cpp: roles (core/security/organiser_role.hpp)
  void me(const Call& call);
  void list_users(const Call& call);
  void create_user(const Call& call);
  void set_user_role(const Call& call);
  // admin_banks.cpp
  void upload_bank(const Call& call);
  void list_banks(const Call& call);
  void get_bank(const Call& call);
  void download_bank(const Call& call);
  // admin_contests.cpp
  void create_contest(const Call& call);
  void get_contest(const Call& call);
  // admin_rounds.cpp: /api/admin/contests/{c}/rounds/{r}/…
  void round_stats(const Call& call) { round_action(call, "stats"); }
  void close_round(const Call& call) { round_action(call, "close"); }
  void finalize_round(const Call& call) { round_action(call, "finalize"); }
  void publish_round(const Call& call) { round_action(call, "publish"); }
  void round_results(const Call& call) { round_action(call, "results"); }
  void round_action(const Call& call, const std::string& action);
  void send_results(const Call& call, const std::string& contest, const std::string& round, const std::string& file_stem,
                    const std::string& what);
  // admin_final.cpp: /api/admin/contests/{c}/final/…, the final ranking across rounds
  struct FinalizingFinal;
  void with_final(const Call& call, std::function<void(core::ContestConfig)> next);
  void final_stats(const Call& call);
  void finalize_final(const Call& call);
  void read_round_awards(std::shared_ptr<FinalizingFinal> f, std::size_t next);
  void read_final_entries(std::shared_ptr<FinalizingFinal> f, std::size_t next);
  void compute_final(std::shared_ptr<FinalizingFinal> f);
  void publish_final(const Call& call);
  void final_results(const Call& call);
  // admin_disqualifications.cpp: /api/admin/contests/{c}/disqualifications…
  void list_disqualifications(const Call& call);
  void disqualify(const Call& call);
  void lift_disqualification(const Call& call);

  // A place among the reports in flight, given back when the last copy of
  // it goes (on the I/O thread: it is held only by I/O-thread callbacks);
  // nullptr, with the call answered 429, when every place is taken.
  std::shared_ptr<void> report_slot(const Call& call);
  std::size_t reports_running_ = 0;

  // admin_exclusions.cpp: /api/admin/contests/{c}/exclusions
  void get_exclusions(const Call& call);
  void set_exclusions(const Call& call);

  // admin_items.cpp
  void item_statistics(const Call& call);
  // The latest versions of these banks, in order (a round's banks).
  void load_banks(std::vector<std::string> ids, std::vector<core::QuestionBank> loaded,
                  std::function<void(store::StoreResult<std::vector<core::QuestionBank>>)> done);

  // admin_winners.cpp: the winners list for the prize paperwork, as named steps
  struct WinnersGathering;
  void winners_list(const Call& call);
  void read_round_winners(std::shared_ptr<WinnersGathering> g);
  void read_final_winners(std::shared_ptr<WinnersGathering> g);
  void send_winners(std::shared_ptr<WinnersGathering> g);

  // admin_duplicates.cpp
  struct DuplicatesReview;
  void duplicates_report(const Call& call);
  void read_duplicate_evidence(std::shared_ptr<DuplicatesReview> d);
  void compute_duplicates(std::shared_ptr<DuplicatesReview> d);
  // admin_finalize.cpp, as named steps
  struct Finalizing;
  void finalize(const std::string& contest, const std::string& round, net::HttpRespond respond, const std::string& organiser);
  void finalize_when_closed(std::shared_ptr<Finalizing> f);
  void expire_running(std::shared_ptr<Finalizing> f);
  void read_entries(std::shared_ptr<Finalizing> f);
  void read_disqualifications(std::shared_ptr<Finalizing> f);  // the exclusion list first
  void read_disqualification_list(std::shared_ptr<Finalizing> f);
  void read_earlier_awards(std::shared_ptr<Finalizing> f);
  void compute(std::shared_ptr<Finalizing> f);

  store::AdminRepository& admins_;
  store::BankRepository& banks_;
  store::ContestRepository& contests_;
  store::ResultsRepository& results_;
  store::ReviewRepository& review_;
  store::AuditStream& audit_;
  store::LoginLimiter& limiter_;
  CpuWorker& worker_;
  PasswordHasher& hasher_;
  core::Logger& log_;
  AdminPolicy policy_;
  Broadcast broadcast_;
  Expire expire_;
};

}  // namespace rq::app
