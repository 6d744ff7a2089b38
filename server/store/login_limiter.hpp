// Limits on failed logins, for contestants (per phone and per address in a
// contest) and organisers (per username and per address). A login reserves
// a failure before its password is checked (lua/login_reserve.lua) and gives
// it back when the password matches (lua/login_release.lua): simultaneous
// guesses cannot all slip past the check, as they could when failures were
// counted after the hash.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "store/redis_client.hpp"
#include "store/store_result.hpp"

namespace rq::store {

struct LoginLimit {
  long long per_account = 10;
  long long per_address = 50;
  std::int64_t window_ms = 15LL * 60 * 1000;
};

class LoginLimiter {
 public:
  explicit LoginLimiter(RedisClient& redis) : redis_(redis) {}

  // value: nullopt when reserved; else the milliseconds until the limit lifts.
  void reserve(const std::string& account_key, const std::string& address_key, const LoginLimit& limit,
               std::function<void(StoreResult<std::optional<std::int64_t>>)> done);
  // The password matched: the account's failures are cleared.
  void succeeded(const std::string& account_key, const std::string& address_key);
  // The password was never checked.
  void cancelled(const std::string& account_key, const std::string& address_key);

 private:
  void release(const std::string& account_key, const std::string& address_key, const char* how);
  RedisClient& redis_;
};

}  // namespace rq::store
