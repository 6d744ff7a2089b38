// Where a round's questions come from, over real Redis and a real gateway
// (issue 12): a bank per category, and only questions whose dates cover the
// round. The contest is refused when a bank cannot serve the draw, and each
// attempt draws from its person's bank.
#include <gtest/gtest.h>

#include "small_round_fixture.hpp"

namespace round_banks_flow_test {

using namespace rq::test;
using nlohmann::json;

class RoundBanksFlow : public small_round_fixture::SmallRoundFixture {
 protected:
  // A bank of the shipped bank's questions `from`…`from + n - 1`, under `id`.
  json import_bank(const std::string& id, std::size_t from, std::size_t n,
                   const std::function<void(json&)>& edit = [](json&) {}) {
    std::ifstream in(source_dir() / "question_banks" / "cchc-2021-2030.vi.json");
    json bank = json::parse(in);
    bank["id"] = id;
    json questions = json::array();
    for (std::size_t i = from; i < from + n; ++i) questions.push_back(bank["questions"][i]);
    bank["questions"] = questions;
    edit(bank);
    std::ofstream(dir_.path() / (id + ".json")) << bank.dump();
    auto imported = cli({"bank", "import", (dir_.path() / (id + ".json")).string(), "--id", id});
    EXPECT_EQ(imported.exit_code, 0) << imported.output;
    return bank;
  }
  RunResult create(const json& round_fields, const std::string& id = "b") {
    auto now = now_ms();
    json round = {{"id", "r1"}, {"title", "Kỳ 1"}, {"opens_at", iso_utc(now - 3600'000)},
                  {"closes_at", iso_utc(now + 86400'000)}, {"draw", {{"count", 3}}}, {"time_limit_s", 600}};
    round.update(round_fields);
    json config = {{"id", id},
                   {"title", "Cuộc thi hai ngân hàng"},
                   {"categories", {{{"id", "cbccvc"}, {"name", "CBCCVC"}}, {{"id", "nhan-dan"}, {"name", "Nhân dân"}}}},
                   {"units", {{{"id", "u1"}, {"name", "Sở Nội vụ"}}}},
                   {"rounds", {round}}};
    std::ofstream(dir_.path() / (id + "-contest.json")) << config.dump();
    return cli({"contest", "create", (dir_.path() / (id + "-contest.json")).string()});
  }
  // The ids of the questions a new person of `category` is shown.
  std::set<std::string> drawn_for(const std::string& phone, const std::string& name, const std::string& category) {
    WsClient ws(gateway_.port());
    auto r = ws.request({{"type", "register"}, {"id", 1}, {"contest", "b"},
                         {"profile", {{"name", name}, {"phone", phone}, {"birth_date", "1980-03-04"},
                                      {"unit", "u1"}, {"category", category}, {"password", "mat-khau-1"}}}});
    EXPECT_EQ(r.at("type"), "registered") << r.dump();
    auto attempt = ws.request({{"type", "attempt.start"}, {"id", 2}, {"round", "r1"}});
    EXPECT_EQ(attempt.at("type"), "attempt") << attempt.dump();
    // Shown ids are the attempt's own: the texts say which bank it drew from.
    std::set<std::string> texts;
    for (const auto& q : attempt.at("attempt").at("questions")) texts.insert(q.at("text"));
    return texts;
  }
  static std::set<std::string> texts_of(const json& bank) {
    std::set<std::string> out;
    for (const auto& q : bank.at("questions")) out.insert(q.at("text"));
    return out;
  }
};

TEST_F(RoundBanksFlow, EachCategoryDrawsFromItsOwnBank) {
  json officials = import_bank("cong-chuc", 0, 3);
  json citizens = import_bank("nguoi-dan", 3, 3);
  auto created = create({{"bank", "cong-chuc"}, {"banks", {{"nhan-dan", "nguoi-dan"}}}});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  EXPECT_EQ(drawn_for("0903300001", "An", "cbccvc"), texts_of(officials));
  EXPECT_EQ(drawn_for("0903300002", "Bình", "nhan-dan"), texts_of(citizens));
}

TEST_F(RoundBanksFlow, AVerifiedRoundDrewEachEntryFromItsCategorysBank) {
  import_bank("cong-chuc", 0, 3);
  import_bank("nguoi-dan", 3, 3);
  ASSERT_EQ(create({{"bank", "cong-chuc"}, {"banks", {{"nhan-dan", "nguoi-dan"}}}}).exit_code, 0);
  enter_round("b", "r1", "0903300005", "An", 0);  // cbccvc, the fixture's category
  ASSERT_EQ(admin("POST", "/api/admin/contests/b/rounds/r1/close").status, 200);
  ASSERT_EQ(admin("POST", "/api/admin/contests/b/rounds/r1/finalize").status, 200);
  ASSERT_EQ(admin("POST", "/api/admin/contests/b/rounds/r1/publish").status, 200);
  auto ok = cli({"results", "verify", "b", "r1"});
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  // The attempt's record says it drew from the citizens' bank: verify tells.
  redis_.command("HSET rq:{b}:attempt:" + attempts_["An"] + " bank nguoi-dan");
  auto wrong = cli({"results", "verify", "b", "r1"});
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.output.find("drawn from bank nguoi-dan, but category 'cbccvc' draws from bank cong-chuc"),
            std::string::npos) << wrong.output;
}

TEST_F(RoundBanksFlow, AContestIsRefusedWhenACategorysBankIsMissingOrTooSmall) {
  import_bank("cong-chuc", 0, 3);
  import_bank("nho-2", 3, 2);
  auto missing = create({{"bank", "cong-chuc"}, {"banks", {{"nhan-dan", "chua-co"}}}});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.output.find("rounds[0].banks.nhan-dan"), std::string::npos) << missing.output;
  EXPECT_NE(missing.output.find("no bank 'chua-co' is stored"), std::string::npos) << missing.output;
  auto small = create({{"bank", "cong-chuc"}, {"banks", {{"nhan-dan", "nho-2"}}}});
  EXPECT_NE(small.exit_code, 0);
  EXPECT_NE(small.output.find("asks for 3 questions; bank 'nho-2' holds 2"), std::string::npos) << small.output;
}

TEST_F(RoundBanksFlow, OnlyQuestionsValidThroughoutTheRoundAreDrawn) {
  // Four questions: one repealed before the round, one in force only from
  // next year.
  json bank = import_bank("co-hieu-luc", 0, 5, [](json& b) {
    b["questions"][0]["valid_from"] = "2019-01-01";
    b["questions"][0]["valid_until"] = "2020-12-31";
    b["questions"][1]["valid_from"] = "2099-01-01";
  });
  auto created = create({{"bank", "co-hieu-luc"}});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  std::set<std::string> held{bank["questions"][2]["text"], bank["questions"][3]["text"], bank["questions"][4]["text"]};
  EXPECT_EQ(drawn_for("0903300003", "Chi", "cbccvc"), held);
  EXPECT_EQ(drawn_for("0903300004", "Dũng", "nhan-dan"), held);

  // A draw of four cannot be served by the three that hold.
  auto refused = create({{"bank", "co-hieu-luc"}, {"draw", {{"count", 4}}}}, "b2");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("asks for 4 questions; bank 'co-hieu-luc' holds 3 valid from "), std::string::npos)
      << refused.output;
}

TEST_F(RoundBanksFlow, ANewBankVersionThatLeavesACategoryShortIsRefused) {
  import_bank("cong-chuc", 0, 3);
  import_bank("nguoi-dan", 3, 3);
  ASSERT_EQ(create({{"bank", "cong-chuc"}, {"banks", {{"nhan-dan", "nguoi-dan"}}}}).exit_code, 0);
  // The citizens' bank loses a question while the round still draws from it.
  std::ifstream in(dir_.path() / "nguoi-dan.json");
  json smaller = json::parse(in);
  smaller["questions"].erase(smaller["questions"].begin());
  std::ofstream(dir_.path() / "nguoi-dan-2.json") << smaller.dump();
  auto r = cli({"bank", "import", (dir_.path() / "nguoi-dan-2.json").string(), "--id", "nguoi-dan"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("asks for 3 questions; bank 'nguoi-dan' holds 2"), std::string::npos) << r.output;
}

}  // namespace round_banks_flow_test
