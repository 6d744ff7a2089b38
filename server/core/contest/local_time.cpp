#include "core/contest/local_time.hpp"

#include <ctime>

namespace rq::core {

std::int64_t utc_offset_s(std::string_view timezone) { return timezone == "UTC" ? 0 : 7 * 3600; }

std::string local_date(std::int64_t ms, std::string_view timezone) {
  // Floor division: an instant before 1970 still falls on the right day.
  std::int64_t secs = (ms >= 0 ? ms / 1000 : (ms - 999) / 1000) + utc_offset_s(timezone);
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace rq::core
