// The exclusion list over the organiser API (issue 12): edited before the
// first round opens (audited), locked from then on, and applied by finalize
// as it stands, whatever it was when people registered.
#include <gtest/gtest.h>

#include <thread>

#include "small_round_fixture.hpp"

namespace exclusions_flow_test {

using namespace rq::test;
using nlohmann::json;

class ExclusionsFlow : public small_round_fixture::SmallRoundFixture {
 protected:
  // Contest "e": one round opening `opens_in_ms` from now, a first prize.
  void create_e(std::int64_t opens_in_ms) {
    opens_at_ = (now_ms() + opens_in_ms) / 1000 * 1000;  // the configuration has whole seconds
    json config = {{"id", "e"},
                   {"title", "Cuộc thi có danh sách không xét giải"},
                   {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                   {"units", {{{"id", "u1"}, {"name", "Sở Nội vụ"}}}},
                   {"excluded", {{"phones", {"0903200009"}}, {"id_numbers", json::array()}}},
                   {"rounds", {{{"id", "r1"}, {"title", "Kỳ 1"}, {"opens_at", iso_utc(opens_at_)},
                                {"closes_at", iso_utc(opens_at_ + 86400'000)}, {"bank", "nho"},
                                {"draw", {{"count", 3}}}, {"time_limit_s", 600},
                                {"prizes", {{{"category", "cbccvc"}, {"tiers", {{{"name", "Giải Nhất"}, {"count", 1}}}}}}}}}}};
    std::ofstream(dir_.path() / "e.json") << config.dump();
    auto created = cli({"contest", "create", (dir_.path() / "e.json").string()});
    ASSERT_EQ(created.exit_code, 0) << created.output;
  }
  HttpReply put(const json& body) { return admin("PUT", "/api/admin/contests/e/exclusions", body.dump()); }
  std::int64_t opens_at_ = 0;
};

TEST_F(ExclusionsFlow, TheListChangesUntilTheFirstRoundOpensAndFinalizeAppliesItAsItStands) {
  create_e(5000);
  auto read = json::parse(admin("GET", "/api/admin/contests/e/exclusions").body);
  EXPECT_EQ(read.at("phones"), json({"0903200009"}));
  EXPECT_EQ(read.at("source"), "configuration");
  EXPECT_EQ(read.at("editable_until"), opens_at_);
  EXPECT_EQ(read.at("editable"), true);

  auto bad = put({{"phones", {"0903200001", "12345"}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("error").at("details").at("field"), "phones[1]") << bad.body;

  // The best contestant is a question setter after all; the configured one is not.
  auto saved = put({{"phones", {"090.320.0001"}}, {"id_numbers", json::array()}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  auto now = json::parse(saved.body);
  EXPECT_EQ(now.at("phones"), json({"0903200001"}));
  EXPECT_EQ(now.at("source"), "organiser");
  EXPECT_EQ(now.at("changed_by"), "btc");
  auto event = redis_.command("XREVRANGE rq:{e}:events + - COUNT 1");
  EXPECT_NE(event.find("exclusions.changed"), std::string::npos) << event;

  while (now_ms() < opens_at_ + 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto late = put({{"phones", json::array()}});
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(json::parse(late.body).at("error").at("code"), "locked");
  EXPECT_EQ(json::parse(admin("GET", "/api/admin/contests/e/exclusions").body).at("editable"), false);

  enter_round("e", "r1", "0903200001", "Người ra đề", 0);
  enter_round("e", "r1", "0903200009", "Người từng bị loại trừ", 1);
  ASSERT_EQ(admin("POST", "/api/admin/contests/e/rounds/r1/close").status, 200);
  auto draft = admin("POST", "/api/admin/contests/e/rounds/r1/finalize");
  ASSERT_EQ(draft.status, 200) << draft.body;
  auto d = json::parse(draft.body);
  ASSERT_EQ(d.at("ranking").size(), 2u);
  EXPECT_EQ(d.at("ranking")[0].at("excluded"), true);
  EXPECT_EQ(d.at("ranking")[1].at("excluded"), false);
  ASSERT_EQ(d.at("winners").size(), 1u);
  EXPECT_EQ(d.at("winners")[0].at("name"), "Người từng bị loại trừ");
  ASSERT_EQ(admin("POST", "/api/admin/contests/e/rounds/r1/publish").status, 200);
  auto verified = cli({"results", "verify", "e", "r1"});
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
}

}  // namespace exclusions_flow_test
