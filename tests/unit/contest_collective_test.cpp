// The collective prizes of a contest configuration: one test per rule, each
// changing the example of PROTOCOL.md's collective prize.
#include <gtest/gtest.h>

#include "contest_example.hpp"

namespace contest_collective_test {

using namespace rq::core;
using namespace rq::test;

// The example with its collective prize replaced by `prize` (and a final
// when `with_final`).
ContestConfigResult with_prize(const Json& prize, bool with_final = false) {
  return parse_with([&](Json& j) {
    j["collective_prizes"] = Json::array({prize});
    if (with_final) j["final"] = {{"title", "Chung cuộc"}};
  });
}

TEST(ContestCollective, TheExamplesPrizeIsPerRoundWithTheDefaults) {
  auto parsed = parse_with([](Json&) {});
  ASSERT_TRUE(parsed.ok());
  const auto& prize = parsed.config.collective_prizes.at(0);
  EXPECT_EQ(prize.scope, CollectiveScope::round);
  EXPECT_EQ(prize.participation, ParticipationOverRounds::any_round);
  EXPECT_EQ(prize.tie_break, (std::vector<CollectiveMetric>{CollectiveMetric::entrants}));
}

TEST(ContestCollective, AContestWidePrizeWithWeightsPointsAndTieBreakIsRead) {
  auto parsed = with_prize({{"name", "Giải tập thể xuất sắc"}, {"count", 3}, {"metric", "weighted"},
                            {"block", "so-nganh"}, {"scope", "contest"}, {"participation", "average"},
                            {"weights", {{"participation_rate", 100}, {"prize_points", 1}}},
                            {"points", {{"Giải Nhất", 10}, {"Giải Nhì", 8}, {"Giải Ba", 6}}},
                            {"tie_break", {"entrants", "quality_rate"}}},
                           true);
  ASSERT_TRUE(parsed.ok()) << parsed.problems.front().path << ": " << parsed.problems.front().message;
  const auto& prize = parsed.config.collective_prizes.at(0);
  EXPECT_EQ(prize.metric, CollectiveMetric::weighted);
  EXPECT_EQ(prize.scope, CollectiveScope::contest);
  EXPECT_EQ(prize.participation, ParticipationOverRounds::average);
  EXPECT_EQ(prize.weights, (std::vector<std::pair<CollectiveMetric, int>>{{CollectiveMetric::participation_rate, 100},
                                                                         {CollectiveMetric::prize_points, 1}}));
  EXPECT_EQ(prize.points, (std::vector<std::pair<std::string, int>>{{"Giải Nhất", 10}, {"Giải Nhì", 8}, {"Giải Ba", 6}}));
  EXPECT_EQ(prize.tie_break, (std::vector<CollectiveMetric>{CollectiveMetric::entrants, CollectiveMetric::quality_rate}));
}

TEST(ContestCollective, AContestWidePrizeNeedsAFinal) {
  EXPECT_EQ(with_prize({{"name", "G"}, {"count", 1}, {"metric", "entrants"}, {"scope", "contest"}}).problems,
            (Problems{{"collective_prizes[0].scope",
                       "a contest-wide collective prize is computed with the final ranking over its rounds: add a "
                       "\"final\""}}));
}

TEST(ContestCollective, PrizePointsNeedAPointsTable) {
  EXPECT_EQ(with_prize({{"name", "G"}, {"count", 1}, {"metric", "prize_points"}}).problems,
            (Problems{{"collective_prizes[0].points",
                       "is required for prize_points: {prize name: points}, e.g. {\"Giải Nhất\": 10}"}}));
}

TEST(ContestCollective, APointsTableIsOnlyForPrizePoints) {
  EXPECT_EQ(with_prize({{"name", "G"}, {"count", 1}, {"metric", "entrants"}, {"points", {{"Giải Nhất", 10}}}}).problems,
            (Problems{{"collective_prizes[0].points", "is only for prize_points (as the metric or one of the weights)"}}));
}

TEST(ContestCollective, WeightedNeedsKnownMetricsWithPositiveWeights) {
  EXPECT_EQ(with_prize({{"name", "G"}, {"count", 1}, {"metric", "weighted"}}).problems,
            (Problems{{"collective_prizes[0].weights", "is required"}}));
  EXPECT_EQ(with_prize({{"name", "G"}, {"count", 1}, {"metric", "weighted"}, {"weights", Json::object()}}).problems,
            (Problems{{"collective_prizes[0].weights", "must give at least one metric's weight"}}));
  auto problems = with_prize({{"name", "G"}, {"count", 1}, {"metric", "weighted"},
                              {"weights", {{"speed", 1}, {"entrants", 0}}}})
                      .problems;
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], (ConfigProblem{"collective_prizes[0].weights.speed",
                                        "unknown metric (weights are for entrants, participation_rate, quality_rate, "
                                        "prize_points)"}));
  EXPECT_EQ(problems[1].path, "collective_prizes[0].weights.entrants");
}

TEST(ContestCollective, WeightsAreOnlyForWeighted) {
  EXPECT_EQ(with_prize({{"name", "G"}, {"count", 1}, {"metric", "entrants"}, {"weights", {{"entrants", 1}}}}).problems,
            (Problems{{"collective_prizes[0].weights", "is only for \"metric\": \"weighted\""}}));
}

TEST(ContestCollective, AWeightedParticipationRateNeedsEveryHeadcount) {
  auto parsed = parse_with([](Json& j) {
    j["units"][0].erase("headcount");
    j["collective_prizes"] = Json::array({{{"name", "G"}, {"count", 1}, {"metric", "weighted"},
                                           {"weights", {{"participation_rate", 100}}}}});
  });
  EXPECT_EQ(parsed.problems, (Problems{{"collective_prizes[0].metric",
                                        "participation_rate needs the headcount of every competing unit; these have "
                                        "none: so-noi-vu"}}));
}

TEST(ContestCollective, TieBreakMetricsAreKnownAndGivenOnce) {
  EXPECT_EQ(with_prize({{"name", "G"}, {"count", 1}, {"metric", "entrants"}, {"tie_break", {"luck", "entrants", "entrants"}}})
                .problems,
            (Problems{{"collective_prizes[0].tie_break[0]",
                       "must be one of entrants, participation_rate, quality_rate, prize_points (got 'luck')"},
                      {"collective_prizes[0].tie_break[2]", "'entrants' is given twice"}}));
}

TEST(ContestCollective, ScopeAndParticipationAreNamedChoices) {
  EXPECT_EQ(with_prize({{"name", "G"}, {"count", 1}, {"metric", "entrants"}, {"scope", "year"}, {"participation", "max"}})
                .problems,
            (Problems{{"collective_prizes[0].scope", "must be one of round, contest (got 'year')"},
                      {"collective_prizes[0].participation", "must be one of any_round, average (got 'max')"}}));
}

}  // namespace contest_collective_test
