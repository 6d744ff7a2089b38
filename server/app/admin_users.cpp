// Organiser accounts and roles (core/security/organiser_role.hpp): who is
// signed in (`me`, for the dashboard to show only what the role may do), and
// for admins the list of accounts, a new account, and a role change, which
// holds from the account's next request (every request reads the role).
#include <variant>

#include "app/admin_api.hpp"
#include "app/http_replies.hpp"
#include "core/clock.hpp"
#include "core/security/organiser_role.hpp"
#include "core/security/password.hpp"
#include "store/keys.hpp"

namespace rq::app {
namespace {

using core::ErrorCode;
using nlohmann::json;

json access_json(const core::OrganiserAccess& a) {
  return {{"username", a.username}, {"role", core::to_string(a.role)}, {"contests", a.contests}};
}

// role and contests from a request body: the access, or the reply refusing it.
std::variant<core::OrganiserAccess, net::HttpResponse> access_from(const json& body) {
  core::OrganiserAccess access;
  auto role = body.find("role");
  if (role == body.end() || !role->is_string() || !core::organiser_role_of(role->get<std::string>())) {
    return bad_field_reply("role", "role must be \"admin\", \"organiser\" or \"viewer\"");
  }
  access.role = *core::organiser_role_of(role->get<std::string>());
  auto contests = body.find("contests");
  if (contests != body.end() && !contests->is_array()) return bad_field_reply("contests", "contests must be a list of contest ids");
  if (contests != body.end()) {
    for (const auto& c : *contests) {
      if (!c.is_string() || !store::keys::is_valid_id(c.get<std::string>())) {
        return bad_field_reply("contests", "contests must be a list of contest ids (" + c.dump() + " is not one)");
      }
      access.contests.push_back(c.get<std::string>());
    }
  }
  if (auto problem = core::access_problem(access)) return bad_field_reply("contests", *problem);
  return core::normalised(std::move(access));
}

}  // namespace

void AdminApi::me(const Call& call) { call.respond(json_reply(200, access_json(call.access))); }

void AdminApi::list_users(const Call& call) {
  admins_.users([respond = call.respond](auto users) {
    if (!users.ok()) return respond(store_error_reply(users.error, users.detail));
    json list = json::array();
    for (const auto& u : users.value) list.push_back(access_json(u));
    respond(json_reply(200, {{"users", list}}));
  });
}

void AdminApi::create_user(const Call& call) {
  auto body = json::parse(call.request.body, nullptr, false);
  if (!body.is_object()) return call.respond(error_reply(ErrorCode::bad_request, "the body must be a JSON object"));
  std::string username = body.value("username", json()).is_string() ? body["username"].get<std::string>() : "";
  if (!store::keys::is_valid_username(username)) {
    return call.respond(bad_field_reply("username", "the username must be 3 to 32 lowercase letters, digits, '-' or '_'"));
  }
  std::string password = body.value("password", json()).is_string() ? body["password"].get<std::string>() : "";
  if (auto problem = core::organiser_password_problem(password)) return call.respond(bad_field_reply("password", *problem));
  auto access = access_from(body);
  if (auto* refusal = std::get_if<net::HttpResponse>(&access)) return call.respond(std::move(*refusal));
  auto granted = std::get<core::OrganiserAccess>(access);
  granted.username = username;
  auto respond = call.respond;
  bool queued = hasher_.hash(password, [this, respond, granted, by = call.organiser](std::string hash) {
    admins_.add_user(
        granted.username, hash, core::now_ms(), false,
        [this, respond, granted, by](store::StoreResult<store::SavedAccount> saved) {
          if (saved.error == store::StoreError::conflict) {
            return respond(error_reply(ErrorCode::already_exists, "the organiser '" + granted.username + "' already exists"));
          }
          if (!saved.ok()) return respond(store_error_reply(saved.error, saved.detail));
          log_.info("organiser account created", {{"username", granted.username},
                                                  {"role", std::string(core::to_string(granted.role))},
                                                  {"by", by}});
          respond(json_reply(201, {{"user", access_json(granted)}}));
        },
        granted);
  });
  if (!queued) respond(error_reply(ErrorCode::rate_limited, "the server is busy; try again in a moment"));
}

void AdminApi::set_user_role(const Call& call) {
  const std::string username = call.params[0];
  auto body = json::parse(call.request.body, nullptr, false);
  if (!body.is_object()) return call.respond(error_reply(ErrorCode::bad_request, "the body must be a JSON object"));
  auto access = access_from(body);
  if (auto* refusal = std::get_if<net::HttpResponse>(&access)) return call.respond(std::move(*refusal));
  auto granted = std::get<core::OrganiserAccess>(access);
  granted.username = username;
  if (username == call.organiser && granted.role != core::OrganiserRole::admin) {
    // The last admin could otherwise lock everyone out of the accounts.
    return call.respond(bad_field_reply("role", "an admin cannot take away their own admin role"));
  }
  admins_.set_role(username, granted.role, granted.contests, core::now_ms(),
                   [this, respond = call.respond, granted, by = call.organiser](store::StoreResult<bool> r) {
                     if (!r.ok()) return respond(store_error_reply(r.error, r.detail));
                     log_.info("organiser role set", {{"username", granted.username},
                                                      {"role", std::string(core::to_string(granted.role))},
                                                      {"by", by}});
                     respond(json_reply(200, {{"user", access_json(granted)}}));
                   });
}

}  // namespace rq::app
