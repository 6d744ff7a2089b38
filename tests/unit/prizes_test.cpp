// The prize rules of CONTEST_RULES.md ("Prizes"), one test per rule:
// individual prizes down the ranking per category with exclusions and the
// repeat-winners policies, and collective prizes for units by their metric.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/results/collective_prizes.hpp"
#include "core/results/prizes.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace prizes_test {

using namespace rq::core;

Person person(std::string id, std::string category, std::string unit = "u1", bool excluded = false) {
  Person p;
  p.id = id;
  p.name = "Người " + id;
  p.unit = std::move(unit);
  p.category = std::move(category);
  p.phone = "0901234567";
  p.excluded = excluded;
  return p;
}

std::map<std::string, Person> people_of(std::vector<Person> list) {
  std::map<std::string, Person> people;
  for (Person& p : list) people.emplace(p.id, std::move(p));
  return people;
}

// A ranking of these people in this order; person p's attempt is "a-p".
std::vector<RankedEntry> ranking_of(std::vector<std::string> order) {
  std::vector<RankedEntry> ranking;
  for (std::string& id : order) {
    RankedEntry r;
    r.rank = static_cast<int>(ranking.size()) + 1;
    r.entry.attempt_id = "a-" + id;
    r.entry.participant_id = id;
    r.attempts_used = 1;
    ranking.push_back(std::move(r));
  }
  return ranking;
}

RoundConfig round_with(std::vector<CategoryPrizes> prizes, std::string id = "ky-2") {
  RoundConfig r;
  r.id = std::move(id);
  r.ranking = {RankKey::score, RankKey::duration};
  r.prizes = std::move(prizes);
  return r;
}

const std::vector<PrizeTier> kNhatNhiBa = {{"Giải Nhất", 1}, {"Giải Nhì", 1}, {"Giải Ba", 1}};

PrizeAward award(std::string round, std::string category, std::string prize, int tier, int rank,
                 std::string who) {
  return {std::move(round), std::move(category), std::move(prize), tier, rank, who, "a-" + who};
}

// Who won, in the awards' order.
std::vector<std::string> winners(const std::vector<PrizeAward>& awards) {
  std::vector<std::string> ids;
  for (const PrizeAward& a : awards) ids.push_back(a.participant_id);
  return ids;
}

using Ids = std::vector<std::string>;

TEST(Prizes, TiersGoDownTheRankingPerCategory) {
  auto people = people_of({person("c1", "cbccvc"), person("n1", "nhan-dan"), person("c2", "cbccvc"),
                           person("c3", "cbccvc"), person("n2", "nhan-dan"), person("c4", "cbccvc")});
  auto round = round_with({{"cbccvc", {{"Giải Nhất", 1}, {"Giải Nhì", 2}}}, {"nhan-dan", {{"Giải Nhất", 1}}}});
  auto awards = award_prizes(round, ranking_of({"c1", "n1", "c2", "c3", "n2", "c4"}), people,
                             RepeatWinners::once_per_round, {});
  std::vector<PrizeAward> expected = {award("ky-2", "cbccvc", "Giải Nhất", 0, 1, "c1"),
                                      award("ky-2", "cbccvc", "Giải Nhì", 1, 3, "c2"),
                                      award("ky-2", "cbccvc", "Giải Nhì", 1, 4, "c3"),
                                      award("ky-2", "nhan-dan", "Giải Nhất", 0, 2, "n1")};
  EXPECT_EQ(awards, expected);
}

TEST(Prizes, ExcludedPeopleAreSkippedAndTheNextMovesUp) {
  auto people = people_of({person("p1", "cbccvc", "u1", /*excluded=*/true), person("p2", "cbccvc"),
                           person("p3", "cbccvc"), person("p4", "cbccvc")});
  auto awards = award_prizes(round_with({{"cbccvc", kNhatNhiBa}}), ranking_of({"p1", "p2", "p3", "p4"}), people,
                             RepeatWinners::once_per_round, {});
  std::vector<PrizeAward> expected = {award("ky-2", "cbccvc", "Giải Nhất", 0, 2, "p2"),
                                      award("ky-2", "cbccvc", "Giải Nhì", 1, 3, "p3"),
                                      award("ky-2", "cbccvc", "Giải Ba", 2, 4, "p4")};
  EXPECT_EQ(awards, expected);
}

TEST(Prizes, PeopleMissingFromTheListAreSkipped) {
  auto people = people_of({person("p2", "cbccvc")});
  auto awards = award_prizes(round_with({{"cbccvc", kNhatNhiBa}}), ranking_of({"ghost", "p2"}), people,
                             RepeatWinners::once_per_round, {});
  EXPECT_EQ(winners(awards), (Ids{"p2"}));
}

TEST(Prizes, OncePerRoundGivesOnePrizePerPerson) {
  // p1 appears twice in the ranking (as if two entries had been counted): one prize only.
  // Winning in an earlier round does not matter under this policy.
  auto people = people_of({person("p1", "cbccvc"), person("p2", "cbccvc"), person("p3", "cbccvc")});
  auto ranking = ranking_of({"p1", "p1", "p2", "p3"});
  ranking[1].entry.attempt_id = "a-p1-2";
  std::vector<PrizeAward> earlier = {award("ky-1", "cbccvc", "Giải Nhất", 0, 1, "p1")};
  auto awards = award_prizes(round_with({{"cbccvc", kNhatNhiBa}}), ranking, people, RepeatWinners::once_per_round,
                             earlier);
  std::vector<PrizeAward> expected = {award("ky-2", "cbccvc", "Giải Nhất", 0, 1, "p1"),
                                      award("ky-2", "cbccvc", "Giải Nhì", 1, 3, "p2"),
                                      award("ky-2", "cbccvc", "Giải Ba", 2, 4, "p3")};
  EXPECT_EQ(awards, expected);
}

TEST(Prizes, OncePerContestPassesOverEarlierWinners) {
  // p1 won only a consolation prize in round 1: still no prize in round 2.
  auto people = people_of({person("p1", "cbccvc"), person("p2", "cbccvc"), person("p3", "cbccvc"),
                           person("p4", "cbccvc")});
  std::vector<PrizeAward> earlier = {award("ky-1", "cbccvc", "Giải Khuyến khích", 3, 9, "p1")};
  auto awards = award_prizes(round_with({{"cbccvc", kNhatNhiBa}}), ranking_of({"p1", "p2", "p3", "p4"}), people,
                             RepeatWinners::once_per_contest, earlier);
  std::vector<PrizeAward> expected = {award("ky-2", "cbccvc", "Giải Nhất", 0, 2, "p2"),
                                      award("ky-2", "cbccvc", "Giải Nhì", 1, 3, "p3"),
                                      award("ky-2", "cbccvc", "Giải Ba", 2, 4, "p4")};
  EXPECT_EQ(awards, expected);
}

TEST(Prizes, HighestOnlyGivesOnlyAStrictlyHigherPrize) {
  // Earlier: p2 and p1 won Nhì, p3 won Nhất. Now p2 may take Nhất (higher);
  // p3 (had Nhất) and p1 (had Nhì) are passed over for Nhì; p4 and p5 move up.
  auto people = people_of({person("p1", "cbccvc"), person("p2", "cbccvc"), person("p3", "cbccvc"),
                           person("p4", "cbccvc"), person("p5", "cbccvc")});
  std::vector<PrizeAward> earlier = {award("ky-1", "cbccvc", "Giải Nhì", 1, 2, "p1"),
                                     award("ky-1", "cbccvc", "Giải Nhì", 1, 3, "p2"),
                                     award("ky-1", "cbccvc", "Giải Nhất", 0, 1, "p3")};
  auto awards = award_prizes(round_with({{"cbccvc", kNhatNhiBa}}), ranking_of({"p2", "p3", "p1", "p4", "p5"}),
                             people, RepeatWinners::highest_only, earlier);
  std::vector<PrizeAward> expected = {award("ky-2", "cbccvc", "Giải Nhất", 0, 1, "p2"),
                                      award("ky-2", "cbccvc", "Giải Nhì", 1, 4, "p4"),
                                      award("ky-2", "cbccvc", "Giải Ba", 2, 5, "p5")};
  EXPECT_EQ(awards, expected);
}

TEST(Prizes, FewerPeopleThanPrizesLeavesPrizesUngiven) {
  auto people = people_of({person("p1", "cbccvc"), person("p2", "cbccvc"), person("n1", "nhan-dan")});
  auto round = round_with({{"cbccvc", {{"Giải Nhất", 1}, {"Giải Nhì", 2}, {"Giải Ba", 3}}}});
  auto awards = award_prizes(round, ranking_of({"n1", "p1", "p2"}), people, RepeatWinners::once_per_round, {});
  std::vector<PrizeAward> expected = {award("ky-2", "cbccvc", "Giải Nhất", 0, 2, "p1"),
                                      award("ky-2", "cbccvc", "Giải Nhì", 1, 3, "p2")};
  EXPECT_EQ(awards, expected);
}

TEST(Prizes, FinalizingAgainWithThisRoundsOwnAwardsGivesTheSameResult) {
  auto people = people_of({person("p1", "cbccvc"), person("p2", "cbccvc"), person("p3", "cbccvc")});
  auto round = round_with({{"cbccvc", kNhatNhiBa}});
  auto ranking = ranking_of({"p1", "p2", "p3"});
  auto first = award_prizes(round, ranking, people, RepeatWinners::once_per_contest, {});
  EXPECT_EQ(award_prizes(round, ranking, people, RepeatWinners::once_per_contest, first), first);
}

Unit unit(std::string id, std::optional<long long> headcount, std::string block = "so-nganh") {
  return {id, "Đơn vị " + id, std::move(block), headcount};
}

// `n` entries for person `who`, each scoring `score` of 20.
void add_entries(std::vector<Entry>& entries, const std::string& who, int n, int score = 10) {
  for (int i = 1; i <= n; ++i) {
    Entry e;
    e.attempt_id = who + "-" + std::to_string(i);
    e.participant_id = who;
    e.attempt_number = i;
    e.score = score;
    e.max_score = 20;
    entries.push_back(e);
  }
}

std::vector<std::string> places(const std::vector<CollectiveAward>& awards) {
  std::vector<std::string> ids;
  for (const CollectiveAward& a : awards) ids.push_back(a.standing.unit);
  return ids;
}

TEST(Collective, EntrantsMetric) {
  // u2's two people sent many entries; u1's three people win on entrants. u3 sent nobody.
  auto people = people_of({person("a", "cbccvc", "u1"), person("b", "cbccvc", "u1"), person("c", "cbccvc", "u1"),
                           person("d", "cbccvc", "u2"), person("e", "cbccvc", "u2")});
  std::vector<Entry> entries;
  add_entries(entries, "a", 1);
  add_entries(entries, "b", 1);
  add_entries(entries, "c", 1);
  add_entries(entries, "d", 3);
  add_entries(entries, "e", 3);
  CollectivePrize prize{"Giải tập thể", 3, CollectiveMetric::entrants, std::nullopt};
  auto awards = award_collective(prize, {unit("u1", 10), unit("u2", 10), unit("u3", 10)}, entries, people);
  std::vector<CollectiveAward> expected = {{"Giải tập thể", 1, {"u1", 3, 3, 3, 3.0, 0, 0.3, 1.0}},
                                           {"Giải tập thể", 2, {"u2", 2, 6, 6, 2.0, 0, 0.2, 1.0}}};
  EXPECT_EQ(awards, expected);
}

TEST(Collective, ParticipationRateMetricUsesHeadcount) {
  // u1: 3 of 100; u2: 2 of 10; u3 has no headcount and u4 a headcount of 0: left out.
  auto people = people_of({person("a", "cbccvc", "u1"), person("b", "cbccvc", "u1"), person("c", "cbccvc", "u1"),
                           person("d", "cbccvc", "u2"), person("e", "cbccvc", "u2"), person("f", "cbccvc", "u3"),
                           person("g", "cbccvc", "u4")});
  std::vector<Entry> entries;
  for (const char* who : {"a", "b", "c", "d", "e", "f", "g"}) add_entries(entries, who, 1);
  CollectivePrize prize{"Giải tập thể", 5, CollectiveMetric::participation_rate, std::nullopt};
  auto awards = award_collective(prize, {unit("u1", 100), unit("u2", 10), unit("u3", std::nullopt), unit("u4", 0)},
                                 entries, people);
  ASSERT_EQ(places(awards), (Ids{"u2", "u1"}));
  EXPECT_DOUBLE_EQ(awards[0].standing.value, 0.2);
  EXPECT_DOUBLE_EQ(awards[1].standing.value, 0.03);
}

TEST(Collective, QualityRateCountsEntriesAtHalfTheMaximum) {
  // 10 of 20 is exactly half and counts; 9 of 20 does not.
  auto people = people_of({person("a", "cbccvc", "u1"), person("b", "cbccvc", "u2"), person("c", "cbccvc", "u3")});
  std::vector<Entry> entries;
  add_entries(entries, "a", 1, 10);
  add_entries(entries, "a", 1, 9);
  entries.back().attempt_id = "a-2";
  add_entries(entries, "b", 3, 10);
  add_entries(entries, "c", 1, 9);
  CollectivePrize prize{"Giải chất lượng", 3, CollectiveMetric::quality_rate, std::nullopt};
  auto awards = award_collective(prize, {unit("u1", 10), unit("u2", 10), unit("u3", 10)}, entries, people);
  std::vector<CollectiveAward> expected = {{"Giải chất lượng", 1, {"u2", 1, 3, 3, 1.0, 0, 0.1, 1.0}},
                                           {"Giải chất lượng", 2, {"u1", 1, 2, 1, 0.5, 0, 0.1, 0.5}},
                                           {"Giải chất lượng", 3, {"u3", 1, 1, 0, 0.0, 0, 0.1, 0.0}}};
  EXPECT_EQ(awards, expected);
}

TEST(Collective, BlockLimitsTheCompetingUnits) {
  auto people = people_of({person("a", "cbccvc", "so"), person("b", "cbccvc", "so"), person("c", "cbccvc", "xa")});
  std::vector<Entry> entries;
  for (const char* who : {"a", "b", "c"}) add_entries(entries, who, 1);
  CollectivePrize prize{"Giải khối xã", 1, CollectiveMetric::entrants, std::string("xa-phuong")};
  auto awards = award_collective(prize, {unit("so", 10, "so-nganh"), unit("xa", 10, "xa-phuong")}, entries, people);
  EXPECT_EQ(places(awards), (Ids{"xa"}));
}

TEST(Collective, TiesGoToMoreEntrantsThenUnitId) {
  // All three at a rate of exactly 0.1: u-big has two entrants; u-a before u-b by id.
  auto people = people_of({person("a", "cbccvc", "u-b"), person("b", "cbccvc", "u-a"),
                           person("c", "cbccvc", "u-big"), person("d", "cbccvc", "u-big")});
  std::vector<Entry> entries;
  for (const char* who : {"a", "b", "c", "d"}) add_entries(entries, who, 1);
  CollectivePrize prize{"Giải tập thể", 3, CollectiveMetric::participation_rate, std::nullopt};
  auto awards = award_collective(prize, {unit("u-b", 10), unit("u-a", 10), unit("u-big", 20)}, entries, people);
  EXPECT_EQ(places(awards), (Ids{"u-big", "u-a", "u-b"}));
  EXPECT_EQ(awards[2].place, 3);
}

// ---- minimum score to win ---------------------------------------------------

std::vector<RankedEntry> scored(std::vector<std::pair<std::string, int>> order) {
  std::vector<std::string> ids;
  for (auto& [id, score] : order) ids.push_back(id);
  auto ranking = ranking_of(ids);
  for (std::size_t i = 0; i < order.size(); ++i) ranking[i].entry.score = order[i].second;
  return ranking;
}

std::vector<std::string> given(const std::vector<PrizeAward>& awards) {
  std::vector<std::string> out;
  for (const auto& a : awards) out.push_back(a.participant_id + ":" + a.prize);
  return out;
}

TEST(Prizes, BelowTheRoundsMinimumScoreNobodyWinsAndThePrizesStayUngiven) {
  auto round = round_with({{"cbccvc", kNhatNhiBa}});
  round.min_score_to_win = 5;
  auto awards = award_prizes(round, scored({{"a", 9}, {"b", 4}, {"c", 3}}),
                             people_of({person("a", "cbccvc"), person("b", "cbccvc"), person("c", "cbccvc")}),
                             RepeatWinners::once_per_round, {});
  EXPECT_EQ(given(awards), (std::vector<std::string>{"a:Giải Nhất"}));
}

TEST(Prizes, APersonBelowATiersMinimumTakesTheNextTierTheyReach) {
  // First prize needs 9, second 7: the best, with 8, takes the second; the
  // first is not given, and the next 8 takes the third.
  auto tiers = kNhatNhiBa;
  tiers[0].min_score = 9;
  tiers[1].min_score = 7;
  auto awards = award_prizes(round_with({{"cbccvc", tiers}}), scored({{"a", 8}, {"b", 8}, {"c", 6}}),
                             people_of({person("a", "cbccvc"), person("b", "cbccvc"), person("c", "cbccvc")}),
                             RepeatWinners::once_per_round, {});
  EXPECT_EQ(given(awards), (std::vector<std::string>{"a:Giải Nhì", "b:Giải Ba"}));
}

PrizeAward won(std::string participant, std::string prize) {
  return {"ky-1", "cbccvc", std::move(prize), 0, 1, std::move(participant), "x"};
}

CollectivePrize points_prize(CollectiveMetric metric = CollectiveMetric::prize_points) {
  CollectivePrize prize{"Giải tập thể", 3, metric, std::nullopt};
  prize.points = {{"Giải Nhất", 10}, {"Giải Nhì", 8}, {"Giải Ba", 6}};
  return prize;
}

TEST(Collective, PrizePointsAddUpThePointsTableOverThePrizesOfTheUnitsPeople) {
  // u1: a first and a third (16); u2: two seconds (16), fewer entrants; a
  // consolation prize is not in the table and scores nothing.
  auto people = people_of({person("a", "cbccvc", "u1"), person("b", "cbccvc", "u1"), person("c", "cbccvc", "u1"),
                           person("d", "cbccvc", "u2"), person("e", "cbccvc", "u2"), person("f", "cbccvc", "u3")});
  std::vector<Entry> entries;
  for (const char* who : {"a", "b", "c", "d", "e", "f"}) add_entries(entries, who, 1);
  auto awards = award_collective(points_prize(), {unit("u1", 10), unit("u2", 10), unit("u3", 10)}, {&entries}, people,
                                 {won("a", "Giải Nhất"), won("b", "Giải Ba"), won("d", "Giải Nhì"), won("e", "Giải Nhì"),
                                  won("f", "Giải Khuyến khích")});
  ASSERT_EQ(places(awards), (Ids{"u1", "u2", "u3"}));
  EXPECT_EQ(awards[0].standing.prize_points, 16);
  EXPECT_EQ(awards[1].standing.prize_points, 16);
  EXPECT_EQ(awards[2].standing.prize_points, 0);
}

TEST(Collective, ADisqualifiedPersonsPrizePointsDoNotCount) {
  auto people = people_of({person("a", "cbccvc", "u1"), person("b", "cbccvc", "u2")});
  people["a"].disqualified = "Thi hộ";
  std::vector<Entry> entries;
  add_entries(entries, "a", 1);
  add_entries(entries, "b", 1);
  auto awards = award_collective(points_prize(), {unit("u1", 10), unit("u2", 10)}, {&entries}, people,
                                 {won("a", "Giải Nhất"), won("b", "Giải Ba")});
  ASSERT_EQ(places(awards), (Ids{"u2"}));
  EXPECT_EQ(awards[0].standing.prize_points, 6);
}

TEST(Collective, WeightedSumsWeightTimesEachMetric) {
  // Quảng Nam 2022: participation in percent plus prize points.
  // u1: 2 of 10 (20) + 6 = 26; u2: 1 of 4 (25) + 0 = 25.
  auto prize = points_prize(CollectiveMetric::weighted);
  prize.weights = {{CollectiveMetric::participation_rate, 100}, {CollectiveMetric::prize_points, 1}};
  auto people = people_of({person("a", "cbccvc", "u1"), person("b", "cbccvc", "u1"), person("c", "cbccvc", "u2")});
  std::vector<Entry> entries;
  for (const char* who : {"a", "b", "c"}) add_entries(entries, who, 1);
  auto awards = award_collective(prize, {unit("u1", 10), unit("u2", 4)}, {&entries}, people, {won("a", "Giải Ba")});
  ASSERT_EQ(places(awards), (Ids{"u1", "u2"}));
  EXPECT_DOUBLE_EQ(awards[0].standing.value, 26.0);
  EXPECT_DOUBLE_EQ(awards[1].standing.value, 25.0);
}

TEST(Collective, AUnitWithoutEveryWeightedPartIsLeftOut) {
  auto prize = points_prize(CollectiveMetric::weighted);
  prize.weights = {{CollectiveMetric::participation_rate, 100}, {CollectiveMetric::prize_points, 1}};
  auto people = people_of({person("a", "cbccvc", "u1"), person("b", "cbccvc", "u2")});
  std::vector<Entry> entries;
  add_entries(entries, "a", 1);
  add_entries(entries, "b", 1);
  auto awards = award_collective(prize, {unit("u1", std::nullopt), unit("u2", 10)}, {&entries}, people, {});
  EXPECT_EQ(places(awards), (Ids{"u2"}));
}

TEST(Collective, ParticipationOverRoundsCountsPeopleWhoEnteredAnyRound) {
  // Round 1: a, b of u1; round 2: a again and c. u1 has 3 distinct of 10
  // with any_round; the mean of 2/10 and 2/10 with average.
  auto people = people_of({person("a", "cbccvc", "u1"), person("b", "cbccvc", "u1"), person("c", "cbccvc", "u1")});
  std::vector<Entry> first, second;
  add_entries(first, "a", 1);
  add_entries(first, "b", 1);
  add_entries(second, "a", 1);
  add_entries(second, "c", 1);
  CollectivePrize prize{"Giải tập thể", 1, CollectiveMetric::participation_rate, std::nullopt};
  auto any = award_collective(prize, {unit("u1", 10)}, {&first, &second}, people, {});
  ASSERT_EQ(any.size(), 1u);
  EXPECT_DOUBLE_EQ(any[0].standing.value, 0.3);
  EXPECT_EQ(any[0].standing.entries, 4);
  prize.participation = ParticipationOverRounds::average;
  auto average = award_collective(prize, {unit("u1", 10)}, {&first, &second}, people, {});
  ASSERT_EQ(average.size(), 1u);
  EXPECT_DOUBLE_EQ(average[0].standing.value, 0.2);
}

TEST(Collective, AverageParticipationCountsARoundNobodyEnteredAsZero) {
  auto people = people_of({person("a", "cbccvc", "u1")});
  std::vector<Entry> first, second;
  add_entries(first, "a", 1);
  CollectivePrize prize{"Giải tập thể", 1, CollectiveMetric::participation_rate, std::nullopt};
  prize.participation = ParticipationOverRounds::average;
  auto awards = award_collective(prize, {unit("u1", 10)}, {&first, &second}, people, {});
  ASSERT_EQ(awards.size(), 1u);
  EXPECT_DOUBLE_EQ(awards[0].standing.value, 0.05);
}

TEST(Collective, TiesFollowThePrizesOwnTieBreakThenUnitId) {
  // Equal entrants (1 each); the quality rate decides, then prize points.
  auto people = people_of({person("a", "cbccvc", "u1"), person("b", "cbccvc", "u2"), person("c", "cbccvc", "u3")});
  std::vector<Entry> entries;
  add_entries(entries, "a", 1, 5);
  add_entries(entries, "b", 1, 15);
  add_entries(entries, "c", 1, 15);
  auto prize = points_prize(CollectiveMetric::entrants);
  prize.tie_break = {CollectiveMetric::quality_rate, CollectiveMetric::prize_points};
  auto awards = award_collective(prize, {unit("u1", 10), unit("u2", 10), unit("u3", 10)}, {&entries}, people,
                                 {won("c", "Giải Ba")});
  EXPECT_EQ(places(awards), (Ids{"u3", "u2", "u1"}));
}

}  // namespace prizes_test
