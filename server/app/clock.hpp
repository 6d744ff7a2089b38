// The server clock decides (ARCHITECTURE.md, time): milliseconds since the
// Unix epoch, UTC, read here and passed into the rules as plain numbers.
#pragma once

#include <chrono>
#include <cstdint>

namespace rq::app {

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace rq::app
