// The winners list for the prize paperwork: who won what, the prize money of
// their tier, totalled per round; and the optional profile fields in the
// organiser's ranking files.
#include <gtest/gtest.h>

#include "core/results/round_results.hpp"
#include "core/results/summary.hpp"
#include "core/results/winners_list.hpp"

namespace winners_list_test {

using namespace rq::core;
using nlohmann::json;

ContestConfig contest() {
  ContestConfig c;
  c.id = "w";
  c.categories = {{"cbccvc", "CBCCVC"}, {"nhan-dan", "Nhân dân"}};
  c.units = {{"u1", "Sở Nội vụ", "", std::nullopt}};
  c.communes = {{"xa-tam-ky", "Xã Tam Kỳ"}};
  return c;
}

const std::vector<CategoryPrizes> kPrizes{
    {"cbccvc", {{"Giải Nhất", 1, std::nullopt, 3000000}, {"Giải Nhì", 1, std::nullopt, 2000000}}},
    {"nhan-dan", {{"Giải Nhất", 1, std::nullopt, std::nullopt}}}};

// A published document as compute_round_results writes it: awards in prize
// order and the ranking rows with the people's details.
json results() {
  return {{"awards",
           {{{"category", "cbccvc"}, {"prize", "Giải Nhất"}, {"tier", 0}, {"rank", 1}, {"participant", "p1"}},
            {{"category", "cbccvc"}, {"prize", "Giải Nhì"}, {"tier", 1}, {"rank", 3}, {"participant", "p3"}},
            {{"category", "nhan-dan"}, {"prize", "Giải Nhất"}, {"tier", 0}, {"rank", 2}, {"participant", "p2"}}}},
          {"ranking",
           {{{"participant", "p1"}, {"name", "An"}, {"unit", "u1"}, {"phone", "0903000001"}, {"id_number", "001090000001"},
             {"address", "Số 1, thôn 2"}, {"commune", "xa-tam-ky"}},
            {{"participant", "p2"}, {"name", "Bình"}, {"unit", "u1"}, {"phone", "0903000002"}, {"id_number", ""}},
            {{"participant", "p3"}, {"name", "Chi"}, {"unit", "u1"}, {"phone", "0903000003"}, {"id_number", ""},
             {"commune", "Phường An Mỹ"}}}}};
}

TEST(WinnersList, EachWinnerCarriesTheirTiersAmountAndTheRoundIsTotalled) {
  auto s = winners_section(contest(), "ky-1", "Kỳ 1", kPrizes, results());
  EXPECT_EQ(s.id, "ky-1");
  EXPECT_EQ(s.title, "Kỳ 1");
  ASSERT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(s.lines[0].name, "An");
  EXPECT_EQ(s.lines[0].phone, "0903000001");  // in full: the payment needs it
  EXPECT_EQ(s.lines[0].id_number, "001090000001");
  EXPECT_EQ(s.lines[0].unit_name, "Sở Nội vụ");
  EXPECT_EQ(s.lines[0].category_name, "CBCCVC");
  EXPECT_EQ(s.lines[0].amount, 3000000);
  EXPECT_EQ(s.lines[1].name, "Chi");
  EXPECT_EQ(s.lines[1].amount, 2000000);
  EXPECT_EQ(s.total, 5000000);
}

TEST(WinnersList, APrizeWithoutAnAmountIsCountedAsUnpricedNotAsZero) {
  auto s = winners_section(contest(), "ky-1", "Kỳ 1", kPrizes, results());
  EXPECT_EQ(s.lines[2].name, "Bình");
  EXPECT_EQ(s.lines[2].amount, std::nullopt);
  EXPECT_EQ(s.unpriced, 1);
  auto list = winners_list_json({s, s});
  EXPECT_EQ(list.at("total"), 10000000);
  EXPECT_EQ(list.at("unpriced"), 2);
  EXPECT_TRUE(list.at("sections")[0].at("winners")[2].at("amount").is_null());
}

TEST(WinnersList, TheAddressAndCommuneComeWhenGivenWithTheCommunesName) {
  auto list = winners_list_json({winners_section(contest(), "ky-1", "Kỳ 1", kPrizes, results())});
  const auto& w = list.at("sections")[0].at("winners");
  EXPECT_EQ(w[0].at("address"), "Số 1, thôn 2");
  EXPECT_EQ(w[0].at("commune"), "Xã Tam Kỳ");
  EXPECT_EQ(w[1].at("commune"), "Phường An Mỹ");  // typed, not from the list
  EXPECT_FALSE(w[1].contains("address"));
  EXPECT_FALSE(w[2].contains("commune"));
}

TEST(WinnersList, AnUnpublishedRoundHasNoWinners) {
  auto s = winners_section(contest(), "ky-2", "Kỳ 2", kPrizes, json::object());
  EXPECT_TRUE(s.lines.empty());
  EXPECT_EQ(s.total, 0);
}

// ---- the optional profile fields in the organiser's files -----------------

TEST(ProfileColumns, TheRankingFilesGainAColumnOnlyForFieldsSomeoneGave) {
  EXPECT_EQ(profile_columns(results()), (std::vector<std::string>{"address", "commune"}));
  EXPECT_EQ(profile_columns(json{{"ranking", {{{"name", "An"}}}}}), std::vector<std::string>{});
  Person p{"p1", "An", "u1", "cbccvc", "0903000001", "", false, "", "female", "", "xa-tam-ky"};
  auto row = ranking_person_fields(&p);
  EXPECT_EQ(row.at("gender"), "female");
  EXPECT_EQ(row.at("commune"), "xa-tam-ky");
  EXPECT_FALSE(row.contains("address"));
}

TEST(ProfileColumns, TheCsvListsThemLast) {
  json doc = {{"ranking", {{{"rank", 1}, {"name", "An"}, {"address", "Số 1, thôn 2"}}}}};
  auto csv = ranking_csv(doc);
  auto header = csv.substr(3, csv.find("\r\n") - 3);  // after the BOM
  EXPECT_TRUE(header.ends_with(",participant,attempt,address")) << header;
  EXPECT_NE(csv.find("Số 1, thôn 2"), std::string::npos);
}

TEST(ProfileColumns, AViewerSeesNeitherAddressNorCommuneNorGender) {
  json doc = {{"ranking", {{{"phone", "0903000001"}, {"address", "Số 1, thôn 2"}, {"gender", "male"}, {"commune", "x"}}}}};
  auto masked = without_contact_details(doc);
  EXPECT_EQ(masked["ranking"][0].at("address"), "");
  EXPECT_EQ(masked["ranking"][0].at("gender"), "");
  EXPECT_EQ(masked["ranking"][0].at("commune"), "");
}

}  // namespace winners_list_test
