// Banks as files organisers have, through the real gateway and CLI: Excel,
// Word, Moodle XML and text question sets uploaded, previewed (dry run),
// refused with each problem at its place, downloaded and uploaded again.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "clients.hpp"
#include "core/bank/bank_import.hpp"
#include "core/bank/zip_writer.hpp"
#include "gateway_process.hpp"
#include "redis_process.hpp"

namespace bank_files_test {

using namespace rq::test;
using nlohmann::json;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string example(const std::string& name) { return read_file(source_dir() / "question_banks" / "examples" / name); }

class BankFiles : public ::testing::Test {
 protected:
  BankFiles() : gateway_(redis_.url(), source_dir() / "web") {
    auto added = run_command({cli_binary(), "--redis", redis_.url(), "admin", "add", "btc"}, "mat-khau-ban-to-chuc\n");
    EXPECT_EQ(added.exit_code, 0) << added.output;
    auto r = http_request(gateway_.port(), "POST", "/api/admin/login", {{"Content-Type", "application/json"}},
                          json{{"username", "btc"}, {"password", "mat-khau-ban-to-chuc"}}.dump());
    token_ = json::parse(r.body).at("token");
  }
  HttpReply call(const std::string& method, const std::string& target, const std::string& body = {}) {
    return http_request(gateway_.port(), method, target, {{"Authorization", "Bearer " + token_}}, body);
  }
  json banks() { return json::parse(call("GET", "/api/admin/banks").body).at("banks"); }
  RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {cli_binary(), "--redis", redis_.url()});
    return run_command(args);
  }

  RedisProcess redis_;
  GatewayProcess gateway_;
  std::string token_;
};

TEST_F(BankFiles, AWorkbookIsPreviewedWithoutStoringThenStoredDownloadedAndUploadedAgain) {
  const std::string xlsx = example("demo.xlsx");
  auto preview = call("POST", "/api/admin/banks?filename=demo.xlsx&id=demo&title=Demo&dry_run=1", xlsx);
  ASSERT_EQ(preview.status, 200) << preview.body;
  auto bank = json::parse(preview.body).at("bank");
  EXPECT_EQ(bank.at("stored"), false);
  EXPECT_EQ(bank.at("questions"), 18);
  ASSERT_EQ(bank.at("preview").size(), 5u);
  EXPECT_EQ(bank.at("preview")[0].at("id"), "en-tc-001");
  EXPECT_EQ(bank.at("preview")[0].at("options")[2], json({{"letter", "C"}, {"text", "Resolution 76/NQ-CP of the Government"}}));
  EXPECT_EQ(bank.at("preview")[0].at("correct"), "C");
  EXPECT_EQ(banks(), json::array()) << "a dry run stores nothing";

  auto stored = call("POST", "/api/admin/banks?filename=demo.xlsx&id=demo&title=Demo", xlsx);
  ASSERT_EQ(stored.status, 201) << stored.body;
  auto v1 = json::parse(call("GET", "/api/admin/banks/demo").body).at("bank").at("content");

  auto file = call("GET", "/api/admin/banks/demo/file?format=xlsx");
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(file.headers["content-disposition"], "attachment; filename=\"demo-v1.xlsx\"");
  EXPECT_EQ(file.body.substr(0, 2), "PK");
  auto again = call("POST", "/api/admin/banks?format=xlsx&id=demo&title=Demo", file.body);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(json::parse(again.body).at("bank").at("version"), 2);
  EXPECT_EQ(json::parse(call("GET", "/api/admin/banks/demo").body).at("bank").at("content"), v1);
}

TEST_F(BankFiles, ProblemsComeWithTheirPlaceAndStoreNothing) {
  // The exported workbook with one answer made wrong, through the CLI.
  auto dir = std::filesystem::temp_directory_path() / ("rq-bank-files-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bad.txt") << "Câu 1: Hỏi?\nA. một\nB. hai\nĐáp án: C\n";
  auto made = run_command({cli_binary(), "bank", "convert", (dir / "bad.txt").string(), "--to", "json"});
  EXPECT_EQ(made.exit_code, 1) << made.output;
  EXPECT_NE(made.output.find("bad.txt:question 1, line 4, correct: the answer 'C' is not one of the options A–B"),
            std::string::npos)
      << made.output;

  auto r = call("POST", "/api/admin/banks?format=txt&id=bad&dry_run=1&lang=en", read_file(dir / "bad.txt"));
  ASSERT_EQ(r.status, 422) << r.body;
  auto problem = json::parse(r.body).at("error").at("details").at(0);
  EXPECT_EQ(problem.at("place"), "question 1, line 4");
  EXPECT_EQ(problem.at("question"), 1);
  EXPECT_EQ(problem.at("line"), 4);

  // A workbook whose row 3 has an answer outside its options.
  auto cell = [](const std::string& ref, const std::string& text) {
    return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
  };
  const std::string sheet = "<worksheet><sheetData><row r=\"1\">" + cell("A1", "Câu hỏi") + cell("B1", "Phương án A") +
                            cell("C1", "Phương án B") + cell("D1", "Đáp án") + "</row><row r=\"3\">" + cell("A3", "Hỏi?") +
                            cell("B3", "một") + cell("C3", "hai") + cell("D3", "C") + "</row></sheetData></worksheet>";
  std::string error;
  auto xlsx = rq::core::zip_parts(
      {{"xl/workbook.xml",
        "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
        "<sheet name=\"Câu hỏi\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
       {"xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
       {"xl/worksheets/sheet1.xml", sheet}},
      error);
  ASSERT_TRUE(xlsx) << error;
  auto refused = call("POST", "/api/admin/banks?format=xlsx&id=bad&lang=en", *xlsx);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(json::parse(refused.body).at("error").at("details"),
            json::parse(R"([{"line":3,"row":3,"sheet":"Câu hỏi","cell":"D3","place":"Câu hỏi!D3","field":"correct",
                             "severity":"error","message":"the answer 'C' is not one of the options A–B"}])"));
  EXPECT_EQ(banks(), json::array());
  std::filesystem::remove_all(dir);
}

TEST_F(BankFiles, WordAndMoodleFilesUploadAndTheirProblemsArePlaced) {
  auto docx = call("POST", "/api/admin/banks?filename=demo-cau-hoi.docx&id=demo-cau-hoi", example("demo-cau-hoi.docx"));
  ASSERT_EQ(docx.status, 201) << docx.body;
  EXPECT_EQ(json::parse(docx.body).at("bank").at("questions"), 12);
  auto moodle = read_file(source_dir() / "tests" / "fixtures" / "banks" / "moodle_export.xml");
  auto xml = call("POST", "/api/admin/banks?format=xml&id=moodle&title=Moodle&lang=en", moodle);
  ASSERT_EQ(xml.status, 201) << xml.body;
  auto warnings = json::parse(xml.body).at("warnings");
  EXPECT_EQ(warnings.at(0).at("place"), "line 26");
  EXPECT_EQ(warnings.at(0).at("severity"), "warning");
  // Back to Moodle: the stored bank as Moodle XML reads in again unchanged.
  auto file = call("GET", "/api/admin/banks/moodle/file?format=xml");
  ASSERT_EQ(file.status, 200);
  EXPECT_TRUE(file.body.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>"));
  auto again = call("POST", "/api/admin/banks?format=xml&id=moodle&title=Moodle&dry_run=1", file.body);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(call("GET", "/api/admin/banks/moodle/file?format=gift").status, 400);
  EXPECT_EQ(call("GET", "/api/admin/banks/nobank/file?format=xlsx").status, 404);
}

TEST_F(BankFiles, TheCliConvertsExportsAndValidatesEveryFormat) {
  auto dir = std::filesystem::temp_directory_path() / ("rq-bank-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto moodle = (source_dir() / "tests" / "fixtures" / "banks" / "moodle_export.xml").string();
  for (const char* to : {"xlsx", "docx", "txt", "xml", "csv", "json"}) {
    const auto out = (dir / (std::string("bank.") + to)).string();
    auto converted = run_command({cli_binary(), "bank", "convert", moodle, "--id", "moodle", "--to", to, "--out", out});
    ASSERT_EQ(converted.exit_code, 0) << to << ": " << converted.output;
    auto valid = run_command({cli_binary(), "bank", "validate", out, "--id", "moodle"});
    EXPECT_EQ(valid.exit_code, 0) << to << ": " << valid.output;
    EXPECT_NE(valid.output.find("5 questions in 2 topics"), std::string::npos) << to << ": " << valid.output;
  }
  auto imported = cli({"bank", "import", (dir / "bank.xlsx").string(), "--id", "moodle"});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  auto exported = cli({"bank", "export", "moodle", "--format", "docx", "--out", (dir / "back.docx").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_EQ(read_file(dir / "back.docx").substr(0, 2), "PK");
  auto sheet = run_command({cli_binary(), "bank", "validate", (dir / "bank.xlsx").string(), "--sheet", "Khác"});
  EXPECT_EQ(sheet.exit_code, 1);
  EXPECT_NE(sheet.output.find("the workbook has no sheet 'Khác' (its sheets: 'Câu hỏi', 'Chủ đề')"), std::string::npos)
      << sheet.output;
  std::filesystem::remove_all(dir);
}

}  // namespace bank_files_test
