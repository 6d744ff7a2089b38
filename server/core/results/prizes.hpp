// Individual prizes (CONTEST_RULES.md, "Prizes"): per category, the tiers go
// down the ranking, skipping excluded people and, by the contest's
// repeat_winners policy, people who already won. Collective prizes are in
// collective_prizes.hpp.
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
  long long score = 0;                      // the score is score / divisor (a final's average)
  long long divisor = 1;
};

// The walk every individual prize table shares: for each entry of `prizes`,
// in that order, the category's people down `ranking`, tier 0's count first,
// then tier 1, and so on. A person is skipped (the next one moves up) when
// they are not in `people`, are excluded or disqualified, already won here,
// or `allowed(participant, tier)` says no. Prizes nobody is left to take are
// not given. Awards name `owner` as their round.
//
// Minimum score to win: a tier's minimum is the larger of `min_score_to_win`
// (the owner's) and the tier's own min_score. A person below the current
// tier's minimum does not take it: its remaining prizes are not given, and
// the walk goes on with the next tier whose minimum they reach (or ends).
std::vector<PrizeAward> award_down_ranking(const std::string& owner, const std::vector<CategoryPrizes>& prizes,
                                           const std::vector<PrizeCandidate>& ranking,
                                           const std::map<std::string, Person>& people,
                                           const std::function<bool(const std::string&, int)>& allowed,
                                           std::optional<long long> min_score_to_win = std::nullopt);

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

}  // namespace rq::core
