// The winners list for the prize paperwork over the organiser API (issue
// 12): each published round's winners with phone and ID number in full and
// their tier's prize money, totalled per round and over the contest; every
// reading audited; a viewer refused; the XLSX whole.
#include <gtest/gtest.h>

#include "small_round_fixture.hpp"

namespace winners_list_flow_test {

using namespace rq::test;
using nlohmann::json;

class WinnersListFlow : public small_round_fixture::SmallRoundFixture {
 protected:
  // Contest "w": rounds r1 and r2 (r2 never published); in r1 a first prize
  // of 3,000,000 đồng, a second of 2,000,000 and a consolation without an
  // amount. An 3 right, Bình 2, Chi 1.
  void SetUp() override {
    auto now = now_ms();
    auto round = [&](const std::string& id, const std::string& title) {
      return json{{"id", id},           {"title", title},       {"opens_at", iso_utc(now - 3600'000)},
                  {"closes_at", iso_utc(now + 86400'000)},      {"bank", "nho"},
                  {"draw", {{"count", 3}}}, {"time_limit_s", 600}, {"attempts", 1}};
    };
    json r1 = round("r1", "Kỳ 1");
    r1["prizes"] = {{{"category", "cbccvc"},
                     {"tiers", {{{"name", "Giải Nhất"}, {"count", 1}, {"amount", 3000000}},
                                {{"name", "Giải Nhì"}, {"count", 1}, {"amount", 2000000}},
                                {{"name", "Giải Khuyến khích"}, {"count", 1}}}}}};
    json config = {{"id", "w"},
                   {"title", "Cuộc thi có tiền thưởng"},
                   {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                   {"units", {{{"id", "u1"}, {"name", "Sở Nội vụ"}}}},
                   {"rounds", {r1, round("r2", "Kỳ 2")}}};
    std::ofstream(dir_.path() / "w.json") << config.dump();
    auto created = cli({"contest", "create", (dir_.path() / "w.json").string()});
    ASSERT_EQ(created.exit_code, 0) << created.output;
    enter_round("w", "r1", "0903400001", "An", 0);
    enter_round("w", "r1", "0903400002", "Bình", 1);
    enter_round("w", "r1", "0903400003", "Chi", 2);
    ASSERT_EQ(admin("POST", "/api/admin/contests/w/rounds/r1/close").status, 200);
    ASSERT_EQ(admin("POST", "/api/admin/contests/w/rounds/r1/finalize").status, 200);
  }
  std::string last_event() { return redis_.command("XREVRANGE rq:{w}:events + - COUNT 1"); }
};

TEST_F(WinnersListFlow, PublishedWinnersWithTheirPrizeMoneyTotalledPerRound) {
  // Before publication nobody is on the list.
  auto before = admin("GET", "/api/admin/contests/w/winners");
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(json::parse(before.body).at("sections"), json::array());

  ASSERT_EQ(admin("POST", "/api/admin/contests/w/rounds/r1/publish").status, 200);
  auto r = admin("GET", "/api/admin/contests/w/winners");
  ASSERT_EQ(r.status, 200) << r.body;
  auto list = json::parse(r.body);
  EXPECT_EQ(list.at("contest"), "w");
  EXPECT_EQ(list.at("total"), 5000000);
  EXPECT_EQ(list.at("unpriced"), 1);
  ASSERT_EQ(list.at("sections").size(), 1u);  // r2 is not published
  const auto& s = list.at("sections")[0];
  EXPECT_EQ(s.at("id"), "r1");
  EXPECT_EQ(s.at("title"), "Kỳ 1");
  EXPECT_EQ(s.at("total"), 5000000);
  std::vector<std::string> lines;
  for (const auto& w : s.at("winners")) {
    lines.push_back(w.at("rank").dump() + " " + w.at("prize").get<std::string>() + " " + w.at("name").get<std::string>() +
                    " " + w.at("unit_name").get<std::string>() + " " + w.at("phone").get<std::string>() + " " +
                    w.at("category_name").get<std::string>() + " " + w.at("amount").dump());
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"1 Giải Nhất An Sở Nội vụ 0903400001 CBCCVC 3000000",
                                             "2 Giải Nhì Bình Sở Nội vụ 0903400002 CBCCVC 2000000",
                                             "3 Giải Khuyến khích Chi Sở Nội vụ 0903400003 CBCCVC null"}));
}

TEST_F(WinnersListFlow, EveryReadingIsAuditedAndAViewerIsRefused) {
  ASSERT_EQ(admin("POST", "/api/admin/contests/w/rounds/r1/publish").status, 200);
  ASSERT_EQ(admin("GET", "/api/admin/contests/w/winners").status, 200);
  auto json_event = last_event();
  EXPECT_NE(json_event.find("personal_data_download"), std::string::npos) << json_event;
  EXPECT_NE(json_event.find("winners_list"), std::string::npos) << json_event;
  EXPECT_NE(json_event.find("json"), std::string::npos) << json_event;

  auto xlsx = admin("GET", "/api/admin/contests/w/winners?format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  auto xlsx_event = last_event();
  EXPECT_NE(xlsx_event.find("winners_list"), std::string::npos) << xlsx_event;
  EXPECT_NE(xlsx_event.find("xlsx"), std::string::npos) << xlsx_event;
  EXPECT_NE(xlsx_event, json_event);
  // The workbook's texts: the names, the phones in full, the sheet names.
  std::ofstream(dir_.path() / "w.xlsx", std::ios::binary) << xlsx.body;
  auto strings = run_command({"unzip", "-p", (dir_.path() / "w.xlsx").string(), "xl/sharedStrings.xml"});
  for (const char* text : {"An", "Bình", "0903400001", "Giải Khuyến khích", "Tổng cộng", "Ký nhận"}) {
    EXPECT_NE(strings.output.find(text), std::string::npos) << text;
  }
  auto book = run_command({"unzip", "-p", (dir_.path() / "w.xlsx").string(), "xl/workbook.xml"});
  EXPECT_NE(book.output.find("name=\"Tổng hợp\""), std::string::npos) << book.output;
  EXPECT_NE(book.output.find("name=\"Kỳ 1\""), std::string::npos) << book.output;
  auto summary = run_command({"unzip", "-p", (dir_.path() / "w.xlsx").string(), "xl/worksheets/sheet1.xml"});
  EXPECT_NE(summary.output.find("<v>5000000</v>"), std::string::npos) << summary.output;

  EXPECT_EQ(admin("GET", "/api/admin/contests/w/winners?format=pdf").status, 400);
  ASSERT_EQ(cli({"admin", "add", "xem", "--role", "viewer", "--contest", "w"}, "mat-khau-nguoi-xem\n").exit_code, 0);
  auto login = http_request(gateway_.port(), "POST", "/api/admin/login", {}, R"({"username":"xem","password":"mat-khau-nguoi-xem"})");
  auto viewer = json::parse(login.body).at("token").get<std::string>();
  auto refused = http_request(gateway_.port(), "GET", "/api/admin/contests/w/winners", {{"Authorization", "Bearer " + viewer}});
  EXPECT_EQ(refused.status, 403);
}

TEST_F(WinnersListFlow, TheAddressAndCommuneAContestAsksForReachTheListAndTheRankingFile) {
  auto now = now_ms();
  json config = {{"id", "pf"},
                 {"title", "Cuộc thi hỏi địa chỉ"},
                 {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                 {"units", {{{"id", "u1"}, {"name", "Sở Nội vụ"}}}},
                 {"profile_fields", {{"gender", "optional"}, {"address", "required"}, {"commune", "required"}}},
                 {"communes", {{{"id", "xa-tam-ky"}, {"name", "Xã Tam Kỳ"}}}},
                 {"rounds", {{{"id", "r1"}, {"title", "Kỳ 1"}, {"opens_at", iso_utc(now - 3600'000)},
                              {"closes_at", iso_utc(now + 86400'000)}, {"bank", "nho"}, {"draw", {{"count", 3}}},
                              {"time_limit_s", 600},
                              {"prizes", {{{"category", "cbccvc"},
                                           {"tiers", {{{"name", "Giải Nhất"}, {"count", 1}, {"amount", 500000}}}}}}}}}}};
  std::ofstream(dir_.path() / "pf.json") << config.dump();
  ASSERT_EQ(cli({"contest", "create", (dir_.path() / "pf.json").string()}).exit_code, 0);
  WsClient ws(gateway_.port());
  json profile = {{"name", "Đỗ Thị Hoa"}, {"phone", "0903400009"}, {"birth_date", "1980-03-04"}, {"unit", "u1"},
                  {"category", "cbccvc"}, {"password", "mat-khau-1"}, {"gender", "female"}};
  auto missing = ws.request({{"type", "register"}, {"id", 1}, {"contest", "pf"}, {"profile", profile}});
  ASSERT_EQ(missing.value("code", ""), "invalid_profile") << missing.dump();
  EXPECT_EQ(missing.at("details").size(), 2u) << "address and commune are required";
  profile["address"] = "Số 5,  đường Hùng Vương";
  profile["commune"] = "xa-tam-ky";
  ASSERT_EQ(ws.request({{"type", "register"}, {"id", 2}, {"contest", "pf"}, {"profile", profile}}).at("type"), "registered");
  std::string attempt = ws.request({{"type", "attempt.start"}, {"id", 3}, {"round", "r1"}}).at("attempt").at("id");
  ASSERT_EQ(ws.request({{"type", "submit"}, {"id", 4}, {"attempt", attempt}}).at("type"), "submitted");
  ASSERT_EQ(admin("POST", "/api/admin/contests/pf/rounds/r1/close").status, 200);
  ASSERT_EQ(admin("POST", "/api/admin/contests/pf/rounds/r1/finalize").status, 200);
  ASSERT_EQ(admin("POST", "/api/admin/contests/pf/rounds/r1/publish").status, 200);

  auto winner = json::parse(admin("GET", "/api/admin/contests/pf/winners").body).at("sections")[0].at("winners")[0];
  EXPECT_EQ(winner.at("name"), "Đỗ Thị Hoa");
  EXPECT_EQ(winner.at("address"), "Số 5, đường Hùng Vương");
  EXPECT_EQ(winner.at("commune"), "Xã Tam Kỳ");
  EXPECT_EQ(winner.at("amount"), 500000);
  auto csv = admin("GET", "/api/admin/contests/pf/rounds/r1/results?format=csv").body;
  auto header = csv.substr(0, csv.find("\r\n"));
  EXPECT_TRUE(header.ends_with(",attempt,gender,address,commune")) << header;
  EXPECT_NE(csv.find(",female,\"Số 5, đường Hùng Vương\",xa-tam-ky"), std::string::npos) << csv;
}

}  // namespace winners_list_flow_test
