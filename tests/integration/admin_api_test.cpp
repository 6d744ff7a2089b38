// The organiser's HTTP API on the real gateway and Redis: tokens, the login
// rate limits, and bank uploads that store all or nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

#include "app/admin_api.hpp"
#include "clients.hpp"
#include "core/security/tokens.hpp"
#include "gateway_process.hpp"
#include "redis_process.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace admin_api_test {

using namespace rq::test;
using nlohmann::json;

std::string read_example(const std::string& name) {
  std::ifstream in(source_dir() / "question_banks" / name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class AdminApi : public ::testing::Test {
 protected:
  AdminApi() : gateway_(redis_.url(), source_dir() / "web") {
    auto added = run_command({cli_binary(), "--redis", redis_.url(), "admin", "add", "btc"}, "mat-khau-ban-to-chuc\n");
    EXPECT_EQ(added.exit_code, 0) << added.output;
  }

  HttpReply login(const std::string& username, const std::string& password) {
    return http_request(gateway_.port(), "POST", "/api/admin/login", {{"Content-Type", "application/json"}},
                        json{{"username", username}, {"password", password}}.dump());
  }
  std::string token() {
    auto r = login("btc", "mat-khau-ban-to-chuc");
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).at("token");
  }
  HttpReply with_token(const std::string& token, const std::string& method, const std::string& target,
                       const std::string& body = {}) {
    return http_request(gateway_.port(), method, target, {{"Authorization", "Bearer " + token}}, body);
  }

  RedisProcess redis_;
  GatewayProcess gateway_;
};

// The router's own table: a route added without the token check fails here.
TEST_F(AdminApi, EveryOrganiserRouteOfTheRouterAnswers401WithoutAToken) {
  auto routes = rq::app::AdminApi::routes();
  ASSERT_GE(routes.size(), 13u);
  int public_routes = 0;
  for (const auto& r : routes) {
    std::string target = r.pattern;
    for (auto open = target.find('{'); open != std::string::npos; open = target.find('{')) {
      target.replace(open, target.find('}', open) - open + 1, "x-1");
    }
    auto reply = http_request(gateway_.port(), r.method, target, {}, "{}");
    if (!r.needs_token) {
      ++public_routes;
      EXPECT_EQ(target, "/api/admin/login");
      EXPECT_EQ(reply.status, 400) << r.method << " " << target << ": " << reply.body;
      continue;
    }
    EXPECT_EQ(reply.status, 401) << r.method << " " << target;
    EXPECT_EQ(json::parse(reply.body).at("error").at("code"), "unauthorized") << target;
    EXPECT_EQ(reply.headers["www-authenticate"], "Bearer") << target;
  }
  EXPECT_EQ(public_routes, 1);
  // A path no route has is hidden behind the token too.
  EXPECT_EQ(http_request(gateway_.port(), "GET", "/api/admin/anything", {}, "").status, 401);
}

TEST_F(AdminApi, AnExpiredTokenIsRefused) {
  auto t = token();
  ASSERT_EQ(with_token(t, "GET", "/api/admin/banks").status, 200);
  redis_.command("PEXPIRE rq:admin:token:" + rq::core::sha256_hex(t) + " 1");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto r = with_token(t, "GET", "/api/admin/banks");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(json::parse(r.body).at("error").at("code"), "unauthorized");
}

TEST_F(AdminApi, LogoutEndsTheSessionOnTheServerAtOnce) {
  auto t = token();
  auto out = with_token(t, "POST", "/api/admin/logout");
  EXPECT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.body, "{}");
  EXPECT_EQ(with_token(t, "GET", "/api/admin/banks").status, 401);
  EXPECT_EQ(with_token(t, "POST", "/api/admin/logout").status, 401);
  EXPECT_EQ(redis_.command("EXISTS rq:admin:token:" + rq::core::sha256_hex(t)), ":0\r\n");
}

TEST_F(AdminApi, AChangedPasswordEndsEveryEarlierSessionAndGivesANewOne) {
  auto laptop = token(), phone = token();
  auto changed = with_token(laptop, "POST", "/api/admin/password",
                            json{{"current", "mat-khau-ban-to-chuc"}, {"new", "mat-khau-moi-2026"}}.dump());
  ASSERT_EQ(changed.status, 200) << changed.body;
  std::string fresh = json::parse(changed.body).at("token");
  EXPECT_EQ(with_token(laptop, "GET", "/api/admin/banks").status, 401);
  EXPECT_EQ(with_token(phone, "GET", "/api/admin/banks").status, 401);
  EXPECT_EQ(with_token(fresh, "GET", "/api/admin/banks").status, 200);
  EXPECT_EQ(login("btc", "mat-khau-ban-to-chuc").status, 401);
  EXPECT_EQ(login("btc", "mat-khau-moi-2026").status, 200);
}

TEST_F(AdminApi, APasswordChangeNeedsTheCurrentPasswordAndAStrongOne) {
  auto t = token();
  auto wrong = with_token(t, "POST", "/api/admin/password", json{{"current", "doan-bua"}, {"new", "mat-khau-moi-2026"}}.dump());
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(json::parse(wrong.body).at("error").at("code"), "invalid_credentials");
  auto weak = with_token(t, "POST", "/api/admin/password", json{{"current", "mat-khau-ban-to-chuc"}, {"new", "ngan"}}.dump());
  EXPECT_EQ(weak.status, 422);
  auto error = json::parse(weak.body).at("error");
  EXPECT_EQ(error.at("code"), "invalid_password");
  EXPECT_EQ(error.at("details"), json::parse(R"([{"field":"new","message":"the password must have at least 10 characters"}])"));
  // Nothing changed: the session and the old password still work.
  EXPECT_EQ(with_token(t, "GET", "/api/admin/banks").status, 200);
  EXPECT_EQ(login("btc", "mat-khau-ban-to-chuc").status, 200);
}

TEST_F(AdminApi, ANewPasswordSetWithTheCliEndsTheSessionsToo) {
  auto t = token();
  auto replaced = run_command({cli_binary(), "--redis", redis_.url(), "admin", "add", "btc", "--replace"}, "mat-khau-thay-the\n");
  ASSERT_EQ(replaced.exit_code, 0) << replaced.output;
  EXPECT_EQ(with_token(t, "GET", "/api/admin/banks").status, 401);
  EXPECT_EQ(login("btc", "mat-khau-thay-the").status, 200);
}

TEST_F(AdminApi, AnUnknownTokenIsRefused) {
  auto r = with_token(std::string(64, 'a'), "GET", "/api/admin/banks");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(json::parse(r.body).at("error").at("message"), "the session has ended (expired, logged out or the password changed); log in again");
}

TEST_F(AdminApi, LoginGivesARandomTokenThatExpires) {
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto r = login("btc", "mat-khau-ban-to-chuc");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body);
  std::string t = body.at("token");
  EXPECT_EQ(t.size(), 64u);
  EXPECT_NE(t, token()) << "two logins give two tokens";
  EXPECT_NEAR(body.at("expires_at").get<double>(), static_cast<double>(now + 12LL * 3600 * 1000), 10000.0);
  // Only the token's hash is stored, with its expiry.
  auto stored = redis_.command("KEYS rq:admin:token:*");
  EXPECT_NE(stored.find(rq::core::sha256_hex(t)), std::string::npos) << stored;
  EXPECT_EQ(stored.find(t), std::string::npos);
  auto ttl = redis_.command("PTTL rq:admin:token:" + rq::core::sha256_hex(t));
  EXPECT_GT(std::stoll(ttl.substr(1)), 11LL * 3600 * 1000) << ttl;
  EXPECT_EQ(with_token(t, "GET", "/api/admin/banks").status, 200);
}

TEST_F(AdminApi, WrongPasswordAndUnknownUserAreTheSameInvalidCredentials) {
  auto wrong = login("btc", "not-the-password");
  auto unknown = login("nobody", "not-the-password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(json::parse(wrong.body).at("error").at("code"), "invalid_credentials");
}

TEST_F(AdminApi, FailedLoginsAreRateLimitedPerUsername) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(login("btc", "wrong-" + std::to_string(i)).status, 401);
  auto limited = login("btc", "mat-khau-ban-to-chuc");  // even the right password, for now
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(json::parse(limited.body).at("error").at("code"), "rate_limited");
  EXPECT_EQ(limited.headers["retry-after"], "900");
}

TEST_F(AdminApi, GuessesSentAtTheSameMomentCannotPassTheFailureLimit) {
  // Each login reserves its failure before its password is checked: of 12
  // simultaneous guesses, exactly the limit (5) are checked at all.
  std::vector<std::thread> guessers;
  std::vector<int> statuses(12);
  for (int i = 0; i < 12; ++i) {
    guessers.emplace_back([&, i] { statuses[i] = login("btc", "guess-" + std::to_string(i)).status; });
  }
  for (auto& g : guessers) g.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 401), 5);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 429), 7);
  EXPECT_EQ(login("btc", "mat-khau-ban-to-chuc").status, 429);
}

TEST_F(AdminApi, FailedLoginsAreRateLimitedPerAddress) {
  for (int i = 0; i < 20; ++i) EXPECT_EQ(login("user-" + std::to_string(i), "wrong-password").status, 401);
  EXPECT_EQ(login("btc", "mat-khau-ban-to-chuc").status, 429);
}

TEST_F(AdminApi, ASuccessfulLoginClearsTheUsernamesFailures) {
  for (int i = 0; i < 4; ++i) login("btc", "wrong");
  token();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(login("btc", "wrong").status, 401);
  EXPECT_EQ(login("btc", "mat-khau-ban-to-chuc").status, 200);
}

TEST_F(AdminApi, BrokenUploadIsRefusedWithEveryProblemAndStoresNothing) {
  auto t = token();
  auto r = with_token(t, "POST", "/api/admin/banks?format=csv&id=broken&lang=en", read_example("examples/broken/broken.csv"));
  EXPECT_EQ(r.status, 422);
  auto error = json::parse(r.body).at("error");
  EXPECT_EQ(error.at("code"), "invalid_bank");
  EXPECT_EQ(error.at("message"), "the file has 3 errors; nothing was stored");
  EXPECT_EQ(error.at("details"),
            json::parse(R"([
              {"line":3,"place":"line 3","field":"correct","severity":"error","message":"the answer 'E' is not one of the options A–D"},
              {"line":4,"place":"line 4","field":"text","severity":"error","message":"the question text is empty"},
              {"line":5,"place":"line 5","field":"options","severity":"error","message":"a question needs at least 2 options; it has 1"}])"));
  EXPECT_EQ(json::parse(with_token(t, "GET", "/api/admin/banks").body).at("banks"), json::array());
}

TEST_F(AdminApi, UploadStoresAVersionWithItsTopicSummary) {
  auto t = token();
  auto r = with_token(t, "POST", "/api/admin/banks?format=json", read_example("cchc-2021-2030.vi.json"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto bank = json::parse(r.body).at("bank");
  EXPECT_EQ(bank.at("id"), "cchc-2021-2030");
  EXPECT_EQ(bank.at("version"), 1);
  EXPECT_EQ(bank.at("questions"), 169);
  EXPECT_EQ(bank.at("topics").size(), 8u);
  EXPECT_EQ(bank.at("topics")[0], json({{"id", "the-che"}, {"name", "Cải cách thể chế"}, {"questions", 25}}));
  EXPECT_EQ(json::parse(r.body).at("warnings"), json::array());
}

TEST_F(AdminApi, ReplacingABankKeepsEarlierVersionsUnchanged) {
  auto t = token();
  auto csv = read_example("examples/demo.csv");
  ASSERT_EQ(with_token(t, "POST", "/api/admin/banks?format=csv&id=demo&title=Demo", csv).status, 201);
  auto v1 = json::parse(with_token(t, "GET", "/api/admin/banks/demo").body).at("bank");
  // Version 2 holds only the first data row.
  auto cut = csv.substr(0, csv.find('\n', csv.find('\n') + 1) + 1);
  auto second = with_token(t, "POST", "/api/admin/banks?format=csv&id=demo&title=Demo", cut);
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(json::parse(second.body).at("bank").at("version"), 2);
  auto latest = json::parse(with_token(t, "GET", "/api/admin/banks/demo").body).at("bank");
  EXPECT_EQ(latest.at("questions"), 1);
  auto first_again = json::parse(with_token(t, "GET", "/api/admin/banks/demo?version=1").body).at("bank");
  EXPECT_EQ(first_again.at("content"), v1.at("content"));
  EXPECT_EQ(first_again.at("questions"), 18);
}

TEST_F(AdminApi, ListShowsEveryBankWithItsLatestVersion) {
  auto t = token();
  with_token(t, "POST", "/api/admin/banks?format=gift&id=demo-gift", read_example("examples/demo.gift"));
  with_token(t, "POST", "/api/admin/banks?format=aiken&id=demo-aiken", read_example("examples/demo.aiken"));
  auto banks = json::parse(with_token(t, "GET", "/api/admin/banks").body).at("banks");
  ASSERT_EQ(banks.size(), 2u);
  EXPECT_EQ(banks[0].at("id"), "demo-aiken");
  EXPECT_EQ(banks[0].at("questions"), 11);
  EXPECT_EQ(banks[1].at("id"), "demo-gift");
  EXPECT_EQ(banks[1].at("questions"), 13);
}

TEST_F(AdminApi, GiftWarningsComeBackWithAStoredBank) {
  auto t = token();
  auto r = with_token(t, "POST", "/api/admin/banks?format=gift&id=demo-gift", read_example("examples/demo.gift"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto warnings = json::parse(r.body).at("warnings");
  ASSERT_EQ(warnings.size(), 2u);
  for (const auto& w : warnings) EXPECT_EQ(w.at("severity"), "warning");
}

TEST_F(AdminApi, UnknownFormatAndMissingIdAreExplained) {
  auto t = token();
  auto bad = with_token(t, "POST", "/api/admin/banks?format=pdf", "x");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("error").at("message"),
            "format must be json, csv, gift, aiken, xml, xlsx, docx or txt (got 'pdf')");
  auto no_id = with_token(t, "POST", "/api/admin/banks?format=csv&lang=en", read_example("examples/demo.csv"));
  EXPECT_EQ(no_id.status, 422);
  EXPECT_EQ(json::parse(no_id.body).at("error").at("details")[0].at("message"),
            "the bank has no id: give one (--id, or ?id= when uploading)");
}

TEST_F(AdminApi, UnknownBankIsNotFound) {
  auto r = with_token(token(), "GET", "/api/admin/banks/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(json::parse(r.body).at("error").at("message"), "no bank 'nope'");
}

TEST_F(AdminApi, ABankVersionThatAComingRoundCouldNotDrawFromIsRefused) {
  auto t = token();
  ASSERT_EQ(with_token(t, "POST", "/api/admin/banks?format=json", read_example("cchc-2021-2030.vi.json")).status, 201);
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto iso = [](long long ms) {
    std::time_t secs = ms / 1000;
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&secs));
    return std::string(buf);
  };
  json contest = {{"id", "dung-ngan-hang"}, {"title", "Dùng ngân hàng"},
                  {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                  {"units", {{{"id", "u1"}, {"name", "Sở Nội vụ"}}}},
                  {"rounds", {{{"id", "ky-1"}, {"title", "Kỳ 1"}, {"opens_at", iso(now - 3600'000)},
                               {"closes_at", iso(now + 86'400'000)}, {"bank", "cchc-2021-2030"},
                               {"draw", {{"count", 20}, {"by_topic", {{"the-che", 20}}}}}, {"time_limit_s", 600}}}}};
  ASSERT_EQ(with_token(t, "POST", "/api/admin/contests", contest.dump()).status, 201);
  // A new version keeps only 10 of the topic's 25 questions.
  auto bank = json::parse(read_example("cchc-2021-2030.vi.json"));
  json kept = json::array();
  int the_che = 0;
  for (const auto& q : bank.at("questions")) {
    if (q.at("topic") != "the-che" || ++the_che <= 10) kept.push_back(q);
  }
  bank["questions"] = kept;
  auto r = with_token(t, "POST", "/api/admin/banks?format=json&lang=en", bank.dump());
  ASSERT_EQ(r.status, 422) << r.body;
  auto error = json::parse(r.body).at("error");
  EXPECT_EQ(error.at("code"), "invalid_bank");
  EXPECT_EQ(error.at("details"), json::parse(R"([{"contest":"dung-ngan-hang","round":"ky-1",
      "path":"rounds[0].draw.by_topic.the-che",
      "message":"contest 'dung-ngan-hang', round 'ky-1': asks for 20 questions of topic 'the-che', which holds 10"}])"));
  // Nothing stored: the latest version is still 1.
  auto banks = json::parse(with_token(t, "GET", "/api/admin/banks").body).at("banks");
  EXPECT_EQ(banks[0].at("version"), 1);
  // The CLI refuses it the same way.
  TempDir dir;
  std::ofstream(dir.path() / "v2.json") << bank.dump();
  auto cli = run_command({cli_binary(), "--redis", redis_.url(), "bank", "import", (dir.path() / "v2.json").string(),
                          "--id", "cchc-2021-2030"});
  EXPECT_EQ(cli.exit_code, 1);
  EXPECT_NE(cli.output.find("contest dung-ngan-hang, round ky-1 (rounds[0].draw.by_topic.the-che): asks for 20 "
                            "questions of topic 'the-che', which holds 10"),
            std::string::npos)
      << cli.output;
}

}  // namespace admin_api_test
