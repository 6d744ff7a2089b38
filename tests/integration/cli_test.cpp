// The organiser command line against a real Redis: bank validate, import,
// export and list, and organiser accounts, with their exit codes.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/bank/bank_import.hpp"
#include "gateway_process.hpp"
#include "redis_process.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace cli_test {

using namespace rq::test;

std::string example(const std::string& name) { return (source_dir() / "question_banks" / name).string(); }

class Cli : public ::testing::Test {
 protected:
  RunResult cli(std::vector<std::string> args, const std::string& input = {}) {
    args.insert(args.begin(), {cli_binary(), "--redis", redis_.url()});
    return run_command(args, input);
  }
  RedisProcess redis_;
};

TEST_F(Cli, ValidateAValidBankPrintsTopicsAndExitsZero) {
  auto r = cli({"bank", "validate", example("cchc-2021-2030.vi.json")});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("bank cchc-2021-2030: "), std::string::npos);
  EXPECT_NE(r.output.find("  169 questions in 8 topics\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("  mot-cua: 24 (Cơ chế một cửa"), std::string::npos) << r.output;
}

TEST_F(Cli, ValidateListsEveryProblemWithItsLineAndExitsOne) {
  auto file = example("examples/broken/broken.aiken");
  auto r = cli({"bank", "validate", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, file + ":line 8: the question has no ANSWER line\n" +
                          file + ":line 19: the answer 'E' is not one of the options A–D\n" +
                          file + ":line 21: a question needs at least 2 options; it has 1\n" +
                          file + ": 3 errors; the bank is not valid\n");
}

TEST_F(Cli, FormatComesFromTheFileNameUnlessGiven) {
  TempDir dir;
  auto copy = dir.path() / "questions.bak";
  std::filesystem::copy_file(example("examples/demo.gift"), copy);
  auto unknown = cli({"bank", "validate", copy.string()});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("give --format json, csv, gift, aiken, xml, xlsx, docx or txt"), std::string::npos)
      << unknown.output;
  // A .txt may be GIFT (as Moodle exports it), Aiken or a question set: its content tells.
  auto txt = dir.path() / "questions.txt";
  std::filesystem::copy_file(example("examples/demo.gift"), txt);
  auto as_gift = cli({"bank", "validate", txt.string()});
  EXPECT_EQ(as_gift.exit_code, 0) << as_gift.output;
  EXPECT_NE(as_gift.output.find("13 questions"), std::string::npos) << as_gift.output;
  auto aiken = dir.path() / "aiken.txt";
  std::filesystem::copy_file(example("examples/demo.aiken"), aiken);
  auto as_aiken = cli({"bank", "validate", aiken.string()});
  EXPECT_NE(as_aiken.output.find("11 questions"), std::string::npos) << as_aiken.output;
  auto set = dir.path() / "bo-cau-hoi.txt";
  std::filesystem::copy_file(example("examples/demo-cau-hoi.txt"), set);
  auto as_set = cli({"bank", "validate", set.string()});
  EXPECT_NE(as_set.output.find("12 questions in 3 topics"), std::string::npos) << as_set.output;
  auto given = cli({"bank", "validate", copy.string(), "--format", "gift"});
  EXPECT_EQ(given.exit_code, 0) << given.output;
  EXPECT_NE(given.output.find("13 questions"), std::string::npos) << given.output;
}

TEST_F(Cli, ImportStoresVersionsAndExportGivesTheBankBack) {
  auto first = cli({"bank", "import", example("examples/demo.csv"), "--id", "demo", "--title", "Demo"});
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("stored as version 1\n"), std::string::npos) << first.output;
  auto second = cli({"bank", "import", example("examples/demo-excel-vi.csv"), "--id", "demo", "--title", "Demo"});
  EXPECT_NE(second.output.find("stored as version 2\n"), std::string::npos) << second.output;

  auto list = cli({"bank", "list"});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.output.find("demo  v2  18 questions  Demo\n"), std::string::npos) << list.output;

  // Export as CSV, import the export: the same bank.
  auto exported = cli({"bank", "export", "demo", "--format", "csv"});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  std::ifstream in(example("examples/demo.csv"));
  std::stringstream original;
  original << in.rdbuf();
  auto a = rq::core::import_bank(original.str(), rq::core::BankFormat::csv, {.id = "demo", .title = "Demo"});
  auto b = rq::core::import_bank(exported.output, rq::core::BankFormat::csv, {.id = "demo", .title = "Demo"});
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a.bank, b.bank);

  auto json = cli({"bank", "export", "demo", "--version", "1"});
  EXPECT_EQ(json.exit_code, 0);
  auto parsed = rq::core::import_bank(json.output, rq::core::BankFormat::json);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.bank, a.bank);
}

TEST_F(Cli, ImportOfABrokenFileStoresNothing) {
  auto r = cli({"bank", "import", example("examples/broken/broken.csv"), "--id", "broken"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(cli({"bank", "list"}).output, "no banks stored yet\n");
}

TEST_F(Cli, ImportNeedsAnId) {
  auto r = cli({"bank", "import", example("examples/demo.csv")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--id is required"), std::string::npos) << r.output;
}

TEST_F(Cli, ExportOfAnUnknownBankSaysSo) {
  auto r = cli({"bank", "export", "nope"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "reformquiz: no bank 'nope'\n");
}

TEST_F(Cli, UnreachableRedisExitsThree) {
  auto r = run_command({cli_binary(), "--redis", "redis://127.0.0.1:" + std::to_string(free_port()) + "/0", "bank", "list"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("cannot reach Redis"), std::string::npos);
}

TEST_F(Cli, AdminAddReadsThePasswordFromStandardInput) {
  auto r = cli({"admin", "add", "ban-to-chuc"}, "mat-khau-du-dai\n");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "organiser ban-to-chuc admin added\n");
  auto stored = redis_.command("HGET rq:admin:user:ban-to-chuc password");
  EXPECT_NE(stored.find("$scrypt$ln=14,r=8,p=1$"), std::string::npos) << stored;
  EXPECT_EQ(stored.find("mat-khau-du-dai"), std::string::npos);
}

TEST_F(Cli, AdminPasswordNeedsTenCharacters) {
  auto r = cli({"admin", "add", "btc"}, "ngan\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "reformquiz: the password must have at least 10 characters (read from standard input)\n");
}

TEST_F(Cli, AdminAddRefusesAnExistingAccountUnlessReplace) {
  ASSERT_EQ(cli({"admin", "add", "btc"}, "mat-khau-thu-nhat\n").exit_code, 0);
  auto again = cli({"admin", "add", "btc"}, "mat-khau-thu-hai\n");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.output, "reformquiz: the organiser 'btc' already exists\n");
  auto replaced = cli({"admin", "add", "btc", "--replace"}, "mat-khau-thu-hai\n");
  EXPECT_EQ(replaced.exit_code, 0);
  EXPECT_EQ(replaced.output, "new password for organiser btc set\n");
}

TEST_F(Cli, AdminUsernameMustBeASlug) {
  auto r = cli({"admin", "add", "Ban Tổ Chức"}, "mat-khau-du-dai\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("the username must be 3 to 32 lowercase letters"), std::string::npos);
}

TEST_F(Cli, TheSampleContestOfRunShLoadsAndLoadsAgainSafely) {
  TempDir dir;
  auto build_dir = std::filesystem::path(cli_binary()).parent_path().parent_path().parent_path();
  auto password_file = dir.path() / "password";
  auto demo = [&] {
    return run_command({"/usr/bin/env", "REDIS_URL=" + redis_.url(), "BUILD_DIR=" + build_dir.string(),
                        "DEMO_PASSWORD_FILE=" + password_file.string(), "bash",
                        (source_dir() / "scripts" / "demo.sh").string()});
  };
  auto first = demo();
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("Created the demo contest demo-cchc"), std::string::npos) << first.output;
  EXPECT_EQ(redis_.command("EXISTS rq:{demo-cchc}:config"), ":1\r\n");
  EXPECT_EQ(redis_.command("EXISTS rq:admin:user:admin"), ":1\r\n");
  std::string password;
  std::ifstream(password_file) >> password;
  EXPECT_EQ(password.size(), 14u);

  auto again = demo();  // run.sh runs it at every start
  EXPECT_EQ(again.exit_code, 0) << again.output;
  std::string renewed;
  std::ifstream(password_file) >> renewed;
  EXPECT_NE(renewed, password);
}

}  // namespace cli_test
