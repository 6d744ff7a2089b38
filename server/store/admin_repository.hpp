// Organiser accounts and their sessions in Redis: the scrypt hash of each
// password, sessions keyed by the SHA-256 of their token with an expiry, and
// the counters that rate-limit failed logins (lua/login_failure.lua).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "store/redis_client.hpp"
#include "store/store_result.hpp"

namespace rq::store {

struct LoginFailures {
  long long of_user = 0;
  long long of_address = 0;
};

class AdminRepository {
 public:
  explicit AdminRepository(RedisClient& redis) : redis_(redis) {}

  // conflict when the user exists and replace is false.
  void add_user(const std::string& username, const std::string& password_hash, std::int64_t now_ms, bool replace,
                std::function<void(StoreResult<bool>)> done);
  // not_found when there is no such user.
  void password_hash(const std::string& username, std::function<void(StoreResult<std::string>)> done);

  void create_session(const std::string& token_hash, const std::string& username, std::int64_t ttl_ms,
                      std::function<void(StoreResult<bool>)> done);
  // The username of a live session; not_found when unknown or expired.
  void session_user(const std::string& token_hash, std::function<void(StoreResult<std::string>)> done);

  // An invalid username (one no account can have) counts against the address only.
  void failures(const std::string& username, const std::string& address,
                std::function<void(StoreResult<LoginFailures>)> done);
  void record_failure(const std::string& username, const std::string& address, std::int64_t window_ms,
                      std::function<void(StoreResult<LoginFailures>)> done);
  void clear_failures(const std::string& username, std::function<void(StoreResult<bool>)> done);

 private:
  RedisClient& redis_;
};

}  // namespace rq::store
