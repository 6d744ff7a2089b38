// Bank problems in the organiser's language: Vietnamese places and messages,
// and no problem any importer makes without its Vietnamese.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/bank/bank_import.hpp"
#include "core/bank/zip_writer.hpp"
#include "source_files.hpp"

namespace bank_problem_language_test {

using namespace rq::core;

std::vector<std::string> in_vietnamese(const BankImportResult& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems) out.push_back(p.to_string(Lang::vi));
  return out;
}

TEST(BankProblemLanguage, PlacesFieldsAndMessagesComeInVietnamese) {
  auto csv = import_bank(rq::test::read_source_file("question_banks/examples/broken/broken.csv"), BankFormat::csv, {"b", "B", ""});
  EXPECT_EQ(in_vietnamese(csv), (std::vector<std::string>{
                                    "dòng 3, đáp án: đáp án 'E' không thuộc các phương án A–D",
                                    "dòng 4, câu hỏi: nội dung câu hỏi đang để trống",
                                    "dòng 5, phương án: mỗi câu hỏi phải có ít nhất 2 phương án; câu hỏi này có 1 phương án"}));
  auto set = import_bank("Câu 1: Hỏi?\nA. một\nB. hai\nĐáp án: C\n", BankFormat::txt, {"b", "B", ""});
  EXPECT_EQ(in_vietnamese(set), std::vector<std::string>{"câu 1, dòng 4, đáp án: đáp án 'C' không thuộc các phương án A–B"});
  BankProblem cell = bank_warning(14, "option_b", Localized{"x", "y"});
  cell.sheet = "Câu hỏi";
  cell.cell = "C14";
  EXPECT_EQ(cell.to_string(Lang::vi), "Câu hỏi!C14 (phương án B): cảnh báo: y");
  BankProblem paragraph = bank_error(40, "", Localized{"x", "y"});
  paragraph.unit = PlaceUnit::paragraph;
  paragraph.question = 12;
  EXPECT_EQ(paragraph.to_string(Lang::vi), "câu 12, đoạn 40: y");
  EXPECT_EQ(paragraph.to_string(Lang::en), "question 12, paragraph 40: x");
}

// Files with every kind of problem the importers know of.
std::vector<std::pair<std::string, BankFormat>> bad_files() {
  auto read = [](const std::string& path) { return rq::test::read_source_file(path); };
  std::string error;
  auto docx = [&](const std::string& body) {
    return *zip_parts({{"word/document.xml",
                        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
                            body + "</w:body></w:document>"}},
                      error);
  };
  auto p = [](const std::string& text, const std::string& props = "") {
    return "<w:p><w:r>" + (props.empty() ? "" : "<w:rPr>" + props + "</w:rPr>") + "<w:t xml:space=\"preserve\">" + text +
           "</w:t></w:r></w:p>";
  };
  return {
      {read("question_banks/examples/broken/broken.csv"), BankFormat::csv},
      {read("question_banks/examples/broken/broken.json"), BankFormat::json},
      {read("question_banks/examples/broken/broken.aiken"), BankFormat::aiken},
      {read("tests/fixtures/banks/moodle_export.gift"), BankFormat::gift},
      {read("tests/fixtures/banks/moodle_export_windows1258.gift"), BankFormat::gift},
      {read("tests/fixtures/banks/moodle_export.xml"), BankFormat::xml},
      {"::t:: Q {=a ~b\n\nQ2 {~%x%a ~b}\n\n}\n\nQ3 {=a}", BankFormat::gift},
      {"<quiz><question type=\"multichoice\"><answer fraction=\"x\"><text>a</text></answer></question>"
       "<question/><question type=\"truefalse\"/></quiz>",
       BankFormat::xml},
      {"<!DOCTYPE x><quiz/>", BankFormat::xml},
      {"Câu 1: Hỏi?\nA. x\nC. y\nĐáp án: Q1\n\nCâu 1: Lại?\nA. x\nB. y\n\nthừa\n", BankFormat::txt},
      {docx(p("Câu 1: Hỏi?") + p("A. một ", "<w:b/>") + p("B. hai") + p("Đáp án: B") + p("Câu 2: Hỏi?") +
            "<w:p><w:r><w:t>A. một </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>hai</w:t></w:r></w:p>" + p("B. ba", "<w:b/>") +
            p("C. bốn") + p("Câu 3: Hỏi?") + p("A. x", "<w:b/>") + p("B. y", "<w:color w:val=\"FF0000\"/>") + p("C. z")),
       BankFormat::docx},
      {"not a zip", BankFormat::xlsx},
      {"not a zip", BankFormat::docx},
      {*zip_parts({{"word/document.xml", "<x/>"}}, error), BankFormat::xlsx},
      {"{\"id\": \"b\", \"title\": \"B\", \"topics\": [], \"questions\": [], \"extra\": 1}", BankFormat::json},
      {"id,text,option_a,option_b,correct,difficulty,unknown\nq,,x,x,B1,7,\n", BankFormat::csv},
  };
}

TEST(BankProblemLanguage, EveryProblemTheImportersMakeHasItsVietnamese) {
  std::size_t seen = 0;
  for (const auto& [bytes, format] : bad_files()) {
    auto r = import_bank(bytes, format, {"b", "B", ""});
    for (const auto& p : r.problems) {
      ++seen;
      EXPECT_FALSE(p.message_vi.empty()) << to_string(format) << ": " << p.to_string();
      EXPECT_NE(p.message_vi, p.message) << to_string(format) << ": " << p.to_string();
    }
  }
  EXPECT_GE(seen, 40u);
}

}  // namespace bank_problem_language_test
