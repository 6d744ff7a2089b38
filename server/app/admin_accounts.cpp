// Organiser sessions: login (failures limited per username and per address,
// reserved before the password is checked), logout (the token stops working
// at once, on every gateway), and a password change, which ends every
// session opened before it and answers a new one.
#include "app/admin_api.hpp"
#include "app/http_replies.hpp"
#include "core/clock.hpp"
#include "core/security/password.hpp"
#include "core/security/tokens.hpp"
#include "store/keys.hpp"

namespace rq::app {
namespace {

using core::ErrorCode;
using nlohmann::json;

net::HttpResponse too_many(std::int64_t retry_after_ms, std::string_view message) {
  auto res = error_reply(ErrorCode::rate_limited, message);
  res.headers.emplace_back("Retry-After", std::to_string((retry_after_ms + 999) / 1000));
  return res;
}

// {"username": "…", "password": "…"}-like bodies: the named string fields, or
// nullopt when the body is not an object holding them.
std::optional<std::pair<std::string, std::string>> two_strings(const std::string& body, const char* a, const char* b) {
  auto parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object() || !parsed.value(a, json()).is_string() || !parsed.value(b, json()).is_string()) {
    return std::nullopt;
  }
  return std::make_pair(parsed[a].get<std::string>(), parsed[b].get<std::string>());
}

}  // namespace

void AdminApi::login(const Call& call) {
  auto fields = two_strings(call.request.body, "username", "password");
  if (!fields) return call.respond(error_reply(ErrorCode::bad_request, "send {\"username\": \"…\", \"password\": \"…\"}"));
  auto [username, password] = *fields;
  auto respond = call.respond;
  std::string address = call.request.remote_address;
  auto user_key = store::AdminRepository::failures_key(username);
  auto address_key = store::keys::admin_failures_of_address(address);
  // Step 1: this login takes its place among the failures before any hash.
  limiter_.reserve(user_key, address_key, policy_.login, [=, this](store::StoreResult<std::optional<std::int64_t>> r) {
    if (!r.ok()) return respond(store_error_reply(r.error, r.detail));
    if (r.value) {
      log_.warn("organiser login rate limited", {{"username", username}, {"remote", address}});
      return respond(too_many(*r.value, "too many failed logins; try again later"));
    }
    // Step 2: the stored hash, or none for an unknown user (the decoy then
    // costs the same time), with the account's session generation.
    admins_.account(username, [=, this](store::StoreResult<store::AdminAccount> a) {
      if (!a.ok() && a.error != store::StoreError::not_found) {
        limiter_.cancelled(user_key, address_key);
        return respond(store_error_reply(a.error, a.detail));
      }
      std::string hash = a.ok() ? a.value.password_hash : std::string();
      // Step 3: the password, on the bounded hasher. The session carries the
      // generation this hash was read with: a password changed during the
      // check ends it.
      bool queued = hasher_.verify(password, hash, [=, this](bool matches) {
        if (!matches) {
          log_.warn("organiser login failed", {{"username", username}, {"remote", address}});
          return respond(error_reply(ErrorCode::invalid_credentials, "wrong username or password"));
        }
        limiter_.succeeded(user_key, address_key);
        open_session(username, a.value.generation, respond);
      });
      if (!queued) {
        limiter_.cancelled(user_key, address_key);
        respond(too_many(hasher_.retry_after_ms(), "the server is busy; try again in a moment"));
      }
    });
  });
}

void AdminApi::open_session(const std::string& username, long long generation, net::HttpRespond respond) {
  std::string token = core::random_token();
  std::int64_t expires_at = core::now_ms() + policy_.session_ttl_ms;
  admins_.create_session(core::sha256_hex(token), username, generation, policy_.session_ttl_ms,
                         [this, token, expires_at, username, respond](store::StoreResult<bool> s) {
                           if (!s.ok()) return respond(store_error_reply(s.error, s.detail));
                           log_.info("organiser logged in", {{"username", username}});
                           respond(json_reply(200, {{"token", token}, {"expires_at", expires_at}, {"username", username}}));
                         });
}

void AdminApi::logout(const Call& call) {
  admins_.end_session(call.token_hash, [this, respond = call.respond, organiser = call.organiser](store::StoreResult<bool> r) {
    if (!r.ok()) return respond(store_error_reply(r.error, r.detail));
    log_.info("organiser logged out", {{"username", organiser}});
    respond(json_reply(200, json::object()));
  });
}

void AdminApi::change_password(const Call& call) {
  auto fields = two_strings(call.request.body, "current", "new");
  if (!fields) return call.respond(error_reply(ErrorCode::bad_request, "send {\"current\": \"…\", \"new\": \"…\"}"));
  auto [current, fresh] = *fields;
  if (auto problem = core::organiser_password_problem(fresh)) {
    return call.respond(
        error_reply(ErrorCode::invalid_password, *problem, json::array({{{"field", "new"}, {"message", *problem}}})));
  }
  auto respond = call.respond;
  std::string username = call.organiser;
  auto user_key = store::AdminRepository::failures_key(username);
  auto address_key = store::keys::admin_failures_of_address(call.request.remote_address);
  // A wrong current password counts as a failed login: a session left open
  // on a shared computer must not let anyone guess at the password.
  limiter_.reserve(user_key, address_key, policy_.login, [=, this](store::StoreResult<std::optional<std::int64_t>> r) {
    if (!r.ok()) return respond(store_error_reply(r.error, r.detail));
    if (r.value) return respond(too_many(*r.value, "too many failed logins; try again later"));
    admins_.account(username, [=, this](store::StoreResult<store::AdminAccount> a) {
      if (!a.ok()) {
        limiter_.cancelled(user_key, address_key);
        return respond(store_error_reply(a.error, a.detail));
      }
      bool queued = hasher_.verify(current, a.value.password_hash, [=, this](bool matches) {
        if (!matches) return respond(error_reply(ErrorCode::invalid_credentials, "the current password is wrong"));
        limiter_.succeeded(user_key, address_key);
        bool hashing = hasher_.hash(fresh, [=, this](std::string hash) {
          admins_.add_user(username, hash, core::now_ms(), true, [=, this](store::StoreResult<store::SavedAccount> saved) {
            if (!saved.ok()) return respond(store_error_reply(saved.error, saved.detail));
            log_.info("organiser password changed; earlier sessions ended", {{"username", username}});
            open_session(username, saved.value.generation, respond);
          });
        });
        if (!hashing) respond(too_many(hasher_.retry_after_ms(), "the server is busy; try again in a moment"));
      });
      if (!queued) {
        limiter_.cancelled(user_key, address_key);
        respond(too_many(hasher_.retry_after_ms(), "the server is busy; try again in a moment"));
      }
    });
  });
}

}  // namespace rq::app
