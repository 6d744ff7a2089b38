#include "app/admin_api.hpp"

#include "core/clock.hpp"
#include "app/http_replies.hpp"
#include "core/bank/bank_export.hpp"
#include "core/bank/bank_import.hpp"
#include "core/security/tokens.hpp"
#include "net/query_string.hpp"
#include "store/keys.hpp"

namespace rq::app {
namespace {

using core::ErrorCode;
using nlohmann::json;

json summary_json(const store::BankSummary& s) {
  json topics = json::array();
  for (const auto& t : s.topics) topics.push_back({{"id", t.id}, {"name", t.name}, {"questions", t.questions}});
  return {{"id", s.id},
          {"title", s.title},
          {"language", s.language},
          {"version", s.version},
          {"questions", s.questions},
          {"topics", topics},
          {"stored_at", s.stored_at}};
}

}  // namespace

AdminApi::AdminApi(store::AdminRepository& admins, store::BankRepository& banks, store::ContestRepository& contests,
                   store::ResultsRepository& results, store::LoginLimiter& limiter, CpuWorker& worker,
                   PasswordHasher& hasher, core::Logger& log, AdminPolicy policy)
    : admins_(admins), banks_(banks), contests_(contests), results_(results), limiter_(limiter), worker_(worker),
      hasher_(hasher), log_(log), policy_(policy) {}

bool AdminApi::handle(const net::HttpRequest& request, net::HttpRespond respond) {
  const std::string& path = request.path;
  if (path.rfind("/api/admin/", 0) != 0 && path != "/api/admin") return false;
  const std::string& method = request.method;

  if (path == "/api/admin/login") {
    if (method != "POST") respond(error_reply(ErrorCode::bad_request, "use POST"));
    else login(request, std::move(respond));
    return true;
  }
  authorize(request, respond, [this, request, respond](const std::string& organiser) {
    const std::string& p = request.path;
    constexpr std::string_view banks_prefix = "/api/admin/banks/";
    if (p == "/api/admin/banks" && request.method == "POST") {
      upload_bank(request, respond, organiser);
    } else if (p == "/api/admin/banks" && request.method == "GET") {
      list_banks(respond);
    } else if (p.rfind(banks_prefix, 0) == 0 && request.method == "GET") {
      get_bank(p.substr(banks_prefix.size()), request, respond);
    } else if (p == "/api/admin/contests" && request.method == "POST") {
      create_contest(request, respond, organiser);
    } else if (p.rfind("/api/admin/contests/", 0) == 0 && request.method == "GET" &&
               p.find('/', std::string_view("/api/admin/contests/").size()) == std::string::npos) {
      get_contest(p.substr(std::string_view("/api/admin/contests/").size()), respond);
    } else if (p.rfind("/api/admin/contests/", 0) == 0) {
      // /api/admin/contests/{c}/rounds/{r}/{action}
      std::vector<std::string> parts;
      std::size_t pos = std::string_view("/api/admin/contests/").size();
      while (pos <= p.size()) {
        auto slash = p.find('/', pos);
        if (slash == std::string::npos) slash = p.size();
        parts.push_back(p.substr(pos, slash - pos));
        pos = slash + 1;
      }
      if (parts.size() == 4 && parts[1] == "rounds") {
        round_action(parts[0], parts[2], parts[3], request, respond, organiser);
      } else {
        respond(error_reply(ErrorCode::not_found, "no such endpoint: " + request.method + " " + p));
      }
    } else {
      respond(error_reply(ErrorCode::not_found, "no such endpoint: " + request.method + " " + p));
    }
  });
  return true;
}

void AdminApi::authorize(const net::HttpRequest& request, const net::HttpRespond& respond, Authorized next) {
  const std::string& header = request.header("authorization");
  constexpr std::string_view scheme = "Bearer ";
  std::string token = header.rfind(scheme, 0) == 0 ? header.substr(scheme.size()) : "";
  if (!core::looks_like_token(token)) {
    auto res = error_reply(ErrorCode::unauthorized, "log in first: Authorization: Bearer <token>");
    res.headers.emplace_back("WWW-Authenticate", "Bearer");
    respond(std::move(res));
    return;
  }
  admins_.session_user(core::sha256_hex(token), [respond, next = std::move(next)](store::StoreResult<std::string> r) {
    if (r.error == store::StoreError::not_found) {
      auto res = error_reply(ErrorCode::unauthorized, "the session has expired or does not exist; log in again");
      res.headers.emplace_back("WWW-Authenticate", "Bearer");
      respond(std::move(res));
    } else if (!r.ok()) {
      respond(store_error_reply(r.error, r.detail));
    } else {
      next(r.value);
    }
  });
}

namespace {

net::HttpResponse too_many(std::int64_t retry_after_ms, std::string_view message) {
  auto res = error_reply(ErrorCode::rate_limited, message);
  res.headers.emplace_back("Retry-After", std::to_string((retry_after_ms + 999) / 1000));
  return res;
}

}  // namespace

void AdminApi::login(const net::HttpRequest& request, net::HttpRespond respond) {
  auto body = json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.value("username", json()).is_string() || !body.value("password", json()).is_string()) {
    respond(error_reply(ErrorCode::bad_request, "send {\"username\": \"…\", \"password\": \"…\"}"));
    return;
  }
  std::string username = body["username"];
  std::string password = body["password"];
  std::string address = request.remote_address;
  auto user_key = store::AdminRepository::failures_key(username);
  auto address_key = store::keys::admin_failures_of_address(address);
  // Step 1: this login takes its place among the failures before any hash.
  limiter_.reserve(user_key, address_key, policy_.login, [=, this](store::StoreResult<std::optional<std::int64_t>> r) {
    if (!r.ok()) return respond(store_error_reply(r.error, r.detail));
    if (r.value) {
      log_.warn("organiser login rate limited", {{"username", username}, {"remote", address}});
      return respond(too_many(*r.value, "too many failed logins; try again in 15 minutes"));
    }
    // Step 2: the stored hash, or none for an unknown user (the decoy then
    // costs the same time).
    admins_.password_hash(username, [=, this](store::StoreResult<std::string> h) {
      if (!h.ok() && h.error != store::StoreError::not_found) return respond(store_error_reply(h.error, h.detail));
      std::string hash = h.ok() ? h.value : std::string();
      // Step 3: the password, on the bounded hasher.
      bool queued = hasher_.verify(password, hash, [=, this](bool matches) {
        if (!matches) {
          log_.warn("organiser login failed", {{"username", username}, {"remote", address}});
          return respond(error_reply(ErrorCode::invalid_credentials, "wrong username or password"));
        }
        limiter_.succeeded(user_key, address_key);
        open_session(username, respond);
      });
      if (!queued) {
        limiter_.cancelled(user_key, address_key);
        respond(too_many(hasher_.retry_after_ms(), "the server is busy; try again in a moment"));
      }
    });
  });
}

void AdminApi::open_session(const std::string& username, net::HttpRespond respond) {
  std::string token = core::random_token();
  std::int64_t expires_at = core::now_ms() + policy_.session_ttl_ms;
  admins_.create_session(core::sha256_hex(token), username, policy_.session_ttl_ms,
                         [this, token, expires_at, username, respond](store::StoreResult<bool> s) {
                           if (!s.ok()) return respond(store_error_reply(s.error, s.detail));
                           log_.info("organiser logged in", {{"username", username}});
                           respond(json_reply(200, {{"token", token}, {"expires_at", expires_at}, {"username", username}}));
                         });
}

void AdminApi::upload_bank(const net::HttpRequest& request, net::HttpRespond respond, const std::string& organiser) {
  auto query = net::parse_query(request.query);
  std::optional<core::BankFormat> format;
  if (auto it = query.find("format"); it != query.end()) {
    format = core::parse_bank_format(it->second);
    if (!format) {
      respond(error_reply(ErrorCode::bad_request, "format must be json, csv, gift or aiken (got '" + it->second + "')",
                          json::array({{{"field", "format"}, {"message", "unknown format"}}})));
      return;
    }
  } else if (request.body.find_first_not_of(" \t\r\n") != std::string::npos &&
             request.body[request.body.find_first_not_of(" \t\r\n")] == '{') {
    format = core::BankFormat::json;
  } else {
    respond(error_reply(ErrorCode::bad_request, "give the file's format: ?format=json|csv|gift|aiken"));
    return;
  }
  core::BankImportOptions options;
  if (auto it = query.find("id"); it != query.end()) options.id = it->second;
  if (auto it = query.find("title"); it != query.end()) options.title = it->second;
  // Parsing a large file takes long enough to stall every connection; it
  // runs on the worker and comes back with the result.
  worker_.run([body = request.body, f = *format, options] { return core::import_bank(body, f, options); },
              [this, respond, organiser](core::BankImportResult result) {
                if (!result.ok()) {
                  std::size_t errors = 0;
                  for (const auto& p : result.problems) errors += p.is_error();
                  respond(error_reply(ErrorCode::invalid_bank,
                                      "the file has " + std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                                          "; nothing was stored",
                                      problems_json(result.problems)));
                  return;
                }
                auto warnings = problems_json(result.problems);
                banks_.save(result.bank, core::now_ms(),
                            [this, respond, warnings, organiser](store::StoreResult<store::BankSummary> saved) {
                              if (!saved.ok()) {
                                respond(store_error_reply(saved.error, saved.detail));
                                return;
                              }
                              log_.info("bank stored", {{"bank", saved.value.id},
                                                        {"version", saved.value.version},
                                                        {"questions", saved.value.questions},
                                                        {"organiser", organiser}});
                              respond(json_reply(201, {{"bank", summary_json(saved.value)}, {"warnings", warnings}}));
                            });
              });
}

void AdminApi::list_banks(net::HttpRespond respond) {
  banks_.list([respond](store::StoreResult<std::vector<store::BankSummary>> r) {
    if (!r.ok()) {
      respond(store_error_reply(r.error, r.detail));
      return;
    }
    json banks = json::array();
    for (const auto& s : r.value) banks.push_back(summary_json(s));
    respond(json_reply(200, {{"banks", banks}}));
  });
}

void AdminApi::get_bank(const std::string& id, const net::HttpRequest& request, net::HttpRespond respond) {
  if (!store::keys::is_valid_id(id)) {
    respond(error_reply(ErrorCode::not_found, "no bank '" + id + "'"));
    return;
  }
  auto query = net::parse_query(request.query);
  std::optional<long long> version;
  if (auto it = query.find("version"); it != query.end()) {
    try {
      version = std::stoll(it->second);
    } catch (const std::exception&) {
      respond(error_reply(ErrorCode::bad_request, "version must be a number"));
      return;
    }
  }
  banks_.load(id, version, [respond](store::StoreResult<store::StoredBank> r) {
    if (!r.ok()) {
      respond(store_error_reply(r.error, r.detail));
      return;
    }
    auto body = summary_json(r.value.summary);
    body["content"] = core::bank_to_json(r.value.bank);
    respond(json_reply(200, {{"bank", body}}));
  });
}

}  // namespace rq::app
