// The final ranking across rounds over the organiser API (issue 12): two
// rounds entered by real contestants, closed and published, then the final
// finalized, reviewed, published, pushed, read by the public, verified by
// the CLI, and changed by a disqualification before publishing.
#include <gtest/gtest.h>

#include "small_round_fixture.hpp"

namespace final_ranking_flow_test {

using namespace rq::test;
using nlohmann::json;

class FinalRankingFlow : public small_round_fixture::SmallRoundFixture {
 protected:
  // Contest "f": rounds r1 and r2 on the three-question bank, a first prize
  // in r1, and a final over both (summed) whose first and second prizes
  // pass over round winners.
  //   An    r1 3, r2 3 → 6 (wins r1: passed over in the final)
  //   Bình  r1 2, r2 3 → 5
  //   Chi         r2 3 → 3
  //   Dũng  r1 1       → 1
  void SetUp() override {
    auto now = now_ms();
    auto round = [&](const std::string& id, const std::string& title) {
      return json{{"id", id},           {"title", title},       {"opens_at", iso_utc(now - 3600'000)},
                  {"closes_at", iso_utc(now + 86400'000)},      {"bank", "nho"},
                  {"draw", {{"count", 3}}}, {"time_limit_s", 600}, {"attempts", 1}};
    };
    json r1 = round("r1", "Kỳ 1");
    r1["prizes"] = {{{"category", "cbccvc"}, {"tiers", {{{"name", "Giải Nhất"}, {"count", 1}}}}}};
    json config = {{"id", "f"},
                   {"title", "Cuộc thi có chung cuộc"},
                   {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                   {"units", {{{"id", "u1"}, {"name", "Sở Nội vụ"}, {"headcount", 10}}}},
                   {"rounds", {r1, round("r2", "Kỳ 2")}},
                   // Quảng Nam 2022: participation in percent plus points for the prizes won.
                   {"collective_prizes", {{{"name", "Giải tập thể"}, {"count", 1}, {"metric", "weighted"},
                                           {"scope", "contest"},
                                           {"weights", {{"participation_rate", 100}, {"prize_points", 1}}},
                                           {"points", {{"Giải Nhất", 10}}}}}},
                   {"final",
                    {{"title", "Kết quả chung cuộc"},
                     {"combine", "sum"},
                     {"round_winners", "excluded"},
                     {"prizes", {{{"category", "cbccvc"},
                                  {"tiers", {{{"name", "Giải Nhất"}, {"count", 1}}, {{"name", "Giải Nhì"}, {"count", 1}}}}}}}}}};
    std::ofstream(dir_.path() / "f.json") << config.dump();
    auto created = cli({"contest", "create", (dir_.path() / "f.json").string()});
    ASSERT_EQ(created.exit_code, 0) << created.output;
    enter_round("f", "r1", "0903100001", "An", 0);
    enter_round("f", "r1", "0903100002", "Bình", 1);
    enter_round("f", "r1", "0903100004", "Dũng", 2);
    enter_round("f", "r2", "0903100001", "An", 0);
    enter_round("f", "r2", "0903100002", "Bình", 0);
    enter_round("f", "r2", "0903100003", "Chi", 0);
  }
  void close_and_publish(const std::string& round) {
    ASSERT_EQ(admin("POST", "/api/admin/contests/f/rounds/" + round + "/close").status, 200);
    auto finalized = admin("POST", "/api/admin/contests/f/rounds/" + round + "/finalize");
    ASSERT_EQ(finalized.status, 200) << finalized.body;
    ASSERT_EQ(admin("POST", "/api/admin/contests/f/rounds/" + round + "/publish").status, 200);
  }
  json finalize_final() {
    auto r = admin("POST", "/api/admin/contests/f/final/finalize");
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }
  static std::vector<std::string> column(const json& rows, const char* key) {
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row.at(key).is_null() ? "-" : row.at(key).dump());
    return out;
  }
};

TEST_F(FinalRankingFlow, TheFinalWaitsForEveryCountedRoundToBePublished) {
  auto stats = admin("GET", "/api/admin/contests/f/final/stats");
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(json::parse(stats.body),
            (json{{"final", {{"title", "Kết quả chung cuộc"}, {"rounds", {"r1", "r2"}}, {"combine", "sum"},
                             {"best", nullptr}, {"min_rounds", 1},
                             {"prizes", {{{"category", "cbccvc"},
                                          {"tiers", {{{"name", "Giải Nhất"}, {"count", 1}},
                                                     {{"name", "Giải Nhì"}, {"count", 1}}}}}}},
                             {"notice", {{"number", nullptr}, {"date", nullptr}}}}},
                  {"finalized", false},
                  {"published_at", nullptr},
                  {"rounds", {{{"round", "r1"}, {"title", "Kỳ 1"}, {"published_at", nullptr}},
                              {{"round", "r2"}, {"title", "Kỳ 2"}, {"published_at", nullptr}}}}}));
  close_and_publish("r1");
  auto early = admin("POST", "/api/admin/contests/f/final/finalize");
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(json::parse(early.body).at("error").at("message"),
            "round 'r2' counts in the final and its results are not published yet: publish it first");
  EXPECT_EQ(json::parse(early.body).at("error").at("details"), (json{{"round", "r2"}}));
  EXPECT_EQ(admin("POST", "/api/admin/contests/f/final/publish").status, 409) << "nothing to publish yet";
  EXPECT_EQ(admin("GET", "/api/admin/contests/f/final/results").status, 404);
  EXPECT_EQ(admin("GET", "/api/admin/contests/d/final/stats").status, 404) << "contest d has no final";
}

TEST_F(FinalRankingFlow, TheFinalGoesFromPublishedRoundsToPublishedWinners) {
  close_and_publish("r1");
  close_and_publish("r2");
  WsClient watcher(gateway_.port());
  ASSERT_EQ(watcher.request({{"type", "subscribe"}, {"id", 1}, {"contest", "f"}}).at("type"), "subscribed");

  auto d = finalize_final();
  EXPECT_EQ(column(d.at("ranking"), "name"), (std::vector<std::string>{"\"An\"", "\"Bình\"", "\"Chi\"", "\"Dũng\""}));
  EXPECT_EQ(column(d.at("ranking"), "score"), (std::vector<std::string>{"6", "5", "3", "1"}));
  EXPECT_EQ(column(d.at("ranking"), "rounds_entered"), (std::vector<std::string>{"2", "2", "1", "1"}));
  EXPECT_EQ(column(d.at("ranking"), "prize"),
            (std::vector<std::string>{"-", "\"Giải Nhất\"", "\"Giải Nhì\"", "-"}))
      << "An won round r1's prize, so the final passes over An";
  EXPECT_EQ(d.at("ranking")[0].at("max_score"), 6);
  EXPECT_EQ(d.at("ranking")[0].at("phone"), "0903100001") << "the organiser's draft has contact details";
  EXPECT_EQ(d.at("summary").at("entrants"), 4);
  EXPECT_EQ(d.at("summary").at("rounds"), (json{{{"round", "r1"}, {"title", "Kỳ 1"}, {"entrants", 3}},
                                               {{"round", "r2"}, {"title", "Kỳ 2"}, {"entrants", 3}}}));
  EXPECT_EQ(finalize_final().at("ranking"), d.at("ranking")) << "finalizing twice gives the same result";
  EXPECT_EQ(http_get(gateway_.port(), "/api/contests/f/final/results").status, 404) << "not published yet";

  auto published = admin("POST", "/api/admin/contests/f/final/publish");
  ASSERT_EQ(published.status, 200) << published.body;
  auto at = json::parse(published.body).at("published_at");
  EXPECT_EQ(json::parse(admin("POST", "/api/admin/contests/f/final/publish").body).at("published_at"), at)
      << "publishing twice answers the first publication";

  auto pushed = watcher.receive_json();
  EXPECT_EQ(pushed.at("type"), "final.published");
  EXPECT_EQ(pushed.at("contest"), "f");
  EXPECT_EQ(pushed.at("published_at"), at);
  EXPECT_EQ(pushed.at("winners"), d.at("winners"));

  auto pub = http_get(gateway_.port(), "/api/contests/f/final/results");
  ASSERT_EQ(pub.status, 200) << pub.body;
  auto results = json::parse(pub.body);
  EXPECT_FALSE(results.contains("ranking"));
  ASSERT_EQ(results.at("winners").size(), 2u);
  EXPECT_EQ(results.at("winners")[0], (json{{"rank", 2}, {"prize", "Giải Nhất"}, {"category", "cbccvc"},
                                            {"category_name", "CBCCVC"}, {"name", "Bình"}, {"unit", "u1"},
                                            {"unit_name", "Sở Nội vụ"}, {"score", 5}, {"max_score", 6},
                                            {"total_score", 5}, {"rounds_entered", 2},
                                            {"duration_ms", d.at("ranking")[1].at("duration_ms")},
                                            {"phone", "090****002"}}));
  EXPECT_EQ(pub.body.find("0903100002"), std::string::npos) << "no full phone in public results";
  // 4 of u1's 10 people entered (40) and An won r1's first prize (10).
  EXPECT_EQ(results.at("collective"),
            (json{{{"name", "Giải tập thể"}, {"place", 1}, {"unit", "u1"}, {"unit_name", "Sở Nội vụ"}, {"block", nullptr},
                   {"metric", "weighted"}, {"metric_value", 50.0}, {"entrants", 4}, {"entries", 6},
                   {"quality_entries", 5}, {"participation_rate", 0.4}, {"quality_rate", 0.8333},
                   {"prize_points", 10}}}));
  auto r1 = json::parse(http_get(gateway_.port(), "/api/contests/f/rounds/r1/results").body);
  EXPECT_EQ(r1.at("collective"), json::array()) << "a contest-wide prize is not in a round's results";
  auto view = json::parse(http_get(gateway_.port(), "/api/contests/f").body);
  EXPECT_EQ(view.at("final").at("published_at"), at);
  EXPECT_EQ(view.at("final").at("title"), "Kết quả chung cuộc");
  EXPECT_TRUE(json::parse(http_get(gateway_.port(), "/api/contests/d").body).at("final").is_null());

  auto verified = cli({"results", "verify-final", "f"});
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_EQ(verified.output,
            "verified: the final ranking of 4 people and 2 prizes, from 6 entries of 2 rounds, match the published "
            "final ranking of f\n");
  redis_.command("SET rq:{f}:final:public '{\"final\":{},\"summary\":{},\"winners\":[],\"collective\":[]}'");
  auto edited = cli({"results", "verify-final", "f"});
  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_NE(edited.output.find("public results: winners: published 0 items, recomputed 2"), std::string::npos)
      << edited.output;
}

TEST_F(FinalRankingFlow, ADisqualifiedPersonCannotWinTheFinalAndTheNextMovesUp) {
  close_and_publish("r1");
  close_and_publish("r2");
  std::string binh = json::parse(finalize_final().at("ranking")[1].dump()).at("participant");
  auto r = admin("POST", "/api/admin/contests/f/disqualifications",
                 json{{"kind", "person"}, {"target", binh}, {"reason", "Thi hộ người khác"}}.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  // The draft from before the disqualification cannot be published.
  auto stale = admin("POST", "/api/admin/contests/f/final/publish");
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(json::parse(stale.body).at("error").at("code"), "stale_draft");
  auto d = finalize_final();
  EXPECT_EQ(column(d.at("ranking"), "prize"), (std::vector<std::string>{"-", "-", "\"Giải Nhất\"", "\"Giải Nhì\""}));
  EXPECT_EQ(d.at("ranking")[1].at("disqualified"), "Thi hộ người khác");
  EXPECT_GT(d.at("disqualifications_as_of").get<long long>(), 0);
  EXPECT_EQ(admin("POST", "/api/admin/contests/f/final/publish").status, 200);
}

TEST_F(FinalRankingFlow, TheRankingFileHasAScoreColumnPerRoundAndItsDownloadIsAudited) {
  close_and_publish("r1");
  close_and_publish("r2");
  finalize_final();
  auto csv = admin("GET", "/api/admin/contests/f/final/results?format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  auto header = csv.body.substr(0, csv.body.find("\r\n"));
  EXPECT_EQ(header, "\xEF\xBB\xBFrank,prize,name,unit,category,phone,id_number,score,total_score,max_score,rounds_entered,"
                    "duration_ms,attempts_used,submitted_at,excluded,disqualified,participant,score:r1,score:r2");
  auto second = csv.body.substr(csv.body.find("\r\n") + 2);
  second = second.substr(second.find("\r\n") + 2);  // Bình's row
  EXPECT_EQ(second.rfind("2,Giải Nhất,Bình,u1,cbccvc,\"=\"\"0903100002\"\"\",,5,5,6,2,", 0), 0u) << second;
  auto xlsx = admin("GET", "/api/admin/contests/f/final/results?format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  auto events = redis_.command("XREVRANGE rq:{f}:events + - COUNT 2");
  EXPECT_NE(events.find("final_ranking"), std::string::npos) << events;
}

}  // namespace final_ranking_flow_test
