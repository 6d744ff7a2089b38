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

// The error for a failed Redis call: unavailable for no reply, internal for
// an error reply.
inline StoreError store_error_of(const RedisResult& r) {
  return r.failure != RedisFailure::none ? StoreError::unavailable : StoreError::internal;
}

inline std::string detail_of(const RedisResult& r) {
  return r.failure != RedisFailure::none ? to_string(r.failure) : r.reply.str;
}

}  // namespace rq::store
