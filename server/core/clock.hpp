// The server clock decides (ARCHITECTURE.md, time): milliseconds since the
// Unix epoch, UTC. The one place that reads the clock; the rules in core take
// times as plain numbers, so they are tested without any clock.
#pragma once

#include <chrono>
#include <cstdint>

namespace rq::core {

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A monotonic clock in milliseconds, for durations only (budgets, timings):
// it never steps back when the wall clock is set.
inline std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace rq::core
