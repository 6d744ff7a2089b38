// A contest with one open round of five questions drawn from the shipped
// bank, two prizes and one excluded phone, on a real Redis and gateway, and
// an organiser logged in: what the results and review flows start from.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <thread>

#include "answer_scan.hpp"
#include "clients.hpp"
#include "gateway_process.hpp"
#include "redis_process.hpp"
#include "test_time.hpp"

namespace results_fixture {

using namespace rq::test;
using nlohmann::json;

class ResultsFixture : public ::testing::Test {
 protected:
  ResultsFixture() : gateway_(redis_.url(), source_dir() / "web") {
    cli({"admin", "add", "btc"}, "mat-khau-ban-to-chuc\n");
    cli({"bank", "import", (source_dir() / "question_banks" / "cchc-2021-2030.vi.json").string(), "--id", "cchc-2021-2030"});
    auto now = now_ms();
    json config = {{"id", "c"},
                   {"title", "Cuộc thi"},
                   {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                   {"units", {{{"id", "u1"}, {"name", "Sở Nội vụ"}, {"headcount", 10}}}},
                   {"excluded", {{"phones", {"0903000003"}}}},
                   {"rounds", {{{"id", "ky-1"}, {"title", "Kỳ 1"}, {"opens_at", iso_utc(now - 3600'000)},
                                {"closes_at", iso_utc(now + 86400'000)}, {"bank", "cchc-2021-2030"}, {"draw", {{"count", 5}}},
                                {"time_limit_s", 600}, {"attempts", 1},
                                {"prediction", {{"prompt", "?"}, {"target", "perfect_entries"}}},
                                {"prizes", {{{"category", "cbccvc"}, {"tiers", {{{"name", "Giải Nhất"}, {"count", 1}},
                                                                                 {{"name", "Giải Nhì"}, {"count", 1}}}}}}}}}}};
    TempDir dir;
    std::ofstream(dir.path() / "c.json") << config.dump();
    auto created = cli({"contest", "create", (dir.path() / "c.json").string()});
    EXPECT_EQ(created.exit_code, 0) << created.output;
    auto login = http_request(gateway_.port(), "POST", "/api/admin/login", {},
                              R"({"username":"btc","password":"mat-khau-ban-to-chuc"})");
    token_ = json::parse(login.body).at("token");
  }
  RunResult cli(std::vector<std::string> args, const std::string& input = {}) {
    args.insert(args.begin(), {cli_binary(), "--redis", redis_.url()});
    return run_command(args, input);
  }
  HttpReply admin(const std::string& method, const std::string& target, const std::string& body = "") {
    return http_request(gateway_.port(), method, target, {{"Authorization", "Bearer " + token_}}, body);
  }

  void register_on(WsClient& ws, const std::string& phone, const std::string& name) {
    auto r = ws.request({{"type", "register"}, {"id", 1}, {"contest", "c"},
                         {"profile", {{"name", name}, {"phone", phone}, {"birth_date", "1980-03-04"}, {"unit", "u1"},
                                      {"category", "cbccvc"}, {"password", "mat-khau-1"}}}});
    EXPECT_EQ(r.at("type"), "registered") << r.dump();
  }

  // Registers, starts, answers every question right (the test reads the
  // right answers from Redis, as only the organiser's side could) after
  // `pause_ms`, and submits with a prediction.
  std::unique_ptr<WsClient> enter(const std::string& phone, const std::string& name, int pause_ms, long long prediction) {
    auto ws = std::make_unique<WsClient>(gateway_.port());
    register_on(*ws, phone, name);
    auto started = ws->request({{"type", "attempt.start"}, {"id", 2}, {"round", "ky-1"}});
    frames_.push_back(started);
    auto attempt = started.at("attempt");
    std::string id = attempt.at("id");
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
    for (const auto& q : attempt.at("questions")) {
      auto raw = redis_.command("HGET rq:{c}:attempt:" + id + " c:" + q.at("id").get<std::string>());
      auto right = raw.substr(raw.find('\n') + 1);
      right = right.substr(0, right.find('\r'));
      frames_.push_back(ws->request({{"type", "answer"}, {"id", 3}, {"attempt", id}, {"question", q.at("id")},
                                     {"choices", split_choices(right)}}));
    }
    auto submitted = ws->request({{"type", "submit"}, {"id", 4}, {"attempt", id}, {"prediction", prediction}});
    frames_.push_back(submitted);
    EXPECT_EQ(submitted.at("result").at("score"), 5) << submitted.dump();
    return ws;
  }

  RedisProcess redis_;
  GatewayProcess gateway_;
  std::string token_;
  std::vector<json> frames_;
};

}  // namespace results_fixture
