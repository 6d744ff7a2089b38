// From entries to published winners over the protocol: close, finalize,
// publish, the pushes subscribers get, the public and organiser views, and
// the exclusion list at work.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <thread>

#include "results_fixture.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace results_flow_test {

using namespace rq::test;
using nlohmann::json;

class ResultsFlow : public results_fixture::ResultsFixture {};

TEST_F(ResultsFlow, ARoundGoesFromEntriesToPublishedWinners) {
  WsClient watcher(gateway_.port());
  auto subscribed = watcher.request({{"type", "subscribe"}, {"id", 1}, {"contest", "c"}});
  ASSERT_EQ(subscribed.at("type"), "subscribed") << subscribed.dump();
  EXPECT_EQ(subscribed.at("contest").at("rounds")[0].at("status"), "open");

  auto excluded = enter("0903000003", "Lê Văn Cấm", 0, 3);   // fastest, but on the exclusion list
  auto first = enter("0903000001", "Phạm Thị Một", 300, 3);   // exact prediction
  auto second = enter("0903000002", "Hoàng Văn Hai", 0, 10);  // faster, but a worse prediction
  for (const auto& f : frames_) expect_no_answers(f);

  EXPECT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize").status, 409) << "still open";
  EXPECT_EQ(first->request({{"type", "results"}, {"id", 9}, {"contest", "c"}, {"round", "ky-1"}}).at("code"), "not_published");
  EXPECT_EQ(http_get(gateway_.port(), "/api/contests/c/rounds/ky-1/results").status, 404);

  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/close").status, 200);
  auto closed = watcher.receive_json();
  EXPECT_EQ(closed, json({{"type", "round.closed"}, {"contest", "c"}, {"round", "ky-1"}}));

  auto draft = admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize");
  ASSERT_EQ(draft.status, 200) << draft.body;
  auto d = json::parse(draft.body);
  EXPECT_EQ(d.at("true_value"), 3);
  EXPECT_EQ(d.at("summary").at("perfect_entries").at("count"), 3);
  ASSERT_EQ(d.at("winners").size(), 2u);
  EXPECT_EQ(d.at("winners")[0].at("name"), "Phạm Thị Một");
  EXPECT_EQ(d.at("winners")[0].at("prize"), "Giải Nhất");
  EXPECT_EQ(d.at("winners")[1].at("name"), "Hoàng Văn Hai");
  EXPECT_EQ(d.at("winners")[1].at("prize"), "Giải Nhì");
  EXPECT_EQ(d.at("ranking").size(), 3u);
  EXPECT_EQ(json::parse(admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize").body).at("ranking"), d.at("ranking"))
      << "finalizing twice gives the same result";

  auto publish = admin("POST", "/api/admin/contests/c/rounds/ky-1/publish");
  ASSERT_EQ(publish.status, 200);
  auto pushed = watcher.receive_json();
  EXPECT_EQ(pushed.at("type"), "results.published");
  EXPECT_EQ(pushed.at("published_at"), json::parse(publish.body).at("published_at"));
  EXPECT_EQ(pushed.at("winners"), d.at("winners"));
  EXPECT_EQ(pushed.at("winners")[0].at("phone"), "090****001");
  EXPECT_EQ(pushed.dump().find("0903000001"), std::string::npos) << "no full phone in public results";

  auto pub = json::parse(http_get(gateway_.port(), "/api/contests/c/rounds/ky-1/results").body);
  EXPECT_EQ(pub.at("winners"), d.at("winners"));
  EXPECT_FALSE(pub.contains("ranking"));
  auto mine = first->request({{"type", "results"}, {"id", 10}, {"contest", "c"}, {"round", "ky-1"}});
  EXPECT_EQ(mine.at("you").at("rank"), 2);  // behind the excluded entrant, who ranks but cannot win
  EXPECT_EQ(mine.at("you").at("prize"), "Giải Nhất");
}

TEST_F(ResultsFlow, TheOrganisersRankingDownloadsAsExcelFriendlyCsv) {
  enter("0903000001", "Phạm Thị Một", 0, 1);
  admin("POST", "/api/admin/contests/c/rounds/ky-1/close");
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize").status, 200);
  auto csv = admin("GET", "/api/admin/contests/c/rounds/ky-1/results?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.body.find("rank,prize,name,unit,category,phone"), std::string::npos);
  // The phone stays text in Excel, leading zero included.
  EXPECT_NE(csv.body.find("1,Giải Nhất,Phạm Thị Một,u1,cbccvc,\"=\"\"0903000001\"\"\","), std::string::npos) << csv.body;
}

TEST_F(ResultsFlow, PublishingBeforeFinalizingIsRefused) {
  admin("POST", "/api/admin/contests/c/rounds/ky-1/close");
  auto refused = admin("POST", "/api/admin/contests/c/rounds/ky-1/publish");
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(json::parse(refused.body).at("error").at("code"), "not_finalized");
}

TEST_F(ResultsFlow, ClosingARoundEndsItsRunningAttemptsAndStartsNoMore) {
  WsClient ws(gateway_.port());
  register_on(ws, "0903000009", "Ngô Văn Chậm");
  auto attempt = ws.request({{"type", "attempt.start"}, {"id", 2}, {"round", "ky-1"}}).at("attempt");
  auto closed = json::parse(admin("POST", "/api/admin/contests/c/rounds/ky-1/close").body);
  EXPECT_EQ(closed.at("cut_short"), 1);
  auto expired = ws.receive_json(std::chrono::seconds(3));
  EXPECT_EQ(expired.at("type"), "attempt.expired");
  // The attempt ends when the close reaches it (a moment after the round
  // stops taking starts), and the audit stream says when.
  std::int64_t ended = expired.at("result").at("submitted_at");
  EXPECT_GE(ended, closed.at("closed_at").get<std::int64_t>());
  EXPECT_LT(ended, closed.at("closed_at").get<std::int64_t>() + 1000);
  auto events = redis_.command("XREVRANGE rq:{c}:events + - COUNT 3");
  auto cut = events.find("attempts.cut_short");
  ASSERT_NE(cut, std::string::npos) << events;
  EXPECT_NE(events.find("$" + std::to_string(std::to_string(ended).size()) + "\r\n" + std::to_string(ended), cut), std::string::npos)
      << events;
  EXPECT_EQ(ws.request({{"type", "attempt.start"}, {"id", 3}, {"round", "ky-1"}}).at("code"), "round_not_open");
}

TEST_F(ResultsFlow, APublishedResultVerifiesAgainstTheStoredAttemptsAndTamperingIsNamed) {
  enter("0903000001", "Phạm Thị Một", 0, 3);
  enter("0903000002", "Hoàng Văn Hai", 0, 4);
  admin("POST", "/api/admin/contests/c/rounds/ky-1/close");
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize").status, 200);
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/publish").status, 200);
  auto ok = cli({"results", "verify", "c", "ky-1"});
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_EQ(ok.output, "verified: 2 entries drawn and scored again, the ranking of 2 people and 2 prizes match the published results of c/ky-1\n");

  // Someone lowers a stored score behind the system's back.
  auto members = redis_.command("SMEMBERS rq:{c}:round:ky-1:entries");
  auto start = members.find("$20\r\n");
  ASSERT_NE(start, std::string::npos) << members;
  std::string attempt = members.substr(start + 5, 20);
  redis_.command("HSET rq:{c}:attempt:" + attempt + " score 1");
  auto bad = cli({"results", "verify", "c", "ky-1"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("attempt " + attempt + ": stored score 1, the stored answers score 5"), std::string::npos)
      << bad.output;
  EXPECT_NE(bad.output.find("DIFFERENT: "), std::string::npos);
  redis_.command("HSET rq:{c}:attempt:" + attempt + " score 5");

  // Someone moves a right answer: the seed and the bank version say otherwise.
  auto qids = redis_.command("HGET rq:{c}:attempt:" + attempt + " qids");
  auto q = qids.substr(qids.find('\n') + 1);
  q = q.substr(0, q.find(','));
  auto shown = redis_.command("HGET rq:{c}:attempt:" + attempt + " o:" + q);
  auto other = shown.substr(shown.find('\n') + 1, 6);
  auto right = redis_.command("HGET rq:{c}:attempt:" + attempt + " c:" + q);
  auto was = right.substr(right.find('\n') + 1, right.find('\r', right.find('\n')) - right.find('\n') - 1);
  redis_.command("HSET rq:{c}:attempt:" + attempt + " c:" + q + " " + (other == was ? shown.substr(shown.find(',') + 1, 6) : other));
  auto moved = cli({"results", "verify", "c", "ky-1"});
  EXPECT_EQ(moved.exit_code, 1);
  EXPECT_NE(moved.output.find("attempt " + attempt + ", question " + q +
                              ": the stored options or right answers are not those its seed and bank version give"),
            std::string::npos)
      << moved.output;
  redis_.command("HSET rq:{c}:attempt:" + attempt + " c:" + q + " " + was);

  // Someone edits what the public reads.
  redis_.command("SET rq:{c}:round:ky-1:public '{\"round\":\"ky-1\",\"summary\":{},\"winners\":[],\"collective\":[]}'");
  auto edited = cli({"results", "verify", "c", "ky-1"});
  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_NE(edited.output.find("public results: winners: published 0 items, recomputed 2"), std::string::npos)
      << edited.output;
}

TEST_F(ResultsFlow, TheOrganisersRankingDownloadsAsAnExcelWorkbook) {
  enter("0903000001", "Phạm Thị Một", 0, 1);
  admin("POST", "/api/admin/contests/c/rounds/ky-1/close");
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize").status, 200);
  auto xlsx = admin("GET", "/api/admin/contests/c/rounds/ky-1/results?format=xlsx");
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_EQ(xlsx.headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_NE(xlsx.body.find("xl/worksheets/sheet1.xml"), std::string::npos);
}

TEST_F(ResultsFlow, EveryStateChangeAndOrganiserActionIsInTheAuditStream) {
  enter("0903000001", "Phạm Thị Một", 0, 1);
  admin("POST", "/api/admin/contests/c/rounds/ky-1/close");
  admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize");
  admin("POST", "/api/admin/contests/c/rounds/ky-1/publish");
  auto stream = redis_.command("XRANGE rq:{c}:events - +");
  std::vector<std::string> types;
  for (std::size_t pos = stream.find("type\r\n"); pos != std::string::npos; pos = stream.find("type\r\n", pos + 1)) {
    auto value = stream.find("\r\n", pos + 6);
    auto end = stream.find("\r\n", value + 2);
    types.push_back(stream.substr(value + 2, end - value - 2));
  }
  std::vector<std::string> expected{"contest.created", "registered", "attempt.started"};
  for (int i = 0; i < 5; ++i) expected.push_back("answered");
  for (const char* t : {"attempt.submitted", "round.closed", "round.finalized", "results.published"}) expected.push_back(t);
  EXPECT_EQ(types, expected) << stream;
}

TEST_F(ResultsFlow, PushesReachSubscribersOnEveryGateway) {
  GatewayProcess other(redis_.url(), source_dir() / "web");
  for (auto* g : {&gateway_, &other}) ASSERT_TRUE(g->wait_subscribed());
  WsClient watcher(other.port());  // on the gateway the organiser does not use
  ASSERT_EQ(watcher.request({{"type", "subscribe"}, {"id", 1}, {"contest", "c"}}).at("type"), "subscribed");
  enter("0903000001", "Phạm Thị Một", 0, 1);
  admin("POST", "/api/admin/contests/c/rounds/ky-1/close");
  EXPECT_EQ(watcher.receive_json().at("type"), "round.closed");
  admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize");
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/publish").status, 200);
  auto pushed = watcher.receive_json();
  EXPECT_EQ(pushed.at("type"), "results.published");
  EXPECT_EQ(pushed.at("winners")[0].at("name"), "Phạm Thị Một");
}

TEST_F(ResultsFlow, TheDashboardCountsRegisteredEntrantsRunningAndSubmittedEntries) {
  auto stats = [&] { return json::parse(admin("GET", "/api/admin/contests/c/rounds/ky-1/stats").body); };
  auto before = stats();
  EXPECT_EQ(before.at("status"), "open");
  for (const char* k : {"registered", "entrants", "started", "running", "submitted"}) EXPECT_EQ(before.at(k), 0) << k;
  EXPECT_EQ(before.at("finalized"), false);
  EXPECT_TRUE(before.at("closed_at").is_null());
  EXPECT_TRUE(before.at("published_at").is_null());

  auto a = enter("0903000001", "Phạm Thị Một", 0, 3);
  auto b = enter("0903000002", "Hoàng Văn Hai", 0, 4);
  WsClient slow(gateway_.port());
  slow.request({{"type", "register"}, {"id", 1}, {"contest", "c"},
                {"profile", {{"name", "Ngô Văn Chậm"}, {"phone", "0903000009"}, {"birth_date", "1980-03-04"},
                             {"unit", "u1"}, {"category", "cbccvc"}, {"password", "mat-khau-1"}}}});
  WsClient visitor(gateway_.port());  // registered, never starts
  visitor.request({{"type", "register"}, {"id", 1}, {"contest", "c"},
                   {"profile", {{"name", "Đỗ Thị Xem"}, {"phone", "0903000010"}, {"birth_date", "1980-03-04"},
                                {"unit", "u1"}, {"category", "cbccvc"}, {"password", "mat-khau-1"}}}});
  slow.request({{"type", "attempt.start"}, {"id", 2}, {"round", "ky-1"}});
  auto during = stats();
  EXPECT_EQ(during.at("registered"), 4);
  EXPECT_EQ(during.at("entrants"), 3);
  EXPECT_EQ(during.at("started"), 3);
  EXPECT_EQ(during.at("running"), 1);
  EXPECT_EQ(during.at("submitted"), 2);

  admin("POST", "/api/admin/contests/c/rounds/ky-1/close");
  EXPECT_EQ(slow.receive_json(std::chrono::seconds(3)).at("type"), "attempt.expired");
  auto closed = stats();
  EXPECT_EQ(closed.at("status"), "closed");
  EXPECT_EQ(closed.at("running"), 0);
  EXPECT_EQ(closed.at("submitted"), 3);
  EXPECT_TRUE(closed.at("closed_at").is_number());

  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize").status, 200);
  EXPECT_EQ(stats().at("finalized"), true);
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/publish").status, 200);
  EXPECT_TRUE(stats().at("published_at").is_number());
  EXPECT_EQ(admin("GET", "/api/admin/contests/c/rounds/nope/stats").status, 404);
  EXPECT_EQ(http_request(gateway_.port(), "GET", "/api/admin/contests/c/rounds/ky-1/stats").status, 401);
}

TEST_F(ResultsFlow, AnEarlyCloseAndAPublicationShowInThePublicViews) {
  auto round = [&] { return json::parse(http_get(gateway_.port(), "/api/contests/c").body).at("rounds")[0]; };
  EXPECT_EQ(round().at("status"), "open");
  EXPECT_TRUE(round().at("closed_at").is_null());
  EXPECT_TRUE(round().at("published_at").is_null());

  auto closed = json::parse(admin("POST", "/api/admin/contests/c/rounds/ky-1/close").body);
  EXPECT_EQ(round().at("status"), "closed");
  EXPECT_EQ(round().at("closed_at"), closed.at("closed_at"));
  WsClient ws(gateway_.port());
  auto subscribed = ws.request({{"type", "subscribe"}, {"id", 1}, {"contest", "c"}});
  EXPECT_EQ(subscribed.at("contest").at("rounds")[0].at("status"), "closed");

  admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize");
  auto published = json::parse(admin("POST", "/api/admin/contests/c/rounds/ky-1/publish").body);
  EXPECT_EQ(round().at("published_at"), published.at("published_at"));
  auto listed = json::parse(http_get(gateway_.port(), "/api/contests").body).at("contests")[0].at("rounds")[0];
  EXPECT_EQ(listed.at("published_at"), published.at("published_at"));
  EXPECT_EQ(listed.at("status"), "closed");
}

TEST_F(ResultsFlow, FinalizeReadsEveryEntryOfARoundLargerThanOneReadBatch) {
  // Finalize reads entries in batches of 1,000: 101 people with 10 attempts
  // each make 1,010 entries, two batches, and every one must count once.
  auto now = now_ms();
  json config = {{"id", "lon"},
                 {"title", "Cuộc thi đông người"},
                 {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                 {"units", {{{"id", "u1"}, {"name", "Sở Nội vụ"}, {"headcount", 200}}}},
                 {"rounds", {{{"id", "ky-1"}, {"title", "Kỳ 1"}, {"opens_at", iso_utc(now - 60'000)},
                              {"closes_at", iso_utc(now + 3600'000)}, {"bank", "cchc-2021-2030"},
                              {"draw", {{"count", 1}}}, {"time_limit_s", 600}, {"attempts", 10},
                              {"prizes", {{{"category", "cbccvc"}, {"tiers", {{{"name", "Giải Nhất"}, {"count", 1}}}}}}}}}}};
  TempDir dir;
  std::ofstream(dir.path() / "lon.json") << config.dump();
  ASSERT_EQ(cli({"contest", "create", (dir.path() / "lon.json").string()}).exit_code, 0);

  constexpr int kPeople = 101, kAttempts = 10;
  for (int p = 0; p < kPeople; ++p) {
    WsClient ws(gateway_.port());  // each person on their own phone, within its request budget
    char phone[16];
    std::snprintf(phone, sizeof phone, "0905%06d", p);
    // Names hold letters only: "Nguyễn Văn Aa", "Nguyễn Văn Ab", …
    std::string name = "Nguyễn Văn " + std::string{static_cast<char>('A' + p / 26), static_cast<char>('a' + p % 26)};
    auto registered = ws.request({{"type", "register"}, {"id", 1}, {"contest", "lon"},
                                  {"profile", {{"name", name}, {"phone", phone},
                                               {"birth_date", "1980-03-04"}, {"unit", "u1"}, {"category", "cbccvc"},
                                               {"password", "mat-khau-1"}}}});
    ASSERT_EQ(registered.at("type"), "registered") << registered.dump();
    for (int a = 0; a < kAttempts; ++a) {
      auto attempt = ws.request({{"type", "attempt.start"}, {"id", 2}, {"round", "ky-1"}}).at("attempt");
      auto submitted = ws.request({{"type", "submit"}, {"id", 3}, {"attempt", attempt.at("id")}});
      ASSERT_EQ(submitted.at("type"), "submitted") << submitted.dump();
    }
  }
  ASSERT_EQ(admin("POST", "/api/admin/contests/lon/rounds/ky-1/close").status, 200);
  auto draft = admin("POST", "/api/admin/contests/lon/rounds/ky-1/finalize");
  ASSERT_EQ(draft.status, 200) << draft.body;
  auto d = json::parse(draft.body);
  EXPECT_EQ(d.at("summary").at("entries"), kPeople * kAttempts);
  EXPECT_EQ(d.at("summary").at("entrants"), kPeople);
  ASSERT_EQ(d.at("ranking").size(), static_cast<std::size_t>(kPeople));
  std::set<std::string> names;
  for (const auto& line : d.at("ranking")) {
    names.insert(line.at("name").get<std::string>());
    EXPECT_EQ(line.at("attempts_used"), kAttempts) << line.dump();
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(kPeople));
}

TEST_F(ResultsFlow, PublicResultsNeverReadTheFullRankingAndAreKeptInMemoryOnceRead) {
  auto person = enter("0903000001", "Phạm Thị Một", 0, 3);
  auto other = enter("0903000002", "Hoàng Văn Hai", 0, 4);
  admin("POST", "/api/admin/contests/c/rounds/ky-1/close");
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize").status, 200);
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/publish").status, 200);
  // The whole document, with every phone and ID, is the organiser's only:
  // with it gone, public results still answer, from their own part.
  redis_.command("DEL rq:{c}:round:ky-1:published");
  auto http = http_get(gateway_.port(), "/api/contests/c/rounds/ky-1/results");
  ASSERT_EQ(http.status, 200) << http.body;
  auto pub = json::parse(http.body);
  EXPECT_EQ(pub.at("round"), "ky-1");
  EXPECT_EQ(pub.at("winners").size(), 2u);
  auto mine = person->request({{"type", "results"}, {"id", 10}, {"contest", "c"}, {"round", "ky-1"}});
  EXPECT_EQ(mine.at("type"), "results");
  EXPECT_EQ(mine.at("id"), 10);
  EXPECT_EQ(mine.at("winners"), pub.at("winners"));
  EXPECT_EQ(mine.at("summary"), pub.at("summary"));
  EXPECT_EQ(mine.at("you").at("rank"), 1);
  EXPECT_EQ(mine.at("you").at("prize"), "Giải Nhất");
  // A visitor gets the same without `you`.
  WsClient visitor(gateway_.port());
  auto theirs = visitor.request({{"type", "results"}, {"id", 11}, {"contest", "c"}, {"round", "ky-1"}});
  EXPECT_FALSE(theirs.contains("you"));
  EXPECT_EQ(theirs.at("winners"), pub.at("winners"));
  // Read from Redis once; every later read from memory.
  EXPECT_EQ(metric(gateway_.port(), "reformquiz_results_reads_total{from=\"redis\"}"), 1);
  EXPECT_EQ(metric(gateway_.port(), "reformquiz_results_reads_total{from=\"memory\"}"), 2);
}

TEST_F(ResultsFlow, FinalizeRightAfterACloseExpiresTheAttemptsStillRunningItself) {
  WsClient ws(gateway_.port());
  register_on(ws, "0903000009", "Ngô Văn Chậm");
  auto attempt = ws.request({{"type", "attempt.start"}, {"id", 2}, {"round", "ky-1"}}).at("attempt");
  ws.request({{"type", "prediction"}, {"id", 3}, {"attempt", attempt.at("id")}, {"prediction", 7}});
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/close").status, 200);
  // No waiting for a sweeper: finalize closes the running attempt itself.
  auto draft = admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize");
  ASSERT_EQ(draft.status, 200) << draft.body;
  auto ranking = json::parse(draft.body).at("ranking");
  ASSERT_EQ(ranking.size(), 1u);
  EXPECT_EQ(ranking[0].at("attempt"), attempt.at("id"));
  // The guess kept as it was typed ranks with the expired attempt.
  EXPECT_EQ(ranking[0].at("prediction"), 7);
  // Its owner was told, once, whoever closed it.
  auto expired = ws.receive_json(std::chrono::seconds(3));
  EXPECT_EQ(expired.at("type"), "attempt.expired");
  EXPECT_EQ(expired.at("result").at("prediction"), 7);
  EXPECT_FALSE(ws.receive(std::chrono::milliseconds(800)).has_value());
}

TEST_F(ResultsFlow, TheAuditStreamLeavesRedisForAFileCheckedFirstAndResultsStillVerify) {
  enter("0903000001", "Phạm Thị Một", 0, 1);
  enter("0903000002", "Hoàng Văn Hai", 0, 2);
  admin("POST", "/api/admin/contests/c/rounds/ky-1/close");
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize").status, 200);
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/publish").status, 200);
  auto events = redis_.command("XLEN rq:{c}:events");
  // created, 2 × (registered, started, 5 answers, submitted), closed, finalized, published
  ASSERT_EQ(events, ":20\r\n");
  TempDir dir;
  auto file = (dir.path() / "c-audit.jsonl").string();
  auto archived = cli({"audit", "archive", "c", file, "--by", "btc"});
  ASSERT_EQ(archived.exit_code, 0) << archived.output;
  EXPECT_NE(archived.output.find("archived 20 events of c ("), std::string::npos) << archived.output;
  EXPECT_NE(archived.output.find("; 20 trimmed from Redis"), std::string::npos) << archived.output;
  // Every event is in the file, in order, as JSON lines.
  std::ifstream in(file);
  std::vector<std::string> types;
  for (std::string line; std::getline(in, line);) {
    auto e = json::parse(line);
    EXPECT_TRUE(e.at("id").is_string());
    types.push_back(e.at("type"));
  }
  ASSERT_EQ(types.size(), 20u);
  EXPECT_EQ(types.front(), "contest.created");
  EXPECT_EQ(types.back(), "results.published");
  // Redis keeps one event: where the others went.
  EXPECT_EQ(redis_.command("XLEN rq:{c}:events"), ":1\r\n");
  auto left = redis_.command("XRANGE rq:{c}:events - +");
  EXPECT_NE(left.find("audit.archived"), std::string::npos) << left;
  EXPECT_NE(left.find("btc"), std::string::npos) << left;
  // The published result still verifies from the stored attempts.
  auto verified = cli({"results", "verify", "c", "ky-1"});
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  // An archive never overwrites a file; the next one takes what came since.
  auto again = cli({"audit", "archive", "c", file});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(again.output, "reformquiz: " + file + " exists; archive to a new file (nothing was changed)\n");
  auto next = cli({"audit", "archive", "c", (dir.path() / "c-audit-2.jsonl").string()});
  EXPECT_EQ(next.exit_code, 0) << next.output;
  EXPECT_NE(next.output.find("archived 1 events of c"), std::string::npos) << next.output;
}

TEST_F(ResultsFlow, AnHttpRouteThatFailsOnTheWayAnswers500AndTheGatewayGoesOn) {
  enter("0903000001", "Phạm Thị Một", 0, 1);
  admin("POST", "/api/admin/contests/c/rounds/ky-1/close");
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize").status, 200);
  // A draft no correct program writes: reading it throws on the way.
  redis_.command("SET rq:{c}:round:ky-1:draft not-json");
  auto r = admin("GET", "/api/admin/contests/c/rounds/ky-1/results");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(json::parse(r.body).at("error").at("code"), "internal");
  EXPECT_EQ(http_get(gateway_.port(), "/healthz").status, 200);
  EXPECT_EQ(admin("GET", "/api/admin/contests/c/rounds/ky-1/stats").status, 200);
}

}  // namespace results_flow_test
