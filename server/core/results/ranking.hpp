// The final ranking of a round (CONTEST_RULES.md, "Ranking"): one counted
// entry per person (best, first or last attempt), ordered by the round's
// tie-break chain. The prediction's true value is known only at close, which
// is why the ranking is computed then. The order is total and deterministic:
// entries equal on every key of the chain are ordered by attempt id, so two
// runs over the same entries, in any order, give the same ranking.
#pragma once

#include <optional>
#include <vector>

#include "core/contest/contest.hpp"
#include "core/results/entry.hpp"

namespace rq::core {

struct RankedEntry {
  int rank = 0;  // 1, 2, 3… with no shared ranks (the chain and the attempt id decide)
  Entry entry;
  std::optional<long long> prediction_distance;  // |prediction − true value|, when both exist
                                                 // (saturated at LLONG_MAX for absurd guesses)
  int attempts_used = 0;                         // the person's submitted attempts in the round
  bool operator==(const RankedEntry&) const = default;
};

// The prediction's true value for a round, from all its entries: every
// attempt counts for the entries-based targets, and incomplete entries count
// too (they were submitted).
//  - perfect_entries: entries with score == max_score;
//  - perfect_entrants: distinct people with at least one perfect entry;
//  - entries: the number of entries;
//  - entrants: distinct people.
long long prediction_true_value(PredictionTarget target, const std::vector<Entry>& entries);

// a comes before b under the chain (then attempt id). Keys:
//  - score: higher first;
//  - prediction: smaller |guess − true value| first; an entry without a
//    prediction comes after every entry with one; without a true value the
//    key decides nothing;
//  - duration: shorter first; submitted_at, started_at: earlier first;
//  - attempts_used: fewer first.
bool ranks_before(const Entry& a, const Entry& b, const std::vector<RankKey>& chain,
                  std::optional<long long> true_value, int attempts_used_a, int attempts_used_b);

// The counted entry of each person, ranked 1..n.
//
// attempts_used counts every entry of the person in `entries`, complete or
// not: an incomplete entry still used up an attempt.
//
// Counted attempt: `best` is the person's entry the chain puts first; `first`
// and `last` go by attempt_number (ties, which the store never produces, by
// attempt id).
//
// require_all_answered: an entry with all_answered == false is not counted
// and never ranks, yet it still counts in the round's statistics (entries,
// entrants, prediction true value, summary) because it was submitted. With
// `best`, the best of the person's complete entries counts. With `first` and
// `last`, the attempt is chosen by number among all of the person's entries,
// and if that one is incomplete the person does not rank: otherwise leaving
// one question blank would let a contestant choose which attempt counts,
// which is what first/last exist to prevent.
//
// A disqualified entry (Entry::disqualified) is never counted: the counted
// attempt is chosen among the person's other entries, as if it had not been
// made. It still counts in attempts_used and in the round's statistics.
std::vector<RankedEntry> rank_round(const RoundConfig& round, const std::vector<Entry>& entries,
                                    std::optional<long long> true_value);

}  // namespace rq::core
