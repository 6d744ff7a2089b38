// The Aiken format of question_banks/README.md, read by parse_aiken_bank: one
// test per rule, and the shipped examples, good and broken.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/bank/bank_import.hpp"
#include "source_files.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace bank_aiken_test {

using namespace rq::core;

using Strings = std::vector<std::string>;

// "error 12: message", so a failing comparison shows every problem plainly.
Strings problems(const BankDraft& draft) {
  Strings out;
  for (const auto& p : draft.problems) {
    out.push_back((p.is_error() ? "error " : "warning ") + std::to_string(p.line) + ": " + p.field + p.message);
  }
  return out;
}

Strings option_texts(const Question& q) {
  Strings out;
  for (const auto& o : q.options) out.push_back(o.text);
  return out;
}

std::string read_example(const std::string& path) {
  return rq::test::read_source_file("question_banks/examples/" + path);
}

// An import under the bank id "demo" (GIFT and Aiken carry no bank id).
BankImportOptions demo_options() {
  BankImportOptions options;
  options.id = "demo";
  return options;
}

TEST(AikenFormat, QuestionLineOptionsAndAnswerMakeAQuestion) {
  auto d = parse_aiken_bank("Which body issued Resolution 76/NQ-CP?\nA. The National Assembly\nB. The Government\n"
                            "C. A ministry\nANSWER: B\n");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 1u);
  const auto& q = d.questions[0].question;
  EXPECT_EQ(q.text, "Which body issued Resolution 76/NQ-CP?");
  EXPECT_EQ(q.options, (std::vector<Option>{{"a", "The National Assembly"}, {"b", "The Government"}, {"c", "A ministry"}}));
  EXPECT_EQ(q.correct, Strings{"b"});
  EXPECT_TRUE(d.letter_option_ids);
}

TEST(AikenFormat, OptionsStartWithALetterAndADotOrParenthesisWithOrWithoutASpace) {
  auto d = parse_aiken_bank("Q\nA.one\nB) two\nC)three\nD.  four\nANSWER: D");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(option_texts(d.questions[0].question), (Strings{"one", "two", "three", "four"}));
}

TEST(AikenFormat, AnswerKeywordAndLetterMayBeInAnyCase) {
  auto d = parse_aiken_bank("Q1\nA. x\nB. y\nanswer: b\n\nQ2\nA. x\nB. y\nAnswer:a");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 2u);
  EXPECT_EQ(d.questions[0].question.correct, Strings{"b"});
  EXPECT_EQ(d.questions[1].question.correct, Strings{"a"});
}

TEST(AikenFormat, QuestionsAreNumberedInFileOrder) {
  auto d = parse_aiken_bank("Q1\nA. x\nB. y\nANSWER: A\n\nQ2\nA. x\nB. y\nANSWER: B");
  ASSERT_EQ(d.questions.size(), 2u);
  EXPECT_EQ(d.questions[0].question.id, "q-001");
  EXPECT_EQ(d.questions[1].question.id, "q-002");
}

TEST(AikenFormat, EveryQuestionGoesToTopicChung) {
  auto d = parse_aiken_bank("Q1\nA. x\nB. y\nANSWER: A\n\nQ2\nA. x\nB. y\nANSWER: B");
  ASSERT_EQ(d.questions.size(), 2u);
  EXPECT_EQ(d.questions[0].question.topic, "chung");
  EXPECT_EQ(d.questions[1].question.topic, "chung");
  EXPECT_EQ(d.bank.topics, (std::vector<Topic>{{"chung", "Chung"}}));
}

TEST(AikenFormat, QuestionTextMaySpanSeveralLinesBeforeTheFirstOption) {
  auto d = parse_aiken_bank("Read the article:\n\"Article 1. Scope\"\nWhat does it govern?\nA. x\nB. y\nANSWER: A");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].question.text, "Read the article:\n\"Article 1. Scope\"\nWhat does it govern?");
}

TEST(AikenFormat, FirstLineIsTheQuestionEvenIfItLooksLikeAnOption) {
  auto d = parse_aiken_bank("A. Smith wrote which report?\nA. x\nB. y\nANSWER: B");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].question.text, "A. Smith wrote which report?");
}

TEST(AikenFormat, BlankLinesOrTheAnswerLineEndAQuestion) {
  auto d = parse_aiken_bank("\n\nQ1\nA. x\nB. y\nANSWER: A\nQ2\nA. x\nB. y\nANSWER: B\n \t\n\nQ3\nA. x\nB. y\nANSWER: A\n\n");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 3u);
  EXPECT_EQ(d.questions[0].line, 3);
  EXPECT_EQ(d.questions[1].line, 7);
  EXPECT_EQ(d.questions[2].line, 13);
}

TEST(AikenFormat, MissingAnswerIsAnErrorOnTheQuestionsLine) {
  auto d = parse_aiken_bank("Q1\nA. x\nB. y\n\nQ2\nA. x\nB. y");
  EXPECT_EQ(problems(d), (Strings{"error 1: the question has no ANSWER line", "error 5: the question has no ANSWER line"}));
  EXPECT_TRUE(d.questions.empty());
}

TEST(AikenFormat, AnswerThatIsNotAnOptionIsAnErrorOnTheAnswerLine) {
  auto d = parse_aiken_bank("Q1\nA. x\nB. y\nC. z\nD. w\nANSWER: e\n\nQ2\nA. x\nB. y\nANSWER: AB");
  EXPECT_EQ(problems(d), (Strings{"error 6: the answer 'E' is not one of the options A–D",
                                  "error 11: the answer 'AB' is not one of the options A–B"}));
  EXPECT_TRUE(d.questions.empty());
}

TEST(AikenFormat, AnswerLineThatNamesNoOptionIsAnError) {
  auto d = parse_aiken_bank("Q\nA. x\nB. y\nANSWER:  ");
  EXPECT_EQ(problems(d), Strings{"error 4: the ANSWER line names no option"});
}

TEST(AikenFormat, FewerThanTwoOptionsIsAnErrorOnTheQuestionsLine) {
  auto d = parse_aiken_bank("\nQ1\nA. only\nANSWER: A\n\nQ2\nANSWER: A");
  EXPECT_EQ(problems(d), (Strings{"error 2: a question needs at least 2 options; it has 1",
                                  "error 6: a question needs at least 2 options; it has 0"}));
  EXPECT_TRUE(d.questions.empty());
}

TEST(AikenFormat, OptionsOutOfOrderAreAnError) {
  auto d = parse_aiken_bank("Q\nA. x\nB. y\nE. z\nF. w\nANSWER: A\n\nQ2\nB. x\nC. y\nANSWER: B");
  EXPECT_EQ(problems(d), (Strings{"error 4: option C expected, found E", "error 9: option A expected, found B"}));
  EXPECT_TRUE(d.questions.empty());
}

TEST(AikenFormat, LineThatIsNeitherAnOptionNorTheAnswerIsAnError) {
  auto d = parse_aiken_bank("Q\nA. x\nB. y\nc) z\nANSWER: A");
  EXPECT_EQ(problems(d), Strings{"error 4: this line is neither option C nor the ANSWER line"});
  EXPECT_TRUE(d.questions.empty());
}

TEST(AikenFormat, AnswerLineWithNoQuestionIsAnError) {
  auto d = parse_aiken_bank("Q\nA. x\nB. y\n\nANSWER: B\n\nQ2\nA. x\nB. y\nANSWER: A");
  EXPECT_EQ(problems(d), (Strings{"error 1: the question has no ANSWER line", "error 5: an ANSWER line with no question before it"}));
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].question.id, "q-002");
}

TEST(AikenFormat, FieldLinesPointAtTextOptionsAndAnswer) {
  auto d = parse_aiken_bank("\nQ\nA. x\nB. y\nANSWER: B");
  ASSERT_EQ(d.questions.size(), 1u);
  const auto& dq = d.questions[0];
  EXPECT_EQ(dq.line, 2);
  EXPECT_EQ(dq.line_of("text"), 2);
  EXPECT_EQ(dq.line_of("options/0"), 3);
  EXPECT_EQ(dq.line_of("options/1"), 4);
  EXPECT_EQ(dq.line_of("correct"), 5);
  EXPECT_EQ(dq.field_prefix, "");
}

TEST(AikenFormat, ByteOrderMarkAndCrlfLineEndingsAreAccepted) {
  auto d = parse_aiken_bank("\xEF\xBB\xBFQ1\r\nA. x\r\nB. y\r\nANSWER: B\r\n\r\nQ2\r\nA) x\r\nB) y\r\nANSWER: A\r\n");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 2u);
  EXPECT_EQ(d.questions[0].question.text, "Q1");
  EXPECT_EQ(option_texts(d.questions[0].question), (Strings{"x", "y"}));
  EXPECT_EQ(d.questions[1].line, 6);
}

TEST(AikenFormat, ShippedDemoGivesElevenQuestionsAndNoProblems) {
  const std::string text = read_example("demo.aiken");
  ASSERT_FALSE(text.empty()) << "demo.aiken not found";
  auto d = parse_aiken_bank(text);
  EXPECT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 11u);
  EXPECT_EQ(d.questions[0].question.correct, Strings{"c"});
  EXPECT_EQ(d.questions[1].question.options[3].text, "15 July 2021");
  EXPECT_EQ(d.questions[8].question.options[1].text, "SWOT: Strengths – Weaknesses – Opportunities – Threats");
  EXPECT_EQ(d.questions[10].question.id, "q-011");
  EXPECT_EQ(d.questions[10].line, 71);
  EXPECT_EQ(d.questions[10].question.correct, Strings{"b"});
}

TEST(AikenFormat, ShippedBrokenFileGivesExactlyItsThreeDocumentedErrors) {
  const std::string text = read_example("broken/broken.aiken");
  ASSERT_FALSE(text.empty()) << "broken.aiken not found";
  auto d = parse_aiken_bank(text);
  EXPECT_EQ(problems(d), (Strings{"error 8: the question has no ANSWER line",
                                  "error 19: the answer 'E' is not one of the options A–D",
                                  "error 21: a question needs at least 2 options; it has 1"}));
  ASSERT_EQ(d.questions.size(), 2u);
  EXPECT_EQ(d.questions[0].line, 1);
  EXPECT_EQ(d.questions[1].line, 25);
}

// Through the whole import: the validator adds nothing to the parser's
// three errors, and the good demo imports whole.
TEST(AikenFormat, ImportingTheBrokenFileReportsExactlyItsThreeErrors) {
  auto r = import_bank(read_example("broken/broken.aiken"), BankFormat::aiken, demo_options());
  Strings shown;
  for (const auto& p : r.problems) shown.push_back(p.to_string());
  EXPECT_EQ(shown, (Strings{"line 8: the question has no ANSWER line",
                            "line 19: the answer 'E' is not one of the options A–D",
                            "line 21: a question needs at least 2 options; it has 1"}));
  EXPECT_FALSE(r.ok());
}

TEST(AikenFormat, ImportingTheDemoStoresElevenQuestionsInTopicChung) {
  auto r = import_bank(read_example("demo.aiken"), BankFormat::aiken, demo_options());
  EXPECT_TRUE(r.problems.empty());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.bank.questions.size(), 11u);
  EXPECT_EQ(r.bank.topics, (std::vector<Topic>{{"chung", "Chung"}}));
}

// The parser is fuzzed with libFuzzer; this keeps a cheap guard in the unit
// suite: random mixes of Aiken's syntax never throw, and every problem has a
// line inside the file.
TEST(AikenFormat, AnyInputGivesProblemsNeverAnException) {
  const Strings pieces = {"A.", "B)", "Z.", "C. ", "ANSWER:", "answer: ", "A", "e", "\n", "\n\n", "\r\n",
                          " ", "text", "Đ", "\xC3", "\xEF\xBB\xBF", "\t", ")", "."};
  std::mt19937 rng(20240601);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    BankDraft d;
    ASSERT_NO_THROW(d = parse_aiken_bank(text)) << text;
    for (const auto& p : d.problems) ASSERT_TRUE(p.line >= 1 && p.line <= lines) << text;
    for (const auto& q : d.questions) ASSERT_GE(q.question.options.size(), 2u) << text;
  }
}

TEST(AikenFormat, TwentySevenOptionsAreAnError) {
  std::string text = "Q\n";
  for (char c = 'A'; c <= 'Z'; ++c) text += std::string(1, c) + ". x\n";
  text += "A. again\nANSWER: A";
  auto d = parse_aiken_bank(text);
  EXPECT_EQ(problems(d), Strings{"error 28: a question can have at most 26 options, A to Z"});
}

}  // namespace bank_aiken_test
