// The organiser's ranking as CSV for Excel: what a contestant typed can
// never run as a formula, and phones and ID numbers stay text.
#include <gtest/gtest.h>

#include "core/results/round_results.hpp"

namespace ranking_csv_test {

using nlohmann::json;

std::string row_of(const json& row) {
  auto csv = rq::core::ranking_csv({{"ranking", json::array({row})}});
  auto first = csv.find("\r\n") + 2;
  return csv.substr(first, csv.find("\r\n", first) - first);
}

json row(const std::string& name) {
  return {{"rank", 1}, {"prize", nullptr}, {"name", name}, {"unit", "u1"}, {"category", "cbccvc"},
          {"phone", "0901234567"}, {"id_number", "001090012345"}, {"score", 10}, {"max_score", 10},
          {"duration_ms", 61000}, {"prediction", 12}, {"prediction_distance", 0}, {"attempts_used", 1},
          {"submitted_at", 1700000000000}, {"excluded", false}, {"participant", "p1"}, {"attempt", "a1"}};
}

TEST(RankingCsv, CellsThatExcelWouldRunAsFormulasAreNeutralised) {
  for (std::string name : {"=HYPERLINK(\"http://x\",\"Bấm\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"}) {
    auto line = row_of(row(name));
    auto cell = line.substr(3, line.find(",u1,") - 3);  // after "1,,"
    EXPECT_TRUE(cell.rfind("'", 0) == 0 || cell.rfind("\"'", 0) == 0) << cell;
  }
  EXPECT_EQ(row_of(row("=1+1")).substr(0, 9), "1,,'=1+1,");
  // Quotes inside are doubled as Excel expects.
  EXPECT_EQ(row_of(row("=\"x\"")).substr(0, 13), "1,,\"'=\"\"x\"\"\",");
}

TEST(RankingCsv, PhonesAndIdNumbersStayTextWithTheirLeadingZeros) {
  auto line = row_of(row("Nguyễn Văn An"));
  EXPECT_NE(line.find(",\"=\"\"0901234567\"\"\",\"=\"\"001090012345\"\"\","), std::string::npos) << line;
}

TEST(RankingCsv, OrdinaryNamesAndNumbersAreWrittenAsTheyAre) {
  auto line = row_of(row("Nguyễn Văn An"));
  EXPECT_EQ(line.rfind("1,,Nguyễn Văn An,u1,", 0), 0u) << line;
  EXPECT_NE(line.find(",10,10,61000,12,0,1,1700000000000,no,,p1,a1"), std::string::npos) << line;
}

}  // namespace ranking_csv_test
