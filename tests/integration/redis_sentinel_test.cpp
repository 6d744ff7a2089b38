// Gateways and the CLI behind Redis Sentinel: they ask the Sentinels for the
// primary, follow a failover (the pub/sub subscriber too), and with
// --redis-wait-replicas an answer is acknowledged only once a replica has it,
// so the failover loses nothing acknowledged. Real primary, replica and
// three Sentinels; the failover is a SIGKILL of the primary.
#include <gtest/gtest.h>

#include <fstream>

#include "clients.hpp"
#include "gateway_process.hpp"
#include "redis_topologies.hpp"
#include "test_time.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's.
namespace redis_sentinel_test {

using namespace rq::test;
using nlohmann::json;

class Sentinel : public ::testing::Test {
 protected:
  Sentinel() {
    cli({"admin", "add", "btc"}, "mat-khau-ban-to-chuc\n");
    cli({"bank", "import", (source_dir() / "question_banks" / "cchc-2021-2030.vi.json").string(), "--id", "cchc-2021-2030"});
    auto now = now_ms();
    json config = {{"id", "c"},
                   {"title", "Cuộc thi"},
                   {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                   {"units", {{{"id", "u1"}, {"name", "Sở Nội vụ"}}}},
                   {"rounds", {{{"id", "ky-1"}, {"title", "Kỳ 1"}, {"opens_at", iso_utc(now - 3600'000)},
                                {"closes_at", iso_utc(now + 86400'000)}, {"bank", "cchc-2021-2030"}, {"draw", {{"count", 5}}},
                                {"time_limit_s", 600}, {"attempts", 1}}}}};
    std::ofstream(dir_.path() / "c.json") << config.dump();
    auto created = cli({"contest", "create", (dir_.path() / "c.json").string()});
    EXPECT_EQ(created.exit_code, 0) << created.output;
  }

  // The CLI, through the Sentinels like the gateways.
  RunResult cli(std::vector<std::string> args, const std::string& input = {}) {
    args.insert(args.begin(), {cli_binary(), "--redis", redis_.url()});
    return run_command(args, input);
  }

  void register_on(WsClient& ws, const std::string& phone) {
    auto r = ws.request({{"type", "register"}, {"id", 1}, {"contest", "c"},
                         {"profile", {{"name", "Lê Văn Hải"}, {"phone", phone}, {"birth_date", "1980-03-04"}, {"unit", "u1"},
                                      {"category", "cbccvc"}, {"password", "mat-khau-1"}}}});
    ASSERT_EQ(r.at("type"), "registered") << r.dump();
  }

  // A request as a contestant's page makes it: sent again while the store is
  // unavailable (a failover in progress), until it gets another answer.
  static json request_until_available(WsClient& ws, const json& request) {
    json reply;
    eventually(std::chrono::seconds(30), [&] {
      reply = ws.request(request);
      return reply.value("code", "") != "unavailable";
    });
    return reply;
  }

  TempDir dir_;
  SentinelGroup redis_;
};

TEST_F(Sentinel, AnAnswerAcknowledgedBeforeAFailoverIsThereAfterIt) {
  GatewayProcess gateway(redis_.url(), source_dir() / "web", {"--redis-wait-replicas", "1"});
  GatewayProcess other(redis_.url(), source_dir() / "web");
  ASSERT_TRUE(other.wait_subscribed());
  WsClient watcher(other.port());
  ASSERT_EQ(watcher.request({{"type", "subscribe"}, {"id", 1}, {"contest", "c"}}).at("type"), "subscribed");

  WsClient ws(gateway.port());
  register_on(ws, "0904000001");
  auto attempt = ws.request({{"type", "attempt.start"}, {"id", 2}, {"round", "ky-1"}}).at("attempt");
  std::map<std::string, json> chosen;
  auto questions = attempt.at("questions");
  for (std::size_t i = 0; i < 3; ++i) {
    auto q = questions[i];
    auto choice = q.at("options")[1].at("id");
    auto r = ws.request({{"type", "answer"}, {"id", 3}, {"attempt", attempt.at("id")}, {"question", q.at("id")}, {"choices", {choice}}});
    ASSERT_EQ(r.at("type"), "answered") << r.dump();
    chosen[q.at("id")] = json::array({choice});
  }
  auto old_primary = redis_.primary_port();
  auto new_primary = redis_.fail_over();  // right after the last acknowledgement
  ASSERT_NE(new_primary, old_primary);

  // The new primary has no replica yet: a change cannot be confirmed, so
  // none is acknowledged (docs/deploy.md: run two replicas to keep writing
  // through a failover with --redis-wait-replicas 1).
  auto unconfirmed = ws.request({{"type", "answer"}, {"id", 7}, {"attempt", attempt.at("id")},
                                 {"question", questions[0].at("id")}, {"choices", chosen[questions[0].at("id")]}});
  EXPECT_EQ(unconfirmed.value("code", ""), "unavailable") << unconfirmed.dump();
  redis_.rejoin();  // the old primary comes back as the new one's replica

  // The gateway moved to the new primary: the entry carries on with every
  // acknowledged answer in it, and the rest of it is accepted.
  auto resumed = request_until_available(ws, {{"type", "attempt.start"}, {"id", 4}, {"round", "ky-1"}});
  ASSERT_EQ(resumed.at("type"), "attempt") << resumed.dump();
  EXPECT_EQ(resumed.at("attempt").at("id"), attempt.at("id"));
  EXPECT_EQ(resumed.at("attempt").at("deadline"), attempt.at("deadline"));
  for (const auto& [q, c] : chosen) EXPECT_EQ(resumed.at("attempt").at("answers").at(q), c) << q;
  for (std::size_t i = 3; i < questions.size(); ++i) {
    auto q = questions[i];
    auto r = request_until_available(ws, {{"type", "answer"}, {"id", 5}, {"attempt", attempt.at("id")}, {"question", q.at("id")},
                                          {"choices", {q.at("options")[0].at("id")}}});
    EXPECT_EQ(r.at("type"), "answered") << r.dump();
  }
  auto submitted = request_until_available(ws, {{"type", "submit"}, {"id", 6}, {"attempt", attempt.at("id")}});
  ASSERT_EQ(submitted.at("type"), "submitted") << submitted.dump();
  EXPECT_EQ(submitted.at("result").at("status"), "submitted");
  EXPECT_EQ(submitted.at("result").at("total"), 5);

  // The subscriber of the other gateway moved too: an organiser's close on
  // the new primary reaches the watcher.
  auto login = http_request(gateway.port(), "POST", "/api/admin/login", {},
                            R"({"username":"btc","password":"mat-khau-ban-to-chuc"})");
  ASSERT_EQ(login.status, 200) << login.body;
  auto token = json::parse(login.body).at("token").get<std::string>();
  auto closed = http_request(gateway.port(), "POST", "/api/admin/contests/c/rounds/ky-1/close",
                             {{"Authorization", "Bearer " + token}}, "");
  ASSERT_EQ(closed.status, 200) << closed.body;
  json pushed;
  ASSERT_TRUE(eventually(std::chrono::seconds(10), [&] {
    auto frame = watcher.receive(std::chrono::milliseconds(200));
    if (frame) pushed = json::parse(*frame);
    return pushed.value("type", "") == "round.closed";
  })) << pushed.dump();

  // And the CLI finds the new primary through the same Sentinels.
  auto listed = cli({"bank", "list"});
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find("cchc-2021-2030"), std::string::npos) << listed.output;
}

TEST_F(Sentinel, WithWaitReplicasAnAnswerNoReplicaConfirmedIsNotAcknowledged) {
  GatewayProcess gateway(redis_.url(), source_dir() / "web",
                         {"--redis-wait-replicas", "1", "--redis-wait-timeout-ms", "300"});
  WsClient ws(gateway.port());
  register_on(ws, "0904000002");
  if (HasFailure()) std::cerr << gateway.log();
  auto attempt = ws.request({{"type", "attempt.start"}, {"id", 2}, {"round", "ky-1"}}).at("attempt");
  auto q = attempt.at("questions")[0];
  json answer = {{"type", "answer"}, {"id", 3}, {"attempt", attempt.at("id")}, {"question", q.at("id")},
                 {"choices", {q.at("options")[2].at("id")}}};

  redis_.replica().pause();  // the replica stops acknowledging what it receives
  auto refused = ws.request(answer);
  EXPECT_EQ(refused.at("type"), "error") << refused.dump();
  EXPECT_EQ(refused.at("code"), "unavailable") << "not acknowledged: the page keeps it and sends it again";
  EXPECT_GE(metric(gateway.port(), "reformquiz_redis_unconfirmed_writes_total").value_or(0), 1);

  redis_.replica().resume();
  auto again = ws.request(answer);
  EXPECT_EQ(again.at("type"), "answered") << again.dump();
}

}  // namespace redis_sentinel_test
