// The results notice's heading and signature ("Thông báo kết quả … kỳ thứ
// N") and the prize money of each tier, in the configuration and in the
// public view of the contest.
#include <gtest/gtest.h>

#include "contest_example.hpp"
#include "core/contest/contest_view.hpp"

namespace contest_notice_test {

using namespace rq::core;
using namespace rq::test;

Json& round0(Json& j) { return j["rounds"][0]; }

const Json kHeading = {{"parent_body", "UBND TỈNH QUẢNG NAM"},
                       {"issuing_body", "BAN TỔ CHỨC CUỘC THI"},
                       {"place", "Quảng Nam"},
                       {"signer_capacity", "TM. BAN TỔ CHỨC"},
                       {"signer_title", "TRƯỞNG BAN"},
                       {"signer_name", "Nguyễn Văn An"},
                       {"recipients", {"Các sở, ban, ngành", "Lưu: VT"}}};

TEST(ResultsNotice, TheContestGivesTheHeadingAndEachRoundItsNumberAndDate) {
  auto parsed = parse_with([](Json& j) {
    j["notice"] = kHeading;
    round0(j)["notice"] = {{"number", "15/TB-BTC"}, {"date", "2026-12-10"}};
  });
  ASSERT_TRUE(parsed.ok()) << parsed.problems[0].message;
  ASSERT_TRUE(parsed.config.notice);
  EXPECT_EQ(*parsed.config.notice, (NoticeHeading{"UBND TỈNH QUẢNG NAM", "BAN TỔ CHỨC CUỘC THI", "Quảng Nam",
                                                  "TM. BAN TỔ CHỨC", "TRƯỞNG BAN", "Nguyễn Văn An",
                                                  {"Các sở, ban, ngành", "Lưu: VT"}}));
  EXPECT_EQ(parsed.config.rounds[0].notice, (NoticeIssue{"15/TB-BTC", "2026-12-10"}));
}

TEST(ResultsNotice, TheHeadingNeedsTheIssuingBodyThePlaceAndTheSigner) {
  EXPECT_EQ(problems_with([](Json& j) { j["notice"] = Json::object(); }),
            (Problems{{"notice.issuing_body", "is required"},
                      {"notice.place", "is required"},
                      {"notice.signer_title", "is required"},
                      {"notice.signer_name", "is required"}}));
  EXPECT_EQ(problems_with([](Json& j) {
              j["notice"] = kHeading;
              j["notice"]["signer"] = "x";
            }),
            (Problems{{"notice.signer", "unknown field (the notice heading has: parent_body, issuing_body, "
                                        "place, signer_capacity, signer_title, signer_name, recipients)"}}));
}

TEST(ResultsNotice, HeadingLinesAreAtMost200Characters) {
  EXPECT_EQ(problems_with([](Json& j) {
              j["notice"] = kHeading;
              j["notice"]["issuing_body"] = std::string(201, 'A');
            }),
            (Problems{{"notice.issuing_body", "must be at most 200 characters"}}));
}

TEST(ResultsNotice, ARoundsNoticeNeedsTheContestsHeading) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["notice"] = {{"number", "15/TB-BTC"}}; }),
            (Problems{{"rounds[0].notice",
                       "gives a notice's number and date, but the contest has no notice heading (add a top-level "
                       "\"notice\" with the issuing body and the signer)"}}));
}

TEST(ResultsNotice, ARoundsNoticeDateIsADate) {
  EXPECT_EQ(problems_with([](Json& j) {
              j["notice"] = kHeading;
              round0(j)["notice"] = {{"date", "10/12/2026"}};
            }),
            (Problems{{"rounds[0].notice.date", "'10/12/2026' must be a date YYYY-MM-DD"}}));
}

TEST(ResultsNotice, TheFinalHasItsOwnNumberAndDate) {
  auto parsed = parse_with([](Json& j) {
    j["notice"] = kHeading;
    j["final"] = {{"title", "Chung cuộc"}, {"notice", {{"number", "30/TB-BTC"}}}};
  });
  ASSERT_TRUE(parsed.ok()) << parsed.problems[0].message;
  EXPECT_EQ(parsed.config.final_ranking->notice, (NoticeIssue{"30/TB-BTC", ""}));
}

TEST(ResultsNotice, ThePublicViewCarriesTheHeadingAndEachNoticesNumber) {
  auto parsed = parse_with([](Json& j) {
    j["notice"] = kHeading;
    round0(j)["notice"] = {{"number", "15/TB-BTC"}};
  });
  ASSERT_TRUE(parsed.ok());
  auto view = public_contest_view(parsed.config, kOpens);
  EXPECT_EQ(view["notice"]["issuing_body"], "BAN TỔ CHỨC CUỘC THI");
  EXPECT_EQ(view["notice"]["recipients"], nlohmann::json({"Các sở, ban, ngành", "Lưu: VT"}));
  EXPECT_EQ(view["rounds"][0]["notice"], nlohmann::json({{"number", "15/TB-BTC"}, {"date", nullptr}}));
  EXPECT_TRUE(public_contest_view(expected_example(), kOpens)["notice"].is_null());
}

// ---- prize money -----------------------------------------------------------

TEST(PrizeAmounts, ATierMayNameItsPrizeMoneyInDong) {
  auto parsed = parse_with([](Json& j) { round0(j)["prizes"][0]["tiers"][0]["amount"] = 3000000; });
  ASSERT_TRUE(parsed.ok()) << parsed.problems[0].message;
  EXPECT_EQ(parsed.config.rounds[0].prizes[0].tiers[0].amount, 3000000);
  EXPECT_EQ(parsed.config.rounds[0].prizes[0].tiers[1].amount, std::nullopt);
  auto view = public_contest_view(parsed.config, kOpens);
  EXPECT_EQ(view["rounds"][0]["prizes"][0]["tiers"][0]["amount"], 3000000);
  EXPECT_FALSE(view["rounds"][0]["prizes"][0]["tiers"][1].contains("amount"));
}

TEST(PrizeAmounts, AnAmountIsAWholeNumberOfDongUpToATrillion) {
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["prizes"][0]["tiers"][0]["amount"] = -1; }),
            (Problems{{"rounds[0].prizes[0].tiers[0].amount", "must be a whole number from 0 to 1000000000000 (got -1)"}}));
  EXPECT_EQ(problems_with([](Json& j) { round0(j)["prizes"][0]["tiers"][0]["amount"] = 1.5; }),
            (Problems{{"rounds[0].prizes[0].tiers[0].amount", "must be a whole number from 0 to 1000000000000"}}));
}

}  // namespace contest_notice_test
