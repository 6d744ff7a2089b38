// Prizes (CONTEST_RULES.md, "Prizes"): per category, the tiers go down the
// ranking, skipping excluded people and, by the contest's repeat_winners
// policy, people who already won; collective prizes go to units by their
// metric.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/contest/contest.hpp"
#include "core/results/entry.hpp"
#include "core/results/ranking.hpp"

namespace rq::core {

struct PrizeAward {
  std::string round;
  std::string category;
  std::string prize;   // the tier's name
  int tier = 0;        // 0 for the highest tier
  int rank = 0;        // the person's rank in the round's ranking
  std::string participant_id;
  std::string attempt_id;
  bool operator==(const PrizeAward&) const = default;
};

// One place in a ranking that prizes walk down: a round's counted entry, or
// a person's line of the final ranking (no attempt). Points into the ranking.
struct PrizeCandidate {
  int rank = 0;
  const std::string* participant_id = nullptr;
  const std::string* attempt_id = nullptr;  // nullptr: the award names no attempt
};

// The walk every individual prize table shares: for each entry of `prizes`,
// in that order, the category's people down `ranking`, tier 0's count first,
// then tier 1, and so on. A person is skipped (the next one moves up) when
// they are not in `people`, are excluded or disqualified, already won here,
// or `allowed(participant, tier)` says no. Prizes nobody is left to take are
// not given. Awards name `owner` as their round.
std::vector<PrizeAward> award_down_ranking(const std::string& owner, const std::vector<CategoryPrizes>& prizes,
                                           const std::vector<PrizeCandidate>& ranking,
                                           const std::map<std::string, Person>& people,
                                           const std::function<bool(const std::string&, int)>& allowed);

// Individual prizes of one round. For each entry of round.prizes, in that
// order, the category's people are walked down `ranking` (the round ranking
// filtered to people of that category): tier 0's count first, then tier 1,
// and so on. A person is skipped (and the next one moves up) when they are
// not in `people`, are excluded or disqualified, or the repeat-winners policy passes them
// over. When fewer people are eligible than there are prizes, the remaining
// prizes are not given. The result is in round.prizes order, then tier, then
// rank.
//
// Whatever the policy, a person wins at most one prize per round.
// `earlier` holds the awards of the contest's earlier rounds; awards in it
// for this round itself are ignored, so finalizing again with the published
// awards passed in gives the same result.
//  - once_per_round: nothing more.
//  - once_per_contest: a person who won in any earlier round is passed over.
//  - highest_only: a person is passed over when an earlier prize of theirs is
//    at least as high (lower or equal tier index) as the one they would get
//    now, i.e. they win again only a strictly higher prize. The earlier award
//    is not withdrawn: it stands in its round's published list, and the
//    organiser's overall view shows both.
std::vector<PrizeAward> award_prizes(const RoundConfig& round, const std::vector<RankedEntry>& ranking,
                                     const std::map<std::string, Person>& people, RepeatWinners policy,
                                     const std::vector<PrizeAward>& earlier);

struct UnitStanding {
  std::string unit;
  long long entrants = 0;      // distinct people of the unit who submitted
  long long entries = 0;       // submitted attempts
  long long quality_entries = 0;  // entries at or above half the maximum score
  double value = 0;            // the metric's value
  bool operator==(const UnitStanding&) const = default;
};

struct CollectiveAward {
  std::string name;  // the collective prize's name
  int place = 0;     // 1 for the first
  UnitStanding standing;
  bool operator==(const CollectiveAward&) const = default;
};

// Collective prize: the competing units are all `units`, or those whose
// block equals prize.block. For each: entrants = distinct people of the unit
// with at least one entry; entries = entries of the unit's people;
// quality_entries = entries with 2 * score >= max_score. Entries whose person
// is not in `people`, or whose unit is not competing, are ignored; excluded
// people count (they may enter, only individual prizes skip them), and so do
// incomplete entries (they were submitted); disqualified people and
// disqualified entries do not (fraud must not raise a unit's standing). The value:
//  - entrants: entrants;
//  - participation_rate: entrants / headcount; units without a headcount, or
//    with headcount <= 0, are left out;
//  - quality_rate: quality_entries / entries; units with no entries are left
//    out.
// Units with no entrants never win. Order: value descending (rates compared
// exactly, as fractions), then entrants descending, then unit id; the first
// `count` get places 1..count.
std::vector<CollectiveAward> award_collective(const CollectivePrize& prize, const std::vector<Unit>& units,
                                              const std::vector<Entry>& entries,
                                              const std::map<std::string, Person>& people);

}  // namespace rq::core
