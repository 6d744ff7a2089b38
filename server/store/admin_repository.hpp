// Organiser accounts and their sessions in Redis: the scrypt hash of each
// password, sessions keyed by the SHA-256 of their token with an expiry, and
// the key of the counter that limits a username's failed logins.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/security/organiser_role.hpp"
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
  // A new account gets `access`'s role and contests; a replaced password
  // keeps the account's own.
  void add_user(const std::string& username, const std::string& password_hash, std::int64_t now_ms, bool replace,
                std::function<void(StoreResult<SavedAccount>)> done,
                const core::OrganiserAccess& access = {});
  // not_found when there is no such user.
  void set_role(const std::string& username, core::OrganiserRole role, const std::vector<std::string>& contests,
                std::int64_t now_ms, std::function<void(StoreResult<bool>)> done);
  // Every account in the index with its role, by username.
  void users(std::function<void(StoreResult<std::vector<core::OrganiserAccess>>)> done);
  // not_found when there is no such user.
  void account(const std::string& username, std::function<void(StoreResult<AdminAccount>)> done);

  // A session of the account's `generation` (from the account() the login checked).
  void create_session(const std::string& token_hash, const std::string& username, long long generation,
                      std::int64_t ttl_ms, std::function<void(StoreResult<bool>)> done);
  // Who holds a live session, with their role as it is now; not_found when
  // unknown, expired, logged out, or opened before the account's password
  // last changed.
  void session_user(const std::string& token_hash, std::function<void(StoreResult<core::OrganiserAccess>)> done);
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
