// Item statistics over the organiser API (issue 12): five real entries on
// the same three questions, with known right and wrong answers, give the
// exact facility, discrimination and option counts of each question, with
// the bank's texts; a viewer is refused (the report names the answers).
#include <gtest/gtest.h>

#include "small_round_fixture.hpp"

namespace item_statistics_flow_test {

using namespace rq::test;
using nlohmann::json;

class ItemStatisticsFlow : public small_round_fixture::SmallRoundFixture {
 protected:
  // Scores 3, 3, 2, 1, 0: the k-th question by text is answered right by
  // the 3 − k + 2 best (see enter_d). One entry in each 27 % group.
  void SetUp() override {
    enter_d("0903000021", "Một", 0);
    enter_d("0903000022", "Hai", 0);
    enter_d("0903000023", "Ba", 1);
    enter_d("0903000024", "Bốn", 2);
    enter_d("0903000025", "Năm", 3);
  }
};

TEST_F(ItemStatisticsFlow, EachQuestionHasItsFacilityDiscriminationAndOptionCounts) {
  auto r = admin("GET", "/api/admin/contests/d/rounds/r1/items");
  ASSERT_EQ(r.status, 200) << r.body;
  auto report = json::parse(r.body);
  EXPECT_EQ(report.at("entries"), 5);
  EXPECT_EQ(report.at("group_size"), 1);
  auto items = report.at("items");
  ASSERT_EQ(items.size(), 3u);
  std::sort(items.begin(), items.end(), [](const json& a, const json& b) { return a.at("text") < b.at("text"); });
  const double facility[] = {0.4, 0.6, 0.8};
  for (int i = 0; i < 3; ++i) {
    const auto& item = items[i];
    SCOPED_TRACE(item.at("question").get<std::string>());
    EXPECT_FALSE(item.at("text").get<std::string>().empty());
    EXPECT_EQ(item.at("shown"), 5);
    EXPECT_EQ(item.at("answered"), 5);
    EXPECT_EQ(item.at("right"), 2 + i);
    EXPECT_DOUBLE_EQ(item.at("facility").get<double>(), facility[i]);
    EXPECT_DOUBLE_EQ(item.at("discrimination").get<double>(), 1.0);
    EXPECT_EQ(item.at("upper"), (json{{"shown", 1}, {"right", 1}}));
    EXPECT_EQ(item.at("lower"), (json{{"shown", 1}, {"right", 0}}));
    EXPECT_EQ(item.at("flags"), json::array());
    // The right option was chosen by those who got it right; the one wrong
    // option chosen (the same by every entry) by all the others.
    std::size_t right_chosen = 0, wrong_chosen = 0, wrong_options_chosen = 0;
    for (const auto& o : item.at("options")) {
      EXPECT_FALSE(o.at("text").get<std::string>().empty());
      if (o.at("correct")) right_chosen += o.at("chosen").get<std::size_t>();
      else if (o.at("chosen") > 0) {
        wrong_chosen += o.at("chosen").get<std::size_t>();
        ++wrong_options_chosen;
      }
    }
    EXPECT_EQ(right_chosen, 2u + i);
    EXPECT_EQ(wrong_chosen, 3u - i);
    EXPECT_EQ(wrong_options_chosen, 1u);
  }
}

TEST_F(ItemStatisticsFlow, TheStatisticsDownloadAsXlsx) {
  auto r = admin("GET", "/api/admin/contests/d/rounds/r1/items?format=xlsx");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.substr(0, 2), "PK");
  EXPECT_GT(r.body.size(), 2000u);
  auto bad = admin("GET", "/api/admin/contests/d/rounds/r1/items?format=pdf");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("error").at("details").at("field"), "format");
}

// Reports in flight are bounded (--admin-reports-in-flight, 2 by default):
// each one gives its place back, refused or not, so one after another never
// runs out.
TEST_F(ItemStatisticsFlow, EachReportGivesItsPlaceBack) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(admin("GET", "/api/admin/contests/d/rounds/nope/items").status, 404);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(admin("GET", "/api/admin/contests/d/rounds/r1/duplicates").status, 200);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(admin("GET", "/api/admin/contests/d/rounds/r1/items").status, 200);
}

TEST_F(ItemStatisticsFlow, AViewerIsRefusedAndAnUnknownRoundIsNotFound) {
  EXPECT_EQ(admin("GET", "/api/admin/contests/d/rounds/nope/items").status, 404);
  ASSERT_EQ(cli({"admin", "add", "xem", "--role", "viewer", "--contest", "d"}, "mat-khau-nguoi-xem\n").exit_code, 0);
  auto login = http_request(gateway_.port(), "POST", "/api/admin/login", {}, R"({"username":"xem","password":"mat-khau-nguoi-xem"})");
  auto viewer = json::parse(login.body).at("token").get<std::string>();
  auto refused = http_request(gateway_.port(), "GET", "/api/admin/contests/d/rounds/r1/items",
                              {{"Authorization", "Bearer " + viewer}});
  EXPECT_EQ(refused.status, 403);
}

}  // namespace item_statistics_flow_test
