// The example configuration of PROTOCOL.md and helpers that parse it with
// one change, shared by the contest configuration tests.
#pragma once

#include <functional>
#include <ostream>

#include <nlohmann/json.hpp>

#include "core/contest/contest_config.hpp"

namespace rq::test {

using namespace rq::core;
using Json = nlohmann::ordered_json;  // keeps by_topic in the order written, as the parser does

// The example configuration of PROTOCOL.md, verbatim.
inline constexpr const char* kExample = R"({
  "id": "cchc-2026",
  "title": "Cuộc thi tìm hiểu cải cách hành chính năm 2026",
  "timezone": "Asia/Ho_Chi_Minh",
  "categories": [{"id": "cbccvc", "name": "Cán bộ, công chức, viên chức"},
                 {"id": "nhan-dan", "name": "Nhân dân"}],
  "units": [{"id": "so-noi-vu", "name": "Sở Nội vụ", "block": "so-nganh", "headcount": 120}],
  "excluded": {"phones": [], "id_numbers": []},
  "repeat_winners": "once_per_round",
  "rounds": [{
    "id": "ky-1", "title": "Kỳ 1",
    "opens_at": "2026-12-01T08:00:00+07:00", "closes_at": "2026-12-07T17:00:00+07:00",
    "bank": "cchc-2021-2030",
    "draw": {"count": 20, "by_topic": {"thu-tuc-hanh-chinh": 5, "chinh-phu-so": 3}},
    "time_limit_s": 1200,
    "attempts": 2, "counted_attempt": "best",
    "require_all_answered": false,
    "prediction": {"prompt": "Dự đoán có bao nhiêu bài thi trả lời đúng tất cả các câu hỏi?",
                   "target": "perfect_entries"},
    "ranking": ["score", "prediction", "duration", "submitted_at"],
    "prizes": [{"category": "cbccvc", "tiers": [{"name": "Giải Nhất", "count": 1},
                                                {"name": "Giải Nhì", "count": 2},
                                                {"name": "Giải Ba", "count": 3},
                                                {"name": "Giải Khuyến khích", "count": 5}]}]
  }],
  "collective_prizes": [{"name": "Giải tập thể", "count": 2, "metric": "participation_rate",
                         "block": null}]
})";

inline constexpr std::int64_t kOpens = 1796086800000;   // 2026-12-01T08:00:00+07:00
inline constexpr std::int64_t kCloses = 1796637600000;  // 2026-12-07T17:00:00+07:00

// The example with one change made by `edit`.
inline ContestConfigResult parse_with(const std::function<void(Json&)>& edit) {
  Json j = Json::parse(kExample);
  edit(j);
  return parse_contest_config(j.dump());
}

// The problems of the example with one change.
inline std::vector<ConfigProblem> problems_with(const std::function<void(Json&)>& edit) { return parse_with(edit).problems; }

using Problems = std::vector<ConfigProblem>;

inline ContestConfig expected_example() {
  ContestConfig c;
  c.id = "cchc-2026";
  c.title = "Cuộc thi tìm hiểu cải cách hành chính năm 2026";
  c.timezone = "Asia/Ho_Chi_Minh";
  c.categories = {{"cbccvc", "Cán bộ, công chức, viên chức"}, {"nhan-dan", "Nhân dân"}};
  c.units = {{"so-noi-vu", "Sở Nội vụ", "so-nganh", 120}};
  c.repeat_winners = RepeatWinners::once_per_round;
  RoundConfig r;
  r.id = "ky-1";
  r.title = "Kỳ 1";
  r.opens_at = kOpens;
  r.closes_at = kCloses;
  r.bank = "cchc-2021-2030";
  r.draw = {20, {{"thu-tuc-hanh-chinh", 5}, {"chinh-phu-so", 3}}};
  r.time_limit_s = 1200;
  r.attempts = 2;
  r.counted_attempt = CountedAttempt::best;
  r.require_all_answered = false;
  r.prediction = Prediction{"Dự đoán có bao nhiêu bài thi trả lời đúng tất cả các câu hỏi?",
                            PredictionTarget::perfect_entries};
  r.ranking = {RankKey::score, RankKey::prediction, RankKey::duration, RankKey::submitted_at};
  r.prizes = {{"cbccvc", {{"Giải Nhất", 1}, {"Giải Nhì", 2}, {"Giải Ba", 3}, {"Giải Khuyến khích", 5}}}};
  c.rounds = {r};
  c.collective_prizes = {{"Giải tập thể", 2, CollectiveMetric::participation_rate, std::nullopt}};
  return c;
}

}  // namespace rq::test

// Problems print as {path, message} in failure output.
namespace rq::core {
inline void PrintTo(const ConfigProblem& p, std::ostream* os) { *os << "{\"" << p.path << "\", \"" << p.message << "\"}"; }
}  // namespace rq::core

