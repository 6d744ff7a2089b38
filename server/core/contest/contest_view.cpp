#include "core/contest/contest_view.hpp"

namespace rq::core {

RoundStatus round_status(const RoundConfig& round, std::int64_t now_ms, std::int64_t closed_at) {
  if ((closed_at > 0 && closed_at <= now_ms) || now_ms >= round.closes_at) return RoundStatus::closed;
  if (now_ms < round.opens_at) return RoundStatus::upcoming;
  return RoundStatus::open;
}

const char* to_string(RoundStatus status) {
  switch (status) {
    case RoundStatus::upcoming: return "upcoming";
    case RoundStatus::open: return "open";
    case RoundStatus::closed: return "closed";
  }
  return "closed";
}

nlohmann::json final_description(const FinalConfig& f) {
  static constexpr const char* kCombine[] = {"sum", "best", "average"};
  return {{"title", f.title},
          {"rounds", f.rounds},
          {"combine", kCombine[static_cast<int>(f.combine)]},
          {"best", f.combine == FinalCombine::best ? nlohmann::json(f.best) : nlohmann::json()},
          {"min_rounds", f.min_rounds}};
}

nlohmann::json public_contest_view(const ContestConfig& contest, std::int64_t now_ms,
                                   const std::map<std::string, RoundMarks>& marks, std::int64_t final_published_at) {
  nlohmann::json categories = nlohmann::json::array();
  for (const auto& c : contest.categories) categories.push_back({{"id", c.id}, {"name", c.name}});
  nlohmann::json units = nlohmann::json::array();
  for (const auto& u : contest.units) {
    nlohmann::json unit = {{"id", u.id}, {"name", u.name}};
    if (!u.block.empty()) unit["block"] = u.block;
    units.push_back(std::move(unit));
  }
  nlohmann::json blocks = nlohmann::json::array();
  for (const auto& b : contest.blocks) blocks.push_back({{"id", b.id}, {"name", b.name}});
  nlohmann::json rounds = nlohmann::json::array();
  for (const auto& r : contest.rounds) {
    nlohmann::json prizes = nlohmann::json::array();
    for (const auto& p : r.prizes) {
      nlohmann::json tiers = nlohmann::json::array();
      for (const auto& t : p.tiers) {
        nlohmann::json tier = {{"name", t.name}, {"count", t.count}};
        if (t.min_score) tier["min_score"] = *t.min_score;  // contestants see what a prize needs
        tiers.push_back(std::move(tier));
      }
      prizes.push_back({{"category", p.category}, {"tiers", tiers}});
    }
    RoundMarks mark;
    if (auto m = marks.find(r.id); m != marks.end()) mark = m->second;
    auto when = [](std::int64_t ms) { return ms > 0 ? nlohmann::json(ms) : nlohmann::json(); };
    rounds.push_back({{"id", r.id},
                      {"title", r.title},
                      {"opens_at", r.opens_at},
                      {"closes_at", r.closes_at},
                      {"status", to_string(round_status(r, now_ms, mark.closed_at))},
                      {"closed_at", when(mark.closed_at)},
                      {"published_at", when(mark.published_at)},
                      {"questions", r.draw.count},
                      {"time_limit_s", r.time_limit_s},
                      {"attempts", r.attempts},
                      {"prediction", r.prediction ? nlohmann::json{{"prompt", r.prediction->prompt}} : nlohmann::json()},
                      {"prizes", prizes},
                      {"min_score_to_win", r.min_score_to_win ? nlohmann::json(*r.min_score_to_win) : nlohmann::json()}});
  }
  nlohmann::json final_view;  // null: the contest has no final
  if (contest.final_ranking) {
    final_view = final_description(*contest.final_ranking);
    final_view["published_at"] = final_published_at > 0 ? nlohmann::json(final_published_at) : nlohmann::json();
  }
  return {{"id", contest.id},         {"title", contest.title}, {"timezone", contest.timezone},
          {"categories", categories}, {"units", units},          {"blocks", blocks},
          {"rounds", rounds},
          {"join_code_required", !contest.join_code.empty()},  // never the code itself
          {"final", final_view},
          {"server_time", now_ms}};
}

}  // namespace rq::core
