// What a repository call gives back: a value, or why there is none. Callers
// turn `unavailable` into the protocol's `unavailable` (try again) and
// `not_found` into `not_found`; `internal` means Redis said something a
// correct program never makes it say, and is logged.
#pragma once

#include <string>

#include "store/redis_reply.hpp"

namespace rq::store {

enum class StoreError { none, unavailable, not_found, conflict, internal };

template <class T>
struct StoreResult {
  StoreError error = StoreError::none;
  std::string detail;
  T value{};
  bool ok() const { return error == StoreError::none; }
};

// The error for a failed Redis call: unavailable for no reply and for the
// error replies that say "not now" (a primary turned replica, a failover or
// a slot move under way, a Redis still loading its data, too few replicas
// to write): the client may try again. Any other error reply is internal.
inline StoreError store_error_of(const RedisResult& r) {
  if (r.failure != RedisFailure::none) return StoreError::unavailable;
  return is_transient_error(r.reply) ? StoreError::unavailable : StoreError::internal;
}

inline std::string detail_of(const RedisResult& r) {
  return r.failure != RedisFailure::none ? to_string(r.failure) : r.reply.str;
}

}  // namespace rq::store
