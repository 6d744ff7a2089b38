// CSV as Excel writes it: one test per rule, errors at the row's first line.
#include <gtest/gtest.h>

#include "core/bank/bank_import.hpp"
#include "source_files.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace bank_csv_test {

using namespace rq::core;

BankImportResult import_csv(const std::string& text) {
  return import_bank(text, BankFormat::csv, {.id = "demo", .title = "Demo"});
}

std::vector<std::string> problems(const BankImportResult& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems) out.push_back(p.to_string());
  return out;
}

const char* kHeader = "id,topic,text,option_a,option_b,option_c,option_d,correct\n";

TEST(CsvFormat, CommaSeparatedRowsBecomeQuestions) {
  auto r = import_csv(std::string(kHeader) + "q1,the-che,Một?,A1,B1,C1,D1,B\nq2,bo-may,Hai?,x,y,,,A\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(problems(r));
  ASSERT_EQ(r.bank.questions.size(), 2u);
  EXPECT_EQ(r.bank.questions[0].correct, std::vector<std::string>{"b"});
  EXPECT_EQ(r.bank.questions[1].options.size(), 2u);
  EXPECT_EQ(r.bank.topics, (std::vector<Topic>{{"the-che", "the-che"}, {"bo-may", "bo-may"}}));
}

TEST(CsvFormat, SemicolonDelimiterIsDetected) {
  auto r = import_csv("id;topic;text;option_a;option_b;correct\nq1;t;Một, hai hay ba?;x;y;A\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(problems(r));
  EXPECT_EQ(r.bank.questions[0].text, "Một, hai hay ba?");
}

TEST(CsvFormat, BomAndCrlfAreAccepted) {
  auto r = import_csv("\xEF\xBB\xBFid,text,option_a,option_b,correct\r\nq1,Một?,x,y,B\r\nq2,Hai?,x,y,A\r\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(problems(r));
  ASSERT_EQ(r.bank.questions.size(), 2u);
  EXPECT_EQ(r.bank.questions[0].id, "q1");
  EXPECT_EQ(r.bank.questions[1].options[1].text, "y");
}

TEST(CsvFormat, QuotedCellsHoldDelimitersQuotesAndLineBreaks) {
  auto r = import_csv("id,text,option_a,option_b,correct\n"
                      "q1,\"Theo \"\"Luật\"\", a, b?\",\"dòng 1\ndòng 2\",y,A\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(problems(r));
  EXPECT_EQ(r.bank.questions[0].text, "Theo \"Luật\", a, b?");
  EXPECT_EQ(r.bank.questions[0].options[0].text, "dòng 1\ndòng 2");
}

TEST(CsvFormat, SeveralCorrectLettersInAnyCase) {
  auto r = import_csv("id,text,option_a,option_b,option_c,correct\nq1,Hai đáp án?,x,y,z,\"a;C\"\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(problems(r));
  EXPECT_EQ(r.bank.questions[0].correct, (std::vector<std::string>{"a", "c"}));
}

TEST(CsvFormat, VietnameseColumnNamesAreAccepted) {
  auto r = import_csv("Mã,Chủ đề,Câu hỏi,Phương án A,Phương án B,Đáp án,Nguồn,Độ khó,Giải thích\n"
                      "q1,Thủ tục hành chính,Một?,x,y,B,NQ 76,2,Vì thế\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(problems(r));
  const auto& q = r.bank.questions[0];
  EXPECT_EQ(q.topic, "thu-tuc-hanh-chinh");
  EXPECT_EQ(r.bank.topics[0].name, "Thủ tục hành chính");
  EXPECT_EQ(q.source, "NQ 76");
  EXPECT_EQ(q.difficulty, 2);
  EXPECT_EQ(q.explanation, "Vì thế");
}

TEST(CsvFormat, EmptyIdIsGeneratedFromTheRowNumber) {
  auto r = import_csv("id,text,option_a,option_b,correct\n,Một?,x,y,A\n,Hai?,x,y,B\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.bank.questions[1].id, "q-002");
}

TEST(CsvFormat, RowsWithoutATopicGoToTheGeneralTopic) {
  auto r = import_csv("text,option_a,option_b,correct\nMột?,x,y,A\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.bank.topics, (std::vector<Topic>{{"chung", "Chung"}}));
}

TEST(CsvFormat, EmptyTrailingRowsAreIgnored) {
  auto r = import_csv("text;option_a;option_b;correct\r\nMột?;x;y;A\r\n;;;\r\n;;;\r\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(problems(r));
  EXPECT_EQ(r.bank.questions.size(), 1u);
}

TEST(CsvFormat, MissingRequiredColumnsAreNamed) {
  auto r = import_csv("id,question_text,option_a\nq1,Một?,x\n");
  EXPECT_EQ(problems(r), (std::vector<std::string>{
                             "line 1, question_text: warning: the column 'question_text' is not one this importer knows; it is ignored",
                             "line 1, text: the header has no 'text' column (column names are listed in question_banks/README.md)",
                             "line 1, option_b: the header has no 'option_b' column (column names are listed in question_banks/README.md)",
                             "line 1, correct: the header has no 'correct' column (column names are listed in question_banks/README.md)"}));
}

TEST(CsvFormat, AnswerLetterOutsideTheOptionsIsAnErrorOnItsRow) {
  auto r = import_csv(std::string(kHeader) + "q1,t,Một?,a,b,c,d,B\nq2,t,Hai?,a,b,c,d,E\n");
  EXPECT_EQ(problems(r), std::vector<std::string>{"line 3, correct: the answer 'E' is not one of the options A–D"});
}

TEST(CsvFormat, AnswerThatIsNotALetterIsAnError) {
  auto r = import_csv(std::string(kHeader) + "q1,t,Một?,a,b,c,d,B1\n");
  EXPECT_EQ(problems(r), (std::vector<std::string>{"line 2, correct: the answer 'B1' must be option letters such as B or A;C",
                                                   "line 2, correct: no correct answer is given"}));
}

TEST(CsvFormat, ErrorOfARowWithALineBreakIsReportedAtTheRowsFirstLine) {
  auto r = import_csv(std::string(kHeader) + "q1,t,\"Một\ndòng nữa?\",a,b,c,d,B\nq2,t,,a,b,c,d,A\n");
  EXPECT_EQ(problems(r), std::vector<std::string>{"line 4, text: the question text is empty"});
}

TEST(CsvFormat, GapInTheOptionsIsAnError) {
  auto r = import_csv(std::string(kHeader) + "q1,t,Một?,a,,c,,A\n");
  EXPECT_EQ(problems(r), std::vector<std::string>{"line 2, option_b: option B is empty"});
}

TEST(CsvFormat, UnclosedQuoteIsAnErrorAtTheRowStart) {
  auto r = import_csv(std::string(kHeader) + "q1,t,Một?,a,b,c,d,A\nq2,t,\"Hai?,a,b,c,d,A\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(problems(r), std::vector<std::string>{"line 3: a quoted cell is not closed: a '\"' is missing"});
}

TEST(CsvFormat, TheBrokenExampleReportsEachDefectAtItsLine) {
  auto r = import_csv(rq::test::read_source_file("question_banks/examples/broken/broken.csv"));
  EXPECT_EQ(problems(r), (std::vector<std::string>{
                             "line 3, correct: the answer 'E' is not one of the options A–D",
                             "line 4, text: the question text is empty",
                             "line 5, options: a question needs at least 2 options; it has 1"}));
}

TEST(CsvFormat, ExcelExamplesOfBothDelimitersGiveTheSameBank) {
  auto comma = import_csv(rq::test::read_source_file("question_banks/examples/demo.csv"));
  auto excel = import_csv(rq::test::read_source_file("question_banks/examples/demo-excel-vi.csv"));
  ASSERT_TRUE(comma.ok()) << ::testing::PrintToString(problems(comma));
  ASSERT_TRUE(excel.ok()) << ::testing::PrintToString(problems(excel));
  EXPECT_EQ(comma.bank.questions.size(), 18u);
  EXPECT_EQ(comma.bank, excel.bank);
}

TEST(CsvFormat, NeedsAnIdFromTheOrganiser) {
  auto r = import_bank(std::string(kHeader) + "q1,t,Một?,a,b,c,d,A\n", BankFormat::csv);
  EXPECT_EQ(problems(r), std::vector<std::string>{"id: the bank has no id: give one (--id, or ?id= when uploading)"});
}

TEST(BankImport, ProblemsAreListedUpToAThousandThenCounted) {
  std::string text = std::string(kHeader);
  for (int i = 0; i < 1500; ++i) text += "q" + std::to_string(i) + ",t,,a,b,c,d,A\n";  // each: empty text
  auto r = import_csv(text);
  ASSERT_EQ(r.problems.size(), kMaxReportedProblems + 1);
  EXPECT_EQ(r.problems[0].to_string(), "line 2, text: the question text is empty");
  EXPECT_EQ(r.problems.back().to_string(), "… and 500 more problems");
}

}  // namespace bank_csv_test
