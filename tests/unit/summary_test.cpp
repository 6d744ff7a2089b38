// The results notice of CONTEST_RULES.md ("Publishing results"): the
// `summary` counts, by category, perfect share, prediction, score bands and
// participation, and the public winners list that never shows a full phone
// or an ID number.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/results/summary.hpp"
#include "core/results/verify.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace summary_test {

using namespace rq::core;
using nlohmann::json;

ContestConfig contest() {
  ContestConfig c;
  c.id = "cchc-2026";
  c.categories = {{"cbccvc", "Cán bộ, công chức, viên chức"}, {"nhan-dan", "Nhân dân"}, {"hoc-sinh", "Học sinh"}};
  c.units = {{"so-noi-vu", "Sở Nội vụ", "so-nganh", 120},
             {"ubnd-xa", "UBND xã Tam Kỳ", "xa-phuong", std::nullopt},
             {"so-tu-phap", "Sở Tư pháp", "so-nganh", 0}};
  return c;
}

RoundConfig round_of() {
  RoundConfig r;
  r.id = "ky-1";
  r.prediction = Prediction{"Dự đoán có bao nhiêu bài thi đúng tất cả?", PredictionTarget::perfect_entries};
  r.ranking = {RankKey::score, RankKey::prediction, RankKey::duration};
  return r;
}

Person person(std::string id, std::string category, std::string unit, std::string phone = "0901234567") {
  Person p;
  p.id = id;
  p.name = "Nguyễn Văn " + id;
  p.unit = std::move(unit);
  p.category = std::move(category);
  p.phone = std::move(phone);
  p.id_number = "049087001234";
  return p;
}

std::map<std::string, Person> people() {
  std::map<std::string, Person> m;
  for (Person p : {person("an", "cbccvc", "so-noi-vu"), person("binh", "cbccvc", "so-noi-vu"),
                   person("chi", "nhan-dan", "ubnd-xa")}) {
    m.emplace(p.id, p);
  }
  return m;
}

Entry entry(std::string attempt, std::string who, int score, int max_score = 20) {
  Entry e;
  e.attempt_id = std::move(attempt);
  e.participant_id = std::move(who);
  e.score = score;
  e.max_score = max_score;
  e.all_answered = true;
  e.duration_ms = 90'000;
  return e;
}

// an: two entries (one perfect); binh: one, incomplete; chi: one perfect.
std::vector<Entry> entries() {
  std::vector<Entry> e = {entry("an-1", "an", 20), entry("an-2", "an", 12), entry("binh-1", "binh", 4),
                          entry("chi-1", "chi", 20)};
  e[2].all_answered = false;
  return e;
}

TEST(Summary, CountsEveryEntryAndEachEntrantOnce) {
  auto s = round_summary(contest(), round_of(), entries(), people(), 2);
  EXPECT_EQ(s["entries"], 4);
  EXPECT_EQ(s["entrants"], 3);
  EXPECT_EQ(s["max_score"], 20);
}

TEST(Summary, ByCategoryFollowsTheContestOrder) {
  auto s = round_summary(contest(), round_of(), entries(), people(), 2);
  EXPECT_EQ(s["by_category"], json::parse(R"([
    {"category": "cbccvc", "name": "Cán bộ, công chức, viên chức", "entries": 3, "entrants": 2},
    {"category": "nhan-dan", "name": "Nhân dân", "entries": 1, "entrants": 1},
    {"category": "hoc-sinh", "name": "Học sinh", "entries": 0, "entrants": 0}])"));
}

TEST(Summary, PerfectShareIsRoundedToFourDecimals) {
  auto two_of_four = round_summary(contest(), round_of(), entries(), people(), 2);
  EXPECT_EQ(two_of_four["perfect_entries"], json::parse(R"({"count": 2, "share": 0.5})"));

  std::vector<Entry> three = {entry("a", "an", 20), entry("b", "binh", 20), entry("c", "chi", 3)};
  auto two_of_three = round_summary(contest(), round_of(), three, people(), 2);
  EXPECT_EQ(two_of_three["perfect_entries"]["count"], 2);
  EXPECT_DOUBLE_EQ(two_of_three["perfect_entries"]["share"].get<double>(), 0.6667);

  auto none = round_summary(contest(), round_of(), {}, people(), 0);
  EXPECT_EQ(none["perfect_entries"], json::parse(R"({"count": 0, "share": 0})"));
  EXPECT_EQ(none["entries"], 0);
  EXPECT_EQ(none["max_score"], 0);
}

TEST(Summary, PredictionShowsItsTargetAndTrueValue) {
  auto s = round_summary(contest(), round_of(), entries(), people(), 2);
  EXPECT_EQ(s["prediction"], json::parse(R"({"prompt": "Dự đoán có bao nhiêu bài thi đúng tất cả?",
                                             "target": "perfect_entries", "true_value": 2})"));
  RoundConfig without = round_of();
  without.prediction.reset();
  EXPECT_TRUE(round_summary(contest(), without, entries(), people(), std::nullopt)["prediction"].is_null());
}

TEST(Summary, ScoreBandBoundariesAreExactAtQuarterThreeQuartersAndFull) {
  // Out of 20: 15 is exactly 75% and 5 exactly 25%. Out of 10: 7.5 and 2.5
  // fall between whole scores, so 7 is below 75% and 3 at or above 25%.
  std::vector<Entry> e = {entry("a", "an", 20), entry("b", "an", 19), entry("c", "an", 15), entry("d", "an", 14),
                          entry("e", "an", 5),  entry("f", "an", 4),  entry("g", "an", 0),  entry("h", "an", 10, 10),
                          entry("i", "an", 8, 10), entry("j", "an", 7, 10), entry("k", "an", 3, 10),
                          entry("l", "an", 2, 10)};
  auto s = round_summary(contest(), round_of(), e, people(), 0);
  EXPECT_EQ(s["score_bands"], json::parse(R"([
    {"band": "100%", "count": 2}, {"band": ">=75%", "count": 3},
    {"band": "25-75%", "count": 4}, {"band": "<25%", "count": 3}])"));
}

TEST(Summary, ParticipationRatesUseHeadcountInTheContestUnitOrder) {
  // Sở Nội vụ: 2 of 120 = 0.016666… → 0.0167; no headcount, or 0: no rate.
  auto s = round_summary(contest(), round_of(), entries(), people(), 2);
  EXPECT_EQ(s["participation"], json::parse(R"([
    {"unit": "so-noi-vu", "name": "Sở Nội vụ", "block": "so-nganh", "entrants": 2, "entries": 3,
     "headcount": 120, "rate": 0.0167},
    {"unit": "ubnd-xa", "name": "UBND xã Tam Kỳ", "block": "xa-phuong", "entrants": 1, "entries": 1,
     "headcount": null, "rate": null},
    {"unit": "so-tu-phap", "name": "Sở Tư pháp", "block": "so-nganh", "entrants": 0, "entries": 0,
     "headcount": 0, "rate": null}])"));
}

TEST(Summary, MaskedPhonesKeepThreeDigitsAtEachEnd) {
  EXPECT_EQ(mask_phone("0901234567"), "090****567");
  EXPECT_EQ(mask_phone("02353812345"), "023****345");
  EXPECT_EQ(mask_phone("090123456"), "*********");
  EXPECT_EQ(mask_phone("123"), "***");
  EXPECT_EQ(mask_phone(""), "");
}

TEST(Winners, ListTheAwardsWithTheirEntries) {
  auto ranked_people = people();
  std::vector<RankedEntry> ranking(2);
  ranking[0] = {1, entry("chi-1", "chi", 20), 0, 1};
  ranking[0].entry.prediction = 2;
  ranking[1] = {2, entry("an-1", "an", 20), std::nullopt, 2};
  std::vector<PrizeAward> awards = {{"ky-1", "cbccvc", "Giải Nhất", 0, 2, "an", "an-1"},
                                    {"ky-1", "nhan-dan", "Giải Nhất", 0, 1, "chi", "chi-1"}};
  auto w = public_winners(awards, ranking, ranked_people, contest());
  EXPECT_EQ(w, json::parse(R"([
    {"rank": 2, "prize": "Giải Nhất", "category": "cbccvc", "category_name": "Cán bộ, công chức, viên chức",
     "name": "Nguyễn Văn an", "unit": "so-noi-vu", "unit_name": "Sở Nội vụ", "score": 20, "max_score": 20,
     "duration_ms": 90000, "prediction": null, "phone": "090****567"},
    {"rank": 1, "prize": "Giải Nhất", "category": "nhan-dan", "category_name": "Nhân dân",
     "name": "Nguyễn Văn chi", "unit": "ubnd-xa", "unit_name": "UBND xã Tam Kỳ", "score": 20, "max_score": 20,
     "duration_ms": 90000, "prediction": 2, "phone": "090****567"}])"));
}

TEST(Winners, NeverShowAFullPhoneOrIdNumber) {
  auto m = people();
  m.at("an").phone = "0987654321";
  m.at("an").id_number = "001203009999";
  std::vector<RankedEntry> ranking = {{1, entry("an-1", "an", 20), std::nullopt, 1}};
  std::vector<PrizeAward> awards = {{"ky-1", "cbccvc", "Giải Nhất", 0, 1, "an", "an-1"}};
  const std::string text = public_winners(awards, ranking, m, contest()).dump();
  EXPECT_EQ(text.find("0987654321"), std::string::npos);
  EXPECT_EQ(text.find("001203009999"), std::string::npos);
  EXPECT_EQ(text.find("id_number"), std::string::npos);
  EXPECT_NE(text.find("098****321"), std::string::npos);
}

TEST(Verify, IdenticalDocumentsHaveNoDifferences) {
  nlohmann::json doc = {{"winners", {{{"name", "A"}, {"rank", 1}}}}, {"computed_at", 1}};
  auto other = doc;
  other["computed_at"] = 2;
  EXPECT_TRUE(rq::core::json_differences(doc, other, {"computed_at"}).empty());
}

TEST(Verify, EveryDifferenceIsNamedByItsPath) {
  nlohmann::json published = {{"winners", {{{"name", "A"}, {"rank", 1}}}}, {"true_value", 3}};
  nlohmann::json recomputed = {{"winners", {{{"name", "B"}, {"rank", 1}}, {{"name", "C"}, {"rank", 2}}}}, {"true_value", 3}};
  EXPECT_EQ(rq::core::json_differences(published, recomputed),
            (std::vector<std::string>{"winners: published 1 items, recomputed 2",
                                      "winners[0].name: published \"A\", recomputed \"B\""}));
}

}  // namespace summary_test
