// Individual prizes walk the ranking once per category: a pure function of
// its inputs, so finalizing a round again gives the same awards.
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
                                           const std::function<bool(const std::string&, int)>& allowed,
                                           std::optional<long long> min_score_to_win) {
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
      // Below this tier's minimum: the tier's remaining prizes stay ungiven.
      auto reaches = [&](std::size_t t) {
        std::optional<long long> least = min_score_to_win;
        if (auto own = category.tiers[t].min_score; own && (!least || *own > *least)) least = own;
        return !least || candidate.score >= *least * candidate.divisor;
      };
      if (!reaches(tier)) {
        while (tier < category.tiers.size() && !reaches(tier)) ++tier;
        left = 0;
        next_tier_with_prizes();
        if (tier >= category.tiers.size()) break;
      }
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
  for (const RankedEntry& r : ranking) {
    candidates.push_back({r.rank, &r.entry.participant_id, &r.entry.attempt_id, r.entry.score, 1});
  }
  return award_down_ranking(
      round.id, round.prizes, candidates, people,
      [&](const std::string& id, int tier) {
        auto before = earlier_best.find(id);
        std::optional<int> earlier_tier;
        if (before != earlier_best.end()) earlier_tier = before->second;
        return policy_allows(policy, earlier_tier, tier);
      },
      round.min_score_to_win);
}

}  // namespace rq::core
