// The ranking rules of CONTEST_RULES.md ("Ranking", "The prediction
// question"), one test per rule: the tie-break chain key by key, the counted
// attempt, require_all_answered, and the prediction's true value.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "core/results/ranking.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace ranking_test {

using namespace rq::core;

const std::vector<RankKey> kFullChain = {RankKey::score, RankKey::prediction, RankKey::duration,
                                         RankKey::submitted_at};

// A complete first attempt out of 20 points, started at t = 1000 ms.
Entry entry(std::string attempt, std::string person, int score, std::int64_t duration_ms = 60'000,
            std::optional<long long> prediction = std::nullopt) {
  Entry e;
  e.attempt_id = std::move(attempt);
  e.participant_id = std::move(person);
  e.score = score;
  e.max_score = 20;
  e.correct = score;
  e.total = 20;
  e.all_answered = true;
  e.started_at = 1000;
  e.duration_ms = duration_ms;
  e.submitted_at = e.started_at + duration_ms;
  e.prediction = prediction;
  return e;
}

RoundConfig round_with(std::vector<RankKey> chain, CountedAttempt counted = CountedAttempt::best) {
  RoundConfig r;
  r.id = "ky-1";
  r.attempts = 3;
  r.counted_attempt = counted;
  r.ranking = std::move(chain);
  return r;
}

std::vector<std::string> order(const std::vector<RankedEntry>& ranking) {
  std::vector<std::string> ids;
  for (const RankedEntry& r : ranking) ids.push_back(r.entry.attempt_id);
  return ids;
}

using Ids = std::vector<std::string>;

TEST(Ranking, ScoreDecidesFirst) {
  // Higher score first, whatever the guess or the time.
  std::vector<Entry> entries = {entry("a", "p1", 15, 10'000, 7), entry("b", "p2", 18, 900'000),
                                entry("c", "p3", 12, 5'000, 7)};
  auto ranking = rank_round(round_with(kFullChain), entries, 7);
  EXPECT_EQ(order(ranking), (Ids{"b", "a", "c"}));
  EXPECT_EQ(ranking[0].rank, 1);
  EXPECT_EQ(ranking[2].rank, 3);
}

TEST(Ranking, PredictionBreaksTiesBeforeDuration) {
  // Equal scores: the closer guess wins although it took longer.
  std::vector<Entry> entries = {entry("a", "p1", 18, 60'000, 15), entry("b", "p2", 18, 300'000, 11)};
  auto ranking = rank_round(round_with(kFullChain), entries, 10);
  EXPECT_EQ(order(ranking), (Ids{"b", "a"}));
  EXPECT_EQ(ranking[0].prediction_distance, 1);
  EXPECT_EQ(ranking[1].prediction_distance, 5);
}

TEST(Ranking, DurationBreaksTiesAfterPrediction) {
  // Equal scores and equal distances (2 under, 2 over): the shorter entry wins.
  std::vector<Entry> entries = {entry("a", "p1", 18, 300'000, 8), entry("b", "p2", 18, 200'000, 12)};
  auto ranking = rank_round(round_with(kFullChain), entries, 10);
  EXPECT_EQ(order(ranking), (Ids{"b", "a"}));
}

TEST(Ranking, SubmittedAtBreaksTiesAfterDuration) {
  // Equal on score, distance and duration: the earlier submission wins.
  Entry a = entry("a", "p1", 18, 200'000, 10);
  Entry b = entry("b", "p2", 18, 200'000, 10);
  a.started_at = 50'000;
  a.submitted_at = 250'000;
  b.started_at = 40'000;
  b.submitted_at = 240'000;
  auto ranking = rank_round(round_with(kFullChain), {a, b}, 10);
  EXPECT_EQ(order(ranking), (Ids{"b", "a"}));
}

TEST(Ranking, StartedAtKeyOrdersEarlierFirst) {
  // b started first but submitted last; only the start counts on this chain.
  Entry a = entry("a", "p1", 18);
  Entry b = entry("b", "p2", 18);
  a.started_at = 2000;
  a.submitted_at = 3000;
  b.started_at = 1000;
  b.submitted_at = 9000;
  auto ranking = rank_round(round_with({RankKey::score, RankKey::started_at}), {a, b}, std::nullopt);
  EXPECT_EQ(order(ranking), (Ids{"b", "a"}));
}

TEST(Ranking, FewerAttemptsUsedRanksFirst) {
  // Both counted entries score 18 in the same time; p1 needed two attempts.
  std::vector<Entry> entries = {entry("a1", "p1", 10), entry("a2", "p1", 18), entry("b1", "p2", 18)};
  entries[1].attempt_number = 2;
  auto ranking = rank_round(round_with({RankKey::score, RankKey::attempts_used}), entries, std::nullopt);
  EXPECT_EQ(order(ranking), (Ids{"b1", "a2"}));
  EXPECT_EQ(ranking[0].attempts_used, 1);
  EXPECT_EQ(ranking[1].attempts_used, 2);
}

TEST(Ranking, EntryWithoutPredictionRanksAfterThoseWithOne) {
  // No guess loses to a wild guess on the prediction key, even when faster.
  std::vector<Entry> entries = {entry("a", "p1", 18, 10'000), entry("b", "p2", 18, 500'000, 1'000'000),
                                entry("c", "p3", 18, 600'000, 42)};
  auto ranking = rank_round(round_with(kFullChain), entries, 42);
  EXPECT_EQ(order(ranking), (Ids{"c", "b", "a"}));
  EXPECT_EQ(ranking[0].prediction_distance, 0);
  EXPECT_EQ(ranking[2].prediction_distance, std::nullopt);
}

TEST(Ranking, ChainWithoutPredictionIgnoresGuesses) {
  // Đồng Nai: score → total time → fewest attempts. a's exact guess counts for nothing.
  // z and c1 tie on time; z used one attempt, c1's owner two.
  std::vector<Entry> entries = {entry("x", "p1", 18, 300'000, 42), entry("z", "p2", 18, 100'000),
                                entry("c1", "p3", 18, 100'000), entry("c2", "p3", 5, 100'000)};
  entries[3].attempt_number = 2;
  auto round = round_with({RankKey::score, RankKey::duration, RankKey::attempts_used});
  auto ranking = rank_round(round, entries, 42);
  EXPECT_EQ(order(ranking), (Ids{"z", "c1", "x"}));
}

TEST(Ranking, AttemptIdMakesTheOrderTotal) {
  // Equal on every key: the attempt id decides, and no rank is shared.
  std::vector<Entry> entries = {entry("m", "p1", 18), entry("c", "p2", 18), entry("x", "p3", 18)};
  auto ranking = rank_round(round_with(kFullChain), entries, std::nullopt);
  EXPECT_EQ(order(ranking), (Ids{"c", "m", "x"}));
  EXPECT_EQ(ranking[0].rank, 1);
  EXPECT_EQ(ranking[1].rank, 2);
  EXPECT_EQ(ranking[2].rank, 3);
  EXPECT_TRUE(ranks_before(entries[1], entries[0], kFullChain, std::nullopt, 1, 1));
  EXPECT_FALSE(ranks_before(entries[0], entries[1], kFullChain, std::nullopt, 1, 1));
}

TEST(Ranking, IsDeterministicWhateverTheInputOrder) {
  // Few distinct values, so that ties on every key are common.
  std::mt19937 rng(20261201);
  std::vector<Entry> entries;
  for (int person = 0; person < 60; ++person) {
    for (int n = 1; n <= 1 + person % 3; ++n) {
      Entry e = entry("a" + std::to_string(person) + "-" + std::to_string(n), "p" + std::to_string(person),
                      static_cast<int>(rng() % 4) + 16, 1000 * static_cast<int>(rng() % 3));
      e.attempt_number = n;
      if (rng() % 4 != 0) e.prediction = static_cast<long long>(rng() % 5);
      entries.push_back(e);
    }
  }
  auto round = round_with({RankKey::score, RankKey::prediction, RankKey::duration, RankKey::attempts_used});
  const auto expected = rank_round(round, entries, 2);
  ASSERT_EQ(expected.size(), 60u);
  for (int i = 0; i < 100; ++i) {
    std::shuffle(entries.begin(), entries.end(), rng);
    ASSERT_EQ(rank_round(round, entries, 2), expected) << "shuffle " << i;
  }
}

TEST(Ranking, RequireAllAnsweredLeavesIncompleteEntriesOut) {
  // p1's only entry is incomplete: p1 does not rank. p3's best complete entry counts.
  std::vector<Entry> entries = {entry("a", "p1", 20), entry("b", "p2", 10), entry("c1", "p3", 19),
                                entry("c2", "p3", 12)};
  entries[0].all_answered = false;
  entries[2].all_answered = false;
  entries[3].attempt_number = 2;
  auto round = round_with(kFullChain);
  round.require_all_answered = true;
  auto ranking = rank_round(round, entries, std::nullopt);
  EXPECT_EQ(order(ranking), (Ids{"c2", "b"}));
  EXPECT_EQ(ranking[0].attempts_used, 2);  // the incomplete attempt was still used

  round.require_all_answered = false;
  EXPECT_EQ(order(rank_round(round, entries, std::nullopt)), (Ids{"a", "c1", "b"}));
}

TEST(CountedAttempt, BestIsTheOneTheChainPutsFirst) {
  // Two attempts score 18; the faster one is best under the chain.
  std::vector<Entry> entries = {entry("a1", "p1", 15, 50'000), entry("a2", "p1", 18, 400'000),
                                entry("a3", "p1", 18, 300'000)};
  entries[1].attempt_number = 2;
  entries[2].attempt_number = 3;
  auto ranking = rank_round(round_with(kFullChain, CountedAttempt::best), entries, std::nullopt);
  EXPECT_EQ(order(ranking), (Ids{"a3"}));
  EXPECT_EQ(ranking[0].attempts_used, 3);
}

TEST(CountedAttempt, FirstIsTheEarliestAttempt) {
  std::vector<Entry> entries = {entry("z", "p1", 20), entry("y", "p1", 10), entry("x", "p1", 15)};
  entries[0].attempt_number = 2;
  entries[1].attempt_number = 1;
  entries[2].attempt_number = 3;
  auto ranking = rank_round(round_with(kFullChain, CountedAttempt::first), entries, std::nullopt);
  EXPECT_EQ(order(ranking), (Ids{"y"}));
}

TEST(CountedAttempt, LastIsTheLatestAttempt) {
  std::vector<Entry> entries = {entry("z", "p1", 20), entry("y", "p1", 10), entry("x", "p1", 15)};
  entries[0].attempt_number = 3;
  entries[1].attempt_number = 1;
  entries[2].attempt_number = 2;
  auto ranking = rank_round(round_with(kFullChain, CountedAttempt::last), entries, std::nullopt);
  EXPECT_EQ(order(ranking), (Ids{"z"}));
}

TEST(CountedAttempt, FirstOrLastThatIsIncompleteLeavesThePersonOut) {
  // Leaving a question blank must not let a contestant pick which attempt counts.
  std::vector<Entry> entries = {entry("a1", "p1", 18), entry("a2", "p1", 5), entry("b1", "p2", 3)};
  entries[1].attempt_number = 2;
  entries[1].all_answered = false;
  auto last = round_with(kFullChain, CountedAttempt::last);
  last.require_all_answered = true;
  EXPECT_EQ(order(rank_round(last, entries, std::nullopt)), (Ids{"b1"}));

  auto first = round_with(kFullChain, CountedAttempt::first);
  first.require_all_answered = true;
  entries[0].all_answered = false;
  entries[1].all_answered = true;
  EXPECT_EQ(order(rank_round(first, entries, std::nullopt)), (Ids{"b1"}));
}

// p1: two perfect attempts; p2: one perfect, one not; p3: none, one of them incomplete.
std::vector<Entry> prediction_round() {
  std::vector<Entry> entries = {entry("a1", "p1", 20), entry("a2", "p1", 20), entry("b1", "p2", 20),
                                entry("b2", "p2", 17), entry("c1", "p3", 3),  entry("c2", "p3", 11)};
  entries[5].all_answered = false;
  return entries;
}

TEST(PredictionTarget, PerfectEntriesCountsEveryPerfectAttempt) {
  EXPECT_EQ(prediction_true_value(PredictionTarget::perfect_entries, prediction_round()), 3);
}

TEST(PredictionTarget, PerfectEntrantsCountsEachPersonOnce) {
  EXPECT_EQ(prediction_true_value(PredictionTarget::perfect_entrants, prediction_round()), 2);
}

TEST(PredictionTarget, EntriesCountsEveryAttemptIncompleteOnesToo) {
  EXPECT_EQ(prediction_true_value(PredictionTarget::entries, prediction_round()), 6);
}

TEST(PredictionTarget, EntrantsCountsDistinctPeople) {
  EXPECT_EQ(prediction_true_value(PredictionTarget::entrants, prediction_round()), 3);
}

TEST(PredictionTarget, NoEntriesGiveZero) {
  for (auto t : {PredictionTarget::perfect_entries, PredictionTarget::perfect_entrants, PredictionTarget::entries,
                 PredictionTarget::entrants}) {
    EXPECT_EQ(prediction_true_value(t, {}), 0);
  }
}

}  // namespace ranking_test
