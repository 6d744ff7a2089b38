// Individual prizes walk the ranking once per category; collective prizes
// tally the entries once per unit. Both are pure functions of their inputs,
// so finalizing a round again gives the same awards.
#include "core/results/prizes.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace rq::core {

namespace {

// Whether the repeat-winners policy lets a person win tier `tier` now, given
// the best (lowest) tier they won in an earlier round, if any.
bool policy_allows(RepeatWinners policy, std::optional<int> earlier_best_tier, int tier) {
  if (!earlier_best_tier) return true;
  switch (policy) {
    case RepeatWinners::once_per_round: return true;
    case RepeatWinners::once_per_contest: return false;
    case RepeatWinners::highest_only: return tier < *earlier_best_tier;  // strictly higher only
  }
  return true;
}

}  // namespace

std::vector<PrizeAward> award_down_ranking(const std::string& owner, const std::vector<CategoryPrizes>& prizes,
                                           const std::vector<PrizeCandidate>& ranking,
                                           const std::map<std::string, Person>& people,
                                           const std::function<bool(const std::string&, int)>& allowed) {
  std::vector<PrizeAward> awards;
  std::unordered_set<std::string_view> won_here;
  for (const CategoryPrizes& category : prizes) {
    std::size_t tier = 0;
    int left = 0;  // prizes still to give in `tier`
    auto next_tier_with_prizes = [&] {
      while (tier < category.tiers.size() && left <= 0) {
        left = category.tiers[tier].count;
        if (left <= 0) ++tier;
      }
    };
    next_tier_with_prizes();
    for (const PrizeCandidate& candidate : ranking) {
      if (tier >= category.tiers.size()) break;  // every prize of the category is given
      const std::string& id = *candidate.participant_id;
      auto person = people.find(id);
      if (person == people.end() || person->second.category != category.category) continue;
      if (person->second.excluded || !person->second.disqualified.empty() || won_here.contains(id)) continue;
      if (!allowed(id, static_cast<int>(tier))) continue;

      PrizeAward award;
      award.round = owner;
      award.category = category.category;
      award.prize = category.tiers[tier].name;
      award.tier = static_cast<int>(tier);
      award.rank = candidate.rank;
      award.participant_id = id;
      award.attempt_id = candidate.attempt_id ? *candidate.attempt_id : "";
      awards.push_back(std::move(award));
      won_here.insert(id);
      if (--left == 0) {
        ++tier;
        next_tier_with_prizes();
      }
    }
  }
  return awards;
}

std::vector<PrizeAward> award_prizes(const RoundConfig& round, const std::vector<RankedEntry>& ranking,
                                     const std::map<std::string, Person>& people, RepeatWinners policy,
                                     const std::vector<PrizeAward>& earlier) {
  // The highest tier (lowest index) each person won before this round.
  std::unordered_map<std::string_view, int> earlier_best;
  for (const PrizeAward& a : earlier) {
    if (a.round == round.id) continue;  // this round's own awards, passed back in on a re-finalize
    auto [it, inserted] = earlier_best.try_emplace(a.participant_id, a.tier);
    if (!inserted) it->second = std::min(it->second, a.tier);
  }
  std::vector<PrizeCandidate> candidates;
  candidates.reserve(ranking.size());
  for (const RankedEntry& r : ranking) candidates.push_back({r.rank, &r.entry.participant_id, &r.entry.attempt_id});
  return award_down_ranking(round.id, round.prizes, candidates, people, [&](const std::string& id, int tier) {
    auto before = earlier_best.find(id);
    std::optional<int> earlier_tier;
    if (before != earlier_best.end()) earlier_tier = before->second;
    return policy_allows(policy, earlier_tier, tier);
  });
}

namespace {

struct Tally {
  const Unit* unit = nullptr;
  std::unordered_set<std::string_view> people;
  long long entries = 0;
  long long quality_entries = 0;
};

// A metric's value as an exact fraction, so that equal rates tie exactly and
// close ones are never merged by rounding.
struct Fraction {
  long long num = 0;
  long long den = 1;  // > 0
};

__extension__ typedef __int128 Wide;

// >0 when a is larger, <0 when smaller, 0 when equal.
int compare(const Fraction& a, const Fraction& b) {
  Wide l = static_cast<Wide>(a.num) * b.den;
  Wide r = static_cast<Wide>(b.num) * a.den;
  return l < r ? -1 : (r < l ? 1 : 0);
}

struct Candidate {
  UnitStanding standing;
  Fraction value;
};

}  // namespace

std::vector<CollectiveAward> award_collective(const CollectivePrize& prize, const std::vector<Unit>& units,
                                              const std::vector<Entry>& entries,
                                              const std::map<std::string, Person>& people) {
  std::unordered_map<std::string_view, Tally> tallies;
  for (const Unit& unit : units) {
    if (prize.block && unit.block != *prize.block) continue;
    tallies.try_emplace(unit.id).first->second.unit = &unit;
  }
  for (const Entry& e : entries) {
    auto person = people.find(e.participant_id);
    if (person == people.end()) continue;
    // Fraud does not raise a unit's standing: neither a disqualified
    // person's entries nor a disqualified entry count.
    if (!person->second.disqualified.empty() || !e.disqualified.empty()) continue;
    auto tally = tallies.find(person->second.unit);
    if (tally == tallies.end()) continue;
    tally->second.people.insert(person->first);
    ++tally->second.entries;
    // At or above half the maximum, in integers so that 5 of 10 is exactly half.
    if (2LL * e.score >= static_cast<long long>(e.max_score)) ++tally->second.quality_entries;
  }

  std::vector<Candidate> candidates;
  for (auto& [id, tally] : tallies) {
    Candidate c;
    c.standing.unit = tally.unit->id;
    c.standing.entrants = static_cast<long long>(tally.people.size());
    c.standing.entries = tally.entries;
    c.standing.quality_entries = tally.quality_entries;
    if (c.standing.entrants == 0) continue;  // a unit nobody entered for never wins
    switch (prize.metric) {
      case CollectiveMetric::entrants: c.value = {c.standing.entrants, 1}; break;
      case CollectiveMetric::participation_rate:
        if (!tally.unit->headcount || *tally.unit->headcount <= 0) continue;
        c.value = {c.standing.entrants, *tally.unit->headcount};
        break;
      case CollectiveMetric::quality_rate:
        if (c.standing.entries == 0) continue;
        c.value = {c.standing.quality_entries, c.standing.entries};
        break;
    }
    c.standing.value = static_cast<double>(c.value.num) / static_cast<double>(c.value.den);
    candidates.push_back(std::move(c));
  }

  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (int c = compare(a.value, b.value); c != 0) return c > 0;
    if (a.standing.entrants != b.standing.entrants) return a.standing.entrants > b.standing.entrants;
    return a.standing.unit < b.standing.unit;
  });

  std::vector<CollectiveAward> awards;
  const std::size_t places = static_cast<std::size_t>(std::max(prize.count, 0));
  for (std::size_t i = 0; i < candidates.size() && i < places; ++i) {
    awards.push_back({prize.name, static_cast<int>(i) + 1, std::move(candidates[i].standing)});
  }
  return awards;
}

}  // namespace rq::core
