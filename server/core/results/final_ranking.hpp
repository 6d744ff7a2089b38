// The final ranking across rounds ("chung cuộc"; CONTEST_RULES.md, "Prizes":
// "A final (overall) ranking across rounds may award its own prizes"): each
// person's counted entries of the final's rounds, combined by its rule (sum,
// best N, average), ordered by its own tie-break chain, with its own prizes.
// Pure functions of the rounds' stored entries, the people and the rounds'
// published awards, so finalizing twice gives the same document and
// `reformquiz results verify-final` can recompute a published final.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/contest/contest.hpp"
#include "core/results/entry.hpp"
#include "core/results/prizes.hpp"
#include "core/results/ranking.hpp"

namespace rq::core {

// The owner named by the final's awards ("round" of a PrizeAward).
inline constexpr const char* kFinalAwards = "final";

// A person's counted entry of one of the final's rounds.
struct FinalRoundLine {
  std::string round;
  RankedEntry ranked;  // as the round ranks it: the counted attempt, its distance, attempts used
  bool counts = true;  // its score is in the combination (false: outside the best N)
};

struct FinalStanding {
  int rank = 0;  // 1, 2, 3… with no shared ranks (the chain, then the participant id)
  std::string participant_id;
  std::vector<FinalRoundLine> rounds;  // the rounds the person ranks in, in the final's order
  long long total_score = 0;           // over the lines that count
  int rounds_entered = 0;
  int divisor = 1;                     // the combined score is total_score / divisor (average)
  std::int64_t duration_ms = 0;        // over the lines that count
  int attempts_used = 0;               // over every round entered
  std::int64_t submitted_at = 0;       // the latest submission among the lines that count
  bool operator==(const FinalStanding&) const = default;
};

// Each person's line of the final, ranked 1..n. For every round of
// final.rounds, the round's own ranking (rank_round, with the round's true
// prediction value) decides which entry of the person counts there: the
// round's counted attempt, require_all_answered and disqualified entries
// apply as they do for the round. Then:
//  - sum: every round entered counts; best: the N highest scores (ties: the
//    shorter entry, then the earlier round); average: every round entered,
//    the score being total / rounds entered (compared exactly, as fractions);
//  - people who ranked in fewer than final.min_rounds rounds are left out;
//  - keys: score higher first; duration (of the lines that count) shorter
//    first; attempts_used (every round entered) fewer first; rounds_entered
//    more first; submitted_at (the latest line that counts) earlier first;
//    prediction:<r> the round's prediction distance smaller first, a person
//    with none after every person with one;
//  - people equal on the whole chain are ordered by participant id.
// Rounds of final.rounds missing from `entries_by_round` have no entries.
std::vector<FinalStanding> rank_final(const ContestConfig& contest, const FinalConfig& final_ranking,
                                      const std::map<std::string, std::vector<Entry>>& entries_by_round);

// The final's prizes, down its ranking per category (award_down_ranking),
// with its policy towards the prizes of its rounds (`round_awards`: the
// published awards of the rounds; those of rounds outside the final do not
// matter):
//  - allowed: round prizes do not matter;
//  - excluded: a person who won a prize in any of the final's rounds is
//    passed over;
//  - higher_only: passed over unless the final's tier is strictly higher
//    (lower index) than their best round prize.
std::vector<PrizeAward> award_final_prizes(const FinalConfig& final_ranking, const std::vector<FinalStanding>& ranking,
                                           const std::map<std::string, Person>& people,
                                           const std::vector<PrizeAward>& round_awards);

// The final's results document (docs/protocol.md, "Final ranking"):
// {contest, final, summary, winners, ranking, awards}. Needs contest.final_ranking.
nlohmann::json compute_final_results(const ContestConfig& contest,
                                     const std::map<std::string, std::vector<Entry>>& entries_by_round,
                                     const std::map<std::string, Person>& people,
                                     const std::vector<PrizeAward>& round_awards);

// What the public sees of it: {final, summary, winners, collective}.
nlohmann::json public_final_results(const nlohmann::json& results);

}  // namespace rq::core
