// Disqualification over the organiser API (CONTEST_RULES.md, "Prizes" and
// "Fairness"): a disqualified person keeps their line but not their prize,
// the next one moves up at the next finalize, one disqualified entry stops
// counting, lifting restores, every change is audited, and a published
// round still verifies after later changes.
#include <gtest/gtest.h>

#include "results_fixture.hpp"

namespace disqualification_flow_test {

using namespace rq::test;
using nlohmann::json;

class Disqualification : public results_fixture::ResultsFixture {
 protected:
  // Three entrants, all right: the ranking is by prediction, then time.
  void SetUp() override {
    entrants_.push_back(enter("0903000001", "Phạm Thị Một", 0, 3));   // exact prediction: first
    entrants_.push_back(enter("0903000002", "Hoàng Văn Hai", 0, 4));  // second
    entrants_.push_back(enter("0903000004", "Trần Văn Bốn", 0, 9));   // third
    ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/close").status, 200);
    auto d = finalize();
    for (const auto& row : d.at("ranking")) {
      participant_[row.at("name")] = row.at("participant");
      attempt_[row.at("name")] = row.at("attempt");
    }
  }
  json finalize() {
    auto r = admin("POST", "/api/admin/contests/c/rounds/ky-1/finalize");
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }
  HttpReply disqualify(const std::string& kind, const std::string& target, const std::string& reason) {
    return admin("POST", "/api/admin/contests/c/disqualifications",
                 json{{"kind", kind}, {"target", target}, {"reason", reason}}.dump());
  }
  static std::vector<std::string> winner_names(const json& d) {
    std::vector<std::string> out;
    for (const auto& w : d.at("winners")) out.push_back(w.at("name"));
    return out;
  }
  std::vector<std::unique_ptr<WsClient>> entrants_;
  std::map<std::string, std::string> participant_, attempt_;
};

TEST_F(Disqualification, ADisqualifiedPersonKeepsTheirLineButTheNextOneMovesUp) {
  auto r = disqualify("person", participant_["Phạm Thị Một"], "Thi hộ: người khác làm bài thay");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body).at("disqualification").at("reason"), "Thi hộ: người khác làm bài thay");

  auto d = finalize();
  EXPECT_EQ(winner_names(d), (std::vector<std::string>{"Hoàng Văn Hai", "Trần Văn Bốn"}));
  ASSERT_EQ(d.at("ranking").size(), 3u);
  EXPECT_EQ(d.at("ranking")[0].at("name"), "Phạm Thị Một");
  EXPECT_EQ(d.at("ranking")[0].at("disqualified"), "Thi hộ: người khác làm bài thay");
  EXPECT_TRUE(d.at("ranking")[0].at("prize").is_null());
  EXPECT_TRUE(d.at("ranking")[1].at("disqualified").is_null());
  EXPECT_GT(d.at("disqualifications_as_of").get<long long>(), 0);
}

TEST_F(Disqualification, ADisqualifiedEntryNoLongerCountsAndIsListedForReview) {
  ASSERT_EQ(disqualify("entry", attempt_["Hoàng Văn Hai"], "Bài làm trùng khớp với người khác").status, 201);
  auto d = finalize();
  EXPECT_EQ(winner_names(d), (std::vector<std::string>{"Phạm Thị Một", "Trần Văn Bốn"}));
  EXPECT_EQ(d.at("ranking").size(), 2u) << "their only entry does not count, so they do not rank";
  ASSERT_EQ(d.at("disqualified_entries").size(), 1u);
  EXPECT_EQ(d.at("disqualified_entries")[0].at("attempt"), attempt_["Hoàng Văn Hai"]);
  EXPECT_EQ(d.at("disqualified_entries")[0].at("reason"), "Bài làm trùng khớp với người khác");
  EXPECT_EQ(d.at("summary").at("entries"), 3) << "the entry was submitted: the statistics keep it";
}

TEST_F(Disqualification, LiftingADisqualificationRestoresThePrizeAtTheNextFinalize) {
  const std::string p = participant_["Phạm Thị Một"];
  ASSERT_EQ(disqualify("person", p, "Nghi vấn trùng người").status, 201);
  EXPECT_EQ(disqualify("person", p, "again").status, 409) << "already disqualified";
  auto lifted = admin("POST", "/api/admin/contests/c/disqualifications/person/" + p + "/lift");
  ASSERT_EQ(lifted.status, 200) << lifted.body;
  EXPECT_EQ(admin("POST", "/api/admin/contests/c/disqualifications/person/" + p + "/lift").status, 404);
  EXPECT_EQ(winner_names(finalize()), (std::vector<std::string>{"Phạm Thị Một", "Hoàng Văn Hai"}));

  auto list = json::parse(admin("GET", "/api/admin/contests/c/disqualifications").body);
  ASSERT_EQ(list.at("disqualifications").size(), 1u) << "a lifted record stays, stamped";
  const auto& record = list.at("disqualifications")[0];
  EXPECT_EQ(record.at("in_force"), false);
  EXPECT_EQ(record.at("by"), "btc");
  EXPECT_EQ(record.at("lifted_by"), "btc");
  EXPECT_EQ(list.at("latest_change"), record.at("lifted_at"));
}

TEST_F(Disqualification, BadRequestsNameTheFieldAndChangeNothing) {
  auto no_reason = disqualify("person", participant_["Phạm Thị Một"], "   ");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(json::parse(no_reason.body).at("error").at("details").at("field"), "reason");
  auto bad_kind = disqualify("unit", "u1", "x");
  EXPECT_EQ(json::parse(bad_kind.body).at("error").at("details").at("field"), "kind");
  auto unknown = disqualify("person", "nobody", "x");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  auto too_long = disqualify("entry", attempt_["Trần Văn Bốn"], std::string(501, 'x'));
  EXPECT_EQ(json::parse(too_long.body).at("error").at("details").at("field"), "reason");
  auto list = json::parse(admin("GET", "/api/admin/contests/c/disqualifications").body);
  EXPECT_EQ(list.at("disqualifications"), json::array());
  EXPECT_EQ(list.at("latest_change"), 0);
}

TEST_F(Disqualification, EveryDisqualificationAndLiftIsInTheAuditStream) {
  const std::string p = participant_["Trần Văn Bốn"];
  ASSERT_EQ(disqualify("person", p, "Nhiều tài khoản").status, 201);
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/disqualifications/person/" + p + "/lift").status, 200);
  // The two newest events, newest first.
  auto stream = redis_.command("XREVRANGE rq:{c}:events + - COUNT 2");
  auto lifted = stream.find("disqualification_lifted\r\n");
  ASSERT_NE(lifted, std::string::npos) << stream;
  auto disqualified = stream.find("disqualified\r\n", lifted);
  ASSERT_NE(disqualified, std::string::npos) << stream;
  EXPECT_NE(stream.find("Nhiều tài khoản", disqualified), std::string::npos);
  EXPECT_NE(stream.find("organiser\r\n$3\r\nbtc", disqualified), std::string::npos);
}

TEST_F(Disqualification, ADraftFinalizedBeforeALaterChangeCannotBePublished) {
  // Finalized in SetUp; then the organiser disqualifies the winner.
  ASSERT_EQ(disqualify("person", participant_["Phạm Thị Một"], "Thi hộ").status, 201);
  auto refused = admin("POST", "/api/admin/contests/c/rounds/ky-1/publish");
  EXPECT_EQ(refused.status, 409);
  auto error = json::parse(refused.body).at("error");
  EXPECT_EQ(error.at("code"), "stale_draft");
  EXPECT_GT(error.at("details").at("changed_at").get<long long>(), 0);
  EXPECT_EQ(http_get(gateway_.port(), "/api/contests/c/rounds/ky-1/results").status, 404) << "nothing published";

  // Finalized again, the draft shows the change and may be published.
  EXPECT_EQ(winner_names(finalize()), (std::vector<std::string>{"Hoàng Văn Hai", "Trần Văn Bốn"}));
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/publish").status, 200);
  auto published = json::parse(http_get(gateway_.port(), "/api/contests/c/rounds/ky-1/results").body);
  EXPECT_EQ(winner_names(published), (std::vector<std::string>{"Hoàng Văn Hai", "Trần Văn Bốn"}));
}

TEST_F(Disqualification, LiftingAfterTheDraftAlsoMakesItStale) {
  ASSERT_EQ(disqualify("person", participant_["Phạm Thị Một"], "Thi hộ").status, 201);
  finalize();
  auto lifted = admin("POST", "/api/admin/contests/c/disqualifications/person/" + participant_["Phạm Thị Một"] + "/lift");
  ASSERT_EQ(lifted.status, 200) << lifted.body;
  EXPECT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/publish").status, 409);
  finalize();
  EXPECT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/publish").status, 200);
}

TEST_F(Disqualification, APublishedRoundStillVerifiesAfterALaterDisqualification) {
  ASSERT_EQ(disqualify("person", participant_["Phạm Thị Một"], "Thi hộ").status, 201);
  finalize();
  ASSERT_EQ(admin("POST", "/api/admin/contests/c/rounds/ky-1/publish").status, 200);
  ASSERT_EQ(disqualify("person", participant_["Hoàng Văn Hai"], "Phát hiện sau khi công bố").status, 201);
  auto ok = cli({"results", "verify", "c", "ky-1"});
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
}

}  // namespace disqualification_flow_test
