// The organiser API's router: one table of every endpoint (method, path
// with {placeholders}, handler), the bearer-token check every route but
// login passes first, and the dispatch. The handlers live beside it, one
// file per concept: admin_accounts.cpp, admin_banks.cpp, admin_contests.cpp,
// admin_rounds.cpp, admin_finalize.cpp, admin_disqualifications.cpp.
#include "app/admin_api.hpp"

#include <memory>

#include "app/http_replies.hpp"
#include "core/security/tokens.hpp"

namespace rq::app {

using core::ErrorCode;

AdminApi::AdminApi(store::AdminRepository& admins, store::BankRepository& banks, store::ContestRepository& contests,
                   store::ResultsRepository& results, store::ReviewRepository& review, store::AuditStream& audit,
                   store::LoginLimiter& limiter, CpuWorker& worker, PasswordHasher& hasher, core::Logger& log,
                   AdminPolicy policy)
    : admins_(admins), banks_(banks), contests_(contests), results_(results), review_(review), audit_(audit),
      limiter_(limiter), worker_(worker), hasher_(hasher), log_(log), policy_(policy) {}

// A route's permission is checked before its handler runs; a contest-scoped
// one against the contest its path names (always its first placeholder).
struct AdminApi::Route {
  const char* method;
  const char* pattern;
  bool needs_token;
  core::Permission permission;
  void (AdminApi::*handler)(const Call&);
};

const std::vector<AdminApi::Route>& AdminApi::route_table() {
  using P = core::Permission;
  static const std::vector<Route> kRoutes{
      {"POST", "/api/admin/login", false, P::signed_in, &AdminApi::login},
      {"POST", "/api/admin/logout", true, P::signed_in, &AdminApi::logout},
      {"POST", "/api/admin/password", true, P::signed_in, &AdminApi::change_password},
      {"GET", "/api/admin/me", true, P::signed_in, &AdminApi::me},
      {"GET", "/api/admin/users", true, P::manage_accounts, &AdminApi::list_users},
      {"POST", "/api/admin/users", true, P::manage_accounts, &AdminApi::create_user},
      {"POST", "/api/admin/users/{user}/role", true, P::manage_accounts, &AdminApi::set_user_role},
      {"POST", "/api/admin/banks", true, P::manage_banks, &AdminApi::upload_bank},
      {"GET", "/api/admin/banks", true, P::manage_banks, &AdminApi::list_banks},
      {"GET", "/api/admin/banks/{bank}", true, P::manage_banks, &AdminApi::get_bank},
      {"GET", "/api/admin/banks/{bank}/file", true, P::manage_banks, &AdminApi::download_bank},
      {"POST", "/api/admin/contests", true, P::create_contest, &AdminApi::create_contest},
      {"GET", "/api/admin/contests/{contest}", true, P::read_contest, &AdminApi::get_contest},
      {"GET", "/api/admin/contests/{contest}/rounds/{round}/stats", true, P::read_contest, &AdminApi::round_stats},
      {"POST", "/api/admin/contests/{contest}/rounds/{round}/close", true, P::change_contest, &AdminApi::close_round},
      {"POST", "/api/admin/contests/{contest}/rounds/{round}/finalize", true, P::change_contest, &AdminApi::finalize_round},
      {"POST", "/api/admin/contests/{contest}/rounds/{round}/publish", true, P::change_contest, &AdminApi::publish_round},
      {"GET", "/api/admin/contests/{contest}/rounds/{round}/results", true, P::read_contest, &AdminApi::round_results},
      {"GET", "/api/admin/contests/{contest}/rounds/{round}/duplicates", true, P::personal_data, &AdminApi::duplicates_report},
      {"GET", "/api/admin/contests/{contest}/rounds/{round}/items", true, P::change_contest, &AdminApi::item_statistics},
      {"GET", "/api/admin/contests/{contest}/winners", true, P::personal_data, &AdminApi::winners_list},
      {"GET", "/api/admin/contests/{contest}/exclusions", true, P::personal_data, &AdminApi::get_exclusions},
      {"PUT", "/api/admin/contests/{contest}/exclusions", true, P::change_contest, &AdminApi::set_exclusions},
      {"GET", "/api/admin/contests/{contest}/final/stats", true, P::read_contest, &AdminApi::final_stats},
      {"POST", "/api/admin/contests/{contest}/final/finalize", true, P::change_contest, &AdminApi::finalize_final},
      {"POST", "/api/admin/contests/{contest}/final/publish", true, P::change_contest, &AdminApi::publish_final},
      {"GET", "/api/admin/contests/{contest}/final/results", true, P::read_contest, &AdminApi::final_results},
      {"GET", "/api/admin/contests/{contest}/disqualifications", true, P::read_contest, &AdminApi::list_disqualifications},
      {"POST", "/api/admin/contests/{contest}/disqualifications", true, P::change_contest, &AdminApi::disqualify},
      {"POST", "/api/admin/contests/{contest}/disqualifications/{kind}/{target}/lift", true, P::change_contest,
       &AdminApi::lift_disqualification},
  };
  return kRoutes;
}

std::vector<AdminApi::RouteInfo> AdminApi::routes() {
  std::vector<RouteInfo> out;
  for (const auto& r : route_table()) out.push_back({r.method, r.pattern, r.needs_token, r.permission});
  return out;
}

namespace {

std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    auto slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    out.emplace_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}

// The placeholders' values when the path has the pattern's shape.
std::optional<std::vector<std::string>> match(std::string_view pattern, std::string_view path) {
  auto want = segments(pattern), got = segments(path);
  if (want.size() != got.size()) return std::nullopt;
  std::vector<std::string> params;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!want[i].empty() && want[i].front() == '{') {
      if (got[i].empty()) return std::nullopt;
      params.push_back(got[i]);
    } else if (want[i] != got[i]) {
      return std::nullopt;
    }
  }
  return params;
}

std::string forbidden_message(const core::OrganiserAccess& access, core::Permission permission) {
  using P = core::Permission;
  const std::string role(core::to_string(access.role));
  switch (permission) {
    case P::manage_accounts: return "only an admin manages organiser accounts";
    case P::create_contest: return "only an admin creates contests";
    case P::manage_banks: return "a " + role + " does not work on question banks";
    case P::change_contest:
    case P::personal_data:
      if (access.role == core::OrganiserRole::viewer) return "a viewer reads dashboards only";
      [[fallthrough]];
    default: return "this contest is not one of the contests of '" + access.username + "'";
  }
}

net::HttpResponse unauthorized(std::string_view why) {
  auto res = error_reply(ErrorCode::unauthorized, why);
  res.headers.emplace_back("WWW-Authenticate", "Bearer");
  return res;
}

}  // namespace

bool AdminApi::handle(const net::HttpRequest& request, net::HttpRespond respond) {
  if (request.path.rfind("/api/admin/", 0) != 0 && request.path != "/api/admin") return false;
  const Route* found = nullptr;
  std::vector<std::string> params;
  for (const auto& r : route_table()) {
    auto m = match(r.pattern, request.path);
    if (m && r.method == request.method) {
      found = &r;
      params = std::move(*m);
      break;
    }
  }
  if (found && !found->needs_token) {
    (this->*found->handler)(Call{request, std::move(respond), std::move(params), {}, {}});
    return true;
  }
  // Everything else needs a token first, so that an unknown path tells
  // nobody without one which paths exist.
  auto call = std::make_shared<Call>(Call{request, respond, std::move(params), {}, {}});
  authorize(request, respond, [this, found, call](const core::OrganiserAccess& access, const std::string& token_hash) {
    if (!found) {
      return call->respond(error_reply(ErrorCode::not_found,
                                       "no such endpoint: " + call->request.method + " " + call->request.path));
    }
    const bool scoped = std::string_view(found->pattern).find("{contest}") != std::string_view::npos;
    if (!core::may(access, found->permission, scoped ? call->params[0] : std::string())) {
      log_.warn("organiser request forbidden", {{"username", access.username},
                                               {"role", std::string(core::to_string(access.role))},
                                               {"path", call->request.path}});
      return call->respond(error_reply(ErrorCode::forbidden, forbidden_message(access, found->permission)));
    }
    call->organiser = access.username;
    call->access = access;
    call->token_hash = token_hash;
    (this->*found->handler)(*call);
  });
  return true;
}

void AdminApi::authorize(const net::HttpRequest& request, const net::HttpRespond& respond, Authorized next) {
  const std::string& header = request.header("authorization");
  constexpr std::string_view scheme = "Bearer ";
  std::string token = header.rfind(scheme, 0) == 0 ? header.substr(scheme.size()) : "";
  if (!core::looks_like_token(token)) return respond(unauthorized("log in first: Authorization: Bearer <token>"));
  auto token_hash = core::sha256_hex(token);
  admins_.session_user(token_hash, [respond, token_hash, next = std::move(next)](store::StoreResult<core::OrganiserAccess> r) {
    if (r.error == store::StoreError::not_found) {
      return respond(unauthorized("the session has ended (expired, logged out or the password changed); log in again"));
    }
    if (!r.ok()) return respond(store_error_reply(r.error, r.detail));
    next(r.value, token_hash);
  });
}

std::shared_ptr<void> AdminApi::report_slot(const Call& call) {
  if (reports_running_ >= policy_.reports_in_flight) {
    auto res = error_reply(ErrorCode::rate_limited, "other reports are being computed; try again in a few seconds");
    res.headers.emplace_back("Retry-After", "2");
    call.respond(std::move(res));
    return nullptr;
  }
  ++reports_running_;
  // Points at this API only to be non-null; its "deleter" gives the place back.
  return std::shared_ptr<void>(static_cast<void*>(this), [this](void*) { --reports_running_; });
}

void AdminApi::personal_data_download(const Call& call, const std::string& contest, const std::string& what,
                                      std::vector<std::pair<std::string, std::string>> details,
                                      std::function<void()> send) {
  if (!core::may(call.access, core::Permission::personal_data, contest)) {
    return call.respond(error_reply(ErrorCode::forbidden, "a " + std::string(core::to_string(call.access.role)) +
                                                              " does not see personal data"));
  }
  details.insert(details.begin(), {{"what", what}, {"by", call.organiser}});
  audit_.append(contest, "personal_data_download", details,
                [respond = call.respond, send = std::move(send)](store::StoreResult<bool> recorded) {
                  if (!recorded.ok()) return respond(store_error_reply(recorded.error, recorded.detail));
                  send();
                });
}

}  // namespace rq::app
