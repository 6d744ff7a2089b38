// Subscribers are told when a round opens and closes on schedule.
#include <gtest/gtest.h>

#include <fstream>

#include "clients.hpp"
#include "gateway_process.hpp"
#include "redis_process.hpp"
#include "test_time.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace round_schedule_test {

using namespace rq::test;
using nlohmann::json;

TEST(RoundSchedule, SubscribersHearARoundOpenAndCloseOnTime) {
  RedisProcess redis;
  auto cli = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {cli_binary(), "--redis", redis.url()});
    auto r = run_command(args);
    EXPECT_EQ(r.exit_code, 0) << r.output;
  };
  cli({"bank", "import", (source_dir() / "question_banks" / "reform-demo.en.json").string(), "--id", "demo"});
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto opens = (now / 1000 + 4) * 1000;
  auto closes = opens + 3000;
  json config = {{"id", "c"}, {"title", "C"}, {"categories", {{{"id", "k"}, {"name", "K"}}}}, {"units", {{{"id", "u"}, {"name", "U"}}}},
                 {"rounds", {{{"id", "r1"}, {"title", "R1"}, {"opens_at", iso_utc(opens)}, {"closes_at", iso_utc(closes)},
                              {"bank", "demo"}, {"draw", {{"count", 3}}}, {"time_limit_s", 60}}}}};
  TempDir dir;
  std::ofstream(dir.path() / "c.json") << config.dump();
  cli({"contest", "create", (dir.path() / "c.json").string()});

  GatewayProcess gateway(redis.url(), source_dir() / "web");
  WsClient ws(gateway.port());
  auto subscribed = ws.request({{"type", "subscribe"}, {"id", 1}, {"contest", "c"}});
  ASSERT_EQ(subscribed.at("contest").at("rounds")[0].at("status"), "upcoming");
  auto opened = ws.receive_json(std::chrono::seconds(8));
  EXPECT_EQ(opened, json({{"type", "round.opened"}, {"contest", "c"}, {"round", "r1"}}));
  auto at_open = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LT(at_open - opens, 3000) << "announced on time, not at some later refresh";
  auto closed = ws.receive_json(std::chrono::seconds(8));
  EXPECT_EQ(closed, json({{"type", "round.closed"}, {"contest", "c"}, {"round", "r1"}}));
}

}  // namespace round_schedule_test
