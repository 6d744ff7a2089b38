// Excel workbooks: the CSV's columns on a sheet, read with libzip and expat;
// problems placed by sheet and cell; our own export read back unchanged.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <xlsxwriter.h>

#include "core/bank/bank_import.hpp"
#include "core/bank/zip_writer.hpp"
#include "office/bank_xlsx.hpp"
#include "office/temp_file.hpp"
#include "source_files.hpp"

namespace bank_xlsx_test {

using namespace rq::core;

std::vector<std::string> strings(const std::vector<BankProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.to_string());
  return out;
}

// A workbook made part by part, so a test controls each XML detail.
std::string workbook(const std::string& sheet_xml, const std::string& shared_strings = "",
                     const std::string& sheet_name = "Sheet1") {
  std::string error;
  std::vector<std::pair<std::string, std::string>> parts{
      {"[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
      {"xl/workbook.xml",
       "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
       "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
       "<sheet name=\"" + sheet_name + "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
      {"xl/worksheets/sheet1.xml",
       "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" + sheet_xml + "</worksheet>"}};
  if (!shared_strings.empty()) {
    parts.emplace_back("xl/sharedStrings.xml",
                       "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" + shared_strings + "</sst>");
  }
  auto bytes = zip_parts(parts, error);
  if (!bytes) throw std::runtime_error(error);
  return *bytes;
}

std::string inline_cell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

TEST(XlsxFormat, SharedInlineRichAndNumberCellsAreRead) {
  const std::string shared =
      "<si><t>Câu hỏi</t></si><si><t>A</t></si><si><t>B</t></si><si><t>Đáp án</t></si>"
      "<si><r><t>Nghị quyết </t></r><r><rPr><b/></rPr><t>76</t></r><rPh><t>ignored</t></rPh></si>";
  const std::string sheet =
      "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
      "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"inlineStr\"><is><t>Độ khó</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>4</v></c><c r=\"B2\"><v>2020</v></c><c r=\"C2\"><v>0.10000000000000001</v></c>"
      "<c r=\"D2\" t=\"str\"><f>\"B\"</f><v>B</v></c><c r=\"E2\"><v>2</v></c></row></sheetData>";
  auto r = import_bank(workbook(sheet, shared), BankFormat::xlsx, {"b", "B", ""});
  ASSERT_TRUE(r.ok()) << testing::PrintToString(strings(r.problems));
  ASSERT_EQ(r.bank.questions.size(), 1u);
  const auto& q = r.bank.questions[0];
  EXPECT_EQ(q.text, "Nghị quyết 76");
  EXPECT_EQ(q.options, (std::vector<Option>{{"a", "2020"}, {"b", "0.1"}}));
  EXPECT_EQ(q.correct, std::vector<std::string>{"b"});
  EXPECT_EQ(q.difficulty, 2);
}

TEST(XlsxFormat, ProblemsArePlacedBySheetRowAndColumnLetter) {
  const std::string sheet =
      "<sheetData><row r=\"1\">" + inline_cell("A1", "Câu hỏi") + inline_cell("B1", "Phương án A") +
      inline_cell("C1", "Phương án B") + inline_cell("D1", "Phương án C") + inline_cell("E1", "Đáp án") + "</row>" +
      "<row r=\"14\">" + inline_cell("A14", "Hỏi?") + inline_cell("B14", "một") + inline_cell("C14", "hai") +
      inline_cell("E14", "D") + "</row></sheetData>";
  auto r = import_bank(workbook(sheet, "", "Câu hỏi"), BankFormat::xlsx, {"b", "B", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(strings(r.problems),
            std::vector<std::string>{"Câu hỏi!E14 (correct): the answer 'D' is not one of the options A–B"});
  EXPECT_EQ(r.problems[0].sheet, "Câu hỏi");
  EXPECT_EQ(r.problems[0].cell, "E14");
  EXPECT_EQ(r.problems[0].line, 14);
}

TEST(XlsxFormat, TitleRowsAboveTheHeaderAndAMergedHeaderOverOptionLettersAreRead) {
  const std::string sheet =
      "<sheetData><row r=\"1\">" + inline_cell("A1", "BỘ CÂU HỎI THI TÌM HIỂU CCHC") + "</row>" +
      "<row r=\"3\">" + inline_cell("A3", "STT") + inline_cell("B3", "Câu hỏi") + inline_cell("C3", "Phương án trả lời") +
      inline_cell("G3", "Đáp án") + "</row>" + "<row r=\"4\">" + inline_cell("C4", "A") + inline_cell("D4", "B") +
      inline_cell("E4", "C") + inline_cell("F4", "D") + "</row>" + "<row r=\"5\"><c r=\"A5\"><v>1</v></c>" +
      inline_cell("B5", "Hỏi?") + inline_cell("C5", "một") + inline_cell("D5", "hai") + inline_cell("E5", "ba") +
      inline_cell("F5", "bốn") + inline_cell("G5", "C") + "</row></sheetData>"
      "<mergeCells count=\"2\"><mergeCell ref=\"A1:G1\"/><mergeCell ref=\"C3:F3\"/></mergeCells>";
  auto r = import_bank(workbook(sheet), BankFormat::xlsx, {"b", "B", ""});
  ASSERT_TRUE(r.ok()) << testing::PrintToString(strings(r.problems));
  ASSERT_EQ(r.bank.questions.size(), 1u);
  EXPECT_EQ(r.bank.questions[0].options.size(), 4u);
  EXPECT_EQ(r.bank.questions[0].options[3].text, "bốn");
  EXPECT_EQ(r.bank.questions[0].correct, std::vector<std::string>{"c"});
  // "STT" (the row number) is a column the importer does not know: a warning.
  EXPECT_EQ(strings(r.problems), std::vector<std::string>{
                                     "Sheet1, row 3 (STT): warning: the column 'STT' is not one this importer knows; it is ignored"});
}

TEST(XlsxFormat, ASheetIsChosenByNameAndAMissingOneIsNamed) {
  auto bytes = workbook("<sheetData/>", "", "Câu hỏi");
  BankImportOptions options{"b", "B", "", "Khác", ""};
  auto r = import_bank(bytes, BankFormat::xlsx, options);
  EXPECT_EQ(strings(r.problems), std::vector<std::string>{"sheet: the workbook has no sheet 'Khác' (its sheets: 'Câu hỏi')"});
}

TEST(XlsxFormat, NotAWorkbookSaysWhatItIs) {
  auto csv = import_bank("id,text\n", BankFormat::xlsx, {"b", "B", ""});
  ASSERT_EQ(csv.problems.size(), 1u);
  EXPECT_NE(csv.problems[0].message.find("not an Office Open XML file"), std::string::npos);
  std::string error;
  auto docx = zip_parts({{"word/document.xml", "<document/>"}}, error);
  auto r = import_bank(*docx, BankFormat::xlsx, {"b", "B", ""});
  EXPECT_NE(r.problems[0].message.find("Word document"), std::string::npos);
}

TEST(XlsxFormat, DateCellsInDateColumnsBecomeIsoDates) {
  const std::string sheet =
      "<sheetData><row r=\"1\">" + inline_cell("A1", "Câu hỏi") + inline_cell("B1", "A") + inline_cell("C1", "B") +
      inline_cell("D1", "Đáp án") + inline_cell("E1", "Hiệu lực từ") + "</row><row r=\"2\">" + inline_cell("A2", "Hỏi?") +
      inline_cell("B2", "x") + inline_cell("C2", "y") + inline_cell("D2", "A") + "<c r=\"E2\" s=\"1\"><v>44392</v></c></row></sheetData>";
  auto r = import_bank(workbook(sheet), BankFormat::xlsx, {"b", "B", ""});
  ASSERT_TRUE(r.ok()) << testing::PrintToString(strings(r.problems));
  EXPECT_EQ(r.bank.questions[0].valid_from, "2021-07-15");
}

TEST(XlsxFormat, ExportThenImportKeepsTheBank) {
  for (const char* file : {"question_banks/cchc-2021-2030.vi.json", "question_banks/reform-demo.en.json"}) {
    auto r = import_bank(rq::test::read_source_file(file), BankFormat::json);
    ASSERT_TRUE(r.ok());
    std::string error;
    auto bytes = rq::office::bank_to_xlsx(r.bank, error);
    ASSERT_TRUE(bytes) << error;
    EXPECT_EQ(bytes->substr(0, 2), "PK");
    auto back = import_bank(*bytes, BankFormat::xlsx, {r.bank.id, r.bank.title, r.bank.language});
    ASSERT_TRUE(back.ok()) << testing::PrintToString(strings(back.problems));
    QuestionBank expected = r.bank;
    std::erase_if(expected.topics, [&](const Topic& t) {
      return std::none_of(expected.questions.begin(), expected.questions.end(), [&](const Question& q) { return q.topic == t.id; });
    });
    EXPECT_EQ(back.bank, expected) << file;
    // The title travels in the workbook's properties.
    auto untitled = import_bank(*bytes, BankFormat::xlsx, {r.bank.id, "", r.bank.language});
    EXPECT_EQ(untitled.bank.title, r.bank.title);
  }
}

TEST(XlsxFormat, TheShippedExampleWorkbookHoldsTheDemoQuestions) {
  auto csv = import_bank(rq::test::read_source_file("question_banks/examples/demo.csv"), BankFormat::csv, {"demo", "Demo", ""});
  auto xlsx = import_bank(rq::test::read_source_file("question_banks/examples/demo.xlsx"), BankFormat::xlsx, {"demo", "Demo", ""});
  ASSERT_TRUE(xlsx.ok()) << testing::PrintToString(strings(xlsx.problems));
  EXPECT_EQ(xlsx.bank.questions, csv.bank.questions);
  auto tpl = import_bank(rq::test::read_source_file("question_banks/examples/template.xlsx"), BankFormat::xlsx, {"t", "T", ""});
  ASSERT_TRUE(tpl.ok()) << testing::PrintToString(strings(tpl.problems));
  EXPECT_EQ(tpl.bank.questions.size(), 1u);
}

}  // namespace bank_xlsx_test
