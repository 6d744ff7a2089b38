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

namespace {

// A notice's own number and date; null members when left to the clerk or to
// the day of publication.
nlohmann::json notice_issue(const NoticeIssue& n) {
  auto or_null = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  return {{"number", or_null(n.number)}, {"date", or_null(n.date)}};
}

nlohmann::json notice_heading(const std::optional<NoticeHeading>& h) {
  if (!h) return nullptr;
  return {{"parent_body", h->parent_body},   {"issuing_body", h->issuing_body}, {"place", h->place},
          {"signer_capacity", h->signer_capacity}, {"signer_title", h->signer_title},
          {"signer_name", h->signer_name},   {"recipients", h->recipients}};
}

nlohmann::json prize_table(const std::vector<CategoryPrizes>& prizes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : prizes) {
    nlohmann::json tiers = nlohmann::json::array();
    for (const auto& t : p.tiers) {
      nlohmann::json tier = {{"name", t.name}, {"count", t.count}};
      if (t.min_score) tier["min_score"] = *t.min_score;  // contestants see what a prize needs
      if (t.amount) tier["amount"] = *t.amount;           // the rules ("thể lệ") publish prize money
      tiers.push_back(std::move(tier));
    }
    out.push_back({{"category", p.category}, {"tiers", tiers}});
  }
  return out;
}

// What the registration form asks beyond the required fields.
nlohmann::json profile_fields(const ContestConfig& contest) {
  auto asked = [](FieldAsked a) { return a == FieldAsked::required ? "required" : a == FieldAsked::optional ? "optional" : "no"; };
  return {{"gender", asked(contest.profile_fields.gender)},
          {"address", asked(contest.profile_fields.address)},
          {"commune", asked(contest.profile_fields.commune)}};
}

}  // namespace

nlohmann::json final_description(const FinalConfig& f) {
  static constexpr const char* kCombine[] = {"sum", "best", "average"};
  return {{"title", f.title},
          {"rounds", f.rounds},
          {"combine", kCombine[static_cast<int>(f.combine)]},
          {"best", f.combine == FinalCombine::best ? nlohmann::json(f.best) : nlohmann::json()},
          {"min_rounds", f.min_rounds},
          {"prizes", prize_table(f.prizes)},
          {"notice", notice_issue(f.notice)}};
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
  nlohmann::json communes = nlohmann::json::array();
  for (const auto& c : contest.communes) communes.push_back({{"id", c.id}, {"name", c.name}});
  nlohmann::json rounds = nlohmann::json::array();
  for (const auto& r : contest.rounds) {
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
                      {"prizes", prize_table(r.prizes)},
                      {"min_score_to_win", r.min_score_to_win ? nlohmann::json(*r.min_score_to_win) : nlohmann::json()},
                      {"notice", notice_issue(r.notice)}});
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
          {"profile_fields", profile_fields(contest)},
          {"communes", communes},
          {"final", final_view},
          {"notice", notice_heading(contest.notice)},
          {"server_time", now_ms}};
}

}  // namespace rq::core
