#include "store/login_limiter.hpp"

#include "store/lua_script.hpp"
#include "store/reply_values.hpp"

namespace rq::store {

void LoginLimiter::reserve(const std::string& account_key, const std::string& address_key, const LoginLimit& limit,
                           std::function<void(StoreResult<std::optional<std::int64_t>>)> done) {
  redis_.eval(lua_script("login_reserve"), {account_key, address_key},
              {std::to_string(limit.per_account), std::to_string(limit.per_address), std::to_string(limit.window_ms)},
              [done](RedisResult r) {
                if (!r.ok() || r.reply.elements.size() != 2) return done({store_error_of(r), detail_of(r), {}});
                if (r.reply.elements[0].str == "reserved") return done({StoreError::none, {}, std::nullopt});
                done({StoreError::none, {}, reply_integer(r.reply.elements[1])});
              });
}

void LoginLimiter::release(const std::string& account_key, const std::string& address_key, const char* how) {
  redis_.eval(lua_script("login_release"), {account_key, address_key}, {how}, [](RedisResult) {});
}

void LoginLimiter::succeeded(const std::string& account_key, const std::string& address_key) {
  release(account_key, address_key, "succeeded");
}

void LoginLimiter::cancelled(const std::string& account_key, const std::string& address_key) {
  release(account_key, address_key, "cancelled");
}

}  // namespace rq::store
