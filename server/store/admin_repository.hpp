// Organiser accounts and their sessions in Redis: the scrypt hash of each
// password, sessions keyed by the SHA-256 of their token with an expiry, and
// the key of the counter that limits a username's failed logins.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "store/redis_client.hpp"
#include "store/store_result.hpp"

namespace rq::store {

class AdminRepository {
 public:
  explicit AdminRepository(RedisClient& redis) : redis_(redis) {}

  // conflict when the user exists and replace is false; true when created.
  // A replaced password ends every session opened before it.
  void add_user(const std::string& username, const std::string& password_hash, std::int64_t now_ms, bool replace,
                std::function<void(StoreResult<bool>)> done);
  // not_found when there is no such user.
  void password_hash(const std::string& username, std::function<void(StoreResult<std::string>)> done);

  void create_session(const std::string& token_hash, const std::string& username, std::int64_t ttl_ms,
                      std::function<void(StoreResult<bool>)> done);
  // The username of a live session; not_found when unknown, expired, logged
  // out, or opened before the account's password last changed.
  void session_user(const std::string& token_hash, std::function<void(StoreResult<std::string>)> done);
  // Logout: the token stops working at once.
  void end_session(const std::string& token_hash, std::function<void(StoreResult<bool>)> done);

  // The key counting a username's failed logins (store/login_limiter.hpp).
  // Usernames no account can have share one key, so a flood of made-up
  // names counts against the address, not against anyone's account.
  static std::string failures_key(const std::string& username);

 private:
  RedisClient& redis_;
};

}  // namespace rq::store
