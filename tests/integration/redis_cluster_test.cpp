// Gateways and the CLI on a real three-primary Redis Cluster: contests whose
// keys live on different shards run from entry to verified results, pushes
// reach subscribers whatever shard published them, and a contest's slot moved
// to another primary in the middle of its round loses no answer.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <thread>

#include "clients.hpp"
#include "gateway_process.hpp"
#include "redis_topologies.hpp"
#include "test_time.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's.
namespace redis_cluster_test {

using namespace rq::test;
using nlohmann::json;

class Cluster : public ::testing::Test {
 protected:
  Cluster() {
    cli({"admin", "add", "btc"}, "mat-khau-ban-to-chuc\n");
    auto imported = cli({"bank", "import", (source_dir() / "question_banks" / "cchc-2021-2030.vi.json").string(), "--id",
                         "cchc-2021-2030"});
    EXPECT_EQ(imported.exit_code, 0) << imported.output;
    // One contest on each primary: a contest's keys share the hash tag of its id.
    std::set<std::size_t> shards;
    for (int i = 1; shards.size() < redis_.size() && i < 100; ++i) {
      auto id = "tinh-" + std::to_string(i);
      if (shards.insert(redis_.owner_of(redis_.slot_of("{" + id + "}"))).second) contests_.push_back(id);
    }
    EXPECT_EQ(contests_.size(), redis_.size());
    for (const auto& id : contests_) create_contest(id);
  }

  void create_contest(const std::string& id) {
    auto now = now_ms();
    json config = {{"id", id},
                   {"title", "Cuộc thi " + id},
                   {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                   {"units", {{{"id", "u1"}, {"name", "Sở Nội vụ"}}}},
                   {"rounds", {{{"id", "ky-1"}, {"title", "Kỳ 1"}, {"opens_at", iso_utc(now - 3600'000)},
                                {"closes_at", iso_utc(now + 86400'000)}, {"bank", "cchc-2021-2030"}, {"draw", {{"count", 5}}},
                                {"time_limit_s", 600}, {"attempts", 1},
                                {"prizes", {{{"category", "cbccvc"}, {"tiers", {{{"name", "Giải Nhất"}, {"count", 1}}}}}}}}}}};
    std::ofstream(dir_.path() / (id + ".json")) << config.dump();
    auto created = cli({"contest", "create", (dir_.path() / (id + ".json")).string()});
    EXPECT_EQ(created.exit_code, 0) << created.output;
  }

  // The CLI on the cluster, like the gateways.
  RunResult cli(std::vector<std::string> args, const std::string& input = {}) {
    args.insert(args.begin(), {cli_binary(), "--redis", redis_.url()});
    return run_command(args, input);
  }

  static std::string admin_token(GatewayProcess& g) {
    auto login = http_request(g.port(), "POST", "/api/admin/login", {}, R"({"username":"btc","password":"mat-khau-ban-to-chuc"})");
    EXPECT_EQ(login.status, 200) << login.body;
    return json::parse(login.body).value("token", "");
  }
  static HttpReply admin(GatewayProcess& g, const std::string& token, const std::string& target) {
    return http_request(g.port(), "POST", target, {{"Authorization", "Bearer " + token}}, "");
  }

  static void register_on(WsClient& ws, const std::string& contest, const std::string& phone, const std::string& name) {
    auto r = ws.request({{"type", "register"}, {"id", 1}, {"contest", contest},
                         {"profile", {{"name", name}, {"phone", phone}, {"birth_date", "1980-03-04"}, {"unit", "u1"},
                                      {"category", "cbccvc"}, {"password", "mat-khau-1"}}}});
    ASSERT_EQ(r.at("type"), "registered") << r.dump();
  }

  // The right options of a drawn question, read from the attempt in Redis as
  // only the organiser's side could (redis-cli -c finds the shard).
  json right_choices(const std::string& contest, const std::string& attempt, const std::string& question) {
    return split_choices(redis_.cli({"HGET", "rq:{" + contest + "}:attempt:" + attempt, "c:" + question}));
  }

  TempDir dir_;
  RedisClusterGroup redis_;
  std::vector<std::string> contests_;
};

TEST_F(Cluster, ContestsOnEveryShardRunFromEntryToVerifiedResults) {
  GatewayProcess gateway(redis_.url(), source_dir() / "web");
  GatewayProcess other(redis_.url(), source_dir() / "web");
  ASSERT_TRUE(other.wait_subscribed());
  auto token = admin_token(gateway);
  int person = 0;
  for (const auto& contest : contests_) {
    SCOPED_TRACE(contest + " on shard " + std::to_string(redis_.owner_of(redis_.slot_of("{" + contest + "}"))));
    // The watcher is on the other gateway: the pushes cross the cluster's pub/sub.
    WsClient watcher(other.port());
    ASSERT_EQ(watcher.request({{"type", "subscribe"}, {"id", 1}, {"contest", contest}}).at("type"), "subscribed");
    WsClient ws(gateway.port());
    register_on(ws, contest, "090500000" + std::to_string(++person), "Nguyễn Thị Hoa");
    auto attempt = ws.request({{"type", "attempt.start"}, {"id", 2}, {"round", "ky-1"}}).at("attempt");
    std::string id = attempt.at("id");
    for (const auto& q : attempt.at("questions")) {
      auto r = ws.request({{"type", "answer"}, {"id", 3}, {"attempt", id}, {"question", q.at("id")},
                           {"choices", right_choices(contest, id, q.at("id"))}});
      ASSERT_EQ(r.at("type"), "answered") << r.dump();
    }
    auto submitted = ws.request({{"type", "submit"}, {"id", 4}, {"attempt", id}});
    ASSERT_EQ(submitted.at("type"), "submitted") << submitted.dump();
    EXPECT_EQ(submitted.at("result").at("score"), 5);

    auto base = "/api/admin/contests/" + contest + "/rounds/ky-1/";
    ASSERT_EQ(admin(gateway, token, base + "close").status, 200);
    EXPECT_EQ(watcher.receive_json().at("type"), "round.closed");
    ASSERT_EQ(admin(gateway, token, base + "finalize").status, 200);
    ASSERT_EQ(admin(gateway, token, base + "publish").status, 200);
    auto pushed = watcher.receive_json();
    EXPECT_EQ(pushed.at("type"), "results.published");
    EXPECT_EQ(pushed.at("winners")[0].at("name"), "Nguyễn Thị Hoa");

    auto verified = cli({"results", "verify", contest, "ky-1"});
    EXPECT_EQ(verified.exit_code, 0) << verified.output;
    EXPECT_NE(verified.output.find("verified: 1 entries"), std::string::npos) << verified.output;
  }
}

TEST_F(Cluster, ASlotMovedToAnotherPrimaryMidRoundLosesNoAnswer) {
  GatewayProcess gateway(redis_.url(), source_dir() / "web", {"--redis-timeout-ms", "10000"});
  const auto& contest = contests_[0];
  auto slot = redis_.slot_of("{" + contest + "}");
  auto from = redis_.owner_of(slot);
  auto to = (from + 1) % redis_.size();

  WsClient ws(gateway.port());
  register_on(ws, contest, "0905100001", "Trần Văn Nam");
  auto attempt = ws.request({{"type", "attempt.start"}, {"id", 2}, {"round", "ky-1"}}).at("attempt");
  std::string id = attempt.at("id");
  auto questions = attempt.at("questions");
  auto answer = [&](std::size_t i) {
    auto q = questions[i];
    return ws.request({{"type", "answer"}, {"id", 3}, {"attempt", id}, {"question", q.at("id")},
                       {"choices", right_choices(contest, id, q.at("id"))}},
                      std::chrono::seconds(15));
  };
  ASSERT_EQ(answer(0).at("type"), "answered");

  // Half way through the migration the slot's keys are on two primaries:
  // Redis answers ASK for a key that moved and TRYAGAIN for a script whose
  // keys are split; the router follows the one and waits out the other.
  redis_.begin_migration(slot, to);
  redis_.migrate_keys(slot, 3);
  std::thread finisher([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    redis_.finish_migration(slot);
  });
  auto during = answer(1);
  finisher.join();
  EXPECT_EQ(during.at("type"), "answered") << during.dump();
  EXPECT_EQ(redis_.owner_of(slot), to);

  for (std::size_t i = 2; i < questions.size(); ++i) ASSERT_EQ(answer(i).at("type"), "answered") << i;
  auto submitted = ws.request({{"type", "submit"}, {"id", 4}, {"attempt", id}});
  ASSERT_EQ(submitted.at("type"), "submitted") << submitted.dump();
  EXPECT_EQ(submitted.at("result").at("score"), 5) << "every answer, before, during and after the move, counted";
  // The attempt now lives on the new primary only.
  EXPECT_EQ(redis_cli(redis_.port(to), {"EXISTS", "rq:{" + contest + "}:attempt:" + id}), "1");
  EXPECT_GE(metric(gateway.port(), "reformquiz_redis_cluster_redirects_total").value_or(0), 1);
  // The other contests never noticed.
  WsClient other(gateway.port());
  register_on(other, contests_[1], "0905100002", "Phạm Thu Trang");
  EXPECT_EQ(other.request({{"type", "attempt.start"}, {"id", 2}, {"round", "ky-1"}}).at("type"), "attempt");
}

}  // namespace redis_cluster_test
