// The suspected-duplicates report over the organiser API (issue 12,
// CONTEST_RULES.md "Fairness"): real registrations and entries over the
// WebSocket, then GET …/rounds/{r}/duplicates finds the same person under two
// phones, the accounts from one address, the entries made faster than anyone
// reads, and two entries with the same wrong answer at the same pace; the
// settings change what it finds, a bad one is refused at its field, every
// reading is an audit event, a viewer is refused, and the XLSX comes whole.
#include <gtest/gtest.h>

#include "small_round_fixture.hpp"

namespace duplicates_report_test {

using namespace rq::test;
using nlohmann::json;

class DuplicatesReport : public small_round_fixture::SmallRoundFixture {
 protected:
  // An and "NGUYỄN VĂN AN" (same birth date, two phones) give the same
  // wrong answer to the first question at once; Ba answers everything right.
  void SetUp() override {
    enter_d("0903000011", "Nguyễn Văn An", 1);
    enter_d("0903000012", "NGUYỄN VĂN AN", 1);
    enter_d("0903000013", "Trần Thị Ba", 0);
  }

  json report(const std::string& query = "") {
    auto r = admin("GET", "/api/admin/contests/d/rounds/r1/duplicates" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }

  static std::vector<json> of_kind(const json& report, const std::string& kind) {
    std::vector<json> out;
    for (const auto& f : report.at("findings")) {
      if (f.at("kind") == kind) out.push_back(f);
    }
    return out;
  }

  static std::vector<std::string> names(const json& finding) {
    std::vector<std::string> out;
    for (const auto& p : finding.at("people")) out.push_back(p.at("name"));
    std::sort(out.begin(), out.end());
    return out;
  }

};

TEST_F(DuplicatesReport, FindsTheSamePersonTheFastEntriesAndTheCopiedAnswersWithTheirEvidence) {
  auto r = report();
  EXPECT_EQ(r.at("entries"), 3);
  EXPECT_EQ(r.at("entrants"), 3);
  EXPECT_EQ(r.at("rules"), (json{{"min_ms_per_question", 3000}, {"timing_tolerance_ms", 2000},
                                 {"address_window_minutes", 10}, {"address_min_accounts", 5}, {"min_shared_wrong", 1}}));

  auto same = of_kind(r, "same_name_birth_date");
  ASSERT_EQ(same.size(), 1u) << r.dump();
  EXPECT_EQ(names(same[0]), (std::vector<std::string>{"NGUYỄN VĂN AN", "Nguyễn Văn An"}));
  EXPECT_EQ(same[0].at("evidence").at("birth_date"), "1980-03-04");
  // The organiser sees who and how to reach them.
  for (const auto& p : same[0].at("people")) {
    EXPECT_EQ(p.at("birth_date"), "1980-03-04");
    EXPECT_EQ(p.at("phone").get<std::string>().substr(0, 8), "09030000");
    EXPECT_EQ(p.at("registered_from"), "127.0.0.1");
    EXPECT_TRUE(p.at("registered_at").is_number_integer());
    EXPECT_TRUE(p.at("disqualified").is_null());
  }

  // Three questions answered within milliseconds: every entry is too fast.
  auto fast = of_kind(r, "too_fast");
  ASSERT_EQ(fast.size(), 3u);
  for (const auto& f : fast) {
    EXPECT_EQ(f.at("evidence").at("questions"), 3);
    EXPECT_LT(f.at("evidence").at("ms_per_question").get<long long>(), 3000);
    EXPECT_EQ(f.at("attempts").size(), 1u);
  }

  auto copied = of_kind(r, "identical_answers");
  ASSERT_EQ(copied.size(), 1u);
  EXPECT_EQ(names(copied[0]), (std::vector<std::string>{"NGUYỄN VĂN AN", "Nguyễn Văn An"}));
  auto expected = std::vector<std::string>{attempts_["Nguyễn Văn An"], attempts_["NGUYỄN VĂN AN"]};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(copied[0].at("attempts"), json(expected));
  EXPECT_EQ(copied[0].at("evidence").at("shared_wrong"), 1);
  EXPECT_EQ(copied[0].at("evidence").at("questions"), 3);

  // Three accounts from 127.0.0.1 are fewer than the five the default asks for.
  EXPECT_TRUE(of_kind(r, "one_address").empty());
  EXPECT_EQ(r.at("counts"), (json{{"same_name_birth_date", 1}, {"too_fast", 3}, {"identical_answers", 1}}));
}

TEST_F(DuplicatesReport, TheSettingsChangeWhatIsFound) {
  auto r = report("?address_min_accounts=2&min_ms_per_question=0&min_shared_wrong=2");
  auto address = of_kind(r, "one_address");
  ASSERT_EQ(address.size(), 1u) << r.dump();
  EXPECT_EQ(names(address[0]), (std::vector<std::string>{"NGUYỄN VĂN AN", "Nguyễn Văn An", "Trần Thị Ba"}));
  EXPECT_EQ(address[0].at("evidence").at("address"), "127.0.0.1");
  EXPECT_EQ(address[0].at("evidence").at("accounts"), 3);
  EXPECT_TRUE(of_kind(r, "too_fast").empty());
  EXPECT_TRUE(of_kind(r, "identical_answers").empty());  // they share one wrong answer, not two
  EXPECT_EQ(r.at("rules").at("address_min_accounts"), 2);
}

TEST_F(DuplicatesReport, ABadSettingIsRefusedAtItsFieldAndNothingIsRecorded) {
  auto events_before = redis_.command("XLEN rq:{d}:events");
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"?min_ms_per_question=abc", "min_ms_per_question"},
           {"?address_min_accounts=1", "address_min_accounts"},
           {"?address_window_minutes=99999", "address_window_minutes"},
           {"?format=pdf", "format"}}) {
    auto r = admin("GET", "/api/admin/contests/d/rounds/r1/duplicates" + query);
    EXPECT_EQ(r.status, 400) << query;
    auto body = json::parse(r.body);
    EXPECT_EQ(body.at("error").at("code"), "bad_request");
    EXPECT_EQ(body.at("error").at("details").at("field"), field) << r.body;
  }
  EXPECT_EQ(admin("GET", "/api/admin/contests/d/rounds/nope/duplicates").status, 404);
  EXPECT_EQ(redis_.command("XLEN rq:{d}:events"), events_before);
}

TEST_F(DuplicatesReport, EveryReadingIsAnAuditEventAndAViewerIsRefused) {
  // The newest event of the contest's audit stream, as redis-cli prints it.
  auto last_event = [&] { return redis_.command("XREVRANGE rq:{d}:events + - COUNT 1"); };
  report();
  auto json_event = last_event();
  EXPECT_NE(json_event.find("personal_data_download"), std::string::npos) << json_event;
  EXPECT_NE(json_event.find("duplicates"), std::string::npos) << json_event;
  EXPECT_NE(json_event.find("btc"), std::string::npos) << json_event;
  EXPECT_NE(json_event.find("json"), std::string::npos) << json_event;

  auto xlsx = admin("GET", "/api/admin/contests/d/rounds/r1/duplicates?format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_GT(xlsx.body.size(), 2000u);
  auto xlsx_event = last_event();
  EXPECT_NE(xlsx_event.find("personal_data_download"), std::string::npos) << xlsx_event;
  EXPECT_NE(xlsx_event.find("xlsx"), std::string::npos) << xlsx_event;
  EXPECT_NE(xlsx_event, json_event);

  ASSERT_EQ(cli({"admin", "add", "xem", "--role", "viewer", "--contest", "d"}, "mat-khau-nguoi-xem\n").exit_code, 0);
  auto login = http_request(gateway_.port(), "POST", "/api/admin/login", {}, R"({"username":"xem","password":"mat-khau-nguoi-xem"})");
  auto viewer = json::parse(login.body).at("token").get<std::string>();
  auto refused = http_request(gateway_.port(), "GET", "/api/admin/contests/d/rounds/r1/duplicates",
                              {{"Authorization", "Bearer " + viewer}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(json::parse(refused.body).at("error").at("code"), "forbidden");
}

TEST_F(DuplicatesReport, APersonAlreadyDisqualifiedIsMarkedSo) {
  auto before = report();
  auto same = of_kind(before, "same_name_birth_date").at(0);
  std::string first = same.at("people")[0].at("participant");
  ASSERT_EQ(admin("POST", "/api/admin/contests/d/disqualifications",
                  json{{"kind", "person"}, {"target", first}, {"reason", "Hai tài khoản"}}.dump())
                .status,
            201);
  auto after = of_kind(report(), "same_name_birth_date").at(0);
  for (const auto& p : after.at("people")) {
    if (p.at("participant") == first) EXPECT_EQ(p.at("disqualified"), "Hai tài khoản");
    else EXPECT_TRUE(p.at("disqualified").is_null());
  }
}

}  // namespace duplicates_report_test
