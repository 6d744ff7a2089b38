// The contest configuration: one test per rule, each breaking one thing in
// the example of PROTOCOL.md and asserting the exact path and message.
#include <gtest/gtest.h>

#include "contest_example.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace contest_config_test {

using namespace rq::core;
using namespace rq::test;

// ---- the document ----------------------------------------------------------

TEST(ContestConfig, ProtocolExampleParsesToTheExpectedConfig) {
  auto r = parse_contest_config(kExample);
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(r.problems);
  EXPECT_EQ(r.config, expected_example());
}

TEST(ContestConfig, MalformedJsonIsOneProblemWithLineAndColumn) {
  auto r = parse_contest_config("{\n  \"id\": \"x\",\n  \"title\" \"y\"\n}");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].path, "");
  EXPECT_TRUE(r.problems[0].message.starts_with("the configuration is not valid JSON: at line 3, column 13: "))
      << r.problems[0].message;
}

TEST(ContestConfig, DocumentMustBeAnObject) {
  EXPECT_EQ(parse_contest_config("[1, 2]").problems,
            (Problems{{"", "a contest configuration must be a JSON object {id, title, categories, units, rounds, …}"}}));
}

TEST(ContestConfig, WrongJsonTypesAreReportedAtTheirPath) {
  EXPECT_EQ(problems_with([](Json& j) {
              j["title"] = 5;
              j["units"] = "so-noi-vu";
              j["rounds"][0]["draw"]["count"] = "20";
              j["rounds"][0]["require_all_answered"] = "no";
              j["rounds"][0]["prizes"][0]["tiers"][1] = 2;
            }),
            (Problems{{"title", "must be a string"},
                      {"units", "must be a list"},
                      {"rounds[0].draw.count", "must be a whole number from 1 to 200"},
                      {"rounds[0].require_all_answered", "must be true or false"},
                      {"rounds[0].prizes[0].tiers[1]", "must be an object {name, count}"}}));
}

TEST(ContestConfig, UnknownTopLevelFieldIsAProblem) {
  EXPECT_EQ(problems_with([](Json& j) { j["titel"] = "x"; }),
            (Problems{{"titel", "unknown field (a contest has: id, title, timezone, categories, units, blocks, "
                                "excluded, repeat_winners, rounds, collective_prizes, final, join_code, notice, profile_fields, "
                                "communes)"}}));
}

TEST(ContestConfig, UnknownRoundFieldIsAProblem) {
  EXPECT_EQ(problems_with([](Json& j) { j["rounds"][0]["atempts"] = 3; }),
            (Problems{{"rounds[0].atempts",
                       "unknown field (a round has: id, title, opens_at, closes_at, bank, banks, draw, time_limit_s, "
                       "attempts, counted_attempt, require_all_answered, prediction, ranking, prizes, min_score_to_win, "
                       "notice)"}}));
}

TEST(ContestConfig, EveryProblemIsReportedAtOnce) {
  auto p = problems_with([](Json& j) {
    j.erase("id");
    j["rounds"][0]["time_limit_s"] = 10;
    j["collective_prizes"][0]["count"] = 0;
  });
  EXPECT_EQ(p, (Problems{{"id", "is required"},
                         {"rounds[0].time_limit_s", "must be a whole number from 30 to 7200 (got 10)"},
                         {"collective_prizes[0].count", "must be a whole number from 1 to 100 (got 0)"}}));
}

// ---- the contest's own fields ---------------------------------------------

TEST(ContestConfig, IdMustBeASlug) {
  EXPECT_EQ(problems_with([](Json& j) { j["id"] = "CCHC 2026"; }),
            (Problems{{"id", "'CCHC 2026' must be lowercase letters, digits, '-' or '_', starting with a letter or "
                             "digit, at most 64 characters (e.g. 'cchc-2026')"}}));
}

TEST(ContestConfig, TitleIsRequired) {
  EXPECT_EQ(problems_with([](Json& j) { j["title"] = "   "; }), (Problems{{"title", "is required (it is empty)"}}));
}

TEST(ContestConfig, TitleIsNormalisedToNfcAndTrimmed) {
  // "Kỳ thi" typed decomposed: y + combining grave (U+0300) + combining dot below (U+0323).
  auto r = parse_with([](Json& j) { j["title"] = "  K\x79\xCC\x80 thi\t"; });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config.title, "K\xE1\xBB\xB3 thi");  // ỳ, U+1EF3
}

TEST(ContestConfig, TimezoneDefaultsToVietnam) {
  auto r = parse_with([](Json& j) { j.erase("timezone"); });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config.timezone, "Asia/Ho_Chi_Minh");
}

TEST(ContestConfig, TimezoneMustBeVietnamOrUtc) {
  EXPECT_TRUE(parse_with([](Json& j) { j["timezone"] = "UTC"; }).ok());
  EXPECT_EQ(problems_with([](Json& j) { j["timezone"] = "Asia/Bangkok"; }),
            (Problems{{"timezone", "'Asia/Bangkok' is not supported: must be Asia/Ho_Chi_Minh or UTC (no other time "
                                   "zone is supported yet)"}}));
}

TEST(ContestConfig, CategoriesMustNotBeEmpty) {
  EXPECT_EQ(problems_with([](Json& j) {
              j["categories"] = Json::array();
              j["rounds"][0].erase("prizes");
            }),
            (Problems{{"categories", "must list at least one category"}}));
}

TEST(ContestConfig, CategoryIdsAreUnique) {
  EXPECT_EQ(problems_with([](Json& j) { j["categories"][1]["id"] = "cbccvc"; }),
            (Problems{{"categories[1].id", "the id 'cbccvc' is already used by categories[0]"}}));
}

TEST(ContestConfig, CategoryNeedsAName) {
  EXPECT_EQ(problems_with([](Json& j) { j["categories"][1].erase("name"); }),
            (Problems{{"categories[1].name", "is required"}}));
}

TEST(ContestConfig, UnitsMustNotBeEmpty) {
  EXPECT_EQ(problems_with([](Json& j) {
              j["units"] = Json::array();
              j.erase("collective_prizes");
            }),
            (Problems{{"units", "must list at least one unit"}}));
}

TEST(ContestConfig, UnitIdsAreUnique) {
  EXPECT_EQ(problems_with([](Json& j) { j["units"].push_back({{"id", "so-noi-vu"}, {"name", "Khác"}, {"headcount", 5}}); }),
            (Problems{{"units[1].id", "the id 'so-noi-vu' is already used by units[0]"}}));
}

TEST(ContestConfig, UnitBlockAndHeadcountAreOptional) {
  auto r = parse_with([](Json& j) {
    j["units"].push_back({{"id", "ubnd-xa"}, {"name", "UBND xã"}});
    j.erase("collective_prizes");
  });
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(r.problems);
  EXPECT_EQ(r.config.units[1], (Unit{"ubnd-xa", "UBND xã", "", std::nullopt}));
}

TEST(ContestConfig, UnitBlockMustBeASlug) {
  EXPECT_EQ(problems_with([](Json& j) { j["units"][0]["block"] = "Sở ngành"; }),
            (Problems{{"units[0].block", "'Sở ngành' must be lowercase letters, digits, '-' or '_', starting with a "
                                         "letter or digit, at most 64 characters (e.g. 'so-nganh')"}}));
}

TEST(ContestConfig, BlocksAreOptionalAndNameTheUnitsBlocks) {
  auto r = parse_with([](Json& j) {
    j["units"][0]["block"] = "so-nganh";
    j["blocks"] = Json::array({{{"id", "so-nganh"}, {"name", "Các sở, ban, ngành"}}});
  });
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(r.problems);
  EXPECT_EQ(r.config.blocks, (std::vector<Block>{{"so-nganh", "Các sở, ban, ngành"}}));
  EXPECT_TRUE(parse_contest_config(kExample).config.blocks.empty());
}

TEST(ContestConfig, OnceBlocksAreListedAUnitsBlockMustBeOneOfThem) {
  EXPECT_EQ(problems_with([](Json& j) {
              j["units"][0]["block"] = "so-ngahn";
              j["blocks"] = Json::array({{{"id", "so-nganh"}, {"name", "Sở, ngành"}}, {{"id", "xa-phuong"}, {"name", "Xã"}}});
            }),
            (Problems{{"units[0].block", "'so-ngahn' is not one of the blocks: so-nganh, xa-phuong"}}));
}

TEST(ContestConfig, BlockIdsAreUniqueAndNamed) {
  EXPECT_EQ(problems_with([](Json& j) {
              j["units"][0].erase("block");
              j["blocks"] = Json::array({{{"id", "a"}, {"name", "A"}}, {{"id", "a"}, {"name", "B"}}, {{"id", "c"}}});
            }),
            (Problems{{"blocks[1].id", "the id 'a' is already used by blocks[0]"}, {"blocks[2].name", "is required"}}));
}

TEST(ContestConfig, UnitHeadcountMustBePositive) {
  EXPECT_EQ(problems_with([](Json& j) {
              j["units"][0]["headcount"] = 0;
              j.erase("collective_prizes");  // which would also miss the headcount
            }),
            (Problems{{"units[0].headcount", "must be a whole number of at least 1 (got 0)"}}));
}

TEST(ContestConfig, ExcludedPhonesAreNormalised) {
  auto r = parse_with([](Json& j) { j["excluded"]["phones"] = {"+84 90 123 4567", "098.765.4321"}; });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config.excluded_phones, (std::vector<std::string>{"0901234567", "0987654321"}));
}

TEST(ContestConfig, ExcludedPhoneThatIsNotVietnameseIsAProblemAtItsIndex) {
  EXPECT_EQ(problems_with([](Json& j) { j["excluded"]["phones"] = {"0901234567", "0912345678", "12345"}; }),
            (Problems{{"excluded.phones[2]", "'12345' is not a Vietnamese mobile number (10 digits starting 03, 05, 07, "
                                             "08 or 09, e.g. 0901234567)"}}));
}

TEST(ContestConfig, ExcludedIdNumbersMustBe9Or12Digits) {
  auto r = parse_with([](Json& j) { j["excluded"]["id_numbers"] = {"001 090 012 345", "123456789"}; });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config.excluded_id_numbers, (std::vector<std::string>{"001090012345", "123456789"}));
  EXPECT_EQ(problems_with([](Json& j) { j["excluded"]["id_numbers"] = {"12345678", 123456789}; }),
            (Problems{{"excluded.id_numbers[0]", "'12345678' must be 12 digits (CCCD) or 9 digits (old CMND)"},
                      {"excluded.id_numbers[1]", "must be a string (\"001090012345\"), not a number"}}));
}

TEST(ContestConfig, RepeatWinnersDefaultsToOncePerRound) {
  auto r = parse_with([](Json& j) {
    j.erase("repeat_winners");
    j.erase("excluded");
  });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config.repeat_winners, RepeatWinners::once_per_round);
}

TEST(ContestConfig, RepeatWinnersMustBeAKnownRule) {
  EXPECT_EQ(parse_with([](Json& j) { j["repeat_winners"] = "highest_only"; }).config.repeat_winners,
            RepeatWinners::highest_only);
  EXPECT_EQ(problems_with([](Json& j) { j["repeat_winners"] = "once"; }),
            (Problems{{"repeat_winners", "must be one of once_per_round, once_per_contest, highest_only (got 'once')"}}));
}

// ---- collective prizes ----------------------------------------------------

TEST(ContestConfig, CollectivePrizeCountIsFrom1To100) {
  EXPECT_EQ(problems_with([](Json& j) { j["collective_prizes"][0]["count"] = 101; }),
            (Problems{{"collective_prizes[0].count", "must be a whole number from 1 to 100 (got 101)"}}));
}

TEST(ContestConfig, CollectivePrizeMetricMustBeKnown) {
  EXPECT_EQ(problems_with([](Json& j) { j["collective_prizes"][0]["metric"] = "rate"; }),
            (Problems{{"collective_prizes[0].metric",
                       "must be one of entrants, participation_rate, quality_rate, prize_points, weighted (got 'rate')"}}));
}

TEST(ContestConfig, CollectivePrizeBlockMustBeTheBlockOfSomeUnit) {
  auto r = parse_with([](Json& j) { j["collective_prizes"][0]["block"] = "so-nganh"; });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config.collective_prizes[0].block, "so-nganh");
  EXPECT_EQ(problems_with([](Json& j) { j["collective_prizes"][0]["block"] = "xa-phuong"; }),
            (Problems{{"collective_prizes[0].block", "no unit has the block 'xa-phuong' (blocks: so-nganh)"}}));
}

TEST(ContestConfig, ParticipationRateNeedsTheHeadcountOfEveryCompetingUnit) {
  EXPECT_EQ(problems_with([](Json& j) {
              j["units"].push_back({{"id", "ubnd-xa-a"}, {"name", "UBND xã A"}, {"block", "xa-phuong"}});
              j["units"].push_back({{"id", "ubnd-xa-b"}, {"name", "UBND xã B"}});
            }),
            (Problems{{"collective_prizes[0].metric",
                       "participation_rate needs the headcount of every competing unit; these have none: ubnd-xa-a, "
                       "ubnd-xa-b"}}));
}

TEST(ContestConfig, ParticipationRateInABlockNeedsOnlyThatBlocksHeadcounts) {
  EXPECT_TRUE(parse_with([](Json& j) {
                j["units"].push_back({{"id", "ubnd-xa-a"}, {"name", "UBND xã A"}, {"block", "xa-phuong"}});
                j["collective_prizes"][0]["block"] = "so-nganh";
              }).ok());
}

TEST(ContestConfig, EntrantsMetricNeedsNoHeadcount) {
  EXPECT_TRUE(parse_with([](Json& j) {
                j["units"][0].erase("headcount");
                j["collective_prizes"][0]["metric"] = "entrants";
              }).ok());
}

// ---- the optional profile fields ------------------------------------------

TEST(ContestConfig, ProfileFieldsAreNotAskedUnlessConfigured) {
  auto parsed = parse_with([](Json&) {});
  EXPECT_EQ(parsed.config.profile_fields, (ProfileFields{FieldAsked::no, FieldAsked::no, FieldAsked::no}));
  parsed = parse_with([](Json& j) {
    j["profile_fields"] = {{"gender", "required"}, {"commune", "optional"}};
    j["communes"] = {{{"id", "xa-tam-ky"}, {"name", "Xã Tam Kỳ"}}};
  });
  ASSERT_TRUE(parsed.ok()) << parsed.problems[0].message;
  EXPECT_EQ(parsed.config.profile_fields, (ProfileFields{FieldAsked::required, FieldAsked::no, FieldAsked::optional}));
  EXPECT_EQ(parsed.config.communes, (std::vector<Commune>{{"xa-tam-ky", "Xã Tam Kỳ"}}));
}

TEST(ContestConfig, ProfileFieldsAreNoOptionalOrRequired) {
  EXPECT_EQ(problems_with([](Json& j) { j["profile_fields"] = {{"gender", "yes"}}; }),
            (Problems{{"profile_fields.gender", "must be one of no, optional, required (got 'yes')"}}));
  EXPECT_EQ(problems_with([](Json& j) { j["profile_fields"] = {{"ward", "optional"}}; }),
            (Problems{{"profile_fields.ward", "unknown field (profile_fields has: gender, address, commune)"}}));
}

TEST(ContestConfig, CommunesNeedTheCommuneToBeAsked) {
  EXPECT_EQ(problems_with([](Json& j) { j["communes"] = {{{"id", "xa-tam-ky"}, {"name", "Xã Tam Kỳ"}}}; }),
            (Problems{{"communes", "lists communes, but profile_fields.commune does not ask for one (set it to "
                                   "\"optional\" or \"required\")"}}));
}

}  // namespace contest_config_test
