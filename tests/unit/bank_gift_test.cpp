// The GIFT subset of question_banks/README.md, read by parse_gift_bank: one
// test per rule, and the shipped example.
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
namespace bank_gift_test {

using namespace rq::core;

// "error 12: message", so a failing comparison shows every problem plainly.
std::vector<std::string> problems(const BankDraft& draft) {
  std::vector<std::string> out;
  for (const auto& p : draft.problems) {
    out.push_back((p.is_error() ? "error " : "warning ") + std::to_string(p.line) + ": " + p.field + p.message);
  }
  return out;
}

std::vector<std::string> option_texts(const Question& q) {
  std::vector<std::string> out;
  for (const auto& o : q.options) out.push_back(o.text);
  return out;
}

using Strings = std::vector<std::string>;

const std::string kSkipped = " skipped: a contest can use only multiple-choice and true/false questions";

// An import under the bank id "demo" (GIFT and Aiken carry no bank id).
BankImportOptions demo_options() {
  BankImportOptions options;
  options.id = "demo";
  return options;
}

TEST(GiftFormat, EqualsMarksTheRightAnswerAndTildeAWrongOne) {
  auto d = parse_gift_bank("Which body issued Resolution 76/NQ-CP? { ~The National Assembly =The Government ~A ministry }");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 1u);
  const auto& q = d.questions[0].question;
  EXPECT_EQ(q.text, "Which body issued Resolution 76/NQ-CP?");
  EXPECT_EQ(q.options, (std::vector<Option>{{"a", "The National Assembly"}, {"b", "The Government"}, {"c", "A ministry"}}));
  EXPECT_EQ(q.correct, Strings{"b"});
  EXPECT_TRUE(d.letter_option_ids);
}

TEST(GiftFormat, PercentWeightsMarkSeveralRightAnswers) {
  auto d = parse_gift_bank("Pick two {\n~%50%one\n~%50%two\n~three\n~four\n}");
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].question.correct, (Strings{"a", "b"}));
  EXPECT_EQ(option_texts(d.questions[0].question), (Strings{"one", "two", "three", "four"}));
}

TEST(GiftFormat, OnlyAPositiveWeightIsRight) {
  auto d = parse_gift_bank("Q {=%100%a ~%0%b ~%-50%c ~%33.3%d =%0%e ~%+25%f}");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].question.correct, (Strings{"a", "d", "f"}));
}

TEST(GiftFormat, TrueFalseGivesTwoOptionsTrueAndFalse) {
  auto d = parse_gift_bank("::t1::Right? {T}\n\n::t2::Right? {TRUE}\n\n::f1::Wrong? {F}\n\n::f2::Wrong? {false}");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 4u);
  for (const auto& dq : d.questions) {
    EXPECT_EQ(dq.question.options, (std::vector<Option>{{"a", "True"}, {"b", "False"}})) << dq.question.id;
  }
  EXPECT_EQ(d.questions[0].question.correct, Strings{"a"});
  EXPECT_EQ(d.questions[1].question.correct, Strings{"a"});
  EXPECT_EQ(d.questions[2].question.correct, Strings{"b"});
  EXPECT_EQ(d.questions[3].question.correct, Strings{"b"});
}

TEST(GiftFormat, TrueFalseInVietnameseIsDungOrSai) {
  auto d = parse_gift_bank("Nghị quyết 76/NQ-CP do Chính phủ ban hành. {T#Chính xác}");
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].question.options, (std::vector<Option>{{"a", "Đúng"}, {"b", "Sai"}}));
  EXPECT_EQ(d.questions[0].question.correct, Strings{"a"});
}

TEST(GiftFormat, TrueFalseCitingAVietnameseDocumentStaysEnglish) {
  auto d = parse_gift_bank("Decree 63/2010/NĐ-CP was issued by the Government of Viet Nam. {F}");
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].question.options, (std::vector<Option>{{"a", "True"}, {"b", "False"}}));
}

TEST(GiftFormat, ATitleThatIsAnIdIsTheIdAndAnyOtherIsTheLabel) {
  auto d = parse_gift_bank("::  en-tc-001 ::Q {=a ~b}\n\n::iso\\:9001::Q2 {=a ~b}");
  ASSERT_EQ(d.questions.size(), 2u);
  EXPECT_EQ(d.questions[0].question.id, "en-tc-001");
  EXPECT_EQ(d.questions[0].question.label, "");
  EXPECT_EQ(d.questions[0].question.text, "Q");
  EXPECT_EQ(d.questions[1].question.id, "iso-9001");
  EXPECT_EQ(d.questions[1].question.label, "iso:9001");
}

TEST(GiftFormat, QuestionsWithoutTitleAreNumberedByTheirPlaceInTheFile) {
  // The essay is the second question: it is skipped but keeps its number.
  auto d = parse_gift_bank("First {=a ~b}\n\nEssay {}\n\n::named::Third {=a ~b}\n\n// note\nFourth {=a ~b}");
  ASSERT_EQ(d.questions.size(), 3u);
  EXPECT_EQ(d.questions[0].question.id, "q-001");
  EXPECT_EQ(d.questions[1].question.id, "named");
  EXPECT_EQ(d.questions[2].question.id, "q-004");
}

TEST(GiftFormat, CategorySetsTheTopicOfTheQuestionsAfterIt) {
  auto d = parse_gift_bank("$CATEGORY: $course$/top/Cải cách thể chế\n\nQ1 {=a ~b}\n\nQ2 {=a ~b}\n\n$CATEGORY: the-che\nQ3 {=a ~b}");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 3u);
  EXPECT_EQ(d.questions[0].question.topic, "cai-cach-the-che");
  EXPECT_EQ(d.questions[1].question.topic, "cai-cach-the-che");
  EXPECT_EQ(d.questions[2].question.topic, "the-che");
  EXPECT_EQ(d.bank.topics, (std::vector<Topic>{{"cai-cach-the-che", "Cải cách thể chế"}, {"the-che", "the-che"}}));
  EXPECT_EQ(d.questions[0].line_of("topic"), 1);
  EXPECT_EQ(d.questions[2].line_of("topic"), 7);
}

TEST(GiftFormat, QuestionsBeforeAnyCategoryGoToChung) {
  auto d = parse_gift_bank("Q1 {=a ~b}\n\n$CATEGORY: bo-may\n\nQ2 {=a ~b}");
  ASSERT_EQ(d.questions.size(), 2u);
  EXPECT_EQ(d.questions[0].question.topic, "chung");
  EXPECT_EQ(d.questions[1].question.topic, "bo-may");
  EXPECT_EQ(d.bank.topics, (std::vector<Topic>{{"chung", "Chung"}, {"bo-may", "bo-may"}}));
}

TEST(GiftFormat, EachTopicUsedIsListedOnceInFirstUseOrder) {
  auto d = parse_gift_bank(
      "$CATEGORY: unused\n\n$CATEGORY: b\nQ1 {=a ~b}\n\n$CATEGORY: a\nQ2 {=a ~b}\n\n$CATEGORY: b\nQ3 {=a ~b}");
  EXPECT_EQ(d.bank.topics, (std::vector<Topic>{{"b", "b"}, {"a", "a"}}));
}

TEST(GiftFormat, CategoryThatNamesNoCategoryFallsBackToChungWithAWarning) {
  auto d = parse_gift_bank("$CATEGORY: x\n$CATEGORY: $course$/\nQ {=a ~b}");
  EXPECT_EQ(problems(d),
            Strings{"warning 2: the $CATEGORY line names no category; the questions after it get the topic 'chung'"});
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].question.topic, "chung");
}

TEST(GiftFormat, CommentLinesAreIgnored) {
  auto d = parse_gift_bank("// a comment\n::id:: Q // not a comment {\n// inside the answers\n=a\n  // indented\n~b\n}");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].line, 2);
  EXPECT_EQ(d.questions[0].question.text, "Q // not a comment");
  EXPECT_EQ(option_texts(d.questions[0].question), (Strings{"a", "b"}));
}

TEST(GiftFormat, EscapesStandForTheCharacterItself) {
  auto d = parse_gift_bank(R"(Is 1\=1 \{really\} \#1\: a\~b? {=C\:\\x ~line\none ~keep \q})");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].question.text, "Is 1=1 {really} #1: a~b?");
  EXPECT_EQ(option_texts(d.questions[0].question), (Strings{"C:\\x", "line\none", "keep \\q"}));
}

TEST(GiftFormat, FeedbackAfterHashIsDropped) {
  auto d = parse_gift_bank("Q {\n~wrong#No.\n=right#Yes\\: well done.\n}");
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(option_texts(d.questions[0].question), (Strings{"wrong", "right"}));
  EXPECT_EQ(d.questions[0].question.explanation, "");
}

TEST(GiftFormat, GeneralFeedbackIsDropped) {
  auto d = parse_gift_bank("Q {=a ~b ####Both are letters.}\n\nTF {T####General.}");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 2u);
  EXPECT_EQ(option_texts(d.questions[0].question), (Strings{"a", "b"}));
  EXPECT_EQ(d.questions[1].question.correct, Strings{"a"});
}

TEST(GiftFormat, HtmlAndMoodleMarkersReduceHtmlToText) {
  auto d = parse_gift_bank("::h::[html]<p>Which <b>one</b> &amp; why?</p> {=<i>this</i> ~[plain]<that>}\n\n"
                           "::m::[moodle]A<br>B {=a ~b}");
  ASSERT_EQ(d.questions.size(), 2u);
  EXPECT_EQ(d.questions[0].question.text, "Which one & why?");
  EXPECT_EQ(option_texts(d.questions[0].question), (Strings{"this", "<that>"}));
  EXPECT_EQ(d.questions[1].question.text, "A B");
}

TEST(GiftFormat, PlainMarkdownAndUnmarkedTextIsKeptAsWritten) {
  auto d = parse_gift_bank("[plain]Is x < y? {=a ~b}\n\n[markdown]**Bold** <b> {=a ~b}\n\nIs a<b>c? {=a ~b}");
  ASSERT_EQ(d.questions.size(), 3u);
  EXPECT_EQ(d.questions[0].question.text, "Is x < y?");
  EXPECT_EQ(d.questions[1].question.text, "**Bold** <b>");
  EXPECT_EQ(d.questions[2].question.text, "Is a<b>c?");
}

TEST(GiftFormat, BlankLinesSeparateQuestions) {
  auto d = parse_gift_bank("\n\nQ1 {=a ~b}\n \t\nQ2 {=c ~d}\n\n\n");
  ASSERT_EQ(d.questions.size(), 2u);
  EXPECT_EQ(d.questions[0].line, 3);
  EXPECT_EQ(d.questions[1].line, 5);
}

TEST(GiftFormat, QuestionTextAndAnswersMaySpanSeveralLines) {
  auto d = parse_gift_bank("Which of these\nis right?\n{\n=the first\nanswer\n~the second ~the\nthird }");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].question.text, "Which of these is right?");
  EXPECT_EQ(option_texts(d.questions[0].question), (Strings{"the first answer", "the second", "the third"}));
}

TEST(GiftFormat, MissingWordQuestionJoinsTheTextWithABlank) {
  auto d = parse_gift_bank("Resolution {=76/NQ-CP ~30c/NQ-CP} set the 2021–2030 programme.");
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].question.text, "Resolution ___ set the 2021–2030 programme.");
  EXPECT_EQ(d.questions[0].question.correct, Strings{"a"});
}

TEST(GiftFormat, EssayIsSkippedWithAWarningOnItsLine) {
  auto d = parse_gift_bank("Q {=a ~b}\n\n// why\n::e::Describe your unit. { }");
  EXPECT_EQ(problems(d), Strings{"warning 4: essay question" + kSkipped});
  EXPECT_EQ(d.questions.size(), 1u);
}

TEST(GiftFormat, ShortAnswerIsSkippedWithAWarningOnItsLine) {
  auto d = parse_gift_bank("\nWhich year? {=2018 =two thousand eighteen}\n\nSay {=%100%x}");
  EXPECT_EQ(problems(d), (Strings{"warning 2: short-answer question" + kSkipped, "warning 4: short-answer question" + kSkipped}));
  EXPECT_TRUE(d.questions.empty());
}

TEST(GiftFormat, NumericIsSkippedWithAWarningOnItsLine) {
  auto d = parse_gift_bank("How many areas? {#6:0}\n\nRange {#1..5}");
  EXPECT_EQ(problems(d), (Strings{"warning 1: numeric question" + kSkipped, "warning 3: numeric question" + kSkipped}));
}

TEST(GiftFormat, MatchingIsSkippedWithAWarningOnItsLine) {
  auto d = parse_gift_bank("Match {\n=cat -> food\n=dog -> bone\n}");
  EXPECT_EQ(problems(d), Strings{"warning 1: matching question" + kSkipped});
}

TEST(GiftFormat, TextWithoutAnswersIsSkippedWithAWarningOnItsLine) {
  auto d = parse_gift_bank("Q {=a ~b}\n\nIn this round you may not use notes.");
  EXPECT_EQ(problems(d), Strings{"warning 3: text with no answers in { }" + kSkipped});
}

TEST(GiftFormat, UnclosedBraceIsAnErrorOnItsLine) {
  auto d = parse_gift_bank("::q::Which?\n{\n=a\n~b\n\nNext {=a ~b}");
  EXPECT_EQ(problems(d), Strings{"error 2: the '{' that opens the answers is never closed with '}'"});
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].question.text, "Next");
}

TEST(GiftFormat, ClosingBraceWithoutOpeningIsAnError) {
  auto d = parse_gift_bank("Which}? {=a ~b}\n\nQ {=a ~b}\n} more");
  EXPECT_EQ(problems(d), (Strings{"error 1: a '}' with no '{' before it; write \\} for the character itself",
                                  "error 4: a '}' with no '{' before it; write \\} for the character itself"}));
}

TEST(GiftFormat, BraceInsideTheAnswersIsAnError) {
  auto d = parse_gift_bank("Q {=a\n~b { c}");
  EXPECT_EQ(problems(d), Strings{"error 2: a '{' inside the answers; write \\{ for the character itself"});
}

TEST(GiftFormat, SecondListOfAnswersIsAnError) {
  auto d = parse_gift_bank("Q {=a ~b} and\n{=c ~d}");
  EXPECT_EQ(problems(d), Strings{"error 2: a question can have only one list of answers in { }"});
}

TEST(GiftFormat, UnclosedTitleIsAnError) {
  auto d = parse_gift_bank("\n::title: Q {=a ~b}");
  EXPECT_EQ(problems(d), Strings{"error 2: the title after '::' is not closed with '::'"});
}

TEST(GiftFormat, FewerThanTwoOptionsIsAnErrorOnTheQuestionsLine) {
  auto d = parse_gift_bank("Q1 {=a ~b}\n\n::one::Only\n{\n~a }");
  EXPECT_EQ(problems(d), Strings{"error 3: a question needs at least 2 options; it has 1"});
  EXPECT_EQ(d.questions.size(), 1u);
}

TEST(GiftFormat, MoreThanTwentySixOptionsIsAnError) {
  std::string text = "Q {=right";
  for (int i = 0; i < 26; ++i) text += " ~wrong";
  auto d = parse_gift_bank(text + "}");
  EXPECT_EQ(problems(d), Strings{"error 1: a question can have at most 26 options, A to Z; it has 27"});
  EXPECT_TRUE(d.questions.empty());
}

TEST(GiftFormat, WeightThatIsNotAPercentageIsAnError) {
  auto d = parse_gift_bank("Q {\n~%half%a\n~%50b\n=c\n}");
  EXPECT_EQ(problems(d), (Strings{"error 2: an answer's weight must be a percentage such as %50%",
                                  "error 3: an answer's weight must be a percentage such as %50%"}));
  EXPECT_TRUE(d.questions.empty());
}

TEST(GiftFormat, TextBeforeTheFirstAnswerIsAnError) {
  auto d = parse_gift_bank("Q {\nmaybe =a ~b}\n\nQ2 {just text}");
  EXPECT_EQ(problems(d), (Strings{"error 2: each answer must start with '=' (right) or '~' (wrong)",
                                  "error 4: each answer must start with '=' (right) or '~' (wrong)"}));
}

TEST(GiftFormat, EveryProblemInTheFileIsReportedAndBrokenQuestionsAreLeftOut) {
  auto d = parse_gift_bank("A {=a ~b\n\nB {}\n\nC {=a ~b}\n\nD {~x}\n\nE {=a ~b}");
  EXPECT_EQ(problems(d), (Strings{"error 1: the '{' that opens the answers is never closed with '}'",
                                  "warning 3: essay question" + kSkipped,
                                  "error 7: a question needs at least 2 options; it has 1"}));
  ASSERT_EQ(d.questions.size(), 2u);
  EXPECT_EQ(d.questions[0].question.id, "q-003");
  EXPECT_EQ(d.questions[1].question.id, "q-005");
}

TEST(GiftFormat, FieldLinesPointAtTitleTextOptionsAndRightAnswers) {
  auto d = parse_gift_bank("// c\n::id::\nText {\n~a\n=b\n~%50%c\n}");
  ASSERT_EQ(d.questions.size(), 1u);
  const auto& dq = d.questions[0];
  EXPECT_EQ(dq.line, 2);
  EXPECT_EQ(dq.line_of("id"), 2);
  EXPECT_EQ(dq.line_of("text"), 3);
  EXPECT_EQ(dq.line_of("options/0"), 4);
  EXPECT_EQ(dq.line_of("options/2"), 6);
  EXPECT_EQ(dq.line_of("correct"), 5);
  EXPECT_EQ(dq.line_of("correct/1"), 6);
  EXPECT_EQ(dq.field_prefix, "");
}

TEST(GiftFormat, ByteOrderMarkAndCrlfLineEndingsAreAccepted) {
  auto d = parse_gift_bank("\xEF\xBB\xBF::q1::Q {\r\n=a\r\n~b\r\n}\r\n\r\nQ2 {T}\r\n");
  ASSERT_EQ(problems(d), Strings{});
  ASSERT_EQ(d.questions.size(), 2u);
  EXPECT_EQ(d.questions[0].question.id, "q1");
  EXPECT_EQ(option_texts(d.questions[0].question), (Strings{"a", "b"}));
  EXPECT_EQ(d.questions[1].line, 6);
}

TEST(GiftFormat, ShippedDemoGivesThirteenQuestionsAndTwoWarnings) {
  auto d = parse_gift_bank(rq::test::read_source_file("question_banks/examples/demo.gift"));
  EXPECT_EQ(problems(d), (Strings{"warning 102: essay question" + kSkipped, "warning 105: short-answer question" + kSkipped}));
  ASSERT_EQ(d.questions.size(), 13u);
  EXPECT_EQ(d.questions[0].question.id, "en-tc-001");
  EXPECT_EQ(d.questions[0].question.correct, Strings{"c"});
  EXPECT_EQ(d.questions[0].question.options[2].text, "Resolution 76/NQ-CP of the Government");
  EXPECT_EQ(d.questions[3].question.id, "en-tc-006");
  EXPECT_EQ(d.questions[3].question.correct, (Strings{"a", "b"}));
  EXPECT_EQ(d.questions[6].question.id, "en-tf-001");
  EXPECT_EQ(d.questions[6].question.options, (std::vector<Option>{{"a", "True"}, {"b", "False"}}));
  EXPECT_EQ(d.questions[10].question.options[2].text, "PDCA: Plan – Do – Check – Act");
  EXPECT_EQ(d.questions[12].question.topic, "bo-may");
  std::vector<std::string> topic_ids;
  for (const auto& t : d.bank.topics) topic_ids.push_back(t.id);
  EXPECT_EQ(topic_ids, (Strings{"the-che", "thu-tuc-hanh-chinh", "bo-may"}));
}

// Through the whole import: the validator adds nothing to the demo, and a
// question the parser rejected is not reported a second time.
TEST(GiftFormat, ImportingTheDemoStoresThirteenQuestionsWithTwoWarnings) {
  auto r = import_bank(rq::test::read_source_file("question_banks/examples/demo.gift"), BankFormat::gift,
                       demo_options());
  Strings shown;
  for (const auto& p : r.problems) shown.push_back(p.to_string());
  EXPECT_EQ(shown, (Strings{"line 102: warning: essay question" + kSkipped,
                            "line 105: warning: short-answer question" + kSkipped}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.bank.id, "demo");
  EXPECT_EQ(r.bank.questions.size(), 13u);
  EXPECT_EQ(r.bank.topics.size(), 3u);
}

TEST(GiftFormat, ImportingReportsAParserErrorOnce) {
  auto r = import_bank("Q1 {=a ~b}\n\n::one::Only {~a}\n", BankFormat::gift, demo_options());
  Strings shown;
  for (const auto& p : r.problems) shown.push_back(p.to_string());
  EXPECT_EQ(shown, Strings{"line 3: a question needs at least 2 options; it has 1"});
  EXPECT_FALSE(r.ok());
}

// The parser is fuzzed with libFuzzer; this keeps a cheap guard in the unit
// suite: random mixes of GIFT's syntax never throw, and every problem has a
// line inside the file.
TEST(GiftFormat, AnyInputGivesProblemsNeverAnException) {
  const std::vector<std::string> pieces = {"{", "}", "::", ":", "~", "=", "#", "####", "%", "%50%", "%-1%", "\\",
                                           "\n", "\n\n", "//", "$CATEGORY:", "$course$/", "[html]", "<b>", "->",
                                           "T", "Đ", "\xC3", "\r", " ", "a", "\\n", "\xEF\xBB\xBF"};
  std::mt19937 rng(20240601);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    BankDraft d;
    ASSERT_NO_THROW(d = parse_gift_bank(text)) << text;
    for (const auto& p : d.problems) ASSERT_TRUE(p.line >= 1 && p.line <= lines) << text;
    for (const auto& q : d.questions) ASSERT_GE(q.question.options.size(), 2u) << text;
  }
}

}  // namespace bank_gift_test
