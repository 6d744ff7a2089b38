// Item statistics (issue 12: "as Moodle reports them"), one test per rule:
// facility, the 27 % groups, the discrimination index, option frequencies
// and the two flags for questions that look wrong.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/results/item_statistics.hpp"

namespace item_statistics_test {

using namespace rq::core;

// An entry whose answers are {question, chosen}; every question has options
// a–d with "a" right, and the score is the number of right answers.
AnswerSheet entry(std::string attempt, std::vector<std::pair<std::string, std::string>> answers) {
  AnswerSheet s;
  s.attempt_id = std::move(attempt);
  s.participant_id = "p-" + s.attempt_id;
  for (const auto& [q, chosen] : answers) {
    SheetAnswer a;
    a.question = q;
    a.options = {"a", "b", "c", "d"};
    a.correct = {"a"};
    if (!chosen.empty()) a.chosen = {chosen};
    if (chosen == "a") ++s.score;
    s.answers.push_back(a);
  }
  s.max_score = static_cast<int>(answers.size());
  return s;
}

const ItemStatistics& item(const std::vector<ItemStatistics>& all, const std::string& q) {
  for (const auto& i : all) {
    if (i.question == q) return i;
  }
  throw std::runtime_error("no item " + q);
}

TEST(ItemStatistics, TheGroupsAreTwentySevenPercentRoundedAndAtLeastOne) {
  EXPECT_EQ(discrimination_group_size(0), 0u);
  EXPECT_EQ(discrimination_group_size(1), 0u);
  EXPECT_EQ(discrimination_group_size(2), 1u);
  EXPECT_EQ(discrimination_group_size(3), 1u);
  EXPECT_EQ(discrimination_group_size(10), 3u);
  EXPECT_EQ(discrimination_group_size(100), 27u);
  EXPECT_EQ(discrimination_group_size(1000), 270u);
}

TEST(ItemStatistics, FacilityIsTheShareOfEntriesThatShowedTheQuestionAndGotItRight) {
  auto stats = item_statistics({entry("e1", {{"q1", "a"}, {"q2", "a"}}), entry("e2", {{"q1", "b"}}),
                                entry("e3", {{"q1", ""}, {"q2", "c"}}), entry("e4", {{"q1", "a"}})});
  const auto& q1 = item(stats, "q1");
  EXPECT_EQ(q1.shown, 4u);
  EXPECT_EQ(q1.answered, 3u);
  EXPECT_EQ(q1.right, 2u);
  EXPECT_DOUBLE_EQ(q1.facility, 0.5);
  const auto& q2 = item(stats, "q2");
  EXPECT_EQ(q2.shown, 2u);  // drawn for two entries only
  EXPECT_DOUBLE_EQ(q2.facility, 0.5);
}

TEST(ItemStatistics, DiscriminationIsUpperFacilityMinusLowerFacility) {
  // Ten entries; scores 3,3,3,2,2,2,1,1,0,0 over q1..q3. Upper 3: e1–e3;
  // lower 3: e8–e10. q1 right by all the upper and one of the lower.
  std::vector<AnswerSheet> sheets{
      entry("e01", {{"q1", "a"}, {"q2", "a"}, {"q3", "a"}}), entry("e02", {{"q1", "a"}, {"q2", "a"}, {"q3", "a"}}),
      entry("e03", {{"q1", "a"}, {"q2", "a"}, {"q3", "a"}}), entry("e04", {{"q1", "a"}, {"q2", "a"}, {"q3", "b"}}),
      entry("e05", {{"q1", "a"}, {"q2", "b"}, {"q3", "a"}}), entry("e06", {{"q1", "b"}, {"q2", "a"}, {"q3", "a"}}),
      entry("e07", {{"q1", "a"}, {"q2", "b"}, {"q3", "b"}}), entry("e08", {{"q1", "a"}, {"q2", "b"}, {"q3", "b"}}),
      entry("e09", {{"q1", "b"}, {"q2", "b"}, {"q3", "b"}}), entry("e10", {{"q1", "c"}, {"q2", "b"}, {"q3", "b"}}),
  };
  auto stats = item_statistics(sheets);
  const auto& q1 = item(stats, "q1");
  EXPECT_EQ(q1.upper_shown, 3u);
  EXPECT_EQ(q1.upper_right, 3u);
  EXPECT_EQ(q1.lower_shown, 3u);
  EXPECT_EQ(q1.lower_right, 1u);
  ASSERT_TRUE(q1.discrimination.has_value());
  EXPECT_NEAR(*q1.discrimination, 2.0 / 3.0, 1e-9);
  EXPECT_TRUE(q1.flags.empty());
}

TEST(ItemStatistics, EachOptionCountsTheEntriesThatChoseIt) {
  auto stats = item_statistics({entry("e1", {{"q1", "a"}}), entry("e2", {{"q1", "c"}}), entry("e3", {{"q1", "c"}}),
                                entry("e4", {{"q1", ""}})});
  const auto& q1 = item(stats, "q1");
  ASSERT_EQ(q1.options.size(), 4u);
  EXPECT_EQ(q1.options[0].option, "a");
  EXPECT_TRUE(q1.options[0].correct);
  EXPECT_EQ(q1.options[0].chosen, 1u);
  EXPECT_EQ(q1.options[1].chosen, 0u);
  EXPECT_EQ(q1.options[2].chosen, 2u);
  EXPECT_FALSE(q1.options[2].correct);
  EXPECT_EQ(q1.options[3].chosen, 0u);
}

TEST(ItemStatistics, AQuestionTheWeakerGetRightMoreOftenHasNegativeDiscrimination) {
  // q2 is answered right only by those who get q1 and q3 wrong.
  auto stats = item_statistics({entry("e1", {{"q1", "a"}, {"q2", "b"}, {"q3", "a"}}),
                                entry("e2", {{"q1", "a"}, {"q2", "b"}, {"q3", "a"}}),
                                entry("e3", {{"q1", "b"}, {"q2", "a"}, {"q3", "b"}}),
                                entry("e4", {{"q1", "b"}, {"q2", "a"}, {"q3", "b"}})});
  const auto& q2 = item(stats, "q2");
  ASSERT_TRUE(q2.discrimination.has_value());
  EXPECT_DOUBLE_EQ(*q2.discrimination, -1.0);
  EXPECT_EQ(q2.flags, (std::vector<std::string>{"negative_discrimination", "distractor_beats_key"}));
}

TEST(ItemStatistics, AWrongOptionTheBestChooseMoreThanTheKeyIsFlagged) {
  // The upper group (three of ten) get q1–q3 right and all choose "d" on
  // q9; the others get q1–q3 wrong and q9 right.
  std::vector<AnswerSheet> sheets;
  for (int i = 0; i < 10; ++i) {
    std::string other = i < 3 ? "a" : "b";
    sheets.push_back(entry("e" + std::to_string(i), {{"q1", other}, {"q2", other}, {"q3", other}, {"q9", i < 3 ? "d" : "a"}}));
  }
  auto stats = item_statistics(sheets);
  const auto& q9 = item(stats, "q9");
  EXPECT_EQ(q9.options[3].chosen_upper, 3u);
  EXPECT_EQ(q9.upper_right, 0u);
  EXPECT_NE(std::find(q9.flags.begin(), q9.flags.end(), "distractor_beats_key"), q9.flags.end());
}

TEST(ItemStatistics, OneEntryHasNoDiscrimination) {
  auto stats = item_statistics({entry("e1", {{"q1", "a"}})});
  const auto& q1 = item(stats, "q1");
  EXPECT_FALSE(q1.discrimination.has_value());
  EXPECT_TRUE(q1.flags.empty());
  EXPECT_DOUBLE_EQ(q1.facility, 1.0);
}

TEST(ItemStatistics, TheSameIdInTwoBanksIsTwoItems) {
  // A bank per category: "q1" of the officials' bank is another question
  // than "q1" of the citizens'.
  auto officials = entry("e1", {{"q1", "a"}});
  auto citizens = entry("e2", {{"q1", "b"}});
  officials.bank = "cong-chuc";
  citizens.bank = "nguoi-dan";
  auto stats = item_statistics({officials, citizens});
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0].bank, "cong-chuc");
  EXPECT_DOUBLE_EQ(stats[0].facility, 1.0);
  EXPECT_EQ(stats[1].bank, "nguoi-dan");
  EXPECT_DOUBLE_EQ(stats[1].facility, 0.0);
}

}  // namespace item_statistics_test
