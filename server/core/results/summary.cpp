// The results notice of a round: one pass over the entries tallies the
// totals, the categories and the units; the winners list joins the awards to
// the ranking and the people, and masks phones on the way out.
#include "core/results/summary.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace rq::core {

namespace {

using nlohmann::json;

double round4(double x) { return std::round(x * 10000.0) / 10000.0; }

const char* target_name(PredictionTarget t) {
  switch (t) {
    case PredictionTarget::perfect_entries: return "perfect_entries";
    case PredictionTarget::perfect_entrants: return "perfect_entrants";
    case PredictionTarget::entries: return "entries";
    case PredictionTarget::entrants: return "entrants";
  }
  return "";
}

// Score bands, in integers so that a score exactly on a boundary can never be
// pushed across it by floating-point rounding (s = score, m = max_score):
//   "100%"   : s == m
//   ">=75%"  : 0.75*m <= s < m      i.e. 4s >= 3m, s != m
//   "25-75%" : 0.25*m <= s < 0.75*m i.e. 4s >= m,  4s < 3m
//   "<25%"   : s < 0.25*m           i.e. 4s < m
// Each entry is measured against its own max_score, and every entry falls in
// exactly one band.
int band_of(const Entry& e) {
  const long long s4 = 4LL * e.score;
  const long long m = e.max_score;
  if (e.score == e.max_score) return 0;
  if (s4 >= 3 * m) return 1;
  if (s4 >= m) return 2;
  return 3;
}

constexpr const char* kBands[] = {"100%", ">=75%", "25-75%", "<25%"};

struct Count {
  std::unordered_set<std::string_view> people;
  long long entries = 0;
};

}  // namespace

std::string mask_phone(const std::string& phone) {
  if (phone.size() < 10) return std::string(phone.size(), '*');
  return phone.substr(0, 3) + "****" + phone.substr(phone.size() - 3);
}

json round_summary(const ContestConfig& contest, const RoundConfig& round, const std::vector<Entry>& entries,
                   const std::map<std::string, Person>& people, std::optional<long long> true_value) {
  std::unordered_set<std::string_view> entrants;
  std::unordered_map<std::string_view, Count> by_category;
  std::unordered_map<std::string_view, Count> by_unit;
  long long perfect = 0;
  int max_score = 0;
  long long bands[4] = {0, 0, 0, 0};
  for (const Entry& e : entries) {
    entrants.insert(e.participant_id);
    if (e.score == e.max_score) ++perfect;
    max_score = std::max(max_score, e.max_score);
    ++bands[band_of(e)];
    auto person = people.find(e.participant_id);
    if (person == people.end()) continue;
    Count& category = by_category[person->second.category];
    category.people.insert(person->first);
    ++category.entries;
    Count& unit = by_unit[person->second.unit];
    unit.people.insert(person->first);
    ++unit.entries;
  }
  const long long total = static_cast<long long>(entries.size());

  json summary = json::object();
  summary["entries"] = total;
  summary["entrants"] = static_cast<long long>(entrants.size());

  json categories = json::array();
  for (const Category& c : contest.categories) {
    auto it = by_category.find(c.id);
    long long n_entries = it == by_category.end() ? 0 : it->second.entries;
    long long n_people = it == by_category.end() ? 0 : static_cast<long long>(it->second.people.size());
    categories.push_back({{"category", c.id}, {"name", c.name}, {"entries", n_entries}, {"entrants", n_people}});
  }
  summary["by_category"] = std::move(categories);

  summary["perfect_entries"] = {
      {"count", perfect},
      {"share", total == 0 ? 0.0 : round4(static_cast<double>(perfect) / static_cast<double>(total))}};

  if (round.prediction) {
    summary["prediction"] = {{"prompt", round.prediction->prompt},
                             {"target", target_name(round.prediction->target)},
                             {"true_value", true_value ? json(*true_value) : json(nullptr)}};
  } else {
    summary["prediction"] = nullptr;
  }

  summary["max_score"] = max_score;

  json score_bands = json::array();
  for (int i = 0; i < 4; ++i) score_bands.push_back({{"band", kBands[i]}, {"count", bands[i]}});
  summary["score_bands"] = std::move(score_bands);

  json participation = json::array();
  for (const Unit& u : contest.units) {
    auto it = by_unit.find(u.id);
    long long n_entries = it == by_unit.end() ? 0 : it->second.entries;
    long long n_people = it == by_unit.end() ? 0 : static_cast<long long>(it->second.people.size());
    const bool has_headcount = u.headcount && *u.headcount > 0;
    json row = {{"unit", u.id},
                {"name", u.name},
                {"block", u.block},
                {"entrants", n_people},
                {"entries", n_entries},
                {"headcount", u.headcount ? json(*u.headcount) : json(nullptr)},
                {"rate", has_headcount
                             ? json(round4(static_cast<double>(n_people) / static_cast<double>(*u.headcount)))
                             : json(nullptr)}};
    participation.push_back(std::move(row));
  }
  summary["participation"] = std::move(participation);
  return summary;
}

json ranking_person_fields(const Person* person) {
  json row = {{"name", person ? person->name : ""},
              {"unit", person ? person->unit : ""},
              {"category", person ? person->category : ""},
              {"phone", person ? person->phone : ""},
              {"id_number", person ? person->id_number : ""},
              {"excluded", person ? person->excluded : false},
              {"disqualified", person && !person->disqualified.empty() ? json(person->disqualified) : json()}};
  // Only what the contest asked for, so other contests' documents keep
  // their shape.
  if (person && !person->gender.empty()) row["gender"] = person->gender;
  if (person && !person->address.empty()) row["address"] = person->address;
  if (person && !person->commune.empty()) row["commune"] = person->commune;
  return row;
}

std::vector<std::string> profile_columns(const json& results) {
  std::vector<std::string> out;
  for (const char* key : {"gender", "address", "commune"}) {
    bool any = false;
    for (const auto& row : results.value("ranking", json::array())) any = any || row.contains(key);
    if (any) out.emplace_back(key);
  }
  return out;
}

json public_winner_fields(const PrizeAward& a, const Person* p, const ContestConfig& contest) {
  auto category = std::find_if(contest.categories.begin(), contest.categories.end(),
                               [&](const Category& c) { return c.id == a.category; });
  auto unit = p ? std::find_if(contest.units.begin(), contest.units.end(), [&](const Unit& u) { return u.id == p->unit; })
                : contest.units.end();
  // Built field by field from a whitelist: nothing of the person but the
  // name, the unit and the masked phone can reach the public list.
  json w = json::object();
  w["rank"] = a.rank;
  w["prize"] = a.prize;
  w["category"] = a.category;
  w["category_name"] = category == contest.categories.end() ? "" : category->name;
  w["name"] = p ? p->name : "";
  w["unit"] = p ? p->unit : "";
  w["unit_name"] = unit == contest.units.end() ? "" : unit->name;
  w["phone"] = p ? mask_phone(p->phone) : "";
  return w;
}

json public_winners(const std::vector<PrizeAward>& awards, const std::vector<RankedEntry>& ranking,
                    const std::map<std::string, Person>& people, const ContestConfig& contest) {
  std::unordered_map<std::string_view, const RankedEntry*> by_attempt;
  for (const RankedEntry& r : ranking) by_attempt.emplace(r.entry.attempt_id, &r);
  json winners = json::array();
  for (const PrizeAward& a : awards) {
    auto person = people.find(a.participant_id);
    auto ranked = by_attempt.find(a.attempt_id);
    const Entry* e = ranked == by_attempt.end() ? nullptr : &ranked->second->entry;
    json w = public_winner_fields(a, person == people.end() ? nullptr : &person->second, contest);
    w["score"] = e ? json(e->score) : json(nullptr);
    w["max_score"] = e ? json(e->max_score) : json(nullptr);
    w["duration_ms"] = e ? json(e->duration_ms) : json(nullptr);
    w["prediction"] = e && e->prediction ? json(*e->prediction) : json(nullptr);
    winners.push_back(std::move(w));
  }
  return winners;
}

}  // namespace rq::core
