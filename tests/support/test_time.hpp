// Wall-clock helpers for tests that configure contests relative to now.
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>

namespace rq::test {

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "2026-11-22T01:05:00Z": a configuration time, to the second, in UTC.
inline std::string iso_utc(std::int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace rq::test
