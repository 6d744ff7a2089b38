// The rounds of a contest configuration, their ISO-8601 times, and the check
// of every round's draw against the stored banks: one test per rule, each
// breaking one thing in the example of PROTOCOL.md.
#include <gtest/gtest.h>

#include "contest_example.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace contest_rounds_test {

using namespace rq::core;
using namespace rq::test;

Json& round0(Json& j) { return j["rounds"][0]; }

// ---- times -----------------------------------------------------------------

TEST(ContestConfig, TimesAreIso8601WithAnOffset) {
  std::int64_t ms = 0;
  ASSERT_TRUE(parse_iso8601_ms("2026-12-01T08:00:00+07:00", ms));
  EXPECT_EQ(ms, kOpens);
  ASSERT_TRUE(parse_iso8601_ms("2026-12-01T01:00:00Z", ms));
  EXPECT_EQ(ms, kOpens);
  ASSERT_TRUE(parse_iso8601_ms("2026-12-01T01:00:00.25Z", ms));
  EXPECT_EQ(ms, kOpens + 250);
  ASSERT_TRUE(parse_iso8601_ms("2024-02-29T12:00:00-05:00", ms));
  EXPECT_EQ(ms, 1709226000000);
  ASSERT_TRUE(parse_iso8601_ms("1969-12-31T23:59:59Z", ms));
  EXPECT_EQ(ms, -1000);
}

TEST(ContestConfig, TimesThatAreNotIso8601WithAnOffsetAreRefused) {
  std::int64_t ms = 0;
  for (const char* bad : {"2026-12-01T08:00:00", "2026-12-01 08:00:00+07:00", "2026-12-01T08:00+07:00",
                          "2026-02-30T08:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T08:00:00+0700",
                          "2026-12-01T08:00:00.Z", "2026-12-01T08:00:00Z ", "2026-12-01", ""}) {
    EXPECT_FALSE(parse_iso8601_ms(bad, ms)) << bad;
  }
}

TEST(ContestConfig, OpensAtWithoutAnOffsetShowsTheExpectedForm) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["opens_at"] = "2026-12-01T08:00:00"; }),
            (Problems{{"rounds[0].opens_at", "has no UTC offset: write '2026-12-01T08:00:00+07:00' for Vietnam time or "
                                             "'2026-12-01T08:00:00Z' for UTC"}}));
}

TEST(ContestConfig, OpensAtMustBeAnIso8601Time) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["opens_at"] = "1/12/2026 8:00"; }),
            (Problems{{"rounds[0].opens_at", "must be an ISO-8601 time with an offset, e.g. 2026-12-01T08:00:00+07:00 "
                                             "(got '1/12/2026 8:00')"}}));
}

TEST(ContestConfig, ClosesAtMustComeAfterOpensAt) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["closes_at"] = "2026-11-30T17:00:00+07:00"; }),
            (Problems{{"rounds[0].closes_at", "comes before opens_at (2026-12-01T08:00:00+07:00)"}}));
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["closes_at"] = "2026-12-01T01:00:00Z"; }),
            (Problems{{"rounds[0].closes_at",
                       "is the same time as opens_at (2026-12-01T08:00:00+07:00); it must come after it"}}));
}

TEST(ContestConfig, RoundsMayOverlapAndComeInAnyOrder) {
  auto r = parse_with([](Json& j) {
    Json monthly = round0(j);
    monthly["id"] = "thang-12";
    monthly["opens_at"] = "2026-11-30T00:00:00+07:00";  // before ky-1 opens, and overlapping it
    monthly["closes_at"] = "2026-12-31T23:59:00+07:00";
    j["rounds"].push_back(monthly);
  });
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(r.problems);
  EXPECT_EQ(r.config.rounds.size(), 2u);
}

// ---- the round's fields ---------------------------------------------------

TEST(ContestConfig, RoundsMustNotBeEmpty) {
  EXPECT_EQ(problems_with([](Json& j) { j["rounds"] = Json::array(); }),
            (Problems{{"rounds", "must list at least one round"}}));
}

TEST(ContestConfig, RoundIdsAreUnique) {
  EXPECT_EQ(problems_with([](Json& j) { j["rounds"].push_back(round0(j)); }),
            (Problems{{"rounds[1].id", "the id 'ky-1' is already used by rounds[0]"}}));
}

TEST(ContestConfig, RoundNeedsATitle) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j).erase("title"); }), (Problems{{"rounds[0].title", "is required"}}));
}

TEST(ContestConfig, RoundBankMustBeASlug) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["bank"] = "CCHC_2021"; }),
            (Problems{{"rounds[0].bank", "'CCHC_2021' must be lowercase letters, digits, '-' or '_', starting with a "
                                         "letter or digit, at most 64 characters (e.g. 'cchc_2021')"}}));
}

TEST(ContestConfig, DrawCountIsFrom1To200) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["draw"]["count"] = 201; }),
            (Problems{{"rounds[0].draw.count", "must be a whole number from 1 to 200 (got 201)"}}));
}

TEST(ContestConfig, DrawByTopicKeepsTheOrderWritten) {
  // Not alphabetical, so a parser that sorted object keys would fail this.
  std::string text = kExample;
  const std::string from = R"("thu-tuc-hanh-chinh": 5, "chinh-phu-so": 3)";
  text.replace(text.find(from), from.size(), R"("to-chuc-bo-may": 2, "chinh-phu-so": 3, "cong-vu": 1)");
  auto r = parse_contest_config(text);
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(r.problems);
  EXPECT_EQ(r.config.rounds[0].draw.by_topic,
            (std::vector<std::pair<std::string, int>>{{"to-chuc-bo-may", 2}, {"chinh-phu-so", 3}, {"cong-vu", 1}}));
}

TEST(ContestConfig, DrawByTopicAsksForAtLeastOneQuestionEach) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["draw"]["by_topic"]["chinh-phu-so"] = 0; }),
            (Problems{{"rounds[0].draw.by_topic.chinh-phu-so", "must be a whole number from 1 to 200 (got 0)"}}));
}

TEST(ContestConfig, DrawByTopicMayNotAskForMoreThanTheCount) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["draw"]["by_topic"]["cong-vu"] = 13; }),
            (Problems{{"rounds[0].draw.by_topic", "asks for 21 questions by topic, more than draw.count (20)"}}));
}

TEST(ContestConfig, TimeLimitIsFrom30To7200Seconds) {
  EXPECT_TRUE(parse_with([](Json& j) { round0(j)["time_limit_s"] = 30; }).ok());
  EXPECT_TRUE(parse_with([](Json& j) { round0(j)["time_limit_s"] = 7200; }).ok());
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["time_limit_s"] = 7201; }),
            (Problems{{"rounds[0].time_limit_s", "must be a whole number from 30 to 7200 (got 7201)"}}));
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["time_limit_s"] = 1200.5; }),
            (Problems{{"rounds[0].time_limit_s", "must be a whole number from 30 to 7200"}}));
}

TEST(ContestConfig, AttemptsAreFrom1To10AndDefaultToOne) {
  EXPECT_EQ(parse_with([](Json& j) { round0(j).erase("attempts"); }).config.rounds[0].attempts, 1);
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["attempts"] = 11; }),
            (Problems{{"rounds[0].attempts", "must be a whole number from 1 to 10 (got 11)"}}));
}

TEST(ContestConfig, CountedAttemptIsBestFirstOrLastAndDefaultsToBest) {
  EXPECT_EQ(parse_with([](Json& j) { round0(j)["counted_attempt"] = "last"; }).config.rounds[0].counted_attempt,
            CountedAttempt::last);
  EXPECT_EQ(parse_with([](Json& j) { round0(j).erase("counted_attempt"); }).config.rounds[0].counted_attempt,
            CountedAttempt::best);
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["counted_attempt"] = "highest"; }),
            (Problems{{"rounds[0].counted_attempt", "must be one of best, first, last (got 'highest')"}}));
}

TEST(ContestConfig, RequireAllAnsweredDefaultsToFalse) {
  EXPECT_FALSE(parse_with([](Json& j) { round0(j).erase("require_all_answered"); }).config.rounds[0].require_all_answered);
  EXPECT_TRUE(parse_with([](Json& j) { round0(j)["require_all_answered"] = true; }).config.rounds[0].require_all_answered);
}

// ---- prediction and ranking ------------------------------------------------

TEST(ContestConfig, PredictionMayBeNull) {
  auto r = parse_with([](Json& j) {
    round0(j)["prediction"] = nullptr;
    round0(j)["ranking"] = {"score", "duration"};
  });
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(r.problems);
  EXPECT_EQ(r.config.rounds[0].prediction, std::nullopt);
}

TEST(ContestConfig, PredictionNeedsAPrompt) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["prediction"].erase("prompt"); }),
            (Problems{{"rounds[0].prediction.prompt", "is required"}}));
}

TEST(ContestConfig, PredictionTargetMustBeKnownAndDefaultsToPerfectEntries) {
  EXPECT_EQ(parse_with([](Json& j) { round0(j)["prediction"].erase("target"); }).config.rounds[0].prediction->target,
            PredictionTarget::perfect_entries);
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["prediction"]["target"] = "winners"; }),
            (Problems{{"rounds[0].prediction.target",
                       "must be one of perfect_entries, perfect_entrants, entries, entrants (got 'winners')"}}));
}

TEST(ContestConfig, RankingDefaultsToScorePredictionDurationSubmittedAt) {
  EXPECT_EQ(parse_with([](Json& j) { round0(j).erase("ranking"); }).config.rounds[0].ranking,
            (std::vector<RankKey>{RankKey::score, RankKey::prediction, RankKey::duration, RankKey::submitted_at}));
}

TEST(ContestConfig, RankingWithoutAPredictionDefaultsToScoreDurationSubmittedAt) {
  EXPECT_EQ(parse_with([](Json& j) {
              round0(j).erase("ranking");
              round0(j).erase("prediction");
            }).config.rounds[0].ranking,
            (std::vector<RankKey>{RankKey::score, RankKey::duration, RankKey::submitted_at}));
}

TEST(ContestConfig, RankingByPredictionNeedsAPrediction) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j).erase("prediction"); }),
            (Problems{{"rounds[0].ranking[1]", "'prediction' ranks by the prediction question, but this round has "
                                               "none (add a prediction or remove this key)"}}));
}

TEST(ContestConfig, RankingKeysMustBeKnownAndUnique) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["ranking"] = {"score", "time", "score"}; }),
            (Problems{{"rounds[0].ranking[1]",
                       "must be one of score, prediction, duration, submitted_at, started_at, attempts_used (got 'time')"},
                      {"rounds[0].ranking[2]", "'score' is given twice"}}));
}

TEST(ContestConfig, RankingMustNotBeEmpty) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["ranking"] = Json::array(); }),
            (Problems{{"rounds[0].ranking",
                       "must be a non-empty list of ranking keys, e.g. [\"score\", \"duration\", \"submitted_at\"]"}}));
}

// ---- prizes ----------------------------------------------------------------

TEST(ContestConfig, PrizeCategoryMustBeOneOfTheContestsCategories) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["prizes"][0]["category"] = "hoc-sinh"; }),
            (Problems{{"rounds[0].prizes[0].category",
                       "'hoc-sinh' is not one of the contest's categories (cbccvc, nhan-dan)"}}));
}

TEST(ContestConfig, CategoryHasPrizesAtMostOncePerRound) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["prizes"].push_back(round0(j)["prizes"][0]); }),
            (Problems{{"rounds[0].prizes[1].category", "'cbccvc' already has prizes in this round, at rounds[0].prizes[0]"}}));
}

TEST(ContestConfig, PrizeTiersMustNotBeEmpty) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["prizes"][0]["tiers"] = Json::array(); }),
            (Problems{{"rounds[0].prizes[0].tiers", "must list at least one prize tier"}}));
}

TEST(ContestConfig, PrizeTierCountIsFrom1To1000) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["prizes"][0]["tiers"][2]["count"] = 1001; }),
            (Problems{{"rounds[0].prizes[0].tiers[2].count", "must be a whole number from 1 to 1000 (got 1001)"}}));
}

TEST(ContestConfig, PrizeTierNeedsAName) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["prizes"][0]["tiers"][0]["name"] = ""; }),
            (Problems{{"rounds[0].prizes[0].tiers[0].name", "is required (it is empty)"}}));
}

// ---- the draw against the stored banks -------------------------------------

BankContents bank(std::map<std::string, std::size_t> by_topic) {
  BankContents b;
  for (const auto& [topic, n] : by_topic) b.total += n;
  b.questions_by_topic = std::move(by_topic);
  return b;
}

TEST(ContestConfig, DrawThatTheBankCanServeHasNoProblems) {
  auto config = expected_example();
  EXPECT_EQ(check_draws(config, {{"cchc-2021-2030", bank({{"thu-tuc-hanh-chinh", 5}, {"chinh-phu-so", 3}, {"the-che", 12}})}}),
            Problems{});
}

TEST(ContestConfig, DrawNeedsAStoredBank) {
  EXPECT_EQ(check_draws(expected_example(), {{"other", bank({{"the-che", 50}})}}),
            (Problems{{"rounds[0].bank", "no bank 'cchc-2021-2030' is stored"}}));
}

TEST(ContestConfig, DrawTopicMustHoldEnoughQuestions) {
  EXPECT_EQ(check_draws(expected_example(),
                        {{"cchc-2021-2030", bank({{"thu-tuc-hanh-chinh", 5}, {"chinh-phu-so", 2}, {"the-che", 30}})}}),
            (Problems{{"rounds[0].draw.by_topic.chinh-phu-so",
                       "asks for 3 questions of topic 'chinh-phu-so', which holds 2"}}));
}

TEST(ContestConfig, DrawTopicMustExistInTheBank) {
  EXPECT_EQ(check_draws(expected_example(), {{"cchc-2021-2030", bank({{"thu-tuc-hanh-chinh", 5}, {"the-che", 30}})}}),
            (Problems{{"rounds[0].draw.by_topic.chinh-phu-so",
                       "asks for 3 questions of topic 'chinh-phu-so', which bank 'cchc-2021-2030' does not have"}}));
}

TEST(ContestConfig, DrawCountMustFitTheBank) {
  EXPECT_EQ(check_draws(expected_example(),
                        {{"cchc-2021-2030", bank({{"thu-tuc-hanh-chinh", 6}, {"chinh-phu-so", 3}, {"the-che", 3}})}}),
            (Problems{{"rounds[0].draw.count", "asks for 20 questions; bank 'cchc-2021-2030' holds 12"}}));
}

}  // namespace contest_rounds_test
