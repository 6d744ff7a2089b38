// Creating contests (HTTP and CLI) against a real Redis with a stored bank,
// and the public views of them.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "clients.hpp"
#include "gateway_process.hpp"
#include "redis_process.hpp"
#include "test_time.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace contest_admin_test {

using namespace rq::test;
using nlohmann::json;

std::string iso(std::int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000) + 7 * 3600;  // shown in Vietnam time
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+07:00", &tm);
  return buf;
}

json contest_config(const std::string& id = "cchc-2026") {
  auto now = now_ms();
  return {
      {"id", id},
      {"title", "Cuộc thi tìm hiểu cải cách hành chính năm 2026"},
      {"categories", {{{"id", "cbccvc"}, {"name", "Cán bộ, công chức, viên chức"}}, {{"id", "nhan-dan"}, {"name", "Nhân dân"}}}},
      {"units", {{{"id", "so-noi-vu"}, {"name", "Sở Nội vụ"}, {"block", "so-nganh"}, {"headcount", 120}}}},
      {"blocks", {{{"id", "so-nganh"}, {"name", "Các sở, ban, ngành"}}}},
      {"excluded", {{"phones", {"0901234567"}}, {"id_numbers", json::array()}}},
      {"rounds",
       {{{"id", "ky-1"},
         {"title", "Kỳ 1"},
         {"opens_at", iso(now - 3600'000)},
         {"closes_at", iso(now + 7 * 86400'000LL)},
         {"bank", "cchc-2021-2030"},
         {"draw", {{"count", 10}, {"by_topic", {{"thu-tuc-hanh-chinh", 3}}}}},
         {"time_limit_s", 600},
         {"attempts", 2},
         {"prediction", {{"prompt", "Bao nhiêu bài thi đúng tất cả?"}, {"target", "perfect_entries"}}},
         {"prizes", {{{"category", "cbccvc"}, {"tiers", {{{"name", "Giải Nhất"}, {"count", 1}}}}}}}}}}};
}

class ContestAdmin : public ::testing::Test {
 protected:
  ContestAdmin() : gateway_(redis_.url(), source_dir() / "web") {
    run_command({cli_binary(), "--redis", redis_.url(), "admin", "add", "btc"}, "mat-khau-ban-to-chuc\n");
    auto login = http_request(gateway_.port(), "POST", "/api/admin/login", {},
                              R"({"username":"btc","password":"mat-khau-ban-to-chuc"})");
    token_ = json::parse(login.body).at("token");
    auto bank = cli({"bank", "import", (source_dir() / "question_banks" / "cchc-2021-2030.vi.json").string(), "--id",
                     "cchc-2021-2030"});
    EXPECT_EQ(bank.exit_code, 0) << bank.output;
  }
  RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {cli_binary(), "--redis", redis_.url()});
    return run_command(args);
  }
  HttpReply post_contest(const json& config) {
    return http_request(gateway_.port(), "POST", "/api/admin/contests?lang=en", {{"Authorization", "Bearer " + token_}},
                        config.dump());
  }

  RedisProcess redis_;
  GatewayProcess gateway_;
  std::string token_;
};

TEST_F(ContestAdmin, ValidConfigurationIsCreatedAndPubliclyViewable) {
  auto r = post_contest(contest_config());
  ASSERT_EQ(r.status, 201) << r.body;
  auto view = json::parse(http_get(gateway_.port(), "/api/contests/cchc-2026").body);
  EXPECT_EQ(view.at("title"), "Cuộc thi tìm hiểu cải cách hành chính năm 2026");
  EXPECT_EQ(view.at("rounds")[0].at("status"), "open");
  EXPECT_EQ(view.at("rounds")[0].at("questions"), 10);
  EXPECT_EQ(view.at("units")[0].at("name"), "Sở Nội vụ");
  EXPECT_EQ(view.at("blocks"), json::parse(R"([{"id": "so-nganh", "name": "Các sở, ban, ngành"}])"));
  EXPECT_EQ(view.dump().find("0901234567"), std::string::npos) << "the exclusion list is not public";
  auto list = json::parse(http_get(gateway_.port(), "/api/contests").body).at("contests");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("id"), "cchc-2026");
}

TEST_F(ContestAdmin, CreatingTheSameIdTwiceIsAConflict) {
  ASSERT_EQ(post_contest(contest_config()).status, 201);
  auto again = post_contest(contest_config());
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(json::parse(again.body).at("error").at("code"), "already_exists");
  EXPECT_EQ(json::parse(again.body).at("error").at("message"), "a contest with the id 'cchc-2026' exists already");
  // The refused second creation left nothing behind: one configuration, one
  // place in the index, one creation event.
  EXPECT_EQ(redis_.command("SCARD rq:contests"), ":1\r\n");
  EXPECT_EQ(redis_.command("XLEN rq:{cchc-2026}:events"), ":1\r\n");
}

TEST_F(ContestAdmin, AContestIsCreatedWholeInOneStep) {
  ASSERT_EQ(post_contest(contest_config()).status, 201);
  // Its configuration, its place in the index and its first audit event, together.
  EXPECT_NE(redis_.command("EXISTS rq:{cchc-2026}:config"), ":0\r\n");
  EXPECT_EQ(redis_.command("SISMEMBER rq:contests cchc-2026"), ":1\r\n");
  auto first = redis_.command("XRANGE rq:{cchc-2026}:events - + COUNT 1");
  EXPECT_NE(first.find("contest.created"), std::string::npos) << first;
  EXPECT_NE(first.find("btc"), std::string::npos) << first;
}

TEST_F(ContestAdmin, ProblemsAreListedWithTheirJsonPaths) {
  auto config = contest_config();
  config["rounds"][0]["attempts"] = 0;
  config["rounds"][0]["draw"]["count"] = "ten";
  config["rounds"][0]["prizes"][0]["category"] = "sinh-vien";
  auto r = post_contest(config);
  ASSERT_EQ(r.status, 422) << r.body;
  auto error = json::parse(r.body).at("error");
  EXPECT_EQ(error.at("code"), "invalid_contest");
  std::set<std::string> paths;
  for (const auto& d : error.at("details")) paths.insert(d.at("path"));
  EXPECT_TRUE(paths.count("rounds[0].attempts")) << error.dump();
  EXPECT_TRUE(paths.count("rounds[0].draw.count")) << error.dump();
  EXPECT_TRUE(paths.count("rounds[0].prizes[0].category")) << error.dump();
  EXPECT_EQ(http_get(gateway_.port(), "/api/contests/cchc-2026").status, 404) << "nothing stored";
}

TEST_F(ContestAdmin, DrawAskingMoreThanTheBankHoldsIsRefusedWithTheNumbers) {
  auto config = contest_config();
  config["rounds"][0]["draw"] = {{"count", 10}, {"by_topic", {{"bo-may", 30}}}};
  config["rounds"][0]["draw"]["count"] = 40;
  auto r = post_contest(config);
  ASSERT_EQ(r.status, 422) << r.body;
  auto details = json::parse(r.body).at("error").at("details");
  ASSERT_EQ(details.size(), 1u) << details.dump();
  EXPECT_EQ(details[0].at("path"), "rounds[0].draw.by_topic.bo-may");
  EXPECT_NE(details[0].at("message").get<std::string>().find("which holds 18"), std::string::npos) << details.dump();
}

TEST_F(ContestAdmin, UnknownBankIsRefused) {
  auto config = contest_config();
  config["rounds"][0]["bank"] = "khong-co";
  auto r = post_contest(config);
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(json::parse(r.body).at("error").at("details")[0].at("path"), "rounds[0].bank");
}

TEST_F(ContestAdmin, CliCreatesAContestFromAFile) {
  TempDir dir;
  auto file = dir.path() / "contest.json";
  std::ofstream(file) << contest_config("cli-contest").dump(2);
  auto r = cli({"contest", "create", file.string()});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "contest cli-contest created: 1 round\n");
  EXPECT_EQ(http_get(gateway_.port(), "/api/contests/cli-contest").status, 200);
}

TEST_F(ContestAdmin, CliListsEveryProblemAndStoresNothing) {
  TempDir dir;
  auto file = dir.path() / "contest.json";
  auto config = contest_config("bad");
  config["rounds"][0]["time_limit_s"] = 5;
  std::ofstream(file) << config.dump(2);
  auto r = cli({"contest", "create", file.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find(file.string() + ": rounds[0].time_limit_s: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 problem; nothing was stored"), std::string::npos) << r.output;
}

TEST_F(ContestAdmin, AdminGetReturnsTheStoredConfiguration) {
  ASSERT_EQ(post_contest(contest_config()).status, 201);
  auto r = http_request(gateway_.port(), "GET", "/api/admin/contests/cchc-2026", {{"Authorization", "Bearer " + token_}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).at("contest").at("excluded").at("phones")[0], "0901234567");
}

}  // namespace contest_admin_test
