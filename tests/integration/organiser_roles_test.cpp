// Organiser roles over the real API, CLI and Redis (issue 12): an admin does
// everything; an organiser works on the contests named on their account; a
// viewer reads those contests' dashboards without personal data; only an
// admin manages accounts; a role change holds from the next request; and
// every file of personal data that leaves is first an audit event.
#include <gtest/gtest.h>

#include <map>

#include "results_fixture.hpp"

namespace organiser_roles_test {

using namespace rq::test;
using nlohmann::json;

class OrganiserRoles : public results_fixture::ResultsFixture {
 protected:
  void SetUp() override {
    entrants_.push_back(enter("0903000001", "Phạm Thị Một", 0, 3));
    ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/close").status, 200);
    ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize").status, 200);
  }
  // An account made with the CLI, logged in: its token.
  std::string account(const std::string& username, const std::vector<std::string>& access) {
    std::vector<std::string> args{"admin", "add", username};
    args.insert(args.end(), access.begin(), access.end());
    auto added = cli(args, "mat-khau-" + username + "-2026\n");
    EXPECT_EQ(added.exit_code, 0) << added.output;
    auto login = http_request(gateway_.port(), "POST", "/api/admin/login", {},
                              json{{"username", username}, {"password", "mat-khau-" + username + "-2026"}}.dump());
    EXPECT_EQ(login.status, 200) << login.body;
    return json::parse(login.body).at("token");
  }
  HttpReply as(const std::string& token, const std::string& method, const std::string& target,
               const std::string& body = "") {
    return http_request(gateway_.port(), method, target, {{"Authorization", "Bearer " + token}}, body);
  }
  static std::string code_of(const HttpReply& r) {
    auto body = json::parse(r.body, nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
  }
  // The contest's audit events of one type, as field maps, read from the
  // stream's RESP reply (XRANGE: [[id, [field, value, …]], …]).
  std::vector<std::map<std::string, std::string>> events_of(const std::string& type) {
    auto raw = redis_.command("XRANGE rq:{c}:events - +");
    std::size_t pos = 0;
    auto line = [&] {
      auto end = raw.find("\r\n", pos);
      auto text = raw.substr(pos, end - pos);
      pos = end + 2;
      return text;
    };
    auto bulk = [&] {
      auto size = std::stoul(line().substr(1));
      auto text = raw.substr(pos, size);
      pos += size + 2;
      return text;
    };
    std::vector<std::map<std::string, std::string>> out;
    auto entries = std::stoul(line().substr(1));
    for (std::size_t e = 0; e < entries; ++e) {
      line();  // *2
      bulk();  // the id
      auto n = std::stoul(line().substr(1));
      std::map<std::string, std::string> fields;
      for (std::size_t i = 0; i + 1 < n; i += 2) {
        auto k = bulk();
        fields[k] = bulk();
      }
      if (fields["type"] == type) out.push_back(fields);
    }
    return out;
  }
  std::vector<std::unique_ptr<WsClient>> entrants_;
};

TEST_F(OrganiserRoles, AViewerReadsTheDashboardButChangesNothing) {
  auto viewer = account("xem", {"--role", "viewer", "--contest", "c"});
  EXPECT_EQ(as(viewer, "GET", "/api/admin/contests/c").status, 200);
  EXPECT_EQ(as(viewer, "GET", "/api/admin/contests/c/rounds/ky-1/stats").status, 200);
  EXPECT_EQ(as(viewer, "GET", "/api/admin/contests/c/rounds/ky-1/results").status, 200);
  EXPECT_EQ(as(viewer, "GET", "/api/admin/contests/c/disqualifications").status, 200);
  for (const auto& action : {"close", "finalize", "publish"}) {
    auto r = as(viewer, "POST", std::string("/api/admin/contests/c/rounds/ky-1/") + action);
    EXPECT_EQ(r.status, 403) << action << ": " << r.body;
    EXPECT_EQ(code_of(r), "forbidden") << action;
    EXPECT_EQ(json::parse(r.body)["error"]["message"], "a viewer reads dashboards only") << action;
  }
  auto d = as(viewer, "POST", "/api/admin/contests/c/disqualifications",
              json{{"kind", "person"}, {"target", "x"}, {"reason", "Thi hộ"}}.dump());
  EXPECT_EQ(d.status, 403) << d.body;
  EXPECT_EQ(as(viewer, "GET", "/api/admin/banks").status, 403);
  EXPECT_EQ(as(viewer, "POST", "/api/admin/contests", "{}").status, 403);
  // Nothing changed: the draft is still a draft.
  EXPECT_EQ(redis_.command("EXISTS rq:{c}:round:ky-1:published"), ":0\r\n");
}

TEST_F(OrganiserRoles, AViewerSeesNoPersonalData) {
  auto viewer = account("xem", {"--role", "viewer", "--contest", "c"});
  auto r = as(viewer, "GET", "/api/admin/contests/c/rounds/ky-1/results");
  ASSERT_EQ(r.status, 200) << r.body;
  auto row = json::parse(r.body).at("ranking").at(0);
  EXPECT_EQ(row.at("name"), "Phạm Thị Một");
  EXPECT_EQ(row.at("phone"), "090****001");
  EXPECT_EQ(row.at("id_number"), "");
  // The contest without its exclusion list (phones and ID numbers).
  auto contest = json::parse(as(viewer, "GET", "/api/admin/contests/c").body).at("contest");
  EXPECT_EQ(contest.at("id"), "c");
  EXPECT_FALSE(contest.contains("excluded"));
  for (const auto& format : {"csv", "xlsx"}) {
    auto file = as(viewer, "GET", std::string("/api/admin/contests/c/rounds/ky-1/results?format=") + format);
    EXPECT_EQ(file.status, 403) << format << ": " << file.body;
    EXPECT_EQ(code_of(file), "forbidden");
  }
  EXPECT_TRUE(events_of("personal_data_download").empty());
  // The admin sees the phone as it is.
  auto full = json::parse(admin("GET", "/api/admin/contests/c/rounds/ky-1/results").body);
  EXPECT_EQ(full.at("ranking").at(0).at("phone"), "0903000001");
  EXPECT_TRUE(json::parse(admin("GET", "/api/admin/contests/c").body).at("contest").contains("excluded"));
}

TEST_F(OrganiserRoles, AnOrganiserWorksOnlyOnTheContestsNamedOnTheAccount) {
  auto elsewhere = account("huyen-khac", {"--role", "organiser", "--contest", "khac"});
  auto refused = as(elsewhere, "POST", "/api/admin/contests/c/rounds/ky-1/finalize");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(json::parse(refused.body)["error"]["message"],
            "this contest is not one of the contests of 'huyen-khac'");
  EXPECT_EQ(as(elsewhere, "GET", "/api/admin/contests/c").status, 403);

  auto own = account("so-noi-vu", {"--role", "organiser", "--contest", "c"});
  EXPECT_EQ(as(own, "POST", "/api/admin/contests/c/rounds/ky-1/finalize").status, 200);
  EXPECT_EQ(as(own, "GET", "/api/admin/contests/c/rounds/ky-1/results?format=csv").status, 200);
  EXPECT_EQ(as(own, "GET", "/api/admin/banks").status, 200);  // banks are shared between contests
  EXPECT_EQ(as(own, "POST", "/api/admin/contests", "{}").status, 403);
  EXPECT_EQ(as(own, "GET", "/api/admin/users").status, 403);
}

TEST_F(OrganiserRoles, EveryDownloadOfPersonalDataIsAnAuditEventWithWhoAndWhen) {
  auto own = account("so-noi-vu", {"--role", "organiser", "--contest", "c"});
  auto before = now_ms();
  ASSERT_EQ(as(own, "GET", "/api/admin/contests/c/rounds/ky-1/results?format=csv").status, 200);
  ASSERT_EQ(admin("GET", "/api/admin/contests/c/rounds/ky-1/results?format=xlsx").status, 200);
  // Reading the draft on the dashboard is not a download.
  ASSERT_EQ(admin("GET", "/api/admin/contests/c/rounds/ky-1/results").status, 200);
  auto events = events_of("personal_data_download");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["what"], "ranking");
  EXPECT_EQ(events[0]["by"], "so-noi-vu");
  EXPECT_EQ(events[0]["round"], "ky-1");
  EXPECT_EQ(events[0]["format"], "csv");
  EXPECT_GE(std::stoll(events[0]["at"]), before - 1000);
  EXPECT_EQ(events[1]["by"], "btc");
  EXPECT_EQ(events[1]["format"], "xlsx");
}

TEST_F(OrganiserRoles, ARoleChangeHoldsFromTheNextRequestWithoutANewLogin) {
  auto t = account("so-noi-vu", {"--role", "organiser", "--contest", "c"});
  ASSERT_EQ(as(t, "GET", "/api/admin/contests/c/rounds/ky-1/results?format=csv").status, 200);
  auto changed = admin("POST", "/api/admin/users/so-noi-vu/role", json{{"role", "viewer"}, {"contests", {"c"}}}.dump());
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json::parse(changed.body).at("user"),
            json({{"username", "so-noi-vu"}, {"role", "viewer"}, {"contests", {"c"}}}));
  EXPECT_EQ(as(t, "GET", "/api/admin/contests/c/rounds/ky-1/results?format=csv").status, 403);
  EXPECT_EQ(json::parse(as(t, "GET", "/api/admin/me").body),
            json({{"username", "so-noi-vu"}, {"role", "viewer"}, {"contests", {"c"}}}));
  // And with the CLI, back to organiser.
  auto cli_set = cli({"admin", "role", "so-noi-vu", "--role", "organiser", "--contest", "c"});
  ASSERT_EQ(cli_set.exit_code, 0) << cli_set.output;
  EXPECT_EQ(cli_set.output, "organiser so-noi-vu organiser c\n");
  EXPECT_EQ(as(t, "GET", "/api/admin/contests/c/rounds/ky-1/results?format=csv").status, 200);
}

TEST_F(OrganiserRoles, OnlyAnAdminManagesAccountsAndEachFieldIsChecked) {
  auto created = admin("POST", "/api/admin/users",
                       json{{"username", "xem"}, {"password", "mat-khau-xem-2026"}, {"role", "viewer"},
                            {"contests", {"c", "c"}}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json::parse(created.body).at("user"), json({{"username", "xem"}, {"role", "viewer"}, {"contests", {"c"}}}));
  EXPECT_EQ(code_of(admin("POST", "/api/admin/users",
                          json{{"username", "xem"}, {"password", "mat-khau-xem-2026"}, {"role", "viewer"},
                               {"contests", {"c"}}}.dump())),
            "already_exists");
  auto expect_field = [&](const json& body, const std::string& field, const std::string& message) {
    auto r = admin("POST", "/api/admin/users", body.dump());
    EXPECT_EQ(r.status, 400) << r.body;
    auto error = json::parse(r.body).at("error");
    EXPECT_EQ(error.at("details").at("field"), field) << r.body;
    EXPECT_EQ(error.at("message"), message) << r.body;
  };
  expect_field({{"username", "a"}, {"password", "mat-khau-2026-x"}, {"role", "viewer"}, {"contests", {"c"}}},
               "username", "the username must be 3 to 32 lowercase letters, digits, '-' or '_'");
  expect_field({{"username", "moi"}, {"password", "mat-khau-2026-x"}, {"role", "chu-tich"}},
               "role", "role must be \"admin\", \"organiser\" or \"viewer\"");
  expect_field({{"username", "moi"}, {"password", "mat-khau-2026-x"}, {"role", "organiser"}},
               "contests", "an organiser needs at least one contest");
  expect_field({{"username", "moi"}, {"password", "mat-khau-2026-x"}, {"role", "viewer"}, {"contests", {"Không hợp lệ"}}},
               "contests", "contests must be a list of contest ids (\"Không hợp lệ\" is not one)");
  EXPECT_EQ(redis_.command("EXISTS rq:admin:user:moi"), ":0\r\n");

  auto self = admin("POST", "/api/admin/users/btc/role", json{{"role", "viewer"}, {"contests", {"c"}}}.dump());
  EXPECT_EQ(self.status, 400) << self.body;
  EXPECT_EQ(json::parse(self.body)["error"]["message"], "an admin cannot take away their own admin role");
  EXPECT_EQ(admin("POST", "/api/admin/users/khong-co/role", json{{"role", "admin"}}.dump()).status, 404);

  auto list = json::parse(admin("GET", "/api/admin/users").body).at("users");
  EXPECT_EQ(list, json::parse(R"([{"username":"btc","role":"admin","contests":[]},
                                  {"username":"xem","role":"viewer","contests":["c"]}])"));
  auto viewer_login = http_request(gateway_.port(), "POST", "/api/admin/login", {},
                                   R"({"username":"xem","password":"mat-khau-xem-2026"})");
  auto viewer = json::parse(viewer_login.body).at("token").get<std::string>();
  EXPECT_EQ(as(viewer, "GET", "/api/admin/users").status, 403);
  EXPECT_EQ(as(viewer, "POST", "/api/admin/users/xem/role", json{{"role", "admin"}}.dump()).status, 403);
}

TEST_F(OrganiserRoles, AnAccountFromBeforeRolesIsAnAdmin) {
  redis_.command("HDEL rq:admin:user:btc role contests");
  EXPECT_EQ(json::parse(admin("GET", "/api/admin/me").body),
            json({{"username", "btc"}, {"role", "admin"}, {"contests", json::array()}}));
  EXPECT_EQ(admin("GET", "/api/admin/users").status, 200);
}

TEST_F(OrganiserRoles, TheCliListsAccountsAndRefusesABadRoleByItsFlag) {
  account("xem", {"--role", "viewer", "--contest", "c", "--contest", "b"});
  auto list = cli({"admin", "list"});
  EXPECT_EQ(list.exit_code, 0) << list.output;
  EXPECT_EQ(list.output, "btc admin\nxem viewer b,c\n");
  auto bad = cli({"admin", "add", "moi", "--role", "chu-tich"}, "mat-khau-moi-2026\n");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("--role must be admin, organiser or viewer (got 'chu-tich')"), std::string::npos)
      << bad.output;
  auto bare = cli({"admin", "role", "xem", "--role", "viewer"});
  EXPECT_EQ(bare.exit_code, 1);
  EXPECT_NE(bare.output.find("a viewer needs at least one contest (--contest)"), std::string::npos) << bare.output;
  auto unknown = cli({"admin", "role", "khong-co", "--role", "admin"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.output.find("organiser 'khong-co': no such organiser"), std::string::npos) << unknown.output;
  EXPECT_EQ(redis_.command("EXISTS rq:admin:user:moi"), ":0\r\n");
}

}  // namespace organiser_roles_test
