// A contest "d" with one open round that shows everyone the same three
// questions (a bank of the shipped bank's first three), and a way to enter
// it with chosen wrong answers: what the reviews that compare entries
// question by question (duplicates, item statistics) start from.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "results_fixture.hpp"

namespace small_round_fixture {

using namespace rq::test;
using nlohmann::json;

class SmallRoundFixture : public results_fixture::ResultsFixture {
 protected:
  // A contest "d" whose round shows everyone the same three questions (a
  // bank of three), so entries can be compared question by question.
  SmallRoundFixture() {
    std::ifstream in(source_dir() / "question_banks" / "cchc-2021-2030.vi.json");
    json bank = json::parse(in);
    bank["id"] = "nho";
    bank["questions"] = json::array({bank["questions"][0], bank["questions"][1], bank["questions"][2]});
    std::ofstream(dir_.path() / "nho.json") << bank.dump();
    EXPECT_EQ(cli({"bank", "import", (dir_.path() / "nho.json").string(), "--id", "nho"}).exit_code, 0);
    auto now = now_ms();
    json config = {{"id", "d"},
                   {"title", "Cuộc thi nhỏ"},
                   {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}}},
                   {"units", {{{"id", "u1"}, {"name", "Sở Nội vụ"}, {"headcount", 10}}}},
                   {"rounds", {{{"id", "r1"}, {"title", "Kỳ 1"}, {"opens_at", iso_utc(now - 3600'000)},
                                {"closes_at", iso_utc(now + 86400'000)}, {"bank", "nho"}, {"draw", {{"count", 3}}},
                                {"time_limit_s", 600}, {"attempts", 1}}}}};
    std::ofstream(dir_.path() / "d.json") << config.dump();
    auto created = cli({"contest", "create", (dir_.path() / "d.json").string()});
    EXPECT_EQ(created.exit_code, 0) << created.output;

  }

  // Registers on contest d, answers `wrong` questions with the wrong option
  // whose text sorts first (the same bank option in every attempt, whatever
  // its shown id) and the rest right, and submits.
  void enter_d(const std::string& phone, const std::string& name, int wrong) { enter_round("d", "r1", phone, name, wrong); }

  // The same on any contest made of the bank "nho" and unit u1, category
  // cbccvc; a person who registered before logs in again.
  void enter_round(const std::string& contest, const std::string& round, const std::string& phone, const std::string& name,
             int wrong) {
    WsClient ws(gateway_.port());
    auto r = ws.request({{"type", "register"}, {"id", 1}, {"contest", contest},
                         {"profile", {{"name", name}, {"phone", phone}, {"birth_date", "1980-03-04"}, {"unit", "u1"},
                                      {"category", "cbccvc"}, {"password", "mat-khau-1"}}}});
    if (r.value("code", "") == "already_registered") {
      r = ws.request({{"type", "login"}, {"id", 1}, {"contest", contest}, {"phone", phone}, {"password", "mat-khau-1"}});
    }
    ASSERT_EQ(r.at("type"), "registered") << r.dump();
    auto attempt = ws.request({{"type", "attempt.start"}, {"id", 2}, {"round", round}}).at("attempt");
    std::string id = attempt.at("id");
    // The questions come in an order of the attempt's own: the wrong ones
    // are those whose texts sort first, the same questions in every attempt.
    std::vector<std::string> texts;
    for (const auto& q : attempt.at("questions")) texts.push_back(q.at("text"));
    std::sort(texts.begin(), texts.end());
    for (const auto& q : attempt.at("questions")) {
      auto raw = redis_.command("HGET rq:{" + contest + "}:attempt:" + id + " c:" + q.at("id").get<std::string>());
      auto value = raw.substr(raw.find('\n') + 1);
      auto right = split_choices(value.substr(0, value.find('\r'))).get<std::vector<std::string>>();
      std::vector<std::string> choices = right;
      auto rank = std::find(texts.begin(), texts.end(), q.at("text").get<std::string>()) - texts.begin();
      if (rank < wrong) {
        std::string best_text, best_id;
        for (const auto& o : q.at("options")) {
          std::string oid = o.at("id");
          if (std::find(right.begin(), right.end(), oid) != right.end()) continue;
          if (best_id.empty() || o.at("text").get<std::string>() < best_text) {
            best_text = o.at("text");
            best_id = oid;
          }
        }
        choices = {best_id};
      }
      auto a = ws.request({{"type", "answer"}, {"id", 3}, {"attempt", id}, {"question", q.at("id")}, {"choices", choices}});
      ASSERT_EQ(a.at("type"), "answered") << a.dump();
    }
    auto submitted = ws.request({{"type", "submit"}, {"id", 4}, {"attempt", id}});
    ASSERT_EQ(submitted.at("type"), "submitted") << submitted.dump();
    attempts_[round == "r1" ? name : name + "/" + round] = id;
  }
  TempDir dir_;
  std::map<std::string, std::string> attempts_;
};

}  // namespace small_round_fixture
