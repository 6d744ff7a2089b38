// The "final" of a contest configuration: the overall ranking across rounds
// (CONTEST_RULES.md, "A final (overall) ranking across rounds may award its
// own prizes"). Read after the rounds, since it names them.
#include <algorithm>
#include <set>

#include "core/contest/contest_config.hpp"
#include "core/contest/contest_config_reader.hpp"

namespace rq::core::config_detail {
namespace {

constexpr std::string_view kPredictionPrefix = "prediction:";

const RoundConfig* find_round(const ContestConfig& config, const std::string& id) {
  for (const auto& r : config.rounds) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

void read_final_rounds(ConfigReader& r, const Json& v, const std::string& p, const ContestConfig& config,
                       FinalConfig& out) {
  const Json* list = r.list(v, "rounds", p, false, true, "round");
  if (!list) {
    // Absent: every round counts, as most contests' finals do.
    if (!r.member(v, "rounds", p, false)) {
      for (const auto& round : config.rounds) out.rounds.push_back(round.id);
    }
    return;
  }
  std::set<std::string> named;
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string rp = at(at(p, "rounds"), i);
    auto id = r.text_value((*list)[i], rp, true);
    if (!id) continue;
    if (!find_round(config, *id)) {
      r.problem(rp, {in_quotes(*id) + " is not one of the contest's rounds",
                     in_quotes(*id) + " không phải là vòng thi của cuộc thi"});
    } else if (!named.insert(*id).second) {
      r.problem(rp, {in_quotes(*id) + " is given twice", in_quotes(*id) + " được ghi hai lần"});
    }
  }
  // Kept in the contest's order, whatever order they were written in, so a
  // person's rounds read in the order they were held.
  for (const auto& round : config.rounds) {
    if (named.contains(round.id)) out.rounds.push_back(round.id);
  }
}

void read_final_ranking(ConfigReader& r, const Json& v, const std::string& p, const ContestConfig& config,
                        FinalConfig& out) {
  const Json* list = r.member(v, "ranking", p, false);
  std::string kp = at(p, "ranking");
  if (!list) {
    // Đồng Nai's chain: total score, then total time, then fewest attempts.
    out.ranking = {{FinalKey::score, ""}, {FinalKey::duration, ""}, {FinalKey::attempts_used, ""}};
    return;
  }
  static constexpr std::pair<std::string_view, FinalKey> kKeys[] = {
      {"score", FinalKey::score},
      {"duration", FinalKey::duration},
      {"attempts_used", FinalKey::attempts_used},
      {"rounds_entered", FinalKey::rounds_entered},
      {"submitted_at", FinalKey::submitted_at}};
  std::string names;
  for (const auto& [name, key] : kKeys) names += std::string(name) + ", ";
  names += "prediction:<round id>";
  if (!list->is_array() || list->empty()) {
    r.problem(kp, {"must be a non-empty list of ranking keys (" + names + ")",
                   "phải là một danh sách tiêu chí xếp hạng, không để trống (" + names + ")"});
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string ip = at(kp, i);
    const Json& k = (*list)[i];
    if (!k.is_string()) {
      r.problem(ip, {"must be a string, one of " + names, "phải là một chuỗi ký tự, là một trong: " + names});
      continue;
    }
    const auto& s = k.get_ref<const std::string&>();
    if (!seen.insert(s).second) {
      r.problem(ip, {in_quotes(s) + " is given twice", in_quotes(s) + " được ghi hai lần"});
      continue;
    }
    if (s.rfind(kPredictionPrefix, 0) == 0) {
      std::string round = s.substr(kPredictionPrefix.size());
      const RoundConfig* found = find_round(config, round);
      if (std::find(out.rounds.begin(), out.rounds.end(), round) == out.rounds.end()) {
        r.problem(ip, {in_quotes(round) + " is not one of the final's rounds",
                       in_quotes(round) + " không phải là vòng thi được tính vào chung cuộc"});
      } else if (found && !found->prediction) {
        r.problem(ip, {"round " + in_quotes(round) + " has no prediction question",
                       "vòng thi " + in_quotes(round) + " không có câu hỏi dự đoán"});
      } else {
        out.ranking.push_back({FinalKey::prediction, round});
      }
      continue;
    }
    auto found = std::find_if(std::begin(kKeys), std::end(kKeys), [&](const auto& e) { return e.first == s; });
    if (found == std::end(kKeys)) {
      r.problem(ip, {"must be one of " + names + " (got " + in_quotes(s) + ")",
                     "phải là một trong: " + names + " (đang là " + in_quotes(s) + ")"});
    } else {
      out.ranking.push_back({found->second, ""});
    }
  }
}

}  // namespace

void read_final(ConfigReader& r, const Json& root, ContestConfig& config) {
  const Json* v = r.member(root, "final", "", false);
  const std::string p = "final";
  if (!v || !r.object(*v, p, "{title, rounds, combine, ranking, prizes, …}")) return;
  r.unknown_fields(*v, p, "the final",
                   {"title", "rounds", "combine", "best", "min_rounds", "ranking", "prizes", "min_score_to_win",
                    "round_winners", "notice"});
  FinalConfig final_ranking;
  final_ranking.title = r.text(*v, "title", p, true).value_or("");
  read_final_rounds(r, *v, p, config, final_ranking);
  const auto counted = static_cast<long long>(std::max<std::size_t>(final_ranking.rounds.size(), 1));
  final_ranking.combine = r.choice<FinalCombine>(*v, "combine", p,
                                                 {{"sum", FinalCombine::sum},
                                                  {"best", FinalCombine::best},
                                                  {"average", FinalCombine::average}},
                                                 false)
                              .value_or(FinalCombine::sum);
  if (final_ranking.combine == FinalCombine::best) {
    final_ranking.best = static_cast<int>(r.integer(*v, "best", p, 1, counted, true).value_or(0));
  } else if (r.member(*v, "best", p, false)) {
    r.problem(at(p, "best"), {"is only for \"combine\": \"best\"", "chỉ dùng khi \"combine\": \"best\""});
  }
  final_ranking.min_rounds = static_cast<int>(r.integer(*v, "min_rounds", p, 1, counted, false).value_or(1));
  read_final_ranking(r, *v, p, config, final_ranking);
  read_prizes(r, *v, p, config, "the final", "xếp hạng chung cuộc", final_ranking.prizes);
  final_ranking.min_score_to_win = r.integer(*v, "min_score_to_win", p, 0, 1000000, false);
  read_notice_issue(r, *v, p, final_ranking.notice);
  final_ranking.round_winners = r.choice<RoundWinners>(*v, "round_winners", p,
                                                       {{"allowed", RoundWinners::allowed},
                                                        {"excluded", RoundWinners::excluded},
                                                        {"higher_only", RoundWinners::higher_only}},
                                                       false)
                                    .value_or(RoundWinners::allowed);
  config.final_ranking = std::move(final_ranking);
}

}  // namespace rq::core::config_detail
