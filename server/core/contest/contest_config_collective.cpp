// The collective prizes (giải tập thể) of a contest configuration: units
// ranked by entrants, participation rate, quality rate, points for the
// individual prizes their people won, or a weighted sum of these, in every
// round or once over the final's rounds, by block (CONTEST_RULES.md, "Prizes").
#include <algorithm>

#include "core/contest/contest_config.hpp"
#include "core/contest/contest_config_reader.hpp"

namespace rq::core::config_detail {
namespace {

constexpr std::pair<std::string_view, CollectiveMetric> kBaseMetrics[] = {
    {"entrants", CollectiveMetric::entrants},
    {"participation_rate", CollectiveMetric::participation_rate},
    {"quality_rate", CollectiveMetric::quality_rate},
    {"prize_points", CollectiveMetric::prize_points}};

bool uses(const CollectivePrize& prize, CollectiveMetric metric) {
  if (prize.metric == metric) return true;
  return std::any_of(prize.weights.begin(), prize.weights.end(), [&](const auto& w) { return w.first == metric; });
}

void check_participation_headcounts(ConfigReader& r, const std::string& p, const CollectivePrize& prize,
                                    const ContestConfig& config) {
  std::vector<std::string> missing;
  for (const auto& u : config.units) {
    bool competes = !prize.block || u.block == *prize.block;
    if (competes && !u.headcount) missing.push_back(u.id);
  }
  if (!missing.empty()) {
    auto units = name_list(missing);
    r.problem(at(p, "metric"),
              {"participation_rate needs the headcount of every competing unit; these have none: " + units.en,
               "participation_rate cần số người (headcount) của mọi đơn vị được xét giải; các đơn vị sau chưa có: " +
                   units.vi});
  }
}

void read_block(ConfigReader& r, const Json& c, const std::string& p, const ContestConfig& config,
                CollectivePrize& prize, bool& block_ok) {
  std::vector<std::string> blocks;
  for (const auto& u : config.units) {
    if (!u.block.empty() && std::find(blocks.begin(), blocks.end(), u.block) == blocks.end()) blocks.push_back(u.block);
  }
  const Json* b = r.member(c, "block", p, false);
  if (!b) return;
  if (!b->is_string()) {
    r.problem(at(p, "block"), {"must be a string (a block of units) or null (all units)",
                               "phải là một chuỗi ký tự (một khối đơn vị) hoặc null (mọi đơn vị)"});
    block_ok = false;
  } else if (std::find(blocks.begin(), blocks.end(), b->get<std::string>()) == blocks.end()) {
    auto listed = name_list(blocks);
    r.problem(at(p, "block"),
              {"no unit has the block " + in_quotes(b->get<std::string>()) +
                   (blocks.empty() ? " (no unit has a block)" : " (blocks: " + listed.en + ")"),
               "không có đơn vị nào thuộc khối " + in_quotes(b->get<std::string>()) +
                   (blocks.empty() ? " (chưa đơn vị nào có khối)" : " (các khối: " + listed.vi + ")")});
    block_ok = false;
  } else {
    prize.block = b->get<std::string>();
  }
}

// {prize name: points}, e.g. {"Giải Nhất": 10, "Giải Nhì": 8, "Giải Ba": 6}.
void read_points(ConfigReader& r, const Json& c, const std::string& p, CollectivePrize& prize) {
  const Json* v = r.member(c, "points", p, false);
  std::string pp = at(p, "points");
  if (!v) {
    if (uses(prize, CollectiveMetric::prize_points)) {
      r.problem(pp, {"is required for prize_points: {prize name: points}, e.g. {\"Giải Nhất\": 10}",
                     "bắt buộc phải có khi dùng prize_points: {tên giải: số điểm}, ví dụ {\"Giải Nhất\": 10}"});
    }
    return;
  }
  if (!r.object(*v, pp, "{prize name: points}")) return;
  for (const auto& [name, points] : v->items()) {
    if (auto n = r.integer_value(points, at(pp, name), 0, 1000000)) prize.points.emplace_back(name, static_cast<int>(*n));
  }
  if (!uses(prize, CollectiveMetric::prize_points)) {
    r.problem(pp, {"is only for prize_points (as the metric or one of the weights)",
                   "chỉ dùng khi có prize_points (là tiêu chí hoặc một trong các trọng số)"});
  }
}

// {metric: weight}: the weighted value is the sum of weight × each metric.
void read_weights(ConfigReader& r, const Json& c, const std::string& p, CollectivePrize& prize) {
  const Json* v = r.member(c, "weights", p, prize.metric == CollectiveMetric::weighted);
  std::string wp = at(p, "weights");
  if (!v) return;
  if (prize.metric != CollectiveMetric::weighted) {
    r.problem(wp, {"is only for \"metric\": \"weighted\"", "chỉ dùng khi \"metric\": \"weighted\""});
    return;
  }
  if (!r.object(*v, wp, "{metric: weight}")) return;
  if (v->empty()) {
    r.problem(wp, {"must give at least one metric's weight", "phải có trọng số của ít nhất một tiêu chí"});
    return;
  }
  for (const auto& item : v->items()) {
    const std::string name = item.key();
    const auto& weight = item.value();
    std::string mp = at(wp, name);
    auto found = std::find_if(std::begin(kBaseMetrics), std::end(kBaseMetrics), [&](const auto& m) { return m.first == name; });
    if (found == std::end(kBaseMetrics)) {
      r.problem(mp, {"unknown metric (weights are for entrants, participation_rate, quality_rate, prize_points)",
                     "tiêu chí không được nhận biết (trọng số dành cho entrants, participation_rate, quality_rate, "
                     "prize_points)"});
      continue;
    }
    if (auto w = r.integer_value(weight, mp, 1, 1000000)) prize.weights.emplace_back(found->second, static_cast<int>(*w));
  }
}

void read_tie_break(ConfigReader& r, const Json& c, const std::string& p, CollectivePrize& prize) {
  const Json* v = r.list(c, "tie_break", p, false, false, "");
  if (!v) return;
  prize.tie_break.clear();
  for (std::size_t i = 0; i < v->size(); ++i) {
    std::string tp = at(at(p, "tie_break"), i);
    auto name = r.text_value((*v)[i], tp, true);
    if (!name) continue;
    auto found = std::find_if(std::begin(kBaseMetrics), std::end(kBaseMetrics), [&](const auto& m) { return m.first == *name; });
    if (found == std::end(kBaseMetrics)) {
      r.problem(tp, {"must be one of entrants, participation_rate, quality_rate, prize_points (got " + in_quotes(*name) + ")",
                     "phải là một trong: entrants, participation_rate, quality_rate, prize_points (đang là " +
                         in_quotes(*name) + ")"});
    } else if (std::find(prize.tie_break.begin(), prize.tie_break.end(), found->second) != prize.tie_break.end()) {
      r.problem(tp, {in_quotes(*name) + " is given twice", in_quotes(*name) + " được ghi hai lần"});
    } else {
      prize.tie_break.push_back(found->second);
    }
  }
}

void read_collective_prize(ConfigReader& r, const Json& root, const Json& c, const std::string& p,
                           ContestConfig& config) {
  if (!r.object(c, p, "{name, count, metric, block}")) return;
  r.unknown_fields(c, p, "a collective prize",
                   {"name", "count", "metric", "block", "scope", "participation", "points", "weights", "tie_break"});
  CollectivePrize prize;
  prize.name = r.text(c, "name", p, true).value_or("");
  prize.count = static_cast<int>(r.integer(c, "count", p, 1, 100, true).value_or(0));
  auto metric = r.choice<CollectiveMetric>(c, "metric", p,
                                           {{"entrants", CollectiveMetric::entrants},
                                            {"participation_rate", CollectiveMetric::participation_rate},
                                            {"quality_rate", CollectiveMetric::quality_rate},
                                            {"prize_points", CollectiveMetric::prize_points},
                                            {"weighted", CollectiveMetric::weighted}},
                                           true);
  if (metric) prize.metric = *metric;
  bool block_ok = true;
  read_block(r, c, p, config, prize, block_ok);
  prize.scope = r.choice<CollectiveScope>(c, "scope", p,
                                          {{"round", CollectiveScope::round}, {"contest", CollectiveScope::contest}},
                                          false)
                    .value_or(CollectiveScope::round);
  if (prize.scope == CollectiveScope::contest && !root.contains("final")) {
    r.problem(at(p, "scope"),
              {"a contest-wide collective prize is computed with the final ranking over its rounds: add a \"final\"",
               "giải tập thể toàn cuộc thi được tính cùng xếp hạng chung cuộc trên các vòng thi của nó: hãy thêm "
               "\"final\""});
  }
  prize.participation = r.choice<ParticipationOverRounds>(c, "participation", p,
                                                          {{"any_round", ParticipationOverRounds::any_round},
                                                           {"average", ParticipationOverRounds::average}},
                                                          false)
                            .value_or(ParticipationOverRounds::any_round);
  read_weights(r, c, p, prize);
  read_points(r, c, p, prize);
  read_tie_break(r, c, p, prize);
  if (metric && uses(prize, CollectiveMetric::participation_rate) && block_ok) {
    check_participation_headcounts(r, p, prize, config);
  }
  config.collective_prizes.push_back(std::move(prize));
}

}  // namespace

void read_collective_prizes(ConfigReader& r, const Json& root, ContestConfig& config) {
  const Json* list = r.list(root, "collective_prizes", "", false, false, "");
  if (!list) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    read_collective_prize(r, root, (*list)[i], at("collective_prizes", i), config);
  }
}

}  // namespace rq::core::config_detail
