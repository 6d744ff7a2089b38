// Collective prizes (giải tập thể; CONTEST_RULES.md, "Prizes"): units ranked
// by a metric over a round's entries, or over the final's rounds for a
// contest-wide prize: entrants, participation rate (entrants ÷ headcount),
// quality rate (entries at or above half the maximum), points for the
// individual prizes their people won (a points table per prize name), or a
// weighted sum of these; by block; with the prize's own tie-break.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/contest/contest.hpp"
#include "core/results/entry.hpp"
#include "core/results/prizes.hpp"

namespace rq::core {

struct UnitStanding {
  std::string unit;
  long long entrants = 0;         // distinct people of the unit who submitted (in any round in scope)
  long long entries = 0;          // submitted attempts
  long long quality_entries = 0;  // entries at or above half the maximum score
  double value = 0;               // the metric's value
  long long prize_points = 0;     // points of the individual prizes its people won
  std::optional<double> participation_rate;  // null without a positive headcount
  std::optional<double> quality_rate;        // null without entries
  bool operator==(const UnitStanding&) const = default;
};

struct CollectiveAward {
  std::string name;  // the collective prize's name
  int place = 0;     // 1 for the first
  UnitStanding standing;
  bool operator==(const CollectiveAward&) const = default;
};

// A collective prize over `rounds` (each a round's entries: one for a
// round's prize, the final's rounds for a contest-wide one) and `awards`
// (the individual prizes in scope: the round's, or the final's rounds').
// The competing units are all `units`, or those whose block equals
// prize.block. For each:
//  - entrants: distinct people of the unit with an entry in any round;
//  - entries, quality_entries (2 × score ≥ max_score): over every round;
//  - participation_rate: entrants ÷ headcount (any_round), or the mean of
//    each round's entrants ÷ headcount (average); units without a positive
//    headcount have none;
//  - quality_rate: quality_entries ÷ entries; none without entries;
//  - prize_points: the sum of prize.points[award's prize name] over the
//    awards of the unit's people (names missing from the table: 0);
//  - weighted: the sum of weight × each metric of prize.weights.
// Entries whose person is not in `people`, or whose unit does not compete,
// are ignored; excluded people count (only individual prizes skip them), and
// so do incomplete entries; disqualified people and disqualified entries do
// not, nor do a disqualified person's prize points (fraud must not raise a
// unit's standing). Units with no entrants never win, nor units without the
// metric's value (a rate without a headcount or without entries). Order:
// the value descending (compared exactly, as fractions), then each metric
// of prize.tie_break descending (a missing rate last), then the unit id;
// the first `count` get places 1..count.
std::vector<CollectiveAward> award_collective(const CollectivePrize& prize, const std::vector<Unit>& units,
                                              const std::vector<const std::vector<Entry>*>& rounds,
                                              const std::map<std::string, Person>& people,
                                              const std::vector<PrizeAward>& awards);

// One round's entries and no individual prizes (prize_points are then 0).
std::vector<CollectiveAward> award_collective(const CollectivePrize& prize, const std::vector<Unit>& units,
                                              const std::vector<Entry>& entries,
                                              const std::map<std::string, Person>& people);

// The `collective` list of a results document: every award of the prizes
// with `scope` in the contest's order, as [{name, place, unit, unit_name,
// block, metric, metric_value, entrants, entries, quality_entries,
// participation_rate|null, quality_rate|null, prize_points}].
nlohmann::json collective_results(const ContestConfig& contest, CollectiveScope scope,
                                  const std::vector<const std::vector<Entry>*>& rounds,
                                  const std::map<std::string, Person>& people, const std::vector<PrizeAward>& awards);

}  // namespace rq::core
