// Disqualification (CONTEST_RULES.md, "Prizes": "Excluded people and
// disqualified entries are skipped; the next person moves up"), one test per
// rule: what a disqualified person or entry does to the ranking, the prizes
// and the collective prizes, and which records are in force when.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/results/disqualification.hpp"
#include "core/results/collective_prizes.hpp"
#include "core/results/prizes.hpp"
#include "core/results/ranking.hpp"

namespace disqualification_test {

using namespace rq::core;

Entry entry(std::string attempt, std::string person, int score, int number = 1) {
  Entry e;
  e.attempt_id = std::move(attempt);
  e.participant_id = std::move(person);
  e.attempt_number = number;
  e.score = score;
  e.max_score = 10;
  e.duration_ms = 1000;
  return e;
}

Person person(std::string id, std::string unit = "u1") {
  Person p;
  p.id = id;
  p.name = "Người " + id;
  p.unit = std::move(unit);
  p.category = "cb";
  return p;
}

RoundConfig round_of(CountedAttempt counted = CountedAttempt::best) {
  RoundConfig r;
  r.id = "ky-1";
  r.ranking = {RankKey::score, RankKey::duration};
  r.counted_attempt = counted;
  r.prizes = {{"cb", {{"Giải Nhất", 1}, {"Giải Nhì", 1}}}};
  return r;
}

Disqualification record(std::string kind, std::string target, std::int64_t at,
                        std::optional<std::int64_t> lifted_at = std::nullopt) {
  Disqualification d;
  d.kind = std::move(kind);
  d.target = std::move(target);
  d.reason = "Thi hộ";
  d.by = "btc";
  d.at = at;
  d.lifted_at = lifted_at;
  return d;
}

std::vector<std::string> winners(const std::vector<PrizeAward>& awards) {
  std::vector<std::string> out;
  for (const auto& a : awards) out.push_back(a.participant_id);
  return out;
}

TEST(Disqualification, ADisqualifiedPersonKeepsTheirRankButTheNextPersonWinsInstead) {
  std::vector<Entry> entries{entry("a1", "p1", 10), entry("a2", "p2", 9), entry("a3", "p3", 8)};
  std::map<std::string, Person> people{{"p1", person("p1")}, {"p2", person("p2")}, {"p3", person("p3")}};
  people["p1"].disqualified = "Thi hộ";
  auto ranking = rank_round(round_of(), entries, std::nullopt);
  ASSERT_EQ(ranking.size(), 3u);
  EXPECT_EQ(ranking[0].entry.participant_id, "p1");
  EXPECT_EQ(winners(award_prizes(round_of(), ranking, people, RepeatWinners::once_per_round, {})),
            (std::vector<std::string>{"p2", "p3"}));
}

TEST(Disqualification, ADisqualifiedEntryNeverCountsAndThePersonsOtherEntryMay) {
  auto cheated = entry("a1", "p1", 10, 1);
  cheated.disqualified = "Người khác làm bài";
  std::vector<Entry> entries{cheated, entry("a2", "p1", 6, 2), entry("a3", "p2", 8)};
  auto ranking = rank_round(round_of(), entries, std::nullopt);
  ASSERT_EQ(ranking.size(), 2u);
  EXPECT_EQ(ranking[0].entry.attempt_id, "a3");
  EXPECT_EQ(ranking[1].entry.attempt_id, "a2");
  EXPECT_EQ(ranking[1].attempts_used, 2) << "the disqualified entry still used an attempt";
}

TEST(Disqualification, ADisqualifiedFirstAttemptLeavesTheNextAttemptToCount) {
  auto cheated = entry("a1", "p1", 10, 1);
  cheated.disqualified = "Người khác làm bài";
  std::vector<Entry> entries{cheated, entry("a2", "p1", 6, 2)};
  auto ranking = rank_round(round_of(CountedAttempt::first), entries, std::nullopt);
  ASSERT_EQ(ranking.size(), 1u);
  EXPECT_EQ(ranking[0].entry.attempt_id, "a2");
}

TEST(Disqualification, APersonWhoseOnlyEntryIsDisqualifiedDoesNotRank) {
  auto cheated = entry("a1", "p1", 10);
  cheated.disqualified = "Người khác làm bài";
  EXPECT_TRUE(rank_round(round_of(), {cheated}, std::nullopt).empty());
}

TEST(Disqualification, DisqualifiedPeopleAndEntriesDoNotRaiseTheirUnitsCollectiveStanding) {
  std::vector<Unit> units{{"u1", "Sở A", "", 10}, {"u2", "Sở B", "", 10}};
  std::map<std::string, Person> people{
      {"p1", person("p1", "u1")}, {"p2", person("p2", "u1")}, {"p3", person("p3", "u2")}, {"p4", person("p4", "u2")}};
  people["p1"].disqualified = "Nhiều tài khoản";
  auto cheated = entry("a4", "p4", 5);
  cheated.disqualified = "Thi hộ";
  std::vector<Entry> entries{entry("a1", "p1", 5), entry("a2", "p2", 5), entry("a3", "p3", 5), cheated};
  auto awards = award_collective({"Đơn vị nhiều người dự thi", 2, CollectiveMetric::entrants, std::nullopt}, units,
                                 entries, people);
  ASSERT_EQ(awards.size(), 2u);
  EXPECT_EQ(awards[0].standing.entrants, 1);
  EXPECT_EQ(awards[1].standing.entrants, 1);
}

TEST(Disqualification, ARecordIsInForceFromItsTimeUntilItIsLifted) {
  auto d = record("person", "p1", 1000, 2000);
  EXPECT_FALSE(in_force_at(d, 999));
  EXPECT_TRUE(in_force_at(d, 1000));
  EXPECT_TRUE(in_force_at(d, 1999));
  EXPECT_FALSE(in_force_at(d, 2000));
  EXPECT_TRUE(in_force_at(record("person", "p1", 1000), 1'000'000));
}

TEST(Disqualification, FinalizeAppliesTheListAsItStandsAndVerifyTheSameListLater) {
  std::vector<Disqualification> list{record("person", "p1", 1000, 3000), record("entry", "a2", 2000)};
  const auto as_of = latest_change(list);
  EXPECT_EQ(as_of, 3000);
  std::vector<Entry> entries{entry("a1", "p1", 10), entry("a2", "p2", 9)};
  std::map<std::string, Person> people{{"p1", person("p1")}, {"p2", person("p2")}};
  apply_disqualifications(list, as_of, entries, people);
  EXPECT_EQ(people["p1"].disqualified, "") << "lifted by then";
  EXPECT_EQ(entries[1].disqualified, "Thi hộ");

  // A later disqualification does not reach back into a result computed before it.
  list.push_back(record("person", "p2", 4000));
  std::map<std::string, Person> again{{"p1", person("p1")}, {"p2", person("p2")}};
  std::vector<Entry> same{entry("a1", "p1", 10), entry("a2", "p2", 9)};
  apply_disqualifications(list, as_of, same, again);
  EXPECT_EQ(again["p2"].disqualified, "");
}

TEST(Disqualification, AReasonIsRequiredStoredNfcAndAtMost500Characters) {
  std::string problem;
  EXPECT_FALSE(checked_reason(" \t ", problem));
  EXPECT_EQ(problem, "a disqualification needs a reason");
  EXPECT_FALSE(checked_reason(std::string(501, 'x'), problem));
  EXPECT_TRUE(checked_reason(std::string(500, 'x'), problem));
  EXPECT_EQ(checked_reason("  Thi ho\xCC\xA3  ", problem), "Thi h\xE1\xBB\x8D");  // decomposed ọ → precomposed
  EXPECT_FALSE(checked_reason("\xFF", problem));
}

TEST(Disqualification, AStoredRecordReadsBackExactly) {
  auto d = record("entry", "a1", 1796253535871, 1796253539000);
  d.participant = "p1";
  d.round = "ky-1";
  d.lifted_by = "btc";
  EXPECT_EQ(disqualification_of(disqualification_json(d)), d);
  // Lua's cjson writes large integers as floating point numbers.
  auto from_lua = nlohmann::json::parse(R"({"kind":"person","target":"p1","at":1.796253535871e12,"reason":"x"})");
  EXPECT_EQ(disqualification_of(from_lua)->at, 1796253535871);
  EXPECT_FALSE(disqualification_of(nlohmann::json::parse(R"({"kind":"unit","target":"u1"})")));
}

}  // namespace disqualification_test
