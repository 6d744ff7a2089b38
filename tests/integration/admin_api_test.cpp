// The organiser's HTTP API on the real gateway and Redis: tokens, the login
// rate limits, and bank uploads that store all or nothing.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

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

TEST_F(AdminApi, EveryAdminEndpointAnswers401WithoutAToken) {
  for (auto [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/admin/banks"}, {"POST", "/api/admin/banks?format=json"}, {"GET", "/api/admin/banks/x"},
           {"GET", "/api/admin/anything"}}) {
    auto r = http_request(gateway_.port(), method, target, {}, "{}");
    EXPECT_EQ(r.status, 401) << method << " " << target;
    EXPECT_EQ(json::parse(r.body).at("error").at("code"), "unauthorized");
    EXPECT_EQ(r.headers["www-authenticate"], "Bearer");
  }
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
  auto r = with_token(t, "POST", "/api/admin/banks?format=csv&id=broken", read_example("examples/broken/broken.csv"));
  EXPECT_EQ(r.status, 422);
  auto error = json::parse(r.body).at("error");
  EXPECT_EQ(error.at("code"), "invalid_bank");
  EXPECT_EQ(error.at("message"), "the file has 3 errors; nothing was stored");
  EXPECT_EQ(error.at("details"),
            json::parse(R"([
              {"line":3,"field":"correct","severity":"error","message":"the answer 'E' is not one of the options A–D"},
              {"line":4,"field":"text","severity":"error","message":"the question text is empty"},
              {"line":5,"field":"options","severity":"error","message":"a question needs at least 2 options; it has 1"}])"));
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
  auto bad = with_token(t, "POST", "/api/admin/banks?format=xlsx", "x");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("error").at("message"), "format must be json, csv, gift or aiken (got 'xlsx')");
  auto no_id = with_token(t, "POST", "/api/admin/banks?format=csv", read_example("examples/demo.csv"));
  EXPECT_EQ(no_id.status, 422);
  EXPECT_EQ(json::parse(no_id.body).at("error").at("details")[0].at("message"),
            "the bank has no id: give one (--id, or ?id= when uploading)");
}

TEST_F(AdminApi, UnknownBankIsNotFound) {
  auto r = with_token(token(), "GET", "/api/admin/banks/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(json::parse(r.body).at("error").at("message"), "no bank 'nope'");
}

}  // namespace admin_api_test
