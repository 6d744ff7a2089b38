#include "store/admin_repository.hpp"

#include "store/keys.hpp"
#include "store/lua_script.hpp"
#include "store/reply_values.hpp"

namespace rq::store {
void AdminRepository::add_user(const std::string& username, const std::string& password_hash, std::int64_t now_ms,
                               bool replace, std::function<void(StoreResult<SavedAccount>)> done) {
  redis_.eval(lua_script("admin_user_save"), {keys::admin_user(username)},
              {password_hash, std::to_string(now_ms), replace ? "replace" : "add"}, [username, done](RedisResult r) {
                if (!r.ok() || r.reply.elements.size() != 2) return done({store_error_of(r), detail_of(r), {}});
                const auto& status = r.reply.elements[0].str;
                if (status == "exists") {
                  return done({StoreError::conflict, "the organiser '" + username + "' already exists", {}});
                }
                done({StoreError::none, {}, SavedAccount{status == "created", reply_integer(r.reply.elements[1])}});
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
                 [done](RedisResult r) {
                   if (!r.ok()) done({store_error_of(r), detail_of(r), false});
                   else done({StoreError::none, {}, true});
                 });
}

void AdminRepository::session_user(const std::string& token_hash, std::function<void(StoreResult<std::string>)> done) {
  redis_.command({"GET", keys::admin_token(token_hash)}, [this, done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), {}});
    auto space = r.reply.str.find(' ');
    if (r.reply.is_nil() || space == std::string::npos) return done({StoreError::not_found, "no such session", {}});
    std::string username = r.reply.str.substr(0, space);
    std::string generation = r.reply.str.substr(space + 1);
    if (!keys::is_valid_username(username)) return done({StoreError::not_found, "no such session", {}});
    redis_.command({"HMGET", keys::admin_user(username), "password", "generation"}, [username, generation, done](RedisResult g) {
      if (!g.ok() || g.reply.elements.size() != 2) return done({store_error_of(g), detail_of(g), {}});
      // An account from before generations is at generation 0.
      const auto& e = g.reply.elements;
      std::string current = e[1].is_nil() ? "0" : e[1].str;
      if (e[0].is_nil() || current != generation) return done({StoreError::not_found, "the session has ended", {}});
      done({StoreError::none, {}, username});
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
