// Collective prizes tally the entries once per unit, then order the units by
// exact fractions: a pure function of its inputs, so finalizing again gives
// the same awards.
#include "core/results/collective_prizes.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace rq::core {
namespace {

__extension__ typedef __int128 Wide;

// A metric's value as an exact fraction, so that equal rates tie exactly and
// close ones are never merged by rounding.
struct Fraction {
  Wide num = 0;
  Wide den = 1;  // > 0
  double approx() const { return static_cast<double>(num) / static_cast<double>(den); }
};

Wide gcd(Wide a, Wide b) {
  if (a < 0) a = -a;
  while (b != 0) {
    Wide t = a % b;
    a = b;
    b = t;
  }
  return a == 0 ? 1 : a;
}

Fraction plus(const Fraction& a, const Fraction& b, long long weight) {
  Fraction sum{a.num * b.den + weight * b.num * a.den, a.den * b.den};
  Wide g = gcd(sum.num, sum.den);
  return {sum.num / g, sum.den / g};
}

// >0 when a is larger, <0 when smaller, 0 when equal.
int compare(const Fraction& a, const Fraction& b) {
  Wide l = a.num * b.den;
  Wide r = b.num * a.den;
  return l < r ? -1 : (r < l ? 1 : 0);
}

struct Tally {
  const Unit* unit = nullptr;
  std::unordered_set<std::string_view> people;
  long long round_entrants = 0;  // the sum over rounds of each round's entrants (average participation)
  long long entries = 0;
  long long quality_entries = 0;
  long long points = 0;
};

struct Candidate {
  UnitStanding standing;
  std::map<CollectiveMetric, Fraction> metrics;  // those the unit has
  Fraction value;
};

// The unit's value of a base metric, when it has one.
std::optional<Fraction> base_metric(CollectiveMetric metric, const CollectivePrize& prize, const Tally& t,
                                    std::size_t rounds) {
  switch (metric) {
    case CollectiveMetric::entrants: return Fraction{static_cast<Wide>(t.people.size()), 1};
    case CollectiveMetric::participation_rate: {
      if (!t.unit->headcount || *t.unit->headcount <= 0) return std::nullopt;
      if (prize.participation == ParticipationOverRounds::average) {
        return Fraction{t.round_entrants, static_cast<Wide>(*t.unit->headcount) * static_cast<Wide>(std::max<std::size_t>(rounds, 1))};
      }
      return Fraction{static_cast<Wide>(t.people.size()), *t.unit->headcount};
    }
    case CollectiveMetric::quality_rate:
      if (t.entries == 0) return std::nullopt;
      return Fraction{t.quality_entries, t.entries};
    case CollectiveMetric::prize_points: return Fraction{t.points, 1};
    case CollectiveMetric::weighted: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Fraction> value_of(const CollectivePrize& prize, const Tally& t, std::size_t rounds) {
  if (prize.metric != CollectiveMetric::weighted) return base_metric(prize.metric, prize, t, rounds);
  Fraction sum;
  for (const auto& [metric, weight] : prize.weights) {
    auto v = base_metric(metric, prize, t, rounds);
    if (!v) return std::nullopt;  // a weighted sum needs every part
    sum = plus(sum, *v, weight);
  }
  return sum;
}

const char* metric_name(CollectiveMetric m) {
  switch (m) {
    case CollectiveMetric::entrants: return "entrants";
    case CollectiveMetric::participation_rate: return "participation_rate";
    case CollectiveMetric::quality_rate: return "quality_rate";
    case CollectiveMetric::prize_points: return "prize_points";
    case CollectiveMetric::weighted: return "weighted";
  }
  return "";
}

nlohmann::json rounded(std::optional<double> v) {
  if (!v) return nullptr;
  return std::round(*v * 10000.0) / 10000.0;
}

}  // namespace

std::vector<CollectiveAward> award_collective(const CollectivePrize& prize, const std::vector<Unit>& units,
                                              const std::vector<const std::vector<Entry>*>& rounds,
                                              const std::map<std::string, Person>& people,
                                              const std::vector<PrizeAward>& awards) {
  std::unordered_map<std::string_view, Tally> tallies;
  for (const Unit& unit : units) {
    if (prize.block && unit.block != *prize.block) continue;
    tallies.try_emplace(unit.id).first->second.unit = &unit;
  }
  // Fraud does not raise a unit's standing: a disqualified person counts for
  // nothing, a disqualified entry is not counted.
  auto competing = [&](const std::string& participant) -> Tally* {
    auto person = people.find(participant);
    if (person == people.end() || !person->second.disqualified.empty()) return nullptr;
    auto tally = tallies.find(person->second.unit);
    return tally == tallies.end() ? nullptr : &tally->second;
  };
  for (const auto* entries : rounds) {
    std::unordered_map<Tally*, std::unordered_set<std::string_view>> here;
    for (const Entry& e : *entries) {
      if (!e.disqualified.empty()) continue;
      Tally* tally = competing(e.participant_id);
      if (!tally) continue;
      tally->people.insert(people.find(e.participant_id)->first);
      here[tally].insert(e.participant_id);
      ++tally->entries;
      // At or above half the maximum, in integers so that 5 of 10 is exactly half.
      if (2LL * e.score >= static_cast<long long>(e.max_score)) ++tally->quality_entries;
    }
    for (auto& [tally, entrants] : here) tally->round_entrants += static_cast<long long>(entrants.size());
  }
  std::unordered_map<std::string_view, int> points;
  for (const auto& [name, n] : prize.points) points.emplace(name, n);
  for (const PrizeAward& a : awards) {
    Tally* tally = competing(a.participant_id);
    auto p = points.find(a.prize);
    if (tally && p != points.end()) tally->points += p->second;
  }

  std::vector<Candidate> candidates;
  for (auto& [id, tally] : tallies) {
    if (tally.people.empty()) continue;  // a unit nobody entered for never wins
    auto value = value_of(prize, tally, rounds.size());
    if (!value) continue;
    Candidate c;
    c.value = *value;
    for (auto m : {CollectiveMetric::entrants, CollectiveMetric::participation_rate, CollectiveMetric::quality_rate,
                   CollectiveMetric::prize_points}) {
      if (auto v = base_metric(m, prize, tally, rounds.size())) c.metrics[m] = *v;
    }
    c.standing.unit = tally.unit->id;
    c.standing.entrants = static_cast<long long>(tally.people.size());
    c.standing.entries = tally.entries;
    c.standing.quality_entries = tally.quality_entries;
    c.standing.prize_points = tally.points;
    if (auto r = c.metrics.find(CollectiveMetric::participation_rate); r != c.metrics.end()) {
      c.standing.participation_rate = r->second.approx();
    }
    if (auto q = c.metrics.find(CollectiveMetric::quality_rate); q != c.metrics.end()) {
      c.standing.quality_rate = q->second.approx();
    }
    c.standing.value = c.value.approx();
    candidates.push_back(std::move(c));
  }

  std::sort(candidates.begin(), candidates.end(), [&](const Candidate& a, const Candidate& b) {
    if (int c = compare(a.value, b.value); c != 0) return c > 0;
    for (auto m : prize.tie_break) {
      auto x = a.metrics.find(m), y = b.metrics.find(m);
      bool has_x = x != a.metrics.end(), has_y = y != b.metrics.end();
      if (has_x != has_y) return has_x;
      if (has_x) {
        if (int c = compare(x->second, y->second); c != 0) return c > 0;
      }
    }
    return a.standing.unit < b.standing.unit;
  });

  std::vector<CollectiveAward> out;
  const std::size_t places = static_cast<std::size_t>(std::max(prize.count, 0));
  for (std::size_t i = 0; i < candidates.size() && i < places; ++i) {
    out.push_back({prize.name, static_cast<int>(i) + 1, std::move(candidates[i].standing)});
  }
  return out;
}

std::vector<CollectiveAward> award_collective(const CollectivePrize& prize, const std::vector<Unit>& units,
                                              const std::vector<Entry>& entries,
                                              const std::map<std::string, Person>& people) {
  return award_collective(prize, units, {&entries}, people, {});
}

nlohmann::json collective_results(const ContestConfig& contest, CollectiveScope scope,
                                  const std::vector<const std::vector<Entry>*>& rounds,
                                  const std::map<std::string, Person>& people, const std::vector<PrizeAward>& awards) {
  std::unordered_map<std::string_view, const Unit*> units;
  for (const auto& u : contest.units) units.emplace(u.id, &u);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& prize : contest.collective_prizes) {
    if (prize.scope != scope) continue;
    for (const auto& c : award_collective(prize, contest.units, rounds, people, awards)) {
      const Unit* unit = units.at(c.standing.unit);
      out.push_back({{"name", c.name},
                     {"place", c.place},
                     {"unit", c.standing.unit},
                     {"unit_name", unit->name},
                     {"block", unit->block.empty() ? nlohmann::json() : nlohmann::json(unit->block)},
                     {"metric", metric_name(prize.metric)},
                     {"metric_value", c.standing.value},
                     {"entrants", c.standing.entrants},
                     {"entries", c.standing.entries},
                     {"quality_entries", c.standing.quality_entries},
                     {"participation_rate", rounded(c.standing.participation_rate)},
                     {"quality_rate", rounded(c.standing.quality_rate)},
                     {"prize_points", c.standing.prize_points}});
    }
  }
  return out;
}

}  // namespace rq::core
