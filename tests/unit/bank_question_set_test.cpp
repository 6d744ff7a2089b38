// Question sets in the Vietnamese layout ("Câu 1:", "A.", "Đáp án: B"), as
// plain text and as Word documents, with Word's markings of right options.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/bank/bank_export.hpp"
#include "core/bank/bank_import.hpp"
#include "core/bank/docx_numbering.hpp"
#include "core/bank/zip_writer.hpp"
#include "source_files.hpp"

namespace bank_question_set_test {

using namespace rq::core;

std::vector<std::string> strings(const std::vector<BankProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.to_string());
  return out;
}

BankImportResult txt(const std::string& text) { return import_bank(text, BankFormat::txt, {"s", "S", ""}); }

// A paragraph of runs; a run is {text, properties} ("<w:b/>" etc.).
struct Run {
  std::string text;
  std::string props;
};
std::string paragraph(const std::vector<Run>& runs, const std::string& style = "") {
  std::string out = "<w:p>";
  if (!style.empty()) out += "<w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr>";
  for (const auto& r : runs) {
    out += "<w:r>";
    if (!r.props.empty()) out += "<w:rPr>" + r.props + "</w:rPr>";
    out += "<w:t xml:space=\"preserve\">" + r.text + "</w:t></w:r>";
  }
  return out + "</w:p>";
}
std::string paragraph(const std::string& text, const std::string& style = "") { return paragraph({{text, ""}}, style); }

std::string docx(const std::vector<std::string>& paragraphs, const std::string& styles = "") {
  std::string body;
  for (const auto& p : paragraphs) body += p;
  std::vector<std::pair<std::string, std::string>> parts{
      {"word/document.xml",
       "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" + body +
           "</w:body></w:document>"}};
  if (!styles.empty()) {
    parts.emplace_back("word/styles.xml",
                       "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">" + styles + "</w:styles>");
  }
  std::string error;
  auto bytes = zip_parts(parts, error);
  if (!bytes) throw std::runtime_error(error);
  return *bytes;
}

BankImportResult word(const std::vector<std::string>& paragraphs, const std::string& styles = "") {
  return import_bank(docx(paragraphs, styles), BankFormat::docx, {"s", "S", ""});
}

TEST(QuestionSetText, TheShippedSetReadsWithItsPartsNumbersAndAnswerLines) {
  auto r = import_bank(rq::test::read_source_file("tests/fixtures/banks/bo-cau-hoi.txt"), BankFormat::txt, {"s", "", ""});
  ASSERT_TRUE(r.ok()) << testing::PrintToString(strings(r.problems));
  EXPECT_EQ(r.bank.title, "BỘ CÂU HỎI THI TÌM HIỂU CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC");
  ASSERT_EQ(r.bank.questions.size(), 12u);
  ASSERT_EQ(r.bank.topics.size(), 3u);
  EXPECT_EQ(r.bank.topics[0], (Topic{"cai-cach-the-che", "CẢI CÁCH THỂ CHẾ"}));
  const auto& q2 = r.bank.questions[1];
  EXPECT_EQ(q2.id, "cau-002");
  EXPECT_EQ(q2.label, "Câu 2");
  // Its text runs over two lines.
  EXPECT_TRUE(q2.text.ends_with("cải cách hành chính nhà nước giai đoạn 2021–2030 có bao nhiêu nội dung cải cách?"));
  EXPECT_EQ(q2.correct, std::vector<std::string>{"c"});
  EXPECT_EQ(r.bank.questions[2].correct, std::vector<std::string>{"c"});  // "ĐA: C"
  EXPECT_EQ(r.bank.questions[3].options[0].text, "Nghị quyết 30c/NQ-CP ngày 08/11/2011 của Chính phủ");  // "a)"
  EXPECT_EQ(r.bank.questions[5].correct, std::vector<std::string>{"d"});  // "A/" options
  EXPECT_EQ(r.bank.questions[6].correct, (std::vector<std::string>{"a", "c"}));  // "Đáp án: A, C"
}

TEST(QuestionSetText, OptionsOnOneLineAnswerVariantsExplanationAndSource) {
  auto r = txt("Câu 1. Năm nào?\nA. 2019\t\tB. 2020    C. 2021\nĐáp án đúng: B và C\nGiải thích: vì thế.\nCăn cứ: Nghị quyết 76/NQ-CP\n");
  ASSERT_TRUE(r.ok()) << testing::PrintToString(strings(r.problems));
  const auto& q = r.bank.questions[0];
  EXPECT_EQ(q.options, (std::vector<Option>{{"a", "2019"}, {"b", "2020"}, {"c", "2021"}}));
  EXPECT_EQ(q.correct, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(q.explanation, "vì thế.");
  EXPECT_EQ(q.source, "Nghị quyết 76/NQ-CP");
  // "Đa dạng …" continues an option; it is no "ĐA: D" answer line.
  auto words = txt("Câu 1: Hỏi?\nA. một\nB. hai và\nĐa dạng hóa\nĐáp án: A\n");
  ASSERT_TRUE(words.ok()) << testing::PrintToString(strings(words.problems));
  EXPECT_EQ(words.bank.questions[0].options[1].text, "hai và Đa dạng hóa");
  EXPECT_EQ(words.bank.questions[0].correct, std::vector<std::string>{"a"});
  auto repeated = txt("Câu 1: Hỏi?\nA. một\nB. hai\nĐáp án: B. hai\n");
  EXPECT_EQ(repeated.bank.questions[0].correct, std::vector<std::string>{"b"});
}

TEST(QuestionSetText, ProblemsNameTheQuestionAndTheLine) {
  auto r = txt("Câu 1: Hỏi?\nA. một\nB. hai\nC. ba\nD. bốn\nĐáp án: E\n\nCâu 2: Hỏi nữa?\nA. x\nC. y\n");
  EXPECT_EQ(strings(r.problems), (std::vector<std::string>{
                                     "question 1, line 6, correct: the answer 'E' is not one of the options A–D",
                                     "question 2, line 8, correct: no right option is given: add a line 'Đáp án: B' after the options",
                                     "question 2, line 10, options: option C comes where option B should: is B missing?"}));
  EXPECT_EQ(r.problems[0].question, 1);
  auto none = txt("Bộ câu hỏi\n1. Không có câu nào\n");
  EXPECT_EQ(strings(none.problems),
            std::vector<std::string>{"no question found: each question starts with 'Câu 1:' or 'Câu 1.'"});
}

TEST(QuestionSetText, TextThatIsNotUtf8IsOneError) {
  auto r = txt("C\xe2u 1: H\xf3i?\nA. m\xf4t\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 1);
}

TEST(QuestionSetText, OneTopicGivenAtUploadReplacesTheHeadings) {
  BankImportOptions options{"s", "S", "", "", "Cải cách thể chế"};
  auto r = import_bank("Phần I. A\nCâu 1: Hỏi?\nA. x\nB. y\nĐáp án: A\nPhần II. B\nCâu 2: Hỏi nữa?\nA. x\nB. y\nĐáp án: B\n",
                       BankFormat::txt, options);
  ASSERT_TRUE(r.ok()) << testing::PrintToString(strings(r.problems));
  EXPECT_EQ(r.bank.topics, (std::vector<Topic>{{"cai-cach-the-che", "Cải cách thể chế"}}));
  EXPECT_EQ(r.bank.questions[1].topic, "cai-cach-the-che");
}

TEST(QuestionSetText, HeadingsTakeAnyRomanOrArabicNumberAndTextIsNoHeading) {
  auto r = txt("Phần XC. Chín mươi\nCâu 1: Hỏi?\nA. x\nB. y\nĐáp án: A\nChủ đề 12: Mười hai\nCâu 2: Hỏi nữa?\nA. x\nB. y\n"
               "Đáp án: B\nPhần lớn câu hỏi là văn bản\n");
  EXPECT_EQ(r.bank.topics, (std::vector<Topic>{{"chin-muoi", "Chín mươi"}, {"muoi-hai", "Mười hai"}}));
  // "Phần lớn …" after an answer is text, not a heading: it is ignored with a warning.
  EXPECT_EQ(strings(r.problems),
            std::vector<std::string>{"question 2, line 11: warning: this line comes after the answer of question 2; it is ignored"});
}

TEST(QuestionSetWord, HeadingStylesAreTopicsAndALineBreakPartsLines) {
  const std::string styles =
      "<w:style w:type=\"paragraph\" w:styleId=\"u1\"><w:name w:val=\"heading 1\"/></w:style>";
  auto r = word({paragraph("Bộ câu hỏi"), paragraph("Thể chế", "u1"),
                 "<w:p><w:r><w:t>Câu 1: Hỏi?</w:t><w:br/><w:t>A. một</w:t><w:br/><w:t>B. hai</w:t></w:r></w:p>",
                 paragraph("Đáp án: A")},
                styles);
  ASSERT_TRUE(r.ok()) << testing::PrintToString(strings(r.problems));
  EXPECT_EQ(r.bank.topics, (std::vector<Topic>{{"the-che", "Thể chế"}}));
  EXPECT_EQ(r.bank.questions[0].options.size(), 2u);
  EXPECT_EQ(r.bank.questions[0].correct, std::vector<std::string>{"a"});
}

TEST(QuestionSetWord, ABoldUnderlinedColouredOrHighlightedOptionIsTheRightOne) {
  for (const std::string props : {"<w:b/>", "<w:u w:val=\"single\"/>", "<w:color w:val=\"FF0000\"/>",
                                  "<w:highlight w:val=\"yellow\"/>"}) {
    auto r = word({paragraph("Câu 1: Hỏi?"), paragraph("A. một"), paragraph({{"B. ", ""}, {"hai", props}}),
                   paragraph("C. ba")});
    ASSERT_TRUE(r.ok()) << props << testing::PrintToString(strings(r.problems));
    EXPECT_EQ(r.bank.questions[0].correct, std::vector<std::string>{"b"}) << props;
  }
  // The letter alone marked counts too; all options bold sets none apart.
  auto letter = word({paragraph("Câu 1: Hỏi?"), paragraph("A. một"), paragraph({{"B.", "<w:b/>"}, {" hai", ""}})});
  EXPECT_EQ(letter.bank.questions[0].correct, std::vector<std::string>{"b"});
  auto all = word({paragraph("Câu 1: Hỏi?"), paragraph({{"A. một", "<w:b/>"}}), paragraph({{"B. hai", "<w:b/>"}})});
  EXPECT_EQ(strings(all.problems),
            std::vector<std::string>{"question 1, paragraph 1, correct: no right option is given: add a line 'Đáp án: B' "
                                     "or mark the right option (bold, underlined, coloured or highlighted)"});
}

TEST(QuestionSetWord, AmbiguousMarkingIsRefusedWithTheQuestionAndParagraph) {
  auto partly = word({paragraph("x"), paragraph("Câu 3: Hỏi?"), paragraph({{"A. một ", ""}, {"hai", "<w:b/>"}}),
                      paragraph({{"B. ba", "<w:b/>"}}), paragraph("C. bốn")});
  EXPECT_EQ(strings(partly.problems),
            std::vector<std::string>{"question 3, paragraph 2, correct: option A is only partly bold, so the marking does "
                                     "not say which options are right"});
  auto differ = word({paragraph("Câu 4: Hỏi?"), paragraph({{"A. một", "<w:b/>"}}),
                      paragraph({{"B. hai", "<w:color w:val=\"C00000\"/>"}}), paragraph("C. ba")});
  EXPECT_EQ(strings(differ.problems),
            std::vector<std::string>{"question 4, paragraph 1, correct: the options marked bold and those marked coloured "
                                     "differ, so the marking does not say which options are right"});
  auto contradicts = word({paragraph("Câu 5: Hỏi?"), paragraph({{"A. một", "<w:b/>"}}), paragraph("B. hai"),
                           paragraph("Đáp án: B")});
  EXPECT_EQ(strings(contradicts.problems),
            std::vector<std::string>{"question 5, paragraph 4, correct: the answer line says B but the marked options are A"});
}

TEST(QuestionSetWord, MarksComeFromStylesAndDirectPropertiesOverrideThem) {
  const std::string styles =
      "<w:style w:type=\"character\" w:styleId=\"Strong\"><w:name w:val=\"Strong\"/><w:rPr><w:b/></w:rPr></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"Dung\"><w:name w:val=\"Đúng\"/><w:basedOn w:val=\"Base\"/></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"Base\"><w:name w:val=\"Base\"/><w:rPr><w:u w:val=\"single\"/></w:rPr></w:style>";
  auto by_style = word({paragraph("Câu 1: Hỏi?"), paragraph("A. một"), paragraph({{"B. hai", "<w:rStyle w:val=\"Strong\"/>"}})},
                       styles);
  EXPECT_EQ(by_style.bank.questions[0].correct, std::vector<std::string>{"b"});
  auto based_on = word({paragraph("Câu 1: Hỏi?"), paragraph("A. một", "Dung"), paragraph("B. hai")}, styles);
  EXPECT_EQ(based_on.bank.questions[0].correct, std::vector<std::string>{"a"});
  auto turned_off = word({paragraph("Câu 1: Hỏi?"), paragraph({{"A. một", "<w:u w:val=\"none\"/>"}}, "Dung"),
                          paragraph("B. hai", "Dung"), paragraph("Đáp án: B")},
                         styles);
  EXPECT_TRUE(turned_off.ok()) << testing::PrintToString(strings(turned_off.problems));
}

TEST(QuestionSetWord, NumbersWordWritesItselfAreRead) {
  // "Câu %1:" and "%2." as Word's lists: the numbers are not in the text.
  const std::string numbering =
      "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
      "<w:lvlText w:val=\"Câu %1:\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperLetter\"/>"
      "<w:lvlText w:val=\"%2.\"/></w:lvl></w:abstractNum>"
      "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";
  auto numbered = [](int level, const std::string& text, const std::string& mark = "") {
    return "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" + std::to_string(level) +
           "\"/><w:numId w:val=\"1\"/></w:numPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs>" +
           (mark.empty() ? "" : "<w:rPr>" + mark + "</w:rPr>") + "</w:pPr><w:r><w:t>" + text + "</w:t></w:r></w:p>";
  };
  std::string body = numbered(0, "Hỏi một?") + numbered(1, "một") + numbered(1, "hai", "<w:b/>") + numbered(0, "Hỏi hai?") +
                     numbered(1, "ba") + numbered(1, "bốn") + paragraph("Đáp án: A");
  std::string error;
  auto bytes = zip_parts({{"word/document.xml",
                           "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
                               body + "</w:body></w:document>"},
                          {"word/numbering.xml", numbering}},
                         error);
  auto r = import_bank(*bytes, BankFormat::docx, {"s", "S", ""});
  ASSERT_TRUE(r.ok()) << testing::PrintToString(strings(r.problems));
  ASSERT_EQ(r.bank.questions.size(), 2u);
  EXPECT_EQ(r.bank.questions[0].id, "cau-001");
  EXPECT_EQ(r.bank.questions[0].text, "Hỏi một?");
  EXPECT_EQ(r.bank.questions[0].options, (std::vector<Option>{{"a", "một"}, {"b", "hai"}}));
  // The bold paragraph mark makes Word's "B." bold: the right option.
  EXPECT_EQ(r.bank.questions[0].correct, std::vector<std::string>{"b"});
  EXPECT_EQ(r.bank.questions[1].id, "cau-002");
  EXPECT_EQ(r.bank.questions[1].options[0].text, "ba");  // the letters start again under Câu 2
  EXPECT_EQ(r.bank.questions[1].correct, std::vector<std::string>{"a"});
}

TEST(QuestionSetWord, ListNumberFormats) {
  EXPECT_EQ(format_list_number(3, "upperLetter"), "C");
  EXPECT_EQ(format_list_number(28, "lowerLetter"), "bb");
  EXPECT_EQ(format_list_number(14, "upperRoman"), "XIV");
  EXPECT_EQ(format_list_number(7, "decimalZero"), "07");
  EXPECT_EQ(format_list_number(7, "bullet"), "");
  EXPECT_EQ(format_list_number(12, "decimal"), "12");
}

TEST(QuestionSetWord, NotAWordDocumentSaysWhatItIs) {
  auto r = import_bank("Câu 1: Hỏi?", BankFormat::docx, {"s", "S", ""});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].message.find(".docx"), std::string::npos);
}

TEST(QuestionSet, ExportAsTextAndWordThenImportKeepsTheBank) {
  auto set = import_bank(rq::test::read_source_file("tests/fixtures/banks/bo-cau-hoi.txt"), BankFormat::txt, {"s", "", ""});
  ASSERT_TRUE(set.ok());
  std::string text, bytes, error;
  ASSERT_TRUE(bank_to_question_set_text(set.bank, text, error)) << error;
  auto from_text = import_bank(text, BankFormat::txt, {"s", "", ""});
  ASSERT_TRUE(from_text.ok()) << testing::PrintToString(strings(from_text.problems));
  EXPECT_EQ(from_text.bank.questions, set.bank.questions);
  ASSERT_TRUE(bank_to_docx(set.bank, bytes, error)) << error;
  auto from_word = import_bank(bytes, BankFormat::docx, {"s", "", ""});
  ASSERT_TRUE(from_word.ok()) << testing::PrintToString(strings(from_word.problems));
  EXPECT_EQ(from_word.bank, from_text.bank);
}

TEST(QuestionSet, TheShippedWordSampleHoldsTheSameQuestionsAsItsText) {
  auto text = import_bank(rq::test::read_source_file("question_banks/examples/demo-cau-hoi.txt"), BankFormat::txt, {"d", "", ""});
  auto word_sample = import_bank(rq::test::read_source_file("question_banks/examples/demo-cau-hoi.docx"), BankFormat::docx, {"d", "", ""});
  ASSERT_TRUE(text.ok()) << testing::PrintToString(strings(text.problems));
  ASSERT_TRUE(word_sample.ok()) << testing::PrintToString(strings(word_sample.problems));
  EXPECT_EQ(word_sample.bank, text.bank);
  EXPECT_GE(text.bank.questions.size(), 10u);
}

}  // namespace bank_question_set_test
