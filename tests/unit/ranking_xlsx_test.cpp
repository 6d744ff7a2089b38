// The organiser's ranking as XLSX (app/ranking_xlsx.hpp): a real zip with
// the two sheets, checked from the zip's central directory without any tool;
// the cells themselves are checked with `unzip -p` when unzip is installed
// (it is not one of setup.sh's packages, so those tests skip without it).
#include "app/ranking_xlsx.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace ranking_xlsx_test {

using nlohmann::json;

json three_entry_results() {
  auto row = [](int rank, const char* name, const char* phone, const char* id, int score, std::int64_t ms,
                json prize, bool excluded) {
    return json{{"rank", rank},
                {"attempt", "a" + std::to_string(rank)},
                {"participant", "p" + std::to_string(rank)},
                {"name", name},
                {"unit", "so-noi-vu"},
                {"category", "can-bo"},
                {"phone", phone},
                {"id_number", id},
                {"excluded", excluded},
                {"score", score},
                {"max_score", 100},
                {"duration_ms", ms},
                {"started_at", 1'717'200'000'000LL},
                // 2024-06-01 00:00:00 UTC + duration: 07:00 in Vietnam
                {"submitted_at", 1'717'200'000'000LL + ms},
                {"prediction", 120},
                {"prediction_distance", rank},
                {"attempts_used", 1},
                {"prize", prize}};
  };
  return json{{"contest", "cchc-2024"},
              {"round", "tuan-1"},
              {"true_value", 121},
              {"summary",
               {{"entries", 3},
                {"entrants", 3},
                {"perfect_entries", {{"count", 1}, {"share", 0.3333}}},
                {"prediction", {{"prompt", "Bao nhiêu bài đạt điểm tối đa?"}, {"target", "perfect_entries"},
                                {"true_value", 121}}}}},
              {"ranking",
               {row(1, "Phạm Thị Một", "0901234567", "001099012345", 100, 61'234, "Giải Nhất", false),
                row(2, "Nguyễn Văn Hai", "0351234567", "079088001122", 90, 75'000, "Giải Nhì", false),
                row(3, "Trần Thị Ba", "0781234567", "001199000033", 80, 99'999, nullptr, true)}}};
}

std::uint32_t le(const std::string& b, std::size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b.at(at + i));
  return v;
}

// The file names listed in a zip's central directory (from its end record).
std::set<std::string> zip_entries(const std::string& zip) {
  std::set<std::string> names;
  auto end = zip.rfind(std::string("PK\x05\x06", 4));
  if (end == std::string::npos) return names;
  std::size_t count = le(zip, end + 10, 2);
  std::size_t at = le(zip, end + 16, 4);
  for (std::size_t i = 0; i < count && at + 46 <= zip.size(); ++i) {
    if (zip.compare(at, 4, std::string("PK\x01\x02", 4)) != 0) break;
    std::size_t name_len = le(zip, at + 28, 2), extra = le(zip, at + 30, 2), comment = le(zip, at + 32, 2);
    names.insert(zip.substr(at + 46, name_len));
    at += 46 + name_len + extra + comment;
  }
  return names;
}

bool have_unzip() { return std::system("unzip -v >/dev/null 2>&1") == 0; }

// One member of the zip, through `unzip -p`.
std::string unzip_member(const std::string& zip, const std::string& member) {
  std::string path = (std::filesystem::temp_directory_path() / "rq-ranking-test-XXXXXX").string();
  int fd = ::mkstemp(path.data());
  if (fd < 0) return "";
  ::close(fd);
  std::ofstream(path, std::ios::binary) << zip;
  std::string out;
  if (FILE* p = ::popen(("unzip -p '" + path + "' '" + member + "'").c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    ::pclose(p);
  }
  std::remove(path.c_str());
  return out;
}

std::string xlsx_of(const json& results) {
  std::string error;
  auto bytes = rq::app::ranking_xlsx(results, error);
  EXPECT_TRUE(bytes) << error;
  return bytes.value_or("");
}

TEST(RankingXlsx, IsAZipWithTheRankingAndSummarySheets) {
  auto zip = xlsx_of(three_entry_results());
  ASSERT_GE(zip.size(), 4u);
  EXPECT_EQ(zip.substr(0, 2), "PK");
  auto names = zip_entries(zip);
  EXPECT_TRUE(names.count("xl/workbook.xml"));
  EXPECT_TRUE(names.count("xl/worksheets/sheet1.xml"));
  EXPECT_TRUE(names.count("xl/worksheets/sheet2.xml"));
  EXPECT_TRUE(names.count("xl/sharedStrings.xml"));
  EXPECT_TRUE(names.count("xl/styles.xml"));
}

TEST(RankingXlsx, AnEmptyRankingStillGivesAWorkbook) {
  auto zip = xlsx_of(json{{"contest", "c"}, {"round", "r"}, {"ranking", json::array()}});
  EXPECT_EQ(zip.substr(0, 2), "PK");
  EXPECT_TRUE(zip_entries(zip).count("xl/worksheets/sheet1.xml"));
}

TEST(RankingXlsx, SheetsAreNamedInVietnameseRankingFirst) {
  if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
  auto workbook = unzip_member(xlsx_of(three_entry_results()), "xl/workbook.xml");
  auto ranking = workbook.find("name=\"Xếp hạng\" sheetId=\"1\"");
  auto summary = workbook.find("name=\"Tóm tắt\" sheetId=\"2\"");
  EXPECT_NE(ranking, std::string::npos) << workbook;
  EXPECT_NE(summary, std::string::npos) << workbook;
}

TEST(RankingXlsx, NamesAndPhoneNumbersAreTextWithTheirLeadingZeros) {
  if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
  auto strings = unzip_member(xlsx_of(three_entry_results()), "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("<t>Phạm Thị Một</t>"), std::string::npos) << strings;
  EXPECT_NE(strings.find("<t>0901234567</t>"), std::string::npos) << strings;
  EXPECT_NE(strings.find("<t>001099012345</t>"), std::string::npos) << strings;
  EXPECT_NE(strings.find("<t>Họ và tên</t>"), std::string::npos) << strings;
  EXPECT_NE(strings.find("<t>Không xét giải</t>"), std::string::npos) << strings;
}

TEST(RankingXlsx, HeaderIsFrozenAndFilteredOverEveryRow) {
  if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
  auto sheet = unzip_member(xlsx_of(three_entry_results()), "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("state=\"frozen\""), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<autoFilter ref=\"A1:P4\"/>"), std::string::npos) << sheet;
}

TEST(RankingXlsx, NumbersStayNumbersAndTimesAreVietnamDateTimes) {
  if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
  auto sheet = unzip_member(xlsx_of(three_entry_results()), "xl/worksheets/sheet1.xml");
  // Row 2 is the first entry: rank 1 in A, score 100 in H, 61.234 s in J.
  EXPECT_NE(sheet.find("<c r=\"A2\"><v>1</v></c>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<c r=\"H2\"><v>100</v></c>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<v>61.234</v>"), std::string::npos) << sheet;
  // 2024-06-01 07:01:01.234 in Vietnam is Excel day 45444 and a bit.
  EXPECT_NE(sheet.find("<c r=\"N2\" s=\""), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<v>45444.29"), std::string::npos) << sheet;
  // The phone (F) is a shared string, not a number.
  EXPECT_NE(sheet.find("<c r=\"F2\" s=\""), std::string::npos) << sheet;
  EXPECT_EQ(sheet.find("<v>901234567</v>"), std::string::npos) << sheet;
  auto styles = unzip_member(xlsx_of(three_entry_results()), "xl/styles.xml");
  EXPECT_NE(styles.find("formatCode=\"dd/mm/yyyy hh:mm:ss\""), std::string::npos) << styles;
}

TEST(RankingXlsx, SummarySheetHasTheRoundFigures) {
  if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
  auto zip = xlsx_of(three_entry_results());
  auto strings = unzip_member(zip, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("<t>Số bài thi</t>"), std::string::npos) << strings;
  EXPECT_NE(strings.find("<t>Tỉ lệ bài đạt điểm tối đa</t>"), std::string::npos) << strings;
  auto sheet = unzip_member(zip, "xl/worksheets/sheet2.xml");
  EXPECT_NE(sheet.find("<v>0.3333</v>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<v>121</v>"), std::string::npos) << sheet;
}

}  // namespace ranking_xlsx_test
