// The native JSON format and the shared validator: one test per rule, each
// error at its exact line and field.
#include <gtest/gtest.h>

#include "core/bank/bank_export.hpp"
#include "core/bank/bank_import.hpp"
#include "source_files.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace bank_json_test {

using namespace rq::core;

// A small valid bank, one field per line, so tests can break one line.
std::string bank_text(const std::string& question_extra = "", const std::string& correct = R"(["b"])",
                      const std::string& topic = "the-che") {
  return "{\n"                                                        // 1
         "  \"id\": \"demo\",\n"                                      // 2
         "  \"title\": \"Demo\",\n"                                   // 3
         "  \"topics\": [{\"id\": \"the-che\", \"name\": \"Thể chế\"}],\n"  // 4
         "  \"questions\": [\n"                                       // 5
         "    {\n"                                                    // 6
         "      \"id\": \"q1\",\n"                                    // 7
         "      \"topic\": \"" + topic + "\",\n"                      // 8
         "      \"text\": \"Câu hỏi một?\",\n"                        // 9
         "      \"options\": [{\"id\": \"a\", \"text\": \"Một\"}, {\"id\": \"b\", \"text\": \"Hai\"}],\n"  // 10
         "      \"correct\": " + correct + question_extra + "\n"      // 11
         "    }\n"
         "  ]\n"
         "}\n";
}

std::vector<std::string> errors(const BankImportResult& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems) out.push_back(p.to_string());
  return out;
}

TEST(JsonBank, ValidBankImports) {
  auto r = import_bank(bank_text(), BankFormat::json);
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(errors(r));
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.bank.id, "demo");
  ASSERT_EQ(r.bank.questions.size(), 1u);
  EXPECT_EQ(r.bank.questions[0].correct, std::vector<std::string>{"b"});
}

TEST(JsonBank, AnswerThatNamesNoOptionIsAnErrorOnItsLine) {
  auto r = import_bank(bank_text("", R"(["e"])"), BankFormat::json);
  EXPECT_EQ(errors(r), std::vector<std::string>{"line 11, questions[0].correct: the answer 'e' is not one of the options a–b"});
}

TEST(JsonBank, TopicNotInTopicsIsAnError) {
  auto r = import_bank(bank_text("", R"(["b"])", "khong-co"), BankFormat::json);
  EXPECT_EQ(errors(r),
            std::vector<std::string>{"line 8, questions[0].topic: the topic 'khong-co' is not one of the bank's topics (the-che)"});
}

TEST(JsonBank, NoCorrectAnswerIsAnError) {
  auto r = import_bank(bank_text("", "[]"), BankFormat::json);
  EXPECT_EQ(errors(r), std::vector<std::string>{"line 11, questions[0].correct: no correct answer is given"});
}

TEST(JsonBank, CorrectMustBeAList) {
  auto r = import_bank(bank_text("", R"("b")"), BankFormat::json);
  EXPECT_EQ(errors(r), (std::vector<std::string>{
                           "line 11, questions[0].correct: 'correct' must be a list of option ids, e.g. [\"b\"]",
                           "line 11, questions[0].correct: no correct answer is given"}));
}

TEST(JsonBank, DifficultyOutsideOneToThreeIsAnError) {
  auto r = import_bank(bank_text(",\n      \"difficulty\": 4"), BankFormat::json);
  EXPECT_EQ(errors(r), std::vector<std::string>{"line 12, questions[0].difficulty: the difficulty must be 1, 2 or 3 (got 4)"});
}

TEST(JsonBank, BadDateIsAnError) {
  auto r = import_bank(bank_text(",\n      \"valid_from\": \"2021-02-30\""), BankFormat::json);
  EXPECT_EQ(errors(r), std::vector<std::string>{"line 12, questions[0].valid_from: the date '2021-02-30' must be YYYY-MM-DD"});
}

TEST(JsonBank, UnknownFieldIsAWarningThatDoesNotBlock) {
  auto r = import_bank(bank_text(",\n      \"corect\": [\"a\"]"), BankFormat::json);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(errors(r), std::vector<std::string>{"line 12, questions[0].corect: warning: unknown field 'corect' is ignored"});
}

TEST(JsonBank, MalformedJsonGivesTheLine) {
  std::string text = bank_text();
  text.replace(text.find("\"title\""), 7, "title");  // line 3 loses its quotes
  auto r = import_bank(text, BankFormat::json);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 3);
  EXPECT_EQ(r.problems[0].message.rfind("the file is not valid JSON: ", 0), 0u) << r.problems[0].message;
}

TEST(JsonBank, MissingIdTitleAndQuestionsAreReportedTogether) {
  auto r = import_bank(R"({"topics": []})", BankFormat::json);
  EXPECT_EQ(errors(r), (std::vector<std::string>{"id: the bank has no id: give one (--id, or ?id= when uploading)",
                                                 "the file holds no questions"}));
}

TEST(JsonBank, TheBrokenExampleReportsEachDefectAtItsLine) {
  auto r = import_bank(rq::test::read_source_file("question_banks/examples/broken/broken.json"), BankFormat::json);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(errors(r), (std::vector<std::string>{
                           "line 69, questions[1].correct: the answer 'e' is not one of the options a–d",
                           "line 78, questions[2].topic: the topic 'khong-co' is not one of the bank's topics "
                           "(the-che, thu-tuc-hanh-chinh)",
                           "line 107, questions[3].id: the question id 'en-tc-001' repeats the id of the question on "
                           "line 16"}));
}

TEST(BankValidation, RepeatedQuestionTextIsAWarningEvenInAnotherForm) {
  std::string text = bank_text();
  // A second question whose text is the first's in NFD and other case/spacing.
  std::string second = R"(, {"id": "q2", "topic": "the-che", "text": "  CÂU HỎI   MỘT? ", "options": [{"id":"a","text":"x"},{"id":"b","text":"y"}], "correct": ["a"]})";
  text.insert(text.rfind("\n  ]"), second);
  auto r = import_bank(text, BankFormat::json);
  EXPECT_TRUE(r.ok());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].severity, BankProblem::Severity::warning);
  EXPECT_EQ(r.problems[0].message, "this question repeats the question on line 6 (q1)");
}

TEST(BankValidation, NfdAndNfcSpellingsAreTheSameQuestion) {
  std::string nfc = bank_text();
  std::string nfd = nfc;
  // "Câu hỏi một" with the decomposed forms of â, ỏ and ộ.
  nfd.replace(nfd.find("Câu hỏi một?"), std::string("Câu hỏi một?").size(),
              "Ca\xCC\x82u ho\xCC\x89i mo\xCC\x82\xCC\xA3t?");
  auto a = import_bank(nfc, BankFormat::json);
  auto b = import_bank(nfd, BankFormat::json);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a.bank, b.bank);
}

TEST(BankValidation, QuestionTextOverTwoThousandCharactersIsAnError) {
  std::string text = bank_text();
  std::string long_text(2001, 'x');
  text.replace(text.find("Câu hỏi một?"), std::string("Câu hỏi một?").size(), long_text);
  auto r = import_bank(text, BankFormat::json);
  EXPECT_EQ(errors(r), std::vector<std::string>{"line 9, questions[0].text: the question text has 2001 characters; the limit is 2000"});
}

TEST(BankValidation, OptionOverFiveHundredCharactersIsAnError) {
  std::string text = bank_text();
  text.replace(text.find("\"Hai\""), 5, "\"" + std::string(501, 'y') + "\"");
  auto r = import_bank(text, BankFormat::json);
  EXPECT_EQ(errors(r), std::vector<std::string>{"line 10, questions[0].options[1]: option b has 501 characters; the limit is 500"});
}

TEST(BankValidation, FewerThanTwoOptionsIsAnError) {
  std::string text = bank_text("", R"(["a"])");
  text.replace(text.find(R"(, {"id": "b", "text": "Hai"})"), std::string(R"(, {"id": "b", "text": "Hai"})").size(), "");
  auto r = import_bank(text, BankFormat::json);
  EXPECT_EQ(errors(r), std::vector<std::string>{"line 10, questions[0].options: a question needs at least 2 options; it has 1"});
}

TEST(BankValidation, TwoOptionsWithTheSameTextIsAnError) {
  std::string text = bank_text();
  text.replace(text.find("\"Hai\""), 5, "\"một\"");
  auto r = import_bank(text, BankFormat::json);
  EXPECT_EQ(errors(r), std::vector<std::string>{"line 10, questions[0].options[1]: options a and b have the same text"});
}

TEST(BankValidation, FileOverTenMebibytesIsRefusedBeforeParsing) {
  std::string big(kMaxBankFileBytes + 1, ' ');
  auto r = import_bank(big, BankFormat::json);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].message, "the file has 10485761 bytes; the limit is 10 MiB (10485760 bytes)");
}

TEST(BankValidation, TextIsTrimmedAndStoredInNfc) {
  std::string text = bank_text();
  text.replace(text.find("\"Một\""), 7, "\"  Mo\xCC\x82\xCC\xA3t  \"");
  auto r = import_bank(text, BankFormat::json);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.bank.questions[0].options[0].text, "Một");
}

TEST(BankExport, JsonExportImportsToTheSameBank) {
  auto first = import_bank(rq::test::read_source_file("question_banks/cchc-2021-2030.vi.json"), BankFormat::json);
  ASSERT_TRUE(first.ok());
  auto again = import_bank(bank_to_json(first.bank).dump(2), BankFormat::json);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first.bank, again.bank);
  EXPECT_EQ(bank_from_json(bank_to_json(first.bank)), first.bank);
}

TEST(BankExport, CsvExportImportsToTheSameBank) {
  auto first = import_bank(rq::test::read_source_file("question_banks/examples/demo.csv"), BankFormat::csv, {.id = "demo", .title = "Demo"});
  ASSERT_TRUE(first.ok());
  std::string csv, error;
  ASSERT_TRUE(bank_to_csv(first.bank, csv, error)) << error;
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  auto again = import_bank(csv, BankFormat::csv, {.id = "demo", .title = "Demo"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first.bank, again.bank);
}

TEST(ShippedBanks, VietnameseBankHasNoProblemsAndCoversEveryTopic) {
  auto r = import_bank(rq::test::read_source_file("question_banks/cchc-2021-2030.vi.json"), BankFormat::json);
  EXPECT_TRUE(r.problems.empty()) << ::testing::PrintToString(errors(r));
  EXPECT_GE(r.bank.questions.size(), 150u);
  for (const auto& t : count_by_topic(r.bank)) EXPECT_GE(t.questions, 12u) << t.id;
  for (const auto& q : r.bank.questions) {
    EXPECT_FALSE(q.source.empty()) << q.id;
    EXPECT_FALSE(q.valid_from.empty()) << q.id;
  }
}

TEST(ShippedBanks, EnglishDemoBankHasNoProblems) {
  auto r = import_bank(rq::test::read_source_file("question_banks/reform-demo.en.json"), BankFormat::json);
  EXPECT_TRUE(r.problems.empty()) << ::testing::PrintToString(errors(r));
  EXPECT_GE(r.bank.questions.size(), 30u);
}

TEST(JsonBank, ANumberNoDoubleCanHoldIsAProblemNotAnException) {
  // nlohmann reports 1e999 as out_of_range, not as a parse error: on the
  // gateway's worker thread it would have ended the process.
  auto r = import_bank(bank_text(",\n      \"difficulty\": 1e999"), BankFormat::json);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].message.find("the file is not valid JSON"), std::string::npos) << r.problems[0].message;
}

}  // namespace bank_json_test
