#include "core/results/final_ranking.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "core/contest/contest_view.hpp"
#include "core/results/collective_prizes.hpp"
#include "core/results/summary.hpp"

namespace rq::core {
namespace {

using nlohmann::json;

__extension__ typedef __int128 Wide;  // products of a score and a divisor, exact

// The highest max_score among a round's entries: what a perfect entry of the
// round scores (0 for a round nobody entered).
int round_maximum(const std::vector<Entry>& entries) {
  int most = 0;
  for (const auto& e : entries) most = std::max(most, e.max_score);
  return most;
}

// A whole number when it divides, else rounded to 2 decimals (an average).
json quotient(long long num, long long den) {
  if (den <= 1 || num % den == 0) return den <= 1 ? json(num) : json(num / den);
  return std::round(static_cast<double>(num) * 100.0 / static_cast<double>(den)) / 100.0;
}

// The lines of the best N scores count; the others are kept, shown, and left out.
void choose_counted(FinalStanding& s, const FinalConfig& f) {
  if (f.combine != FinalCombine::best || static_cast<int>(s.rounds.size()) <= f.best) return;
  std::vector<std::size_t> order(s.rounds.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Entry& x = s.rounds[a].ranked.entry;
    const Entry& y = s.rounds[b].ranked.entry;
    if (x.score != y.score) return x.score > y.score;
    return x.duration_ms < y.duration_ms;  // then the earlier round, by stable_sort
  });
  for (std::size_t k = static_cast<std::size_t>(f.best); k < order.size(); ++k) s.rounds[order[k]].counts = false;
}

void add_up(FinalStanding& s, const FinalConfig& f) {
  s.rounds_entered = static_cast<int>(s.rounds.size());
  choose_counted(s, f);
  for (const auto& line : s.rounds) {
    s.attempts_used += line.ranked.attempts_used;
    if (!line.counts) continue;
    s.total_score += line.ranked.entry.score;
    s.duration_ms += line.ranked.entry.duration_ms;
    s.submitted_at = std::max(s.submitted_at, line.ranked.entry.submitted_at);
  }
  s.divisor = f.combine == FinalCombine::average ? std::max(1, s.rounds_entered) : 1;
}

std::optional<long long> distance_in(const FinalStanding& s, const std::string& round) {
  for (const auto& line : s.rounds) {
    if (line.round == round) return line.ranked.prediction_distance;
  }
  return std::nullopt;
}

// -1: a first, 1: b first, 0: the key does not decide.
int compare_on(const FinalStanding& a, const FinalStanding& b, const FinalRankKey& key) {
  auto order = [](auto x, auto y, bool smaller_first) {
    if (x == y) return 0;
    return (x < y) == smaller_first ? -1 : 1;
  };
  switch (key.key) {
    case FinalKey::score: {
      // a.total / a.divisor against b.total / b.divisor, without division.
      Wide x = static_cast<Wide>(a.total_score) * b.divisor;
      Wide y = static_cast<Wide>(b.total_score) * a.divisor;
      return order(x, y, false);
    }
    case FinalKey::duration: return order(a.duration_ms, b.duration_ms, true);
    case FinalKey::attempts_used: return order(a.attempts_used, b.attempts_used, true);
    case FinalKey::rounds_entered: return order(a.rounds_entered, b.rounds_entered, false);
    case FinalKey::submitted_at: return order(a.submitted_at, b.submitted_at, true);
    case FinalKey::prediction: {
      auto x = distance_in(a, key.round), y = distance_in(b, key.round);
      if (x.has_value() != y.has_value()) return x ? -1 : 1;
      return x ? order(*x, *y, true) : 0;
    }
  }
  return 0;
}

json final_summary(const ContestConfig& contest, const FinalConfig& f,
                   const std::map<std::string, std::vector<Entry>>& entries_by_round,
                   const std::map<std::string, Person>& people, const std::vector<FinalStanding>& ranking,
                   const json& max_score) {
  std::set<std::string> entrants;
  json rounds = json::array();
  for (const auto& id : f.rounds) {
    std::set<std::string> here;
    auto it = entries_by_round.find(id);
    if (it != entries_by_round.end()) {
      for (const auto& e : it->second) here.insert(e.participant_id);
    }
    std::string title;
    for (const auto& r : contest.rounds) {
      if (r.id == id) title = r.title;
    }
    rounds.push_back({{"round", id}, {"title", title}, {"entrants", here.size()}});
    entrants.insert(here.begin(), here.end());
  }
  std::map<std::string, std::pair<long long, long long>> per_category;  // entrants, ranked
  auto category_of = [&](const std::string& participant) -> std::string {
    auto p = people.find(participant);
    return p == people.end() ? "" : p->second.category;
  };
  for (const auto& id : entrants) ++per_category[category_of(id)].first;
  for (const auto& s : ranking) ++per_category[category_of(s.participant_id)].second;
  json by_category = json::array();
  for (const auto& c : contest.categories) {
    auto counts = per_category[c.id];
    by_category.push_back({{"category", c.id}, {"name", c.name}, {"entrants", counts.first}, {"ranked", counts.second}});
  }
  return {{"entrants", entrants.size()},
          {"ranked", ranking.size()},
          {"by_category", by_category},
          {"rounds", rounds},
          {"max_score", max_score}};
}

}  // namespace

std::vector<FinalStanding> rank_final(const ContestConfig& contest, const FinalConfig& f,
                                      const std::map<std::string, std::vector<Entry>>& entries_by_round) {
  std::map<std::string, FinalStanding> by_person;
  for (const auto& round_id : f.rounds) {
    auto round = std::find_if(contest.rounds.begin(), contest.rounds.end(),
                              [&](const RoundConfig& r) { return r.id == round_id; });
    auto entries = entries_by_round.find(round_id);
    if (round == contest.rounds.end() || entries == entries_by_round.end()) continue;
    std::optional<long long> true_value;
    if (round->prediction) true_value = prediction_true_value(round->prediction->target, entries->second);
    for (auto& ranked : rank_round(*round, entries->second, true_value)) {
      auto& s = by_person[ranked.entry.participant_id];
      s.participant_id = ranked.entry.participant_id;
      s.rounds.push_back({round_id, std::move(ranked), true});
    }
  }
  std::vector<FinalStanding> out;
  for (auto& [id, s] : by_person) {
    if (static_cast<int>(s.rounds.size()) < f.min_rounds) continue;
    add_up(s, f);
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [&](const FinalStanding& a, const FinalStanding& b) {
    for (const auto& key : f.ranking) {
      if (int c = compare_on(a, b, key); c != 0) return c < 0;
    }
    return a.participant_id < b.participant_id;
  });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].rank = static_cast<int>(i) + 1;
  return out;
}

std::vector<PrizeAward> award_final_prizes(const FinalConfig& f, const std::vector<FinalStanding>& ranking,
                                           const std::map<std::string, Person>& people,
                                           const std::vector<PrizeAward>& round_awards) {
  std::set<std::string> counted(f.rounds.begin(), f.rounds.end());
  std::unordered_map<std::string, int> best_round_tier;
  for (const auto& a : round_awards) {
    if (!counted.contains(a.round)) continue;
    auto [it, fresh] = best_round_tier.try_emplace(a.participant_id, a.tier);
    if (!fresh) it->second = std::min(it->second, a.tier);
  }
  std::vector<PrizeCandidate> candidates;
  candidates.reserve(ranking.size());
  for (const auto& s : ranking) candidates.push_back({s.rank, &s.participant_id, nullptr, s.total_score, s.divisor});
  return award_down_ranking(
      kFinalAwards, f.prizes, candidates, people,
      [&](const std::string& id, int tier) {
        auto won = best_round_tier.find(id);
        if (won == best_round_tier.end()) return true;
        switch (f.round_winners) {
          case RoundWinners::allowed: return true;
          case RoundWinners::excluded: return false;
          case RoundWinners::higher_only: return tier < won->second;
        }
        return true;
      },
      f.min_score_to_win);
}

json compute_final_results(const ContestConfig& contest,
                           const std::map<std::string, std::vector<Entry>>& entries_by_round,
                           const std::map<std::string, Person>& people, const std::vector<PrizeAward>& round_awards) {
  const FinalConfig& f = *contest.final_ranking;
  auto ranking = rank_final(contest, f, entries_by_round);
  auto awards = award_final_prizes(f, ranking, people, round_awards);

  // What a perfect contestant would score under the combination.
  std::map<std::string, int> maximum;
  std::vector<int> maxima;
  for (const auto& id : f.rounds) {
    auto it = entries_by_round.find(id);
    maximum[id] = it == entries_by_round.end() ? 0 : round_maximum(it->second);
    maxima.push_back(maximum[id]);
  }
  std::sort(maxima.rbegin(), maxima.rend());
  long long contest_max = 0;
  std::size_t take = f.combine == FinalCombine::best ? std::min<std::size_t>(f.best, maxima.size()) : maxima.size();
  for (std::size_t i = 0; i < take; ++i) contest_max += maxima[i];
  json max_score = contest_max;
  if (f.combine == FinalCombine::average) {
    long long entered = std::count_if(maxima.begin(), maxima.end(), [](int m) { return m > 0; });
    max_score = quotient(contest_max, std::max(1LL, entered));
  }
  // A person's own maximum: under average, over the rounds they entered.
  auto max_of = [&](const FinalStanding& s) -> json {
    if (f.combine != FinalCombine::average) return contest_max;
    long long sum = 0;
    for (const auto& line : s.rounds) sum += maximum[line.round];
    return quotient(sum, s.divisor);
  };

  std::map<std::string, const PrizeAward*> prize_of;
  for (const auto& a : awards) prize_of[a.participant_id] = &a;
  std::unordered_map<std::string, const FinalStanding*> standing_of;
  json ranked = json::array();
  for (const auto& s : ranking) {
    standing_of[s.participant_id] = &s;
    auto p = people.find(s.participant_id);
    const Person* person = p != people.end() ? &p->second : nullptr;
    auto prize = prize_of.find(s.participant_id);
    json lines = json::array();
    for (const auto& line : s.rounds) {
      lines.push_back({{"round", line.round},
                       {"attempt", line.ranked.entry.attempt_id},
                       {"score", line.ranked.entry.score},
                       {"max_score", line.ranked.entry.max_score},
                       {"duration_ms", line.ranked.entry.duration_ms},
                       {"counted", line.counts}});
    }
    json row = ranking_person_fields(person);
    row.update({{"rank", s.rank},
                {"participant", s.participant_id},
                {"score", quotient(s.total_score, s.divisor)},
                {"total_score", s.total_score},
                {"max_score", max_of(s)},
                {"rounds_entered", s.rounds_entered},
                {"duration_ms", s.duration_ms},
                {"attempts_used", s.attempts_used},
                {"submitted_at", s.submitted_at},
                {"rounds", lines},
                {"prize", prize != prize_of.end() ? json(prize->second->prize) : json()}});
    ranked.push_back(std::move(row));
  }

  json winners = json::array();
  json award_list = json::array();
  for (const auto& a : awards) {
    award_list.push_back({{"round", a.round}, {"category", a.category}, {"prize", a.prize}, {"tier", a.tier},
                          {"rank", a.rank}, {"participant", a.participant_id}, {"attempt", a.attempt_id}});
    const FinalStanding& s = *standing_of.at(a.participant_id);
    auto p = people.find(a.participant_id);
    const Person* person = p != people.end() ? &p->second : nullptr;
    json w = public_winner_fields(a, person, contest);
    w["score"] = quotient(s.total_score, s.divisor);
    w["max_score"] = max_of(s);
    w["total_score"] = s.total_score;
    w["rounds_entered"] = s.rounds_entered;
    w["duration_ms"] = s.duration_ms;
    winners.push_back(std::move(w));
  }
  // Contest-wide collective prizes, over the final's rounds and their prizes.
  std::vector<const std::vector<Entry>*> rounds;
  for (const auto& id : f.rounds) {
    if (auto it = entries_by_round.find(id); it != entries_by_round.end()) rounds.push_back(&it->second);
  }
  std::set<std::string> counted(f.rounds.begin(), f.rounds.end());
  std::vector<PrizeAward> in_scope;
  for (const auto& a : round_awards) {
    if (counted.contains(a.round)) in_scope.push_back(a);
  }
  return {{"contest", contest.id},
          {"final", final_description(f)},
          {"summary", final_summary(contest, f, entries_by_round, people, ranking, max_score)},
          {"winners", winners},
          {"collective", collective_results(contest, CollectiveScope::contest, rounds, people, in_scope)},
          {"awards", award_list},
          {"ranking", ranked}};
}

json public_final_results(const json& results) {
  return {{"final", results.value("final", json::object())},
          {"summary", results.value("summary", json::object())},
          {"winners", results.value("winners", json::array())},
          {"collective", results.value("collective", json::array())}};
}

}  // namespace rq::core
