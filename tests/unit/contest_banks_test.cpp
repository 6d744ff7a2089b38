// Where a round's questions come from: a bank per category ("some contests
// use a different question bank per category") and the questions' dates
// ("each question carries … the date from which it holds"), in the
// configuration and in the check of the draws against the stored banks.
#include <gtest/gtest.h>

#include "contest_example.hpp"
#include "core/contest/draw.hpp"

namespace contest_banks_test {

using namespace rq::core;
using namespace rq::test;

Json& round0(Json& j) { return j["rounds"][0]; }

BankContents bank(std::map<std::string, std::size_t> by_topic, std::vector<DatedQuestion> dated = {}) {
  BankContents b;
  for (const auto& [topic, n] : by_topic) b.total += n;
  b.questions_by_topic = std::move(by_topic);
  b.dated = std::move(dated);
  return b;
}

const BankContents kEnough = bank({{"thu-tuc-hanh-chinh", 5}, {"chinh-phu-so", 3}, {"the-che", 12}});

// ---- a bank per category ---------------------------------------------------

TEST(BankPerCategory, EachCategoryDrawsFromTheBankNamedForIt) {
  auto parsed = parse_with([](Json& j) { round0(j)["banks"] = {{"nhan-dan", "cchc-nhan-dan"}}; });
  ASSERT_TRUE(parsed.ok()) << parsed.problems[0].message;
  const auto& r = parsed.config.rounds[0];
  EXPECT_EQ(r.bank_for("nhan-dan"), "cchc-nhan-dan");
  EXPECT_EQ(r.bank_for("cbccvc"), "cchc-2021-2030");
  EXPECT_EQ(r.banks_used(), (std::vector<std::string>{"cchc-2021-2030", "cchc-nhan-dan"}));
}

TEST(BankPerCategory, BankMayBeLeftOutWhenEveryCategoryHasItsOwn) {
  auto parsed = parse_with([](Json& j) {
    round0(j).erase("bank");
    round0(j)["banks"] = {{"cbccvc", "cchc-cbccvc"}, {"nhan-dan", "cchc-nhan-dan"}};
  });
  ASSERT_TRUE(parsed.ok()) << parsed.problems[0].message;
  EXPECT_EQ(parsed.config.rounds[0].bank, "");
  EXPECT_EQ(parsed.config.rounds[0].banks_used(), (std::vector<std::string>{"cchc-cbccvc", "cchc-nhan-dan"}));
}

TEST(BankPerCategory, BankIsRequiredForTheCategoriesBanksDoesNotName) {
  EXPECT_EQ(problems_with([](Json& j) {
              round0(j).erase("bank");
              round0(j)["banks"] = {{"nhan-dan", "cchc-nhan-dan"}};
            }),
            (Problems{{"rounds[0].bank", "is required: it is the bank of every category \"banks\" does not name"}}));
  EXPECT_EQ(problems_with([](Json& j) { round0(j).erase("bank"); }), (Problems{{"rounds[0].bank", "is required"}}));
}

TEST(BankPerCategory, ABankNoCategoryDrawsFromIsAMistake) {
  EXPECT_EQ(problems_with([](Json& j) {
              round0(j)["banks"] = {{"cbccvc", "cchc-cbccvc"}, {"nhan-dan", "cchc-nhan-dan"}};
            }),
            (Problems{{"rounds[0].bank", "no category draws from it: every category has its own bank in \"banks\" (remove it)"}}));
}

TEST(BankPerCategory, BanksNameTheContestsCategoriesWithBankIds) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["banks"] = {{"hoc-sinh", "b"}}; }),
            (Problems{{"rounds[0].banks.hoc-sinh", "'hoc-sinh' is not one of the contest's categories (cbccvc, nhan-dan)"}}));
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["banks"] = {{"nhan-dan", 3}}; }),
            (Problems{{"rounds[0].banks.nhan-dan", "must be a bank's id (a string)"}}));
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["banks"] = Json::array({"nhan-dan"}); }),
            (Problems{{"rounds[0].banks", "must be an object {category: bank}"}}));
}

TEST(BankPerCategory, EveryBankOfTheRoundMustServeTheDraw) {
  auto config = parse_with([](Json& j) { round0(j)["banks"] = {{"nhan-dan", "cchc-nhan-dan"}}; }).config;
  EXPECT_EQ(check_draws(config, {{"cchc-2021-2030", kEnough}}),
            (Problems{{"rounds[0].banks.nhan-dan", "no bank 'cchc-nhan-dan' is stored"}}));
  EXPECT_EQ(check_draws(config, {{"cchc-2021-2030", kEnough},
                                 {"cchc-nhan-dan", bank({{"thu-tuc-hanh-chinh", 5}, {"chinh-phu-so", 2}, {"x", 20}})}}),
            (Problems{{"rounds[0].draw.by_topic.chinh-phu-so",
                       "asks for 3 questions of topic 'chinh-phu-so', which holds 2 in bank 'cchc-nhan-dan'"}}));
  EXPECT_EQ(check_draws(config, {{"cchc-2021-2030", kEnough}, {"cchc-nhan-dan", kEnough}}), Problems{});
}

TEST(BankPerCategory, ANewBankVersionIsCheckedAgainstTheRoundsThatDrawFromIt) {
  auto config = parse_with([](Json& j) { round0(j)["banks"] = {{"nhan-dan", "cchc-nhan-dan"}}; }).config;
  auto thin = bank({{"thu-tuc-hanh-chinh", 5}, {"chinh-phu-so", 3}});
  EXPECT_EQ(draws_unmet_by(config, "cchc-nhan-dan", thin, kOpens),
            (Problems{{"rounds[0].draw.count", "asks for 20 questions; bank 'cchc-nhan-dan' holds 8"}}));
  EXPECT_EQ(draws_unmet_by(config, "another-bank", thin, kOpens), Problems{});
  // A short topic is named in the category's bank, at the round's path.
  auto short_topic = bank({{"thu-tuc-hanh-chinh", 5}, {"chinh-phu-so", 1}, {"x", 20}});
  EXPECT_EQ(draws_unmet_by(config, "cchc-nhan-dan", short_topic, kOpens),
            (Problems{{"rounds[0].draw.by_topic.chinh-phu-so",
                       "asks for 3 questions of topic 'chinh-phu-so', which holds 1 in bank 'cchc-nhan-dan'"}}));
  // A round already over no longer draws.
  EXPECT_EQ(draws_unmet_by(config, "cchc-nhan-dan", thin, kCloses), Problems{});
}

// ---- the questions' dates --------------------------------------------------

TEST(QuestionDates, TheRoundsWindowIsItsFirstAndLastDayInTheContestsZone) {
  RoundConfig r;
  r.opens_at = kOpens;    // 2026-12-01T08:00:00+07:00
  r.closes_at = kCloses;  // 2026-12-07T17:00:00+07:00
  EXPECT_EQ(round_window(r, "Asia/Ho_Chi_Minh"), (DrawWindow{"2026-12-01", "2026-12-07"}));
  // Closing at midnight ends the day before.
  ASSERT_TRUE(parse_iso8601_ms("2026-12-08T00:00:00+07:00", r.closes_at));
  EXPECT_EQ(round_window(r, "Asia/Ho_Chi_Minh"), (DrawWindow{"2026-12-01", "2026-12-07"}));
  // The same instants are 2026-12-01T01:00Z and 2026-12-07T17:00Z in UTC.
  EXPECT_EQ(round_window(r, "UTC"), (DrawWindow{"2026-12-01", "2026-12-07"}));
  ASSERT_TRUE(parse_iso8601_ms("2026-11-30T23:30:00Z", r.opens_at));
  EXPECT_EQ(round_window(r, "Asia/Ho_Chi_Minh").first_day, "2026-12-01");
  EXPECT_EQ(round_window(r, "UTC").first_day, "2026-11-30");
}

TEST(QuestionDates, AQuestionIsDrawnOnlyWhenItsDatesCoverEveryDayOfTheRound) {
  const DrawWindow w{"2026-12-01", "2026-12-07"};
  EXPECT_TRUE(valid_throughout("", "", w));
  EXPECT_TRUE(valid_throughout("2026-12-01", "2026-12-07", w));
  EXPECT_TRUE(valid_throughout("2025-07-01", "", w));
  EXPECT_FALSE(valid_throughout("2026-12-02", "", w));   // a law in force only from the second day
  EXPECT_FALSE(valid_throughout("", "2026-12-06", w));   // repealed before the round ends
  EXPECT_FALSE(valid_throughout("2027-01-01", "", w));
}

TEST(QuestionDates, TheDrawCheckCountsOnlyQuestionsValidThroughoutTheRound) {
  // Two of chinh-phu-so's three questions hold only from 2027; one of
  // the-che's was repealed in 2025.
  auto dated = bank({{"thu-tuc-hanh-chinh", 5}, {"chinh-phu-so", 3}, {"the-che", 13}},
                    {{"chinh-phu-so", "2027-01-01", ""}, {"chinh-phu-so", "2027-01-01", ""},
                     {"the-che", "", "2025-06-30"}, {"the-che", "2020-01-01", "2030-12-31"}});
  EXPECT_EQ(check_draws(expected_example(), {{"cchc-2021-2030", dated}}),
            (Problems{{"rounds[0].draw.by_topic.chinh-phu-so",
                       "asks for 3 questions of topic 'chinh-phu-so', which holds 1 valid from 2026-12-01 to 2026-12-07"},
                      {"rounds[0].draw.count",
                       "asks for 20 questions; bank 'cchc-2021-2030' holds 18 valid from 2026-12-01 to 2026-12-07"}}));
}

TEST(QuestionDates, ContentsOfABankListItsDatedQuestions) {
  QuestionBank b{"b", "B", "vi", {{"t", "T"}}, {}};
  b.questions.push_back({"q1", "t", "Q1", {{"a", "A"}, {"b", "B"}}, {"a"}, std::nullopt, "", "", "", "", ""});
  b.questions.push_back({"q2", "t", "Q2", {{"a", "A"}, {"b", "B"}}, {"a"}, std::nullopt, "", "2025-07-01", "", "", ""});
  auto c = contents_of(b);
  EXPECT_EQ(c.total, 2u);
  ASSERT_EQ(c.dated.size(), 1u);
  EXPECT_EQ(c.dated[0].topic, "t");
  EXPECT_EQ(c.dated[0].valid_from, "2025-07-01");
}

}  // namespace contest_banks_test
