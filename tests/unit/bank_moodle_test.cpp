// Banks from Moodle: GIFT as Moodle's exporter writes it (free-text titles,
// $CATEGORY paths, HTML) and Moodle XML, on files shaped like Moodle's own
// exports (tests/fixtures/banks/README.md says how), and back to Moodle XML.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/bank/bank_export.hpp"
#include "core/bank/bank_import.hpp"
#include "core/bank/question_ids.hpp"
#include "source_files.hpp"

namespace bank_moodle_test {

using namespace rq::core;

BankImportResult import_fixture(const std::string& name, BankFormat format) {
  return import_bank(rq::test::read_source_file("tests/fixtures/banks/" + name), format, {"cchc", "CCHC", ""});
}

std::vector<std::string> strings(const std::vector<BankProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.to_string());
  return out;
}

const Question& by_label(const QuestionBank& bank, const std::string& label, int nth = 0) {
  for (const auto& q : bank.questions) {
    if (q.label == label && nth-- == 0) return q;
  }
  throw std::runtime_error("no question labelled " + label);
}

TEST(MoodleGift, FreeTextTitlesAreLabelsAndGiveStableUniqueIds) {
  auto r = import_fixture("moodle_export.gift", BankFormat::gift);
  ASSERT_TRUE(r.ok()) << testing::PrintToString(strings(r.problems));
  ASSERT_EQ(r.bank.questions.size(), 7u);
  const auto& q1 = by_label(r.bank, "Câu 1: Nghị quyết ban hành Chương trình tổng thể 2021–2030");
  EXPECT_EQ(q1.id, "cau-1-nghi-quyet-ban-hanh-chuong-trinh-tong-the-2021");
  // Two questions Moodle named alike keep their own ids, in file order.
  const std::string shared = "Theo Nghị quyết 76/NQ-CP ngày 15/7/2021 của Chính phủ về Chương trình tổng ...";
  EXPECT_EQ(by_label(r.bank, shared, 0).id, "theo-nghi-quyet-76-nq-cp-ngay-15-7-2021-cua-chinh-phu-ve");
  EXPECT_EQ(by_label(r.bank, shared, 1).id, "theo-nghi-quyet-76-nq-cp-ngay-15-7-2021-cua-chinh-phu-ve-2");
  // The same file gives the same ids again.
  auto again = import_fixture("moodle_export.gift", BankFormat::gift);
  EXPECT_EQ(again.bank, r.bank);
}

TEST(MoodleGift, CategoryPathsBecomeTopicsAndOtherTypesAreSkippedWithTheirLines) {
  auto r = import_fixture("moodle_export.gift", BankFormat::gift);
  EXPECT_EQ(r.bank.topics, (std::vector<Topic>{{"cai-cach-the-che", "Cải cách thể chế"},
                                               {"cai-cach-thu-tuc-hanh-chinh", "Cải cách thủ tục hành chính"}}));
  EXPECT_EQ(strings(r.problems),
            (std::vector<std::string>{
                "line 10: warning: essay question skipped: a contest can use only multiple-choice and true/false questions",
                "line 50: warning: text with no answers in { } skipped: a contest can use only multiple-choice and "
                "true/false questions",
                "line 71, label: warning: this question has the same name as the question on line 62; each keeps its own id",
                "line 80: warning: short-answer question skipped: a contest can use only multiple-choice and true/false "
                "questions"}));
}

TEST(MoodleGift, HtmlIsReducedWithoutStraySpacesAndWeightsPickTheRightOptions) {
  auto r = import_fixture("moodle_export.gift", BankFormat::gift);
  const auto& q1 = by_label(r.bank, "Câu 1: Nghị quyết ban hành Chương trình tổng thể 2021–2030");
  EXPECT_EQ(q1.text,
            "Nghị quyết nào của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030?");
  EXPECT_EQ(q1.options[1].text, "Nghị quyết 76/NQ-CP");
  EXPECT_EQ(q1.correct, std::vector<std::string>{"b"});
  const auto& q3 = by_label(r.bank, "Câu 3: Nội dung cải cách (chọn 2)");
  EXPECT_EQ(q3.correct, (std::vector<std::string>{"a", "c"}));
  const auto& tf = by_label(r.bank, "Câu 4: Hiệu lực của Luật Cán bộ, công chức năm 2008");
  EXPECT_EQ(tf.options, (std::vector<Option>{{"a", "Đúng"}, {"b", "Sai"}}));
  EXPECT_EQ(tf.correct, std::vector<std::string>{"b"});
  const auto& q6 = by_label(r.bank, "Câu 6: Ngày có hiệu lực của Nghị định 61/2018/NĐ-CP");
  EXPECT_TRUE(q6.text.ends_with("thủ tục hành chính. Nghị định này có hiệu lực thi hành từ ngày nào?")) << q6.text;
}

TEST(MoodleGift, AFileThatIsNotUtf8GetsOneErrorOnly) {
  auto r = import_fixture("moodle_export_windows1258.gift", BankFormat::gift);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(r.problems[0].is_error());
  EXPECT_EQ(r.problems[0].line, 1);
  EXPECT_NE(r.problems[0].message.find("not UTF-8"), std::string::npos);
  EXPECT_NE(r.problems[0].message.find("Windows-1258"), std::string::npos);
}

TEST(MoodleGift, ATxtFileIsReadAsWhatItHolds) {
  // Moodle names its GIFT exports .txt; Aiken files are .txt too.
  EXPECT_EQ(sniff_text_format(rq::test::read_source_file("tests/fixtures/banks/moodle_export.gift")), BankFormat::gift);
  EXPECT_EQ(sniff_text_format(rq::test::read_source_file("question_banks/examples/demo.aiken")), BankFormat::aiken);
  EXPECT_EQ(sniff_text_format(rq::test::read_source_file("question_banks/examples/demo-cau-hoi.txt")), BankFormat::txt);
  EXPECT_EQ(sniff_text_format("Câu 1: Hỏi?\nA. x\nB. y\nĐáp án: A\n"), BankFormat::txt);
}

TEST(QuestionIds, AnIdThatIsGivenIsNeverTakenByADerivedOne) {
  BankDraft d;
  DraftQuestion named, given;
  named.question.label = "Q 1";
  given.question.id = "q-1";
  d.questions = {named, given};
  assign_ids_from_labels(d);
  EXPECT_EQ(d.questions[0].question.id, "q-1-2");
  EXPECT_EQ(d.questions[1].question.id, "q-1");
  EXPECT_EQ(id_from_label(std::string(100, 'x') + " tail").size(), 56u);
  EXPECT_EQ(id_from_label("!!!"), "");
}

TEST(MoodleXml, MultipleChoiceAndTrueFalseImportAndEveryOtherTypeIsListedAsSkipped) {
  auto r = import_fixture("moodle_export.xml", BankFormat::xml);
  ASSERT_TRUE(r.ok()) << testing::PrintToString(strings(r.problems));
  ASSERT_EQ(r.bank.questions.size(), 5u);
  std::vector<std::string> skipped;
  for (const auto& p : r.problems) {
    if (p.message.find("skipped") != std::string::npos) skipped.push_back(p.to_string());
  }
  const std::string why = " skipped: a contest can use only multiple-choice and true/false questions";
  EXPECT_EQ(skipped, (std::vector<std::string>{"line 26: warning: a question of type 'description'" + why,
                                               "line 43: warning: a question of type 'essay'" + why,
                                               "line 75: warning: a question of type 'matching'" + why,
                                               "line 306: warning: a question of type 'shortanswer'" + why}));
  EXPECT_EQ(r.bank.topics, (std::vector<Topic>{{"chuong-trinh-tong-the-2021-2030", "Chương trình tổng thể 2021–2030"},
                                               {"mot-cua-mot-cua-lien-thong", "Một cửa, một cửa liên thông"}}));
}

TEST(MoodleXml, FractionsSingleIdnumberFormatsAndFilesAreRead) {
  auto r = import_fixture("moodle_export.xml", BankFormat::xml);
  const auto& q = r.bank.questions;
  // idnumber is the id when it is a valid one; else the name gives it.
  EXPECT_EQ(q[0].id, "CCHC-TC-01");
  EXPECT_EQ(q[0].label, "CT76-01 Ngày ban hành Chương trình tổng thể");
  EXPECT_EQ(q[0].text, "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 được Chính phủ ban hành ngày nào?");
  EXPECT_EQ(q[0].correct, std::vector<std::string>{"d"});
  EXPECT_EQ(q[1].correct, (std::vector<std::string>{"a", "c"}));  // single false: 50/-100/50/-100
  EXPECT_EQ(q[2].id, "ct76-03-muc-tieu-dich-vu-cong-truc-tuyen-den-nam-2030");  // idnumber TC&TT-03 is no id
  EXPECT_EQ(q[2].options[0].text, "< 50%");  // plain_text, kept as written
  EXPECT_EQ(q[2].options[3].text, "< 10%");  // html <p>&lt; 10%</p>
  EXPECT_EQ(q[3].correct, (std::vector<std::string>{"a", "d"}));  // 50/-33.33333
  EXPECT_EQ(q[4].options, (std::vector<Option>{{"a", "Đúng"}, {"b", "Sai"}}));
  EXPECT_EQ(q[4].correct, std::vector<std::string>{"a"});
  bool file_warned = false;
  for (const auto& p : r.problems) {
    file_warned = file_warned || (p.line == 127 && p.message.find("hinh-minh-hoa.png") != std::string::npos);
  }
  EXPECT_TRUE(file_warned);
}

TEST(MoodleXml, ASingleAnswerQuestionWithoutAFullMarkIsAnError) {
  const std::string xml =
      "<quiz>\n<question type=\"multichoice\"><name><text>x</text></name>\n"
      "<questiontext format=\"html\"><text>Q?</text></questiontext><single>true</single>\n"
      "<answer fraction=\"50\"><text>a</text></answer>\n<answer fraction=\"0\"><text>b</text></answer>\n"
      "</question>\n</quiz>";
  auto r = import_bank(xml, BankFormat::xml, {"b", "B", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problems[0].line, 2);
  EXPECT_EQ(r.problems[0].field, "correct");
}

TEST(MoodleXml, BrokenXmlAndDoctypesAreRefusedWithTheirLine) {
  auto broken = import_bank("<quiz>\n<question type=\"multichoice\">\n</quiz>", BankFormat::xml, {"b", "B", ""});
  ASSERT_EQ(broken.problems.size(), 1u);
  EXPECT_EQ(broken.problems[0].line, 3);
  EXPECT_NE(broken.problems[0].message.find("not well-formed"), std::string::npos);
  auto doctype = import_bank("<?xml version=\"1.0\"?>\n<!DOCTYPE quiz [<!ENTITY a \"aaaa\">]>\n<quiz>&a;</quiz>",
                             BankFormat::xml, {"b", "B", ""});
  ASSERT_EQ(doctype.problems.size(), 1u);
  EXPECT_NE(doctype.problems[0].message.find("DOCTYPE"), std::string::npos);
  auto other = import_bank("<questions/>", BankFormat::xml, {"b", "B", ""});
  EXPECT_NE(other.problems[0].message.find("starts with <quiz>"), std::string::npos);
}

TEST(MoodleXml, ExportThenImportKeepsTheBank) {
  for (const char* file : {"moodle_export.xml", "moodle_export.gift"}) {
    auto r = import_fixture(file, std::string(file).ends_with("xml") ? BankFormat::xml : BankFormat::gift);
    ASSERT_TRUE(r.ok());
    const std::string xml = bank_to_moodle_xml(r.bank);
    auto back = import_bank(xml, BankFormat::xml, {"cchc", "CCHC", ""});
    ASSERT_TRUE(back.ok()) << testing::PrintToString(strings(back.problems));
    EXPECT_EQ(back.bank, r.bank) << file;
  }
}

TEST(MoodleXml, TheShippedBankSurvivesTheTripToMoodleInAllItCarries) {
  auto r = import_bank(rq::test::read_source_file("question_banks/cchc-2021-2030.vi.json"), BankFormat::json);
  ASSERT_TRUE(r.ok());
  auto back = import_bank(bank_to_moodle_xml(r.bank), BankFormat::xml, {r.bank.id, r.bank.title, r.bank.language});
  ASSERT_TRUE(back.ok()) << testing::PrintToString(strings(back.problems));
  // Moodle has no source, difficulty or validity dates.
  QuestionBank expected = r.bank;
  for (auto& q : expected.questions) {
    q.source.clear();
    q.difficulty.reset();
    q.valid_from.clear();
    q.valid_until.clear();
  }
  std::erase_if(expected.topics, [&](const Topic& t) {
    return std::none_of(expected.questions.begin(), expected.questions.end(), [&](const Question& q) { return q.topic == t.id; });
  });
  EXPECT_EQ(back.bank, expected);
}

}  // namespace bank_moodle_test
