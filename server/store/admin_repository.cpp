#include "store/admin_repository.hpp"

#include <algorithm>
#include <memory>

#include "store/fan_out.hpp"
#include "store/keys.hpp"
#include "store/lua_script.hpp"
#include "store/reply_values.hpp"

namespace rq::store {
namespace {

std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

// The role and contests as stored; an account from before roles is an admin.
core::OrganiserAccess access_of(const std::string& username, const RedisReply& role, const RedisReply& contests) {
  core::OrganiserAccess a;
  a.username = username;
  a.role = role.is_nil() ? core::OrganiserRole::admin
                         : core::organiser_role_of(role.str).value_or(core::OrganiserRole::viewer);
  if (!contests.is_nil()) a.contests = split_ids(contests.str);
  return a;
}

}  // namespace

void AdminRepository::add_user(const std::string& username, const std::string& password_hash, std::int64_t now_ms,
                               bool replace, std::function<void(StoreResult<SavedAccount>)> done,
                               const core::OrganiserAccess& access) {
  redis_.eval(lua_script("admin_user_save"), {keys::admin_user(username)},
              {password_hash, std::to_string(now_ms), replace ? "replace" : "add", std::string(core::to_string(access.role)),
               joined(access.contests)},
              [this, username, done](RedisResult r) {
                if (!r.ok() || r.reply.elements.size() != 2) return done({store_error_of(r), detail_of(r), {}});
                const auto& status = r.reply.elements[0].str;
                if (status == "exists") {
                  return done({StoreError::conflict, "the organiser '" + username + "' already exists", {}});
                }
                SavedAccount saved{status == "created", reply_integer(r.reply.elements[1])};
                // The index is another key (another cluster slot): its own
                // command. Missing from it, an account still works; it is
                // only not listed.
                redis_.command({"SADD", keys::admin_index(), username},
                               [saved, done](RedisResult) { done({StoreError::none, {}, saved}); });
              });
}

void AdminRepository::set_role(const std::string& username, core::OrganiserRole role,
                               const std::vector<std::string>& contests, std::int64_t now_ms,
                               std::function<void(StoreResult<bool>)> done) {
  if (!keys::is_valid_username(username)) {
    redis_.post([done] { done({StoreError::not_found, "no such organiser", false}); });
    return;
  }
  redis_.eval(lua_script("admin_user_role"), {keys::admin_user(username)},
              {std::string(core::to_string(role)), joined(contests), std::to_string(now_ms)},
              [this, username, done](RedisResult r) {
                if (!r.ok()) return done({store_error_of(r), detail_of(r), false});
                if (r.reply.str == "not_found") return done({StoreError::not_found, "no such organiser", false});
                redis_.command({"SADD", keys::admin_index(), username},
                               [done](RedisResult) { done({StoreError::none, {}, true}); });
              });
}

void AdminRepository::users(std::function<void(StoreResult<std::vector<core::OrganiserAccess>>)> done) {
  redis_.command({"SMEMBERS", keys::admin_index()}, [this, done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), {}});
    std::vector<std::string> names;
    for (const auto& e : r.reply.elements) {
      if (keys::is_valid_username(e.str)) names.push_back(e.str);
    }
    std::sort(names.begin(), names.end());
    fan_out<core::OrganiserAccess>(
        redis_, std::move(names),
        [](const std::string& name) { return std::vector<std::string>{"HMGET", keys::admin_user(name), "role", "contests"}; },
        [](const std::string& name, const RedisReply& reply) -> std::optional<core::OrganiserAccess> {
          if (reply.elements.size() != 2) return std::nullopt;
          return access_of(name, reply.elements[0], reply.elements[1]);
        },
        "organiser account", done);
  });
}

void AdminRepository::account(const std::string& username, std::function<void(StoreResult<AdminAccount>)> done) {
  if (!keys::is_valid_username(username)) {
    redis_.post([done] { done({StoreError::not_found, "no such organiser", {}}); });
    return;
  }
  redis_.command({"HMGET", keys::admin_user(username), "password", "generation"}, [done](RedisResult r) {
    if (!r.ok() || r.reply.elements.size() != 2) return done({store_error_of(r), detail_of(r), {}});
    const auto& e = r.reply.elements;
    if (e[0].is_nil()) return done({StoreError::not_found, "no such organiser", {}});
    // An account from before generations is at generation 0.
    done({StoreError::none, {}, AdminAccount{e[0].str, e[1].is_nil() ? 0 : reply_integer(e[1])}});
  });
}

void AdminRepository::create_session(const std::string& token_hash, const std::string& username, long long generation,
                                     std::int64_t ttl_ms, std::function<void(StoreResult<bool>)> done) {
  redis_.command({"SET", keys::admin_token(token_hash), username + " " + std::to_string(generation), "PX",
                  std::to_string(ttl_ms)},
                 [this, username, done](RedisResult r) {
                   if (!r.ok()) return done({store_error_of(r), detail_of(r), false});
                   // An account from before the index joins it at its next login.
                   redis_.command({"SADD", keys::admin_index(), username},
                                  [done](RedisResult) { done({StoreError::none, {}, true}); });
                 });
}

void AdminRepository::session_user(const std::string& token_hash,
                                   std::function<void(StoreResult<core::OrganiserAccess>)> done) {
  redis_.command({"GET", keys::admin_token(token_hash)}, [this, done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), {}});
    auto space = r.reply.str.find(' ');
    if (r.reply.is_nil() || space == std::string::npos) return done({StoreError::not_found, "no such session", {}});
    std::string username = r.reply.str.substr(0, space);
    std::string generation = r.reply.str.substr(space + 1);
    if (!keys::is_valid_username(username)) return done({StoreError::not_found, "no such session", {}});
    redis_.command({"HMGET", keys::admin_user(username), "password", "generation", "role", "contests"},
                   [username, generation, done](RedisResult g) {
      if (!g.ok() || g.reply.elements.size() != 4) return done({store_error_of(g), detail_of(g), {}});
      // An account from before generations is at generation 0.
      const auto& e = g.reply.elements;
      std::string current = e[1].is_nil() ? "0" : e[1].str;
      if (e[0].is_nil() || current != generation) return done({StoreError::not_found, "the session has ended", {}});
      done({StoreError::none, {}, access_of(username, e[2], e[3])});
    });
  });
}

void AdminRepository::end_session(const std::string& token_hash, std::function<void(StoreResult<bool>)> done) {
  redis_.command({"DEL", keys::admin_token(token_hash)}, [done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), false});
    done({StoreError::none, {}, true});
  });
}

std::string AdminRepository::failures_key(const std::string& username) {
  return keys::is_valid_username(username) ? keys::admin_failures_of_user(username)
                                           : keys::admin_failures_of_user("invalid-usernames");
}

}  // namespace rq::store
