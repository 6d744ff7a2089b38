// A contestant's way through a round over real WebSocket and Redis:
// register, log in elsewhere, start, answer, submit; and the rules each step
// enforces by the server clock.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <thread>

#include "answer_scan.hpp"
#include "core/security/tokens.hpp"
#include "clients.hpp"
#include "gateway_process.hpp"
#include "redis_process.hpp"
#include "test_time.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace entry_flow_test {

using namespace rq::test;
using nlohmann::json;

json round_config(const std::string& id, std::int64_t opens, std::int64_t closes, int attempts = 2) {
  return {{"id", id},
          {"title", "Kỳ " + id},
          {"opens_at", iso_utc(opens)},
          {"closes_at", iso_utc(closes)},
          {"bank", "cchc-2021-2030"},
          {"draw", {{"count", 10}, {"by_topic", {{"mot-cua", 2}}}}},
          {"time_limit_s", 600},
          {"attempts", attempts},
          {"prediction", {{"prompt", "Bao nhiêu bài thi đúng tất cả?"}, {"target", "perfect_entries"}}}};
}

json profile(const std::string& phone, const std::string& name = "Nguyễn Văn An") {
  return {{"name", name},       {"phone", phone},       {"birth_date", "1990-05-17"}, {"unit", "so-noi-vu"},
          {"category", "cbccvc"}, {"password", "mat-khau-1"}};
}

// Three questions whose author always put the right option first, as GIFT
// authors do (`=` first): in the bank it is always "a".
json small_bank() {
  auto q = [](const std::string& id, const std::string& text, std::vector<std::string> options, json correct) {
    json opts = json::array();
    for (std::size_t i = 0; i < options.size(); ++i) opts.push_back({{"id", std::string(1, char('a' + i))}, {"text", options[i]}});
    return json{{"id", id}, {"topic", "chung"}, {"text", text}, {"options", opts}, {"correct", correct},
                {"explanation", "Giải thích của câu " + id + " không bao giờ đến máy thí sinh."}};
  };
  return {{"id", "thoi-quen"}, {"title", "Thói quen của tác giả"}, {"language", "vi"},
          {"topics", {{{"id", "chung"}, {"name", "Chung"}}}},
          {"questions", {q("tq-1", "Bộ phận Một cửa đặt ở đâu?", {"Trụ sở Ủy ban nhân dân", "Nhà văn hóa", "Bưu điện", "Chợ"}, {"a"}),
                         q("tq-2", "Ai ký quyết định?", {"Chủ tịch", "Thư ký", "Bảo vệ", "Khách"}, {"a"}),
                         q("tq-3", "Những gì là dịch vụ công trực tuyến? (chọn 2)",
                           {"Cấp giấy phép lái xe", "Đăng ký khai sinh", "Mua vé số", "Xem phim"}, {"a", "b"})}}};
}

class EntryFlow : public ::testing::Test {
 protected:
  EntryFlow() : gateway_(redis_.url(), source_dir() / "web") {
    auto bank = cli({"bank", "import", (source_dir() / "question_banks" / "cchc-2021-2030.vi.json").string(), "--id",
                     "cchc-2021-2030"});
    EXPECT_EQ(bank.exit_code, 0) << bank.output;
    TempDir banks;
    std::ofstream(banks.path() / "small.json") << small_bank().dump();
    EXPECT_EQ(cli({"bank", "import", (banks.path() / "small.json").string(), "--id", "thoi-quen"}).exit_code, 0);
    auto now = now_ms();
    json small_round = round_config("thoi-quen", now - 3600'000, now + 86400'000, 3);
    small_round["bank"] = "thoi-quen";
    small_round["draw"] = {{"count", 3}};
    json config = {{"id", "cchc-2026"},
                   {"title", "Cuộc thi 2026"},
                   {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}, {{"id", "nhan-dan"}, {"name", "Nhân dân"}}}},
                   {"units", {{{"id", "so-noi-vu"}, {"name", "Sở Nội vụ"}, {"headcount", 100}}}},
                   {"rounds",
                    {round_config("ky-1", now - 3600'000, now + 86400'000),
                     round_config("ky-2", now + 86400'000, now + 2 * 86400'000),
                     round_config("mot-luot", now - 3600'000, now + 86400'000, 1),
                     round_config("sap-dong", now - 3600'000, now + 4000), small_round}}};
    TempDir dir;
    std::ofstream(dir.path() / "contest.json") << config.dump();
    auto created = cli({"contest", "create", (dir.path() / "contest.json").string()});
    EXPECT_EQ(created.exit_code, 0) << created.output;
  }
  RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {cli_binary(), "--redis", redis_.url()});
    return run_command(args);
  }
  // A connection the fixture keeps, so that TearDown scans everything it
  // received for answer data.
  WsClient& connect() {
    clients_.push_back(std::make_unique<WsClient>(gateway_.port()));
    return *clients_.back();
  }
  // A connected contestant, registered with this phone.
  WsClient* contestant(const std::string& phone, std::string* token = nullptr) {
    auto& ws = connect();
    auto r = ws.request({{"type", "register"}, {"id", 1}, {"contest", "cchc-2026"}, {"profile", profile(phone)}});
    EXPECT_EQ(r.at("type"), "registered") << r.dump();
    if (token) *token = r.value("token", "");
    return &ws;
  }
  // Nothing about a right answer in any field of any frame any of this
  // test's contestants received (the contest is never published here).
  void TearDown() override {
    auto scan = AnswerLeakScan::of_file(source_dir() / "question_banks" / "cchc-2021-2030.vi.json");
    for (const auto& c : clients_) scan.check_all(c->received());
    auto small = AnswerLeakScan(small_bank());
    for (const auto& c : clients_) small.check_all(c->received());
  }
  json start(WsClient& ws, const std::string& round = "ky-1") {
    auto r = ws.request({{"type", "attempt.start"}, {"id", 2}, {"round", round}});
    expect_no_answers(r);
    return r;
  }

  RedisProcess redis_;
  GatewayProcess gateway_;
  std::vector<std::unique_ptr<WsClient>> clients_;
};

TEST_F(EntryFlow, RegisterStartAnswerAndSubmitGivesAScore) {
  auto ws = contestant("0901234567");
  auto started = start(*ws);
  ASSERT_EQ(started.at("type"), "attempt") << started.dump();
  auto attempt = started.at("attempt");
  ASSERT_EQ(attempt.at("questions").size(), 10u);
  EXPECT_EQ(attempt.at("number"), 1);
  EXPECT_EQ(attempt.at("deadline").get<std::int64_t>() - attempt.at("started_at").get<std::int64_t>(), 600'000);
  EXPECT_NEAR(started.at("server_time").get<double>(), static_cast<double>(now_ms()), 5000.0);
  EXPECT_EQ(attempt.at("prediction").at("prompt"), "Bao nhiêu bài thi đúng tất cả?");
  for (const auto& q : attempt.at("questions")) {
    auto answered = ws->request({{"type", "answer"}, {"id", 3}, {"attempt", attempt.at("id")}, {"question", q.at("id")},
                                 {"choices", {q.at("options")[0].at("id")}}});
    EXPECT_EQ(answered.at("type"), "answered") << answered.dump();
  }
  auto submitted = ws->request({{"type", "submit"}, {"id", 4}, {"attempt", attempt.at("id")}, {"prediction", 12}});
  ASSERT_EQ(submitted.at("type"), "submitted") << submitted.dump();
  auto result = submitted.at("result");
  EXPECT_EQ(result.at("max_score"), 10);
  EXPECT_EQ(result.at("total"), 10);
  EXPECT_GE(result.at("score").get<int>(), 0);
  EXPECT_EQ(result.at("attempts_left"), 1);
  EXPECT_EQ(result.at("best"), true);
  EXPECT_EQ(result.at("prediction"), 12);
  EXPECT_EQ(result.at("status"), "submitted");
}

TEST_F(EntryFlow, EveryProfileProblemIsReportedAtItsField) {
  auto& ws = connect();
  auto bad = profile("12345");
  bad["unit"] = "khong-co";
  auto r = ws.request({{"type", "register"}, {"id", 1}, {"contest", "cchc-2026"}, {"profile", bad}});
  EXPECT_EQ(r.at("code"), "invalid_profile");
  std::set<std::string> fields;
  for (const auto& d : r.at("details")) fields.insert(d.at("field"));
  EXPECT_EQ(fields, (std::set<std::string>{"phone", "unit"}));
}

TEST_F(EntryFlow, OneAccountPerPhoneWhateverItsSpelling) {
  contestant("0901234567");
  auto& again = connect();
  auto r = again.request({{"type", "register"}, {"id", 1}, {"contest", "cchc-2026"}, {"profile", profile("+84 90 123 4567")}});
  EXPECT_EQ(r.at("code"), "already_registered");
  EXPECT_EQ(r.at("field"), "phone");
}

TEST_F(EntryFlow, LoginOnAnotherDeviceAndHelloWithTheToken) {
  std::string token;
  contestant("0912345678", &token);
  auto& phone = connect();
  auto wrong = phone.request({{"type", "login"}, {"id", 1}, {"contest", "cchc-2026"}, {"phone", "0912345678"}, {"password", "sai-mat-khau"}});
  EXPECT_EQ(wrong.at("code"), "invalid_credentials");
  auto logged = phone.request({{"type", "login"}, {"id", 2}, {"contest", "cchc-2026"}, {"phone", "091.234.5678"}, {"password", "mat-khau-1"}});
  EXPECT_EQ(logged.at("type"), "registered") << logged.dump();
  auto& tablet = connect();
  auto welcome = tablet.request({{"type", "hello"}, {"id", 3}, {"token", token}});
  EXPECT_EQ(welcome.at("type"), "welcome") << welcome.dump();
  EXPECT_EQ(welcome.at("participant").at("name"), "Nguyễn Văn An");
  EXPECT_EQ(welcome.at("protocol"), 1);
}

TEST_F(EntryFlow, TwoStartsAtTheSameMomentGiveOneAttempt) {
  std::string token;
  auto first = contestant("0987654321", &token);
  auto& second = connect();
  second.request({{"type", "hello"}, {"token", token}});
  ASSERT_TRUE(first->send_json({{"type", "attempt.start"}, {"id", 1}, {"round", "ky-1"}}));
  ASSERT_TRUE(second.send_json({{"type", "attempt.start"}, {"id", 1}, {"round", "ky-1"}}));
  auto a = first->receive_json();
  auto b = second.receive_json();
  ASSERT_EQ(a.at("type"), "attempt") << a.dump();
  ASSERT_EQ(b.at("type"), "attempt") << b.dump();
  EXPECT_EQ(a.at("attempt").at("id"), b.at("attempt").at("id"));
  EXPECT_EQ(a.at("attempt").at("questions"), b.at("attempt").at("questions"));
}

TEST_F(EntryFlow, ResumingReturnsTheSameAttemptWithItsAnswers) {
  auto ws = contestant("0977777777");
  auto attempt = start(*ws).at("attempt");
  auto q = attempt.at("questions")[0];
  ws->request({{"type", "answer"}, {"attempt", attempt.at("id")}, {"question", q.at("id")}, {"choices", {q.at("options")[1].at("id")}}});
  auto again = start(*ws).at("attempt");
  EXPECT_EQ(again.at("id"), attempt.at("id"));
  EXPECT_EQ(again.at("deadline"), attempt.at("deadline"));
  EXPECT_EQ(again.at("answers").at(q.at("id").get<std::string>()), json::array({q.at("options")[1].at("id")}));
}

TEST_F(EntryFlow, NobodyAnswersOrSubmitsAnotherPersonsAttempt) {
  auto owner = contestant("0966666666");
  auto attempt = start(*owner).at("attempt");
  auto other = contestant("0955555555");
  auto q = attempt.at("questions")[0];
  auto answer = other->request({{"type", "answer"}, {"id", 1}, {"attempt", attempt.at("id")}, {"question", q.at("id")},
                                {"choices", {q.at("options")[0].at("id")}}});
  EXPECT_EQ(answer.at("code"), "forbidden");
  auto submit = other->request({{"type", "submit"}, {"id", 2}, {"attempt", attempt.at("id")}});
  EXPECT_EQ(submit.at("code"), "forbidden");
}

TEST_F(EntryFlow, SubmittingTwiceReturnsTheSameResult) {
  auto ws = contestant("0944444444");
  auto attempt = start(*ws).at("attempt");
  auto first = ws->request({{"type", "submit"}, {"id", 1}, {"attempt", attempt.at("id")}, {"prediction", 3}});
  auto second = ws->request({{"type", "submit"}, {"id", 2}, {"attempt", attempt.at("id")}, {"prediction", 99}});
  ASSERT_EQ(first.at("type"), "submitted");
  EXPECT_EQ(first.at("result"), second.at("result"));
}

TEST_F(EntryFlow, AnsweringAfterSubmitIsAttemptClosed) {
  auto ws = contestant("0933333333");
  auto attempt = start(*ws).at("attempt");
  ws->request({{"type", "submit"}, {"attempt", attempt.at("id")}});
  auto q = attempt.at("questions")[0];
  auto r = ws->request({{"type", "answer"}, {"id", 1}, {"attempt", attempt.at("id")}, {"question", q.at("id")},
                        {"choices", {q.at("options")[0].at("id")}}});
  EXPECT_EQ(r.at("code"), "attempt_closed");
}

TEST_F(EntryFlow, AnOptionThatIsNotTheQuestionsIsInvalidChoice) {
  auto ws = contestant("0922222222");
  auto attempt = start(*ws).at("attempt");
  auto r = ws->request({{"type", "answer"}, {"id", 1}, {"attempt", attempt.at("id")},
                        {"question", attempt.at("questions")[0].at("id")}, {"choices", {"z"}}});
  EXPECT_EQ(r.at("code"), "invalid_choice");
}

TEST_F(EntryFlow, TheRoundsCloseIsTheDeadlineAndLateAnswersAreRefused) {
  auto ws = contestant("0911111111");
  auto started = start(*ws, "sap-dong");
  ASSERT_EQ(started.at("type"), "attempt") << started.dump();
  auto attempt = started.at("attempt");
  // The round closes about 4 s after the fixture started: earlier than start + 600 s.
  EXPECT_LT(attempt.at("deadline").get<std::int64_t>() - attempt.at("started_at").get<std::int64_t>(), 5000);
  auto q = attempt.at("questions")[0];
  ws->request({{"type", "answer"}, {"attempt", attempt.at("id")}, {"question", q.at("id")}, {"choices", {q.at("options")[0].at("id")}}});
  std::this_thread::sleep_for(std::chrono::milliseconds(attempt.at("deadline").get<std::int64_t>() - now_ms() + 300));
  auto late = ws->request({{"type", "answer"}, {"id", 9}, {"attempt", attempt.at("id")}, {"question", q.at("id")},
                           {"choices", {q.at("options")[1].at("id")}}});
  EXPECT_EQ(late.at("code"), "attempt_closed");
  // The sweeper closed it at the deadline and told this session.
  ASSERT_EQ(ws->pushes().size(), 1u);
  EXPECT_EQ(ws->pushes()[0].at("type"), "attempt.expired");
  auto submitted = ws->request({{"type", "submit"}, {"id", 10}, {"attempt", attempt.at("id")}});
  ASSERT_EQ(submitted.at("type"), "submitted") << submitted.dump();
  EXPECT_EQ(submitted.at("result").at("status"), "expired");
  EXPECT_EQ(submitted.at("result").at("submitted_at"), attempt.at("deadline"));
  auto restart = start(*ws, "sap-dong");  // id 2
  EXPECT_EQ(restart.at("code"), "round_not_open");
}

TEST_F(EntryFlow, NoMoreAttemptsThanTheRoundAllows) {
  auto ws = contestant("0900000001");
  auto attempt = start(*ws, "mot-luot").at("attempt");
  ws->request({{"type", "submit"}, {"attempt", attempt.at("id")}});
  EXPECT_EQ(start(*ws, "mot-luot").at("code"), "attempt_limit_reached");
}

TEST_F(EntryFlow, ARoundThatHasNotOpenedRefusesToStart) {
  auto ws = contestant("0900000002");
  EXPECT_EQ(start(*ws, "ky-2").at("code"), "round_not_open");
}

TEST_F(EntryFlow, StartingNeedsAParticipant) {
  auto& ws = connect();
  EXPECT_EQ(ws.request({{"type", "attempt.start"}, {"id", 1}, {"round", "ky-1"}}).at("code"), "unauthorized");
}

TEST_F(EntryFlow, ABankReplacedMidRoundLeavesStartedAttemptsAlone) {
  auto ws = contestant("0900000003");
  auto attempt = start(*ws).at("attempt");
  // A new version of the bank, with every question's text changed.
  std::ifstream in(source_dir() / "question_banks" / "cchc-2021-2030.vi.json");
  auto bank = json::parse(in);
  for (auto& q : bank["questions"]) q["text"] = "Đã sửa: " + q["text"].get<std::string>();
  TempDir dir;
  std::ofstream(dir.path() / "v2.json") << bank.dump();
  ASSERT_EQ(cli({"bank", "import", (dir.path() / "v2.json").string(), "--id", "cchc-2021-2030"}).exit_code, 0);
  auto resumed = start(*ws).at("attempt");
  EXPECT_EQ(resumed.at("questions"), attempt.at("questions"));
  auto other = contestant("0900000004");
  auto fresh = start(*other).at("attempt");
  EXPECT_EQ(fresh.at("questions")[0].at("text").get<std::string>().rfind("Đã sửa: ", 0), 0u);
}

TEST_F(EntryFlow, FailedLoginsAreLimitedPerPhone) {
  contestant("0900000005");
  auto& ws = connect();
  for (int i = 0; i < 10; ++i) {
    auto r = ws.request({{"type", "login"}, {"id", i}, {"contest", "cchc-2026"}, {"phone", "0900000005"}, {"password", "sai-" + std::to_string(i)}});
    EXPECT_EQ(r.at("code"), "invalid_credentials");
  }
  auto limited = ws.request({{"type", "login"}, {"id", 99}, {"contest", "cchc-2026"}, {"phone", "0900000005"}, {"password", "mat-khau-1"}});
  EXPECT_EQ(limited.at("code"), "rate_limited");
}

TEST_F(EntryFlow, APredictionMustBeAWholeNumberInRange) {
  auto ws = contestant("0900000006");
  auto attempt = start(*ws).at("attempt");
  for (json bad : {json(-1), json(2.5), json("12"), json(1'000'000'001)}) {
    auto r = ws->request({{"type", "submit"}, {"id", 7}, {"attempt", attempt.at("id")}, {"prediction", bad}});
    EXPECT_EQ(r.at("code"), "invalid_prediction") << bad.dump();
    EXPECT_EQ(r.at("field"), "prediction");
  }
  auto ok = ws->request({{"type", "submit"}, {"id", 8}, {"attempt", attempt.at("id")}, {"prediction", 0}});
  EXPECT_EQ(ok.at("type"), "submitted");
}

TEST_F(EntryFlow, RegistrationClosesWithTheContestsLastRound) {
  auto now = now_ms();
  json config = {{"id", "da-xong"},
                 {"title", "Đã xong"},
                 {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                 {"units", {{{"id", "so-noi-vu"}, {"name", "Sở Nội vụ"}}}},
                 {"rounds", {round_config("ky-1", now - 2 * 86400'000, now - 86400'000)}}};
  TempDir dir;
  std::ofstream(dir.path() / "c.json") << config.dump();
  ASSERT_EQ(cli({"contest", "create", (dir.path() / "c.json").string()}).exit_code, 0);
  auto& ws = connect();
  auto r = ws.request({{"type", "register"}, {"id", 1}, {"contest", "da-xong"}, {"profile", profile("0900000007")}});
  EXPECT_EQ(r.at("code"), "registration_closed");
}

TEST_F(EntryFlow, APageThatReloadsFindsItsRunningAttemptAndCountedResultThroughEntries) {
  std::string token;
  auto ws = contestant("0901234599", &token);
  auto empty = ws->request({{"type", "entries"}, {"id", 1}, {"contest", "cchc-2026"}});
  ASSERT_EQ(empty.at("type"), "entries") << empty.dump();
  ASSERT_EQ(empty.at("rounds").size(), 5u);
  EXPECT_EQ(empty.at("rounds")[0],
            json({{"round", "ky-1"}, {"attempts_used", 0}, {"attempts_left", 2}, {"running", nullptr}, {"counted", nullptr}}));

  auto first = start(*ws).at("attempt");
  ws->request({{"type", "submit"}, {"id", 2}, {"attempt", first.at("id")}, {"prediction", 7}});
  auto second = start(*ws).at("attempt");

  // Another connection with the same token (a reloaded page) sees both.
  auto& reloaded = connect();
  ASSERT_EQ(reloaded.request({{"type", "hello"}, {"id", 1}, {"token", token}}).at("type"), "welcome");
  auto entries = reloaded.request({{"type", "entries"}, {"id", 2}, {"contest", "cchc-2026"}});
  const auto& ky1 = entries.at("rounds")[0];
  EXPECT_EQ(ky1.at("attempts_used"), 2);
  EXPECT_EQ(ky1.at("attempts_left"), 0);
  EXPECT_EQ(ky1.at("running"), json({{"attempt", second.at("id")}, {"deadline", second.at("deadline")}}));
  EXPECT_EQ(ky1.at("counted").at("attempt"), first.at("id"));
  EXPECT_EQ(ky1.at("counted").at("status"), "submitted");
  EXPECT_EQ(ky1.at("counted").at("score"), 0);
  EXPECT_EQ(ky1.at("counted").at("prediction"), 7);
  EXPECT_EQ(ky1.at("counted").at("best"), true);
  expect_no_answers(entries);

  // Resuming gives the same attempt and deadline, never a third attempt.
  auto resumed = reloaded.request({{"type", "attempt.start"}, {"id", 3}, {"round", "ky-1"}}).at("attempt");
  EXPECT_EQ(resumed.at("id"), second.at("id"));
  EXPECT_EQ(resumed.at("deadline"), second.at("deadline"));
}

TEST_F(EntryFlow, EntriesAreOnlyForAParticipantOfThatContest) {
  auto& visitor = connect();
  EXPECT_EQ(visitor.request({{"type", "entries"}, {"id", 1}, {"contest", "cchc-2026"}}).at("code"), "unauthorized");
  auto ws = contestant("0901234598");
  EXPECT_EQ(ws->request({{"type", "entries"}, {"id", 2}, {"contest", "another"}}).at("code"), "forbidden");
  EXPECT_EQ(ws->request({{"type", "entries"}, {"id", 3}}).at("code"), "bad_request");
}

TEST_F(EntryFlow, OptionsAreShownUnderIdsOfTheAttemptsOwnThatTellNothingOfTheBank) {
  auto one = start(*contestant("0901111001"), "thoi-quen").at("attempt");
  auto two = start(*contestant("0901111002"), "thoi-quen").at("attempt");
  std::map<std::string, std::set<std::string>> ids_of_one;
  for (const auto& q : one.at("questions")) {
    for (const auto& o : q.at("options")) ids_of_one[q.at("id")].insert(o.at("id").get<std::string>());
  }
  ASSERT_EQ(ids_of_one.size(), 3u);
  for (const auto& q : two.at("questions")) {
    std::set<std::string> seen;
    for (const auto& o : q.at("options")) {
      auto id = o.at("id").get<std::string>();
      EXPECT_EQ(id.size(), 6u) << id;
      EXPECT_EQ(id.find_first_not_of("abcdefghijkmnpqrstuvwxyz23456789"), std::string::npos) << id;
      // Not the bank's "a"…"d", and not the other attempt's id for the same question.
      EXPECT_EQ(ids_of_one[q.at("id")].count(id), 0u) << id;
      seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 4u);
  }
}

TEST_F(EntryFlow, TheRightOptionsChosenByTheirTextScoreEveryQuestion) {
  // The mapping back to the bank's ids is the server's: choosing the options
  // whose texts are the right ones scores 3 of 3.
  auto bank = small_bank();
  std::map<std::string, std::set<std::string>> right_texts;
  for (const auto& q : bank.at("questions")) {
    for (const auto& c : q.at("correct")) {
      for (const auto& o : q.at("options")) {
        if (o.at("id") == c) right_texts[q.at("id")].insert(o.at("text").get<std::string>());
      }
    }
  }
  auto ws = contestant("0901111003");
  auto attempt = start(*ws, "thoi-quen").at("attempt");
  for (const auto& q : attempt.at("questions")) {
    json choices = json::array();
    for (const auto& o : q.at("options")) {
      if (right_texts[q.at("id")].count(o.at("text").get<std::string>())) choices.push_back(o.at("id"));
    }
    EXPECT_EQ(q.at("multiple"), choices.size() > 1);
    auto r = ws->request({{"type", "answer"}, {"id", 5}, {"attempt", attempt.at("id")}, {"question", q.at("id")},
                          {"choices", choices}});
    ASSERT_EQ(r.at("type"), "answered") << r.dump();
  }
  auto submitted = ws->request({{"type", "submit"}, {"id", 6}, {"attempt", attempt.at("id")}});
  EXPECT_EQ(submitted.at("result").at("score"), 3) << submitted.dump();
  // The bank's own ids are not choices of this attempt.
  auto other = start(*ws, "thoi-quen").at("attempt");
  auto q = other.at("questions")[0];
  auto bank_id = ws->request({{"type", "answer"}, {"id", 7}, {"attempt", other.at("id")}, {"question", q.at("id")},
                              {"choices", {"a"}}});
  EXPECT_EQ(bank_id.at("code"), "invalid_choice");
}

TEST_F(EntryFlow, ThePredictionIsKeptAsTypedAndAnExpiredAttemptKeepsIt) {
  auto ws = contestant("0901111004");
  auto attempt = start(*ws, "sap-dong").at("attempt");
  auto id = attempt.at("id");
  EXPECT_EQ(attempt.at("prediction").at("value"), nullptr);
  auto saved = ws->request({{"type", "prediction"}, {"id", 3}, {"attempt", id}, {"prediction", 41}});
  EXPECT_EQ(saved, json({{"type", "prediction.saved"}, {"id", 3}, {"attempt", id}, {"prediction", 41}}));
  // Typed again: the last one stands; a reload shows it.
  ws->request({{"type", "prediction"}, {"id", 4}, {"attempt", id}, {"prediction", 42}});
  EXPECT_EQ(start(*ws, "sap-dong").at("attempt").at("prediction").at("value"), 42);
  auto bad = ws->request({{"type", "prediction"}, {"id", 5}, {"attempt", id}, {"prediction", -1}});
  EXPECT_EQ(bad.at("code"), "invalid_prediction");
  // Nobody else's guess lands on this attempt.
  auto other = contestant("0901111005")->request({{"type", "prediction"}, {"id", 1}, {"attempt", id}, {"prediction", 1}});
  EXPECT_EQ(other.at("code"), "forbidden");
  // The round closes; the sweeper submits the attempt as it stands, guess included.
  auto expired = ws->receive_json(std::chrono::seconds(8));
  ASSERT_EQ(expired.at("type"), "attempt.expired") << expired.dump();
  EXPECT_EQ(expired.at("result").at("prediction"), 42);
  auto late = ws->request({{"type", "prediction"}, {"id", 6}, {"attempt", id}, {"prediction", 7}});
  EXPECT_EQ(late.at("code"), "attempt_closed");
}

TEST_F(EntryFlow, ASubmitWithoutAPredictionTakesTheOneKept) {
  auto ws = contestant("0901111006");
  auto attempt = start(*ws).at("attempt");
  ws->request({{"type", "prediction"}, {"id", 3}, {"attempt", attempt.at("id")}, {"prediction", 250}});
  auto submitted = ws->request({{"type", "submit"}, {"id", 4}, {"attempt", attempt.at("id")}});
  EXPECT_EQ(submitted.at("result").at("prediction"), 250);
}

TEST_F(EntryFlow, GuessesSentAtTheSameMomentCannotPassTheFailureLimitOfAPhone) {
  contestant("0901111007");
  // Two phones' worth of guesses at once: 2 × 14 logins sent without waiting.
  std::vector<WsClient*> guessers{&connect(), &connect()};
  for (int i = 0; i < 14; ++i) {
    for (int g = 0; g < 2; ++g) {
      ASSERT_TRUE(guessers[g]->send_json({{"type", "login"}, {"id", i}, {"contest", "cchc-2026"},
                                          {"phone", "0901111007"}, {"password", "doan-" + std::to_string(i)}}));
    }
  }
  std::map<std::string, int> codes;
  for (auto* g : guessers) {
    for (int i = 0; i < 14; ++i) ++codes[g->receive_json(std::chrono::seconds(10)).value("code", "?")];
  }
  // Exactly the limit (10) reached the password check; the rest were turned away before it.
  EXPECT_EQ(codes["invalid_credentials"], 10);
  EXPECT_EQ(codes["rate_limited"], 18);
}

TEST_F(EntryFlow, FailedLoginsCountPerAddressWithinTheContestOnly) {
  contestant("0901111008");
  auto& ws = connect();
  ws.request({{"type", "login"}, {"id", 1}, {"contest", "cchc-2026"}, {"phone", "0901111008"}, {"password", "sai-roi"}});
  EXPECT_EQ(redis_.command("GET rq:{cchc-2026}:login-fail:addr:127.0.0.1"), "$1\r\n1\r\n");
  EXPECT_EQ(redis_.command("EXISTS rq:login-fail:addr:127.0.0.1"), ":0\r\n");
}

TEST_F(EntryFlow, ALoginForAnUnknownPhoneIsCheckedAgainstADecoyLikeAKnownOne) {
  auto verified = [&] { return metric(gateway_.port(), "reformquiz_password_jobs_total{kind=\"verify\"}").value_or(-1); };
  double before = verified();
  auto& ws = connect();
  auto unknown = ws.request({{"type", "login"}, {"id", 1}, {"contest", "cchc-2026"}, {"phone", "0909999999"},
                             {"password", "mat-khau-1"}});
  EXPECT_EQ(unknown.at("code"), "invalid_credentials");
  EXPECT_EQ(verified(), before + 1) << "an unknown phone must cost a password check too";
}

TEST_F(EntryFlow, AFlowThatFailsOnTheWayAnswersInternalAndTheGatewayGoesOn) {
  std::string token;
  contestant("0901111009", &token);
  // A session whose stored value names a participant id no key can hold
  // (as a corrupted store would): the flow throws on the way.
  redis_.command("SET rq:ptoken:" + rq::core::sha256_hex(token) + " \"cchc-2026 Not/An/Id\"");
  auto& ws = connect();
  auto r = ws.request({{"type", "hello"}, {"id", 1}, {"token", token}});
  EXPECT_EQ(r.at("type"), "error");
  EXPECT_EQ(r.at("code"), "internal");
  EXPECT_EQ(ws.request({{"type", "hello"}, {"id", 2}}).at("type"), "welcome");
  EXPECT_EQ(http_get(gateway_.port(), "/healthz").status, 200);
  bool logged = false;
  for (const auto& line : gateway_.log_lines()) logged |= line.value("msg", "") == "a handler failed; the gateway goes on";
  EXPECT_TRUE(logged);
}

TEST_F(EntryFlow, AnAnswerRepeatedAsItStandsWritesNoNewEvent) {
  auto ws = contestant("0901111010");
  auto attempt = start(*ws).at("attempt");
  auto q = attempt.at("questions")[0];
  json answer = {{"type", "answer"}, {"id", 3}, {"attempt", attempt.at("id")}, {"question", q.at("id")},
                 {"choices", {q.at("options")[0].at("id")}}};
  ASSERT_EQ(ws->request(answer).at("type"), "answered");
  auto events = redis_.command("XLEN rq:{cchc-2026}:events");
  for (int i = 0; i < 3; ++i) ASSERT_EQ(ws->request(answer).at("type"), "answered");
  EXPECT_EQ(redis_.command("XLEN rq:{cchc-2026}:events"), events);
  // A different choice is a change, and an event.
  answer["choices"] = {q.at("options")[1].at("id")};
  ASSERT_EQ(ws->request(answer).at("type"), "answered");
  EXPECT_NE(redis_.command("XLEN rq:{cchc-2026}:events"), events);
}

TEST_F(EntryFlow, WithSeveralGatewaysAnExpiredAttemptIsAnnouncedOnce) {
  // Three gateways sweep the same deadlines; the contestant has a session on two.
  GatewayProcess second(redis_.url(), source_dir() / "web");
  GatewayProcess third(redis_.url(), source_dir() / "web");
  std::string token;
  auto here = contestant("0901111011", &token);
  WsClient there(second.port());
  ASSERT_EQ(there.request({{"type", "hello"}, {"id", 1}, {"token", token}}).at("type"), "welcome");
  auto attempt = start(*here, "sap-dong").at("attempt");
  auto wait = std::chrono::milliseconds(attempt.at("deadline").get<std::int64_t>() - now_ms() + 2500);
  auto count_expired = [&](WsClient& ws) {
    int n = 0;
    auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      auto frame = ws.receive(std::chrono::milliseconds(100));
      if (frame && json::parse(*frame).value("type", "") == "attempt.expired") ++n;
    }
    return n;
  };
  EXPECT_EQ(count_expired(*here), 1);
  EXPECT_EQ(count_expired(there), 1);
}

}  // namespace entry_flow_test
