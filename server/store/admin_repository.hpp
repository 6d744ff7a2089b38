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

// An organiser account as a login checks it: the password's hash and the
// session generation it was read with, so that a session opened on this
// check carries that generation (a password changed meanwhile ends it).
struct AdminAccount {
  std::string password_hash;
  long long generation = 0;
};

struct SavedAccount {
  bool created = false;     // a new account (else a new password)
  long long generation = 0;  // the account's session generation now
};

class AdminRepository {
 public:
  explicit AdminRepository(RedisClient& redis) : redis_(redis) {}

  // conflict when the user exists and replace is false. A replaced password
  // ends every session opened before it: the account's generation goes up.
  void add_user(const std::string& username, const std::string& password_hash, std::int64_t now_ms, bool replace,
                std::function<void(StoreResult<SavedAccount>)> done);
  // not_found when there is no such user.
  void account(const std::string& username, std::function<void(StoreResult<AdminAccount>)> done);

  // A session of the account's `generation` (from the account() the login checked).
  void create_session(const std::string& token_hash, const std::string& username, long long generation,
                      std::int64_t ttl_ms, std::function<void(StoreResult<bool>)> done);
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
