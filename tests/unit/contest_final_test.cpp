// The "final" of a contest configuration (the ranking across rounds): one
// test per rule, each adding a final to the example of PROTOCOL.md, which
// gets a second round for it to count.
#include <gtest/gtest.h>

#include "contest_example.hpp"
#include "core/contest/contest_view.hpp"

namespace contest_final_test {

using namespace rq::core;
using namespace rq::test;

// The example with a second round ("ky-2", like ky-1) and `final` set.
ContestConfigResult with_final(const Json& final_ranking) {
  return parse_with([&](Json& j) {
    Json second = j["rounds"][0];
    second["id"] = "ky-2";
    second["title"] = "Kỳ 2";
    j["rounds"].push_back(second);
    j["final"] = final_ranking;
  });
}

TEST(ContestFinal, AContestWithoutAFinalHasNone) {
  auto parsed = parse_with([](Json&) {});
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed.config.final_ranking.has_value());
}

TEST(ContestFinal, DefaultsAreEveryRoundSummedRankedByScoreTimeAttempts) {
  auto parsed = with_final({{"title", "Chung cuộc"}});
  ASSERT_TRUE(parsed.ok()) << parsed.problems.front().path << ": " << parsed.problems.front().message;
  FinalConfig expected;
  expected.title = "Chung cuộc";
  expected.rounds = {"ky-1", "ky-2"};
  expected.ranking = {{FinalKey::score, ""}, {FinalKey::duration, ""}, {FinalKey::attempts_used, ""}};
  EXPECT_EQ(*parsed.config.final_ranking, expected);
}

TEST(ContestFinal, RoundsAreKeptInTheContestsOrder) {
  auto parsed = with_final({{"title", "Chung cuộc"}, {"rounds", {"ky-2", "ky-1"}}});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.config.final_ranking->rounds, (std::vector<std::string>{"ky-1", "ky-2"}));
}

TEST(ContestFinal, EveryFieldIsRead) {
  auto parsed = with_final({{"title", "Chung cuộc"},
                            {"rounds", {"ky-1", "ky-2"}},
                            {"combine", "best"},
                            {"best", 1},
                            {"min_rounds", 2},
                            {"ranking", {"score", "prediction:ky-2", "rounds_entered", "submitted_at"}},
                            {"prizes", {{{"category", "cbccvc"}, {"tiers", {{{"name", "Giải Nhất"}, {"count", 1}}}}}}},
                            {"round_winners", "higher_only"}});
  ASSERT_TRUE(parsed.ok()) << parsed.problems.front().path << ": " << parsed.problems.front().message;
  const auto& f = *parsed.config.final_ranking;
  EXPECT_EQ(f.combine, FinalCombine::best);
  EXPECT_EQ(f.best, 1);
  EXPECT_EQ(f.min_rounds, 2);
  EXPECT_EQ(f.ranking, (std::vector<FinalRankKey>{{FinalKey::score, ""},
                                                  {FinalKey::prediction, "ky-2"},
                                                  {FinalKey::rounds_entered, ""},
                                                  {FinalKey::submitted_at, ""}}));
  EXPECT_EQ(f.prizes, (std::vector<CategoryPrizes>{{"cbccvc", {{"Giải Nhất", 1}}}}));
  EXPECT_EQ(f.round_winners, RoundWinners::higher_only);
}

TEST(ContestFinal, MinimumScoresToWinAreReadForTheFinalAndItsTiers) {
  auto parsed = with_final({{"title", "C"},
                            {"min_score_to_win", 30},
                            {"prizes", {{{"category", "cbccvc"},
                                         {"tiers", {{{"name", "Giải Nhất"}, {"count", 1}, {"min_score", 38}}}}}}}});
  ASSERT_TRUE(parsed.ok()) << parsed.problems.front().path << ": " << parsed.problems.front().message;
  EXPECT_EQ(parsed.config.final_ranking->min_score_to_win, 30);
  EXPECT_EQ(parsed.config.final_ranking->prizes[0].tiers[0].min_score, 38);
  auto round = parse_with([](Json& j) {
    j["rounds"][0]["min_score_to_win"] = 10;
    j["rounds"][0]["prizes"][0]["tiers"][0]["min_score"] = -1;
  });
  EXPECT_EQ(round.problems, (Problems{{"rounds[0].prizes[0].tiers[0].min_score",
                                       "must be a whole number from 0 to 1000000 (got -1)"}}));
}

TEST(ContestJoinCode, IsReadAndTheViewSaysOnlyThatOneIsRequired) {
  auto parsed = parse_with([](Json& j) { j["join_code"] = "CCHC2026"; });
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.config.join_code, "CCHC2026");
  auto view = public_contest_view(parsed.config, 0);
  EXPECT_EQ(view["join_code_required"], true);
  EXPECT_EQ(view.dump().find("CCHC2026"), std::string::npos);
  EXPECT_EQ(public_contest_view(parse_with([](Json&) {}).config, 0)["join_code_required"], false);
}

TEST(ContestJoinCode, HasFourToSixtyFourCharacters) {
  EXPECT_EQ(problems_with([](Json& j) { j["join_code"] = "abc"; }),
            (Problems{{"join_code", "must be 4 to 64 characters"}}));
}

TEST(ContestFinal, TitleIsRequired) {
  EXPECT_EQ(with_final(Json::object()).problems, (Problems{{"final.title", "is required"}}));
}

TEST(ContestFinal, RoundsMustBeTheContestsOwnAndGivenOnce) {
  EXPECT_EQ(with_final({{"title", "C"}, {"rounds", {"ky-1", "ky-9", "ky-1"}}}).problems,
            (Problems{{"final.rounds[1]", "'ky-9' is not one of the contest's rounds"},
                      {"final.rounds[2]", "'ky-1' is given twice"}}));
}

TEST(ContestFinal, BestNeedsHowManyRoundsCountWithinTheFinalsRounds) {
  EXPECT_EQ(with_final({{"title", "C"}, {"combine", "best"}}).problems, (Problems{{"final.best", "is required"}}));
  auto too_many = with_final({{"title", "C"}, {"combine", "best"}, {"best", 3}}).problems;
  ASSERT_EQ(too_many.size(), 1u);
  EXPECT_EQ(too_many[0].path, "final.best");
}

TEST(ContestFinal, BestIsOnlyForCombineBest) {
  EXPECT_EQ(with_final({{"title", "C"}, {"best", 1}}).problems,
            (Problems{{"final.best", "is only for \"combine\": \"best\""}}));
}

TEST(ContestFinal, CombineIsSumBestOrAverage) {
  EXPECT_EQ(with_final({{"title", "C"}, {"combine", "max"}}).problems,
            (Problems{{"final.combine", "must be one of sum, best, average (got 'max')"}}));
}

TEST(ContestFinal, MinRoundsIsAtMostTheFinalsRounds) {
  auto problems = with_final({{"title", "C"}, {"min_rounds", 3}}).problems;
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "final.min_rounds");
}

TEST(ContestFinal, RankingKeysAreKnownAndGivenOnce) {
  EXPECT_EQ(with_final({{"title", "C"}, {"ranking", {"score", "fastest", "score"}}}).problems,
            (Problems{{"final.ranking[1]",
                       "must be one of score, duration, attempts_used, rounds_entered, submitted_at, "
                       "prediction:<round id> (got 'fastest')"},
                      {"final.ranking[2]", "'score' is given twice"}}));
}

TEST(ContestFinal, PredictionKeyNamesACountedRoundWithAPrediction) {
  EXPECT_EQ(with_final({{"title", "C"}, {"rounds", {"ky-1"}}, {"ranking", {"score", "prediction:ky-2"}}}).problems,
            (Problems{{"final.ranking[1]", "'ky-2' is not one of the final's rounds"}}));
  auto no_prediction = parse_with([](Json& j) {
    j["rounds"][0].erase("prediction");
    j["rounds"][0]["ranking"] = {"score", "duration"};
    j["final"] = {{"title", "C"}, {"ranking", {"prediction:ky-1"}}};
  });
  EXPECT_EQ(no_prediction.problems, (Problems{{"final.ranking[0]", "round 'ky-1' has no prediction question"}}));
}

TEST(ContestFinal, PrizesNameTheContestsCategoriesOnce) {
  Json tiers = {{{"name", "Giải Nhất"}, {"count", 1}}};
  EXPECT_EQ(with_final({{"title", "C"},
                        {"prizes", {{{"category", "hoc-sinh"}, {"tiers", tiers}}, {{"category", "cbccvc"}, {"tiers", tiers}},
                                    {{"category", "cbccvc"}, {"tiers", tiers}}}}})
                .problems,
            (Problems{{"final.prizes[0].category",
                       "'hoc-sinh' is not one of the contest's categories (cbccvc, nhan-dan)"},
                      {"final.prizes[2].category", "'cbccvc' already has prizes in the final, at final.prizes[1]"}}));
}

TEST(ContestFinal, RoundWinnersIsAllowedExcludedOrHigherOnly) {
  EXPECT_EQ(with_final({{"title", "C"}, {"round_winners", "never"}}).problems,
            (Problems{{"final.round_winners", "must be one of allowed, excluded, higher_only (got 'never')"}}));
}

TEST(ContestFinal, UnknownFieldsAreReported) {
  EXPECT_EQ(with_final({{"title", "C"}, {"round", {"ky-1"}}}).problems,
            (Problems{{"final.round", "unknown field (the final has: title, rounds, combine, best, min_rounds, "
                                      "ranking, prizes, min_score_to_win, round_winners, notice)"}}));
}

TEST(ContestFinal, ProblemsAreInVietnameseToo) {
  auto problems = with_final({{"title", "C"}, {"rounds", {"ky-9"}}}).problems;
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message_vi, "'ky-9' không phải là vòng thi của cuộc thi");
}

}  // namespace contest_final_test
