// Days as the contest's organisers count them: in the contest's time zone
// (Vietnam, UTC+7, without daylight saving; or UTC). Times themselves are
// kept in UTC milliseconds; only "which day" needs the zone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rq::core {

// The zone's offset from UTC in seconds: 0 for "UTC", 7 hours otherwise
// (the configuration accepts only these two zones).
std::int64_t utc_offset_s(std::string_view timezone);

// YYYY-MM-DD of the instant `ms` (since the epoch) in the zone.
std::string local_date(std::int64_t ms, std::string_view timezone);

}  // namespace rq::core
