// Benchmark (not a test): the pure part of finalizing a round of 100,000
// entries from 50,000 people: the prediction's true value, the ranking by the
// full chain, prizes for two categories, and the summary. Prints the CPU
// time; the aim for the whole finalize (with Redis) is 2 s.
#include <sys/resource.h>

#include <cstdio>
#include <map>
#include <random>

#include "core/results/prizes.hpp"
#include "core/results/ranking.hpp"
#include "core/results/summary.hpp"

using namespace rq::core;

namespace {

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main() {
  constexpr int kEntries = 100'000;
  std::mt19937_64 rng(7);
  ContestConfig contest;
  contest.categories = {{"cbccvc", "CBCCVC"}, {"nhan-dan", "Nhân dân"}};
  for (int u = 0; u < 50; ++u) contest.units.push_back({"u" + std::to_string(u), "Unit", "b", 1000});
  RoundConfig round;
  round.id = "ky-1";
  round.prediction = Prediction{"?", PredictionTarget::perfect_entries};
  round.ranking = {RankKey::score, RankKey::prediction, RankKey::duration, RankKey::submitted_at};
  round.prizes = {{"cbccvc", {{"Nhất", 1}, {"Nhì", 2}, {"Ba", 3}, {"KK", 5}}},
                  {"nhan-dan", {{"Nhất", 1}, {"Nhì", 2}, {"Ba", 3}, {"KK", 5}}}};
  std::map<std::string, Person> people;
  std::vector<Entry> entries;
  entries.reserve(kEntries);
  for (int i = 0; i < kEntries; ++i) {
    std::string pid = "p" + std::to_string(i / 2);
    if (!people.count(pid)) {
      people[pid] = {pid, "Người " + pid, "u" + std::to_string(rng() % 50), (rng() % 2) ? "cbccvc" : "nhan-dan",
                     "09" + std::to_string(10000000 + rng() % 89999999), "", false};
    }
    Entry e;
    e.attempt_id = "a" + std::to_string(i);
    e.participant_id = pid;
    e.attempt_number = 1 + i % 2;
    e.max_score = e.total = 20;
    e.score = e.correct = static_cast<int>(rng() % 21);
    e.all_answered = true;
    e.started_at = 1'800'000'000'000 + static_cast<std::int64_t>(rng() % 600'000'000);
    e.duration_ms = static_cast<std::int64_t>(rng() % 1'200'000);
    e.submitted_at = e.started_at + e.duration_ms;
    e.prediction = static_cast<long long>(rng() % 10'000);
    entries.push_back(std::move(e));
  }
  double start = cpu_seconds();
  auto true_value = prediction_true_value(round.prediction->target, entries);
  auto ranking = rank_round(round, entries, true_value);
  auto awards = award_prizes(round, ranking, people, RepeatWinners::once_per_round, {});
  auto summary = round_summary(contest, round, entries, people, true_value);
  auto winners = public_winners(awards, ranking, people, contest);
  double took = cpu_seconds() - start;
  std::printf("finalize benchmark (pure core, CPU time)\n");
  std::printf("  %d entries, %zu ranked, %zu prizes: %.3f s\n", kEntries, ranking.size(), awards.size(), took);
  return ranking.empty() || winners.empty() || summary.is_null() ? 1 : 0;
}
