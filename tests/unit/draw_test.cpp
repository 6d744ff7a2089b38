// The blueprint draw and the scoring of an entry.
#include <gtest/gtest.h>

#include <set>

#include "core/contest/draw.hpp"
#include "core/contest/scoring.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace draw_test {

using namespace rq::core;

QuestionBank bank_of(const std::vector<std::pair<std::string, int>>& topics) {
  QuestionBank bank{"b", "B", "vi", {}, {}};
  for (const auto& [topic, n] : topics) {
    bank.topics.push_back({topic, topic});
    for (int i = 0; i < n; ++i) {
      std::string id = topic + "-" + std::to_string(i);
      bank.questions.push_back({id, topic, "Q " + id, {{"a", "A"}, {"b", "B"}, {"c", "C"}, {"d", "D"}}, {"b"}, 1, "", "", "", ""});
    }
  }
  return bank;
}

std::vector<DrawnQuestion> drawn(const QuestionBank& bank, const DrawBlueprint& bp, std::uint64_t seed) {
  auto r = draw_questions(bank, bp, {}, seed);
  EXPECT_TRUE(std::holds_alternative<std::vector<DrawnQuestion>>(r));
  return std::holds_alternative<std::vector<DrawnQuestion>>(r) ? std::get<std::vector<DrawnQuestion>>(r)
                                                               : std::vector<DrawnQuestion>{};
}

TEST(Draw, BlueprintTakesSoManyOfEachTopicAndTheRestFromAny) {
  auto bank = bank_of({{"the-che", 10}, {"bo-may", 10}, {"cong-vu", 10}});
  auto qs = drawn(bank, {15, {{"the-che", 4}, {"bo-may", 2}}}, 42);
  ASSERT_EQ(qs.size(), 15u);
  std::map<std::string, int> per_topic;
  std::set<std::string> ids;
  for (const auto& q : qs) {
    per_topic[q.topic]++;
    ids.insert(q.id);
  }
  EXPECT_EQ(ids.size(), 15u) << "no question twice";
  EXPECT_GE(per_topic["the-che"], 4);
  EXPECT_GE(per_topic["bo-may"], 2);
}

TEST(Draw, SameSeedGivesTheSameDrawAndAnotherSeedAnother) {
  auto bank = bank_of({{"the-che", 30}});
  EXPECT_EQ(drawn(bank, {10, {}}, 7), drawn(bank, {10, {}}, 7));
  EXPECT_NE(drawn(bank, {10, {}}, 7), drawn(bank, {10, {}}, 8));
}

TEST(Draw, SeedGivesAFixedDrawOnEveryPlatform) {
  // The generator is ours (splitmix64), so these numbers never change.
  DrawRandom rng(0);
  EXPECT_EQ(rng.next(), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(rng.next(), 0x6E789E6AA1B965F4ULL);
}

TEST(Draw, OptionsAreShuffledPerAttemptWithTheirIdsKept) {
  auto bank = bank_of({{"t", 1}});
  std::set<std::string> orders;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    auto q = drawn(bank, {1, {}}, seed).at(0);
    std::string order;
    for (const auto& o : q.options) order += o.id;
    orders.insert(order);
    EXPECT_EQ(q.correct, std::vector<std::string>{"b"});
    std::set<std::string> texts;
    for (const auto& o : q.options) texts.insert(o.id + o.text);
    EXPECT_EQ(texts, (std::set<std::string>{"aA", "bB", "cC", "dD"}));
  }
  EXPECT_GT(orders.size(), 10u);
}

TEST(Draw, EveryQuestionCanBeDrawn) {
  auto bank = bank_of({{"t", 20}});
  std::set<std::string> seen;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    for (const auto& q : drawn(bank, {3, {}}, seed)) seen.insert(q.id);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST(Draw, TopicWithTooFewQuestionsIsAnError) {
  auto r = draw_questions(bank_of({{"the-che", 3}}), {5, {{"the-che", 5}}}, {}, 1);
  ASSERT_TRUE(std::holds_alternative<DrawError>(r));
  EXPECT_EQ(std::get<DrawError>(r).message, "topic 'the-che' holds 3 questions; the draw asks for 5");
}

TEST(Draw, BankWithTooFewQuestionsIsAnError) {
  auto r = draw_questions(bank_of({{"the-che", 3}}), {5, {}}, {}, 1);
  ASSERT_TRUE(std::holds_alternative<DrawError>(r));
  EXPECT_EQ(std::get<DrawError>(r).message, "the bank holds 3 questions; the draw asks for 5");
}

TEST(Draw, MultipleIsSetWhenSeveralOptionsAreRight) {
  auto bank = bank_of({{"t", 1}});
  bank.questions[0].correct = {"a", "c"};
  EXPECT_TRUE(drawn(bank, {1, {}}, 1).at(0).multiple);
}

TEST(Scoring, AQuestionScoresOnlyWithExactlyTheRightOptions) {
  std::vector<DrawnQuestion> qs{{"q1", "t", "", {}, {"a", "c"}, true}, {"q2", "t", "", {}, {"b"}, false},
                                {"q3", "t", "", {}, {"d"}, false}};
  auto s = score_entry(qs, {{"q1", {"c", "a"}}, {"q2", {"b", "c"}}, {"q3", {"d"}}});
  EXPECT_EQ(s, (EntryScore{2, 3, 2, 3, true}));
}

TEST(Scoring, UnansweredQuestionsScoreNothingAndMarkTheEntryIncomplete) {
  std::vector<DrawnQuestion> qs{{"q1", "t", "", {}, {"a"}, false}, {"q2", "t", "", {}, {"b"}, false}};
  auto s = score_entry(qs, {{"q1", {"a"}}, {"q2", {}}});
  EXPECT_EQ(s, (EntryScore{1, 2, 1, 2, false}));
}

TEST(Draw, OnlyQuestionsValidThroughoutTheRoundAreDrawn) {
  auto bank = bank_of({{"t", 6}});
  bank.questions[0].valid_until = "2026-06-30";  // repealed before the round
  bank.questions[1].valid_from = "2026-12-05";   // holds only from the round's fifth day
  bank.questions[2].valid_from = "2026-01-01";   // holds all along
  const DrawWindow window{"2026-12-01", "2026-12-07"};
  std::set<std::string> seen;
  for (std::uint64_t seed = 0; seed < 100; ++seed) {
    auto r = draw_questions(bank, {4, {}}, window, seed);
    ASSERT_TRUE(std::holds_alternative<std::vector<DrawnQuestion>>(r));
    for (const auto& q : std::get<std::vector<DrawnQuestion>>(r)) seen.insert(q.id);
  }
  EXPECT_EQ(seen, (std::set<std::string>{"t-2", "t-3", "t-4", "t-5"}));
  auto r = draw_questions(bank, {5, {{"t", 5}}}, window, 1);
  ASSERT_TRUE(std::holds_alternative<DrawError>(r));
  EXPECT_EQ(std::get<DrawError>(r).message,
            "topic 't' holds 4 questions valid from 2026-12-01 to 2026-12-07; the draw asks for 5");
}

TEST(Draw, UndatedBanksDrawAsBeforeDatesCounted) {
  // The seed's draw of an undated bank is the same with any window, so the
  // attempts drawn before dates counted still verify.
  auto bank = bank_of({{"a", 5}, {"b", 5}});
  EXPECT_EQ(drawn(bank, {4, {{"a", 2}}}, 42),
            std::get<std::vector<DrawnQuestion>>(draw_questions(bank, {4, {{"a", 2}}}, {"2026-12-01", "2026-12-07"}, 42)));
}

}  // namespace draw_test
