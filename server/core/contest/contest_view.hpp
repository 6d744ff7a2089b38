// What the public (and a registration form) may see of a contest: its
// title, categories, units and rounds with their windows and status. Never
// the exclusion list or anything about prizes beyond their names.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/contest/contest.hpp"

namespace rq::core {

enum class RoundStatus { upcoming, open, closed };

// By the server clock; `closed_at` is when the organiser closed the round
// early ("close now"), 0 when they did not.
RoundStatus round_status(const RoundConfig& round, std::int64_t now_ms, std::int64_t closed_at = 0);
const char* to_string(RoundStatus status);

// What happened to a round beyond its configuration, read from its state.
struct RoundMarks {
  std::int64_t closed_at = 0;     // the organiser closed it early (0: not)
  std::int64_t published_at = 0;  // its results were published (0: not yet)
};

// Rounds missing from `marks` are taken as neither closed early nor published.
// `final` is the contest's final ranking, or null without one; its
// published_at is `final_published_at` (0: not published).
nlohmann::json public_contest_view(const ContestConfig& contest, std::int64_t now_ms,
                                   const std::map<std::string, RoundMarks>& marks = {},
                                   std::int64_t final_published_at = 0);

// The final ranking as its documents and the public view describe it:
// {title, rounds, combine: sum|best|average, best|null, min_rounds}.
nlohmann::json final_description(const FinalConfig& final_ranking);

}  // namespace rq::core
