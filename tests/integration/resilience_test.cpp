// Entries survive what production throws at them: deadlines that pass with
// nobody connected, a gateway killed with SIGKILL mid-attempt, and a Redis
// restart mid-round. Real processes, real signals, no fake clocks.
#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>
#include <thread>

#include "clients.hpp"
#include "gateway_process.hpp"
#include "redis_process.hpp"
#include "test_time.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace resilience_test {

using namespace rq::test;
using nlohmann::json;

class Resilience : public ::testing::Test {
 protected:
  Resilience() {
    auto run = [&](std::vector<std::string> args) {
      args.insert(args.begin(), {cli_binary(), "--redis", redis_.url()});
      auto r = run_command(args);
      EXPECT_EQ(r.exit_code, 0) << r.output;
    };
    run({"bank", "import", (source_dir() / "question_banks" / "cchc-2021-2030.vi.json").string(), "--id", "cchc-2021-2030"});
    auto now = now_ms();
    auto round = [&](const std::string& id, std::int64_t closes) {
      return json{{"id", id}, {"title", id}, {"opens_at", iso_utc(now - 3600'000)}, {"closes_at", iso_utc(closes)},
                  {"bank", "cchc-2021-2030"}, {"draw", {{"count", 5}}}, {"time_limit_s", 600}, {"attempts", 2},
                  {"prediction", {{"prompt", "Bao nhiêu bài thi?"}, {"target", "entries"}}}};
    };
    // "ngan" closes a few seconds from now; its attempts' deadline is that close.
    closes_soon_ = (now / 1000 + 5) * 1000;
    json config = {{"id", "c"},
                   {"title", "C"},
                   {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                   {"units", {{{"id", "u"}, {"name", "U"}}}},
                   {"rounds", {round("dai", now + 86400'000), round("ngan", closes_soon_)}}};
    std::ofstream(dir_.path() / "c.json") << config.dump();
    run({"contest", "create", (dir_.path() / "c.json").string()});
  }

  std::string register_on(WsClient& ws, const std::string& phone) {
    auto r = ws.request({{"type", "register"}, {"contest", "c"},
                         {"profile", {{"name", "Trần Thị Bình"}, {"phone", phone}, {"birth_date", "1985-01-02"},
                                      {"unit", "u"}, {"category", "cbccvc"}, {"password", "mat-khau-1"}}}});
    EXPECT_EQ(r.at("type"), "registered") << r.dump();
    return r.value("token", "");
  }

  TempDir dir_;
  RedisProcess redis_;
  std::int64_t closes_soon_ = 0;
};

TEST_F(Resilience, AnAttemptLeftOpenIsSubmittedAtItsDeadlineAndTheOwnerIsTold) {
  GatewayProcess gateway(redis_.url(), source_dir() / "web");
  WsClient ws(gateway.port());
  register_on(ws, "0901000001");
  auto attempt = ws.request({{"type", "attempt.start"}, {"round", "ngan"}}).at("attempt");
  auto q = attempt.at("questions")[0];
  ws.request({{"type", "answer"}, {"attempt", attempt.at("id")}, {"question", q.at("id")}, {"choices", {q.at("options")[0].at("id")}}});
  auto pushed = ws.receive_json(std::chrono::milliseconds(closes_soon_ - now_ms() + 3000));
  ASSERT_EQ(pushed.at("type"), "attempt.expired") << pushed.dump();
  EXPECT_FALSE(pushed.contains("id"));
  auto result = pushed.at("result");
  EXPECT_EQ(result.at("attempt"), attempt.at("id"));
  EXPECT_EQ(result.at("status"), "expired");
  EXPECT_EQ(result.at("submitted_at"), attempt.at("deadline"));
  EXPECT_LE(now_ms() - attempt.at("deadline").get<std::int64_t>(), 3000) << "closed on time, not much later";
}

TEST_F(Resilience, AGatewayKilledMidAttemptResumesWithTheSameDeadline) {
  std::string token, attempt_id, question;
  std::int64_t deadline = 0;
  json answered_choice;
  {
    GatewayProcess first(redis_.url(), source_dir() / "web");
    WsClient ws(first.port());
    token = register_on(ws, "0901000002");
    auto attempt = ws.request({{"type", "attempt.start"}, {"round", "dai"}}).at("attempt");
    attempt_id = attempt.at("id");
    deadline = attempt.at("deadline");
    question = attempt.at("questions")[0].at("id");
    answered_choice = attempt.at("questions")[0].at("options")[2].at("id");
    ASSERT_EQ(ws.request({{"type", "answer"}, {"attempt", attempt_id}, {"question", question}, {"choices", {answered_choice}}})
                  .at("type"),
              "answered");
    first.process().signal(SIGKILL);
    first.process().wait(std::chrono::seconds(5));
  }
  GatewayProcess second(redis_.url(), source_dir() / "web");
  WsClient ws(second.port());
  ASSERT_EQ(ws.request({{"type", "hello"}, {"token", token}}).at("type"), "welcome");
  auto resumed = ws.request({{"type", "attempt.start"}, {"round", "dai"}}).at("attempt");
  EXPECT_EQ(resumed.at("id"), attempt_id);
  EXPECT_EQ(resumed.at("deadline"), deadline);
  EXPECT_EQ(resumed.at("answers").at(question), json::array({answered_choice}));
}

TEST_F(Resilience, AnotherGatewayExpiresTheAttemptsOfADeadOneOnTime) {
  GatewayProcess survivor(redis_.url(), source_dir() / "web");
  std::string attempt_id, question;
  std::int64_t deadline = 0;
  {
    GatewayProcess doomed(redis_.url(), source_dir() / "web");
    WsClient ws(doomed.port());
    register_on(ws, "0901000003");
    auto attempt = ws.request({{"type", "attempt.start"}, {"round", "ngan"}}).at("attempt");
    attempt_id = attempt.at("id");
    deadline = attempt.at("deadline");
    question = attempt.at("questions")[0].at("id");
    ws.request({{"type", "answer"}, {"attempt", attempt_id}, {"question", question},
                {"choices", {attempt.at("questions")[0].at("options")[0].at("id")}}});
    doomed.process().signal(SIGKILL);
    doomed.process().wait(std::chrono::seconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(deadline - now_ms() + 1500));
  auto key = "rq:{c}:attempt:" + attempt_id;
  EXPECT_NE(redis_.command("HGET " + key + " status").find("expired"), std::string::npos);
  EXPECT_NE(redis_.command("HGET " + key + " submitted_at").find(std::to_string(deadline)), std::string::npos);
  EXPECT_NE(redis_.command("HGET " + key + " a:" + question).find("$"), std::string::npos) << "the answer is kept";
  EXPECT_NE(redis_.command("SISMEMBER rq:{c}:round:ngan:entries " + attempt_id).find(":1"), std::string::npos);
}

TEST_F(Resilience, ARedisRestartMidRoundLosesNothingAcknowledged) {
  GatewayProcess gateway(redis_.url(), source_dir() / "web");
  WsClient ws(gateway.port());
  auto token = register_on(ws, "0901000004");
  auto attempt = ws.request({{"type", "attempt.start"}, {"round", "dai"}}).at("attempt");
  std::map<std::string, json> chosen;
  for (const auto& q : attempt.at("questions")) {
    auto choice = q.at("options")[1].at("id");
    auto r = ws.request({{"type", "answer"}, {"attempt", attempt.at("id")}, {"question", q.at("id")}, {"choices", {choice}}});
    ASSERT_EQ(r.at("type"), "answered");  // acknowledged
    chosen[q.at("id")] = json::array({choice});
  }
  redis_.stop();
  auto during = ws.request({{"type", "attempt.start"}, {"id", 5}, {"round", "dai"}});
  EXPECT_EQ(during.at("code"), "unavailable") << "a clear error while the store is down, not a hang";
  redis_.start();
  ASSERT_TRUE(eventually(std::chrono::seconds(10), [&] { return http_get(gateway.port(), "/healthz").status == 200; }));
  auto resumed = ws.request({{"type", "attempt.start"}, {"round", "dai"}}).at("attempt");
  EXPECT_EQ(resumed.at("id"), attempt.at("id"));
  EXPECT_EQ(resumed.at("deadline"), attempt.at("deadline"));
  for (const auto& [q, c] : chosen) EXPECT_EQ(resumed.at("answers").at(q), c) << q;
}

TEST_F(Resilience, ARedisKilledMidRoundLosesNothingAcknowledged) {
  // SIGKILL: Redis gets no chance to flush or rewrite anything. What it
  // acknowledged it had written to its append-only file first, which the
  // kernel keeps when the process dies.
  GatewayProcess gateway(redis_.url(), source_dir() / "web");
  WsClient ws(gateway.port());
  auto token = register_on(ws, "0901000005");
  auto attempt = ws.request({{"type", "attempt.start"}, {"round", "dai"}}).at("attempt");
  std::map<std::string, json> chosen;
  for (int pass = 0; pass < 3; ++pass) {  // every answer changed twice: the last one counts
    for (const auto& q : attempt.at("questions")) {
      auto choice = q.at("options")[pass].at("id");
      auto r = ws.request({{"type", "answer"}, {"attempt", attempt.at("id")}, {"question", q.at("id")}, {"choices", {choice}}});
      ASSERT_EQ(r.at("type"), "answered");
      chosen[q.at("id")] = json::array({choice});
    }
  }
  ASSERT_EQ(ws.request({{"type", "prediction"}, {"attempt", attempt.at("id")}, {"prediction", 321}}).at("type"),
            "prediction.saved");
  WsClient other(gateway.port());
  auto other_token = register_on(other, "0901000006");
  auto done = other.request({{"type", "attempt.start"}, {"round", "dai"}}).at("attempt");
  auto submitted = other.request({{"type", "submit"}, {"attempt", done.at("id")}, {"prediction", 5}});
  ASSERT_EQ(submitted.at("type"), "submitted");
  redis_.crash();  // right after the last acknowledgement

  redis_.start();
  ASSERT_TRUE(eventually(std::chrono::seconds(10), [&] { return http_get(gateway.port(), "/healthz").status == 200; }));
  auto resumed = ws.request({{"type", "attempt.start"}, {"round", "dai"}}).at("attempt");
  EXPECT_EQ(resumed.at("id"), attempt.at("id"));
  EXPECT_EQ(resumed.at("deadline"), attempt.at("deadline"));
  EXPECT_EQ(resumed.at("prediction").at("value"), 321);
  for (const auto& [q, c] : chosen) EXPECT_EQ(resumed.at("answers").at(q), c) << q;
  // The other person's account and submitted result are there too.
  WsClient again(gateway.port());
  ASSERT_EQ(again.request({{"type", "hello"}, {"token", other_token}}).at("type"), "welcome");
  auto repeat = again.request({{"type", "submit"}, {"attempt", done.at("id")}});
  EXPECT_EQ(repeat.at("result"), submitted.at("result"));
}

}  // namespace resilience_test
