// What the gateway expects of Redis' own settings, checked each time the
// connection comes up and reported in the log, never enforced: an operator
// who forgot a setting gets a warning that says what it costs.
#pragma once

#include "core/observability/log.hpp"
#include "store/redis_client.hpp"

namespace rq::app {

// hash-max-listpack-value: an attempt's hash holds its ordered question ids,
// longer than Redis' default 64 bytes; below 512 every attempt is stored as
// a hashtable, about 2.4 times the memory (docs/operations.md, capacity).
inline constexpr long long kRecommendedListpackValue = 512;

void check_redis_settings(store::RedisClient& redis, core::Logger& log);

}  // namespace rq::app
