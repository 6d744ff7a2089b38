#include "store/admin_repository.hpp"

#include "store/keys.hpp"
#include "store/lua_script.hpp"
#include "store/reply_values.hpp"

namespace rq::store {
void AdminRepository::add_user(const std::string& username, const std::string& password_hash, std::int64_t now_ms,
                               bool replace, std::function<void(StoreResult<bool>)> done) {
  // HSETNX on the password field makes "add" safe against two organisers
  // creating the same account at once.
  auto key = keys::admin_user(username);
  auto store_rest = [this, key, now_ms, done](bool created) mutable {
    redis_.command({"HSET", key, "updated_at", std::to_string(now_ms)}, [created, done](RedisResult r) {
      if (!r.ok()) done({store_error_of(r), detail_of(r), false});
      else done({StoreError::none, {}, created});
    });
  };
  if (replace) {
    redis_.command({"HSET", key, "password", password_hash}, [store_rest, done](RedisResult r) mutable {
      if (!r.ok()) {
        done({store_error_of(r), detail_of(r), false});
        return;
      }
      store_rest(r.reply.integer == 1);
    });
    return;
  }
  redis_.command({"HSETNX", key, "password", password_hash},
                 [username, store_rest, done](RedisResult r) mutable {
                   if (!r.ok()) {
                     done({store_error_of(r), detail_of(r), false});
                     return;
                   }
                   if (r.reply.integer == 0) {
                     done({StoreError::conflict, "the organiser '" + username + "' already exists", false});
                     return;
                   }
                   store_rest(true);
                 });
}

void AdminRepository::password_hash(const std::string& username, std::function<void(StoreResult<std::string>)> done) {
  if (!keys::is_valid_username(username)) {
    redis_.post([done] { done({StoreError::not_found, "no such organiser", {}}); });
    return;
  }
  redis_.command({"HGET", keys::admin_user(username), "password"}, [done](RedisResult r) {
    if (!r.ok()) done({store_error_of(r), detail_of(r), {}});
    else if (r.reply.is_nil()) done({StoreError::not_found, "no such organiser", {}});
    else done({StoreError::none, {}, r.reply.str});
  });
}

void AdminRepository::create_session(const std::string& token_hash, const std::string& username, std::int64_t ttl_ms,
                                     std::function<void(StoreResult<bool>)> done) {
  redis_.command({"SET", keys::admin_token(token_hash), username, "PX", std::to_string(ttl_ms)}, [done](RedisResult r) {
    if (!r.ok()) done({store_error_of(r), detail_of(r), false});
    else done({StoreError::none, {}, true});
  });
}

void AdminRepository::session_user(const std::string& token_hash, std::function<void(StoreResult<std::string>)> done) {
  redis_.command({"GET", keys::admin_token(token_hash)}, [done](RedisResult r) {
    if (!r.ok()) done({store_error_of(r), detail_of(r), {}});
    else if (r.reply.is_nil()) done({StoreError::not_found, "no such session", {}});
    else done({StoreError::none, {}, r.reply.str});
  });
}

std::string AdminRepository::failures_key(const std::string& username) {
  return keys::is_valid_username(username) ? keys::admin_failures_of_user(username)
                                           : keys::admin_failures_of_user("invalid-usernames");
}

}  // namespace rq::store
