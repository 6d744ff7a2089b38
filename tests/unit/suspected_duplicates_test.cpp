// The suspected-duplicates report (issue 12, CONTEST_RULES.md "Fairness"),
// one test per rule: which accounts and entries each kind of finding groups,
// what it leaves alone, and the evidence it gives.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/results/suspected_duplicates.hpp"

namespace suspected_duplicates_test {

using namespace rq::core;

EntrantProfile person(std::string id, std::string name, std::string birth = "1990-01-01", std::string id_number = "",
                      std::string address = "", std::int64_t registered_at = 0) {
  return {std::move(id), std::move(name), std::move(birth), "09" + std::string(8, '1'), std::move(id_number), "u1",
          std::move(address), registered_at};
}

// An entry of `questions` questions with options a–d, "a" right; `chosen`
// gives each question's choice ("" unanswered) and `spent` the time on each.
AnswerSheet sheet(std::string attempt, std::string participant, std::vector<std::string> chosen,
                  std::vector<std::int64_t> spent, std::int64_t started_at = 1'000'000) {
  AnswerSheet s;
  s.attempt_id = std::move(attempt);
  s.participant_id = std::move(participant);
  s.started_at = started_at;
  std::int64_t at = started_at;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    SheetAnswer a;
    a.question = "q" + std::to_string(i + 1);
    a.options = {"a", "b", "c", "d"};
    a.correct = {"a"};
    if (!chosen[i].empty()) {
      a.chosen = {chosen[i]};
      at += spent[i];
      a.answered_at = at;
    }
    if (a.chosen == a.correct) ++s.score;
    s.answers.push_back(a);
  }
  s.max_score = static_cast<int>(chosen.size());
  s.submitted_at = at + 1000;
  return s;
}

std::vector<Suspicion> of_kind(const std::vector<Suspicion>& all, SuspicionKind kind) {
  std::vector<Suspicion> out;
  for (const auto& s : all) {
    if (s.kind == kind) out.push_back(s);
  }
  return out;
}

TEST(SuspectedDuplicates, TheSameNameAndBirthDateUnderTwoPhonesIsOneFinding) {
  // Case and spacing aside, and NFD typed the same as NFC.
  auto found = of_kind(suspected_duplicates({person("p1", "Nguyễn Văn An"), person("p2", "nguyễn  văn AN"),
                                             person("p3", "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n An"),
                                             person("p4", "Nguyễn Văn An", "1991-01-01"), person("p5", "Trần Bình")},
                                            {}, {}),
                       SuspicionKind::same_name_birth_date);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].participants, (std::vector<std::string>{"p1", "p2", "p3"}));
  EXPECT_EQ(found[0].evidence["birth_date"], "1990-01-01");
  EXPECT_EQ(found[0].evidence["accounts"], 3);
}

TEST(SuspectedDuplicates, TheSameIdNumberWrittenDifferentlyIsOneFinding) {
  auto found = of_kind(suspected_duplicates({person("p1", "An", "1990-01-01", "001088012345"),
                                             person("p2", "Bình", "1992-02-02", "001 088 012 345"),
                                             person("p3", "Cường", "1993-03-03", "001088012346")},
                                            {}, {}),
                       SuspicionKind::same_id_number);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].participants, (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(found[0].evidence["match"], "same_digits");
  EXPECT_EQ(found[0].evidence["spellings"], (nlohmann::json{"001 088 012 345", "001088012345"}));
}

TEST(SuspectedDuplicates, IdNumbersOneTypoApartUnderTheSameNameAreAFinding) {
  auto found = of_kind(suspected_duplicates({person("p1", "Lê Văn Cường", "1990-01-01", "001088012345"),
                                             person("p2", "Lê Văn Cường", "1991-01-01", "001088012354"),
                                             person("p3", "Phạm Dung", "1990-01-01", "001088012344")},
                                            {}, {}),
                       SuspicionKind::same_id_number);
  ASSERT_EQ(found.size(), 1u);  // p3 is one digit from p1 but another name
  EXPECT_EQ(found[0].participants, (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(found[0].evidence["match"], "one_typo_apart");
}

TEST(SuspectedDuplicates, OneTypoApartIsOneChangedDigitOrTwoNeighboursSwapped) {
  EXPECT_TRUE(one_typo_apart("123456789", "123456780"));
  EXPECT_TRUE(one_typo_apart("123456789", "123456798"));
  EXPECT_FALSE(one_typo_apart("123456789", "123456789"));
  EXPECT_FALSE(one_typo_apart("123456789", "923456781"));  // two apart, not neighbours
  EXPECT_FALSE(one_typo_apart("123456789", "123456700"));
  EXPECT_FALSE(one_typo_apart("123456789", "12345678"));
}

TEST(SuspectedDuplicates, ManyAccountsFromOneAddressWithinTheWindowAreOneFinding) {
  const std::int64_t minute = 60'000;
  std::vector<EntrantProfile> people;
  // Five from 10.0.0.7 within 8 minutes, a sixth an hour later; four from
  // another address (below the five the rule asks for).
  for (int i = 0; i < 5; ++i) people.push_back(person("a" + std::to_string(i), "A" + std::to_string(i), "1990-01-0" + std::to_string(i + 1), "", "10.0.0.7", 2 * i * minute + 1));
  people.push_back(person("a9", "A9", "1990-02-01", "", "10.0.0.7", 70 * minute));
  for (int i = 0; i < 4; ++i) people.push_back(person("b" + std::to_string(i), "B" + std::to_string(i), "1991-01-0" + std::to_string(i + 1), "", "10.0.0.8", i * minute + 1));
  auto found = of_kind(suspected_duplicates(people, {}, {}), SuspicionKind::one_address);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].participants, (std::vector<std::string>{"a0", "a1", "a2", "a3", "a4"}));
  EXPECT_EQ(found[0].evidence["address"], "10.0.0.7");
  EXPECT_EQ(found[0].evidence["accounts"], 5);
  EXPECT_EQ(found[0].evidence["accounts_from_address"], 6);
  EXPECT_EQ(found[0].evidence["first_at"], 1);
  EXPECT_EQ(found[0].evidence["last_at"], 8 * minute + 1);

  DuplicateRules narrow;
  narrow.address_window_ms = 5 * minute;  // at most three of the five fit
  EXPECT_TRUE(of_kind(suspected_duplicates(people, {}, narrow), SuspicionKind::one_address).empty());
}

TEST(SuspectedDuplicates, AnEntryFasterThanTheThresholdPerQuestionIsAFinding) {
  // Four questions, three answered 500 ms apart and 1 s to submit: 2.5 s,
  // 625 ms a question; the other 5 s on each.
  auto fast = sheet("e1", "p1", {"a", "a", "b", ""}, {500, 500, 500, 0});
  auto slow = sheet("e2", "p2", {"a", "a", "b", "a"}, {5000, 5000, 5000, 5000});
  auto found = of_kind(suspected_duplicates({}, {fast, slow}, {}), SuspicionKind::too_fast);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].attempts, (std::vector<std::string>{"e1"}));
  EXPECT_EQ(found[0].participants, (std::vector<std::string>{"p1"}));
  EXPECT_EQ(found[0].evidence["duration_ms"], 2500);
  EXPECT_EQ(found[0].evidence["ms_per_question"], 625);
  EXPECT_EQ(found[0].evidence["answered"], 3);
  EXPECT_EQ(found[0].evidence["threshold_ms"], 3000);

  DuplicateRules lenient;
  lenient.min_ms_per_question = 600;  // settable: 625 ms a question is then enough
  EXPECT_TRUE(of_kind(suspected_duplicates({}, {fast, slow}, lenient), SuspicionKind::too_fast).empty());
}

TEST(SuspectedDuplicates, TheSameWrongAnswersWithNearIdenticalTimingAreOneFinding) {
  std::vector<AnswerSheet> sheets{
      sheet("e1", "p1", {"a", "c", "b", "a"}, {4000, 7000, 3000, 5000}),
      sheet("e2", "p2", {"a", "c", "b", "a"}, {4500, 6200, 3900, 5100}, 5'000'000),  // within 2 s on each
      sheet("e3", "p3", {"a", "c", "b", "a"}, {9000, 2000, 3000, 5000}),  // same answers, own pace
      sheet("e4", "p4", {"a", "c", "d", "a"}, {4000, 7000, 3000, 5000}),  // same pace, another answer
  };
  auto found = of_kind(suspected_duplicates({}, sheets, {}), SuspicionKind::identical_answers);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].attempts, (std::vector<std::string>{"e1", "e2"}));
  EXPECT_EQ(found[0].participants, (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(found[0].evidence["shared_wrong"], 2);
  EXPECT_EQ(found[0].evidence["max_time_difference_ms"], 900);
  EXPECT_EQ(found[0].evidence["entries"].size(), 2u);
}

TEST(SuspectedDuplicates, EntriesFromTwoBanksAreNotComparedByTheirIds) {
  // A round with a bank per category: the same ids name other questions.
  auto a = sheet("e1", "p1", {"a", "c", "b", "a"}, {4000, 7000, 3000, 5000});
  auto b = sheet("e2", "p2", {"a", "c", "b", "a"}, {4000, 7000, 3000, 5000});
  a.bank = "cong-chuc";
  b.bank = "nguoi-dan";
  EXPECT_TRUE(of_kind(suspected_duplicates({}, {a, b}, {}), SuspicionKind::identical_answers).empty());
  b.bank = "cong-chuc";
  EXPECT_EQ(of_kind(suspected_duplicates({}, {a, b}, {}), SuspicionKind::identical_answers).size(), 1u);
}

TEST(SuspectedDuplicates, AllRightAnswersAloneAreNoFinding) {
  std::vector<AnswerSheet> sheets{sheet("e1", "p1", {"a", "a", "a"}, {4000, 4000, 4000}),
                                  sheet("e2", "p2", {"a", "a", "a"}, {4000, 4000, 4000})};
  EXPECT_TRUE(of_kind(suspected_duplicates({}, sheets, {}), SuspicionKind::identical_answers).empty());
}

TEST(SuspectedDuplicates, OnePersonsOwnEntriesAreNeverTheirDuplicates) {
  std::vector<AnswerSheet> sheets{sheet("e1", "p1", {"b", "a"}, {4000, 4000}), sheet("e2", "p1", {"b", "a"}, {4000, 4000})};
  EXPECT_TRUE(of_kind(suspected_duplicates({}, sheets, {}), SuspicionKind::identical_answers).empty());
}

TEST(SuspectedDuplicates, EntriesThatShowedTheQuestionsInAnotherOrderAreComparedByQuestion) {
  auto a = sheet("e1", "p1", {"b", "a", "c"}, {4000, 5000, 6000});
  auto b = sheet("e2", "p2", {"b", "a", "c"}, {4000, 5000, 6000});
  std::reverse(b.answers.begin(), b.answers.end());  // shown last to first, answered at the same moments
  auto found = of_kind(suspected_duplicates({}, {a, b}, {}), SuspicionKind::identical_answers);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence["max_time_difference_ms"], 0);
}

TEST(SuspectedDuplicates, FindingsComeByKindThenFirstParticipant) {
  // Given Bình first: the order comes from the sort, not from the input.
  auto found = suspected_duplicates({person("p2", "Bình"), person("p1", "Bình"), person("p4", "An"), person("p3", "An")},
                                    {sheet("e1", "p9", {"a"}, {10})}, {});
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].participants, (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(found[1].participants, (std::vector<std::string>{"p3", "p4"}));
  EXPECT_EQ(found[2].kind, SuspicionKind::too_fast);
  EXPECT_EQ(to_string(found[2].kind), "too_fast");
}

TEST(SuspectedDuplicates, ABlankEntryIsNotTooFast) {
  auto blank = sheet("e1", "p1", {"", "", ""}, {0, 0, 0});
  EXPECT_TRUE(of_kind(suspected_duplicates({}, {blank}, {}), SuspicionKind::too_fast).empty());
}

TEST(SuspectedDuplicatesChain, EntriesLinkedThroughAThirdAreOneFindingWithTheirLargestDifference) {
  // e1–e2 and e2–e3 are within 2 s on each question; e1–e3 are 3 s apart.
  std::vector<AnswerSheet> sheets{sheet("e1", "p1", {"b", "a"}, {4000, 4000}),
                                  sheet("e2", "p2", {"b", "a"}, {5500, 4000}),
                                  sheet("e3", "p3", {"b", "a"}, {7000, 4000})};
  auto found = of_kind(suspected_duplicates({}, sheets, {}), SuspicionKind::identical_answers);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].attempts, (std::vector<std::string>{"e1", "e2", "e3"}));
  EXPECT_EQ(found[0].evidence["max_time_difference_ms"], 3000);
}

TEST(SuspectedDuplicatesCut, MoreEntriesWithOnePatternThanTheLimitAreCutToTheEarliest) {
  DuplicateRules rules;
  rules.max_pattern_entries = 2;
  std::vector<AnswerSheet> sheets{sheet("e1", "p1", {"b"}, {4000}, 3'000), sheet("e2", "p2", {"b"}, {4000}, 1'000),
                                  sheet("e3", "p3", {"b"}, {4000}, 2'000)};
  auto found = of_kind(suspected_duplicates({}, sheets, rules), SuspicionKind::identical_answers);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].attempts, (std::vector<std::string>{"e2", "e3"}));
  EXPECT_EQ(found[0].evidence["cut"], true);
}

}  // namespace suspected_duplicates_test
