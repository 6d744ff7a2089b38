#include "core/results/round_results.hpp"

#include <algorithm>
#include <set>

#include "core/results/collective_prizes.hpp"
#include "core/results/ranking.hpp"
#include "core/results/summary.hpp"

namespace rq::core {

nlohmann::json compute_round_results(const ContestConfig& contest, const RoundConfig& round,
                                     const std::vector<Entry>& entries, const std::map<std::string, Person>& people,
                                     const std::vector<PrizeAward>& earlier_awards) {
  std::optional<long long> true_value;
  if (round.prediction) true_value = prediction_true_value(round.prediction->target, entries);
  auto ranking = rank_round(round, entries, true_value);
  auto awards = award_prizes(round, ranking, people, contest.repeat_winners, earlier_awards);

  std::map<std::string, const PrizeAward*> prize_of;
  for (const auto& a : awards) prize_of[a.participant_id] = &a;
  nlohmann::json ranked = nlohmann::json::array();
  for (const auto& r : ranking) {
    auto p = people.find(r.entry.participant_id);
    const Person* person = p != people.end() ? &p->second : nullptr;
    auto prize = prize_of.find(r.entry.participant_id);
    nlohmann::json row = ranking_person_fields(person);
    row.update({{"rank", r.rank},
                {"attempt", r.entry.attempt_id},
                {"participant", r.entry.participant_id},
                {"score", r.entry.score},
                {"max_score", r.entry.max_score},
                {"duration_ms", r.entry.duration_ms},
                {"started_at", r.entry.started_at},
                {"submitted_at", r.entry.submitted_at},
                {"prediction", r.entry.prediction ? nlohmann::json(*r.entry.prediction) : nlohmann::json()},
                {"prediction_distance",
                 r.prediction_distance ? nlohmann::json(*r.prediction_distance) : nlohmann::json()},
                {"attempts_used", r.attempts_used},
                {"prize", prize != prize_of.end() ? nlohmann::json(prize->second->prize) : nlohmann::json()}});
    ranked.push_back(std::move(row));
  }
  nlohmann::json award_list = nlohmann::json::array();
  for (const auto& a : awards) {
    award_list.push_back({{"round", a.round}, {"category", a.category}, {"prize", a.prize}, {"tier", a.tier},
                          {"rank", a.rank}, {"participant", a.participant_id}, {"attempt", a.attempt_id}});
  }
  // The entries the organiser disqualified, for the review: they are in no
  // ranking row, so without this list they would just vanish from the draft.
  nlohmann::json disqualified_entries = nlohmann::json::array();
  for (const auto& e : entries) {
    if (e.disqualified.empty()) continue;
    auto p = people.find(e.participant_id);
    disqualified_entries.push_back({{"attempt", e.attempt_id},
                                    {"participant", e.participant_id},
                                    {"name", p != people.end() ? p->second.name : ""},
                                    {"score", e.score},
                                    {"max_score", e.max_score},
                                    {"reason", e.disqualified}});
  }
  std::sort(disqualified_entries.begin(), disqualified_entries.end(),
            [](const auto& a, const auto& b) { return a["attempt"] < b["attempt"]; });
  // The round's own collective prizes; contest-wide ones come with the final.
  auto collective = collective_results(contest, CollectiveScope::round, {&entries}, people, awards);
  return {{"contest", contest.id},
          {"round", round.id},
          {"true_value", true_value ? nlohmann::json(*true_value) : nlohmann::json()},
          {"summary", round_summary(contest, round, entries, people, true_value)},
          {"winners", public_winners(awards, ranking, people, contest)},
          {"collective", collective},
          {"awards", award_list},
          {"disqualified_entries", disqualified_entries},
          {"ranking", ranked}};
}

nlohmann::json public_round_results(const nlohmann::json& results) {
  return {{"round", results.value("round", "")},
          {"summary", results.value("summary", nlohmann::json::object())},
          {"winners", results.value("winners", nlohmann::json::array())},
          {"collective", results.value("collective", nlohmann::json::array())}};
}

nlohmann::json without_contact_details(nlohmann::json results) {
  auto mask = [](nlohmann::json& rows) {
    if (!rows.is_array()) return;
    for (auto& row : rows) {
      if (row.contains("phone") && row["phone"].is_string()) row["phone"] = mask_phone(row["phone"].get<std::string>());
      if (row.contains("id_number")) row["id_number"] = "";
      // A home address, its commune and a gender are personal data too.
      for (const char* field : {"address", "commune", "gender"}) {
        if (row.contains(field)) row[field] = "";
      }
    }
  };
  if (results.contains("ranking")) mask(results["ranking"]);  // the winners list is masked already
  return results;
}

std::vector<std::pair<std::string, nlohmann::json>> personal_lines(const nlohmann::json& results) {
  std::vector<std::pair<std::string, nlohmann::json>> out;
  for (const auto& row : results.value("ranking", nlohmann::json::array())) {
    out.emplace_back(row.value("participant", ""),
                     nlohmann::json{{"rank", row.value("rank", nlohmann::json())},
                                    {"score", row.value("score", nlohmann::json())},
                                    {"max_score", row.value("max_score", nlohmann::json())},
                                    {"duration_ms", row.value("duration_ms", nlohmann::json())},
                                    {"prediction", row.value("prediction", nlohmann::json())},
                                    {"prize", row.value("prize", nlohmann::json())}});
  }
  return out;
}

std::vector<PrizeAward> awards_of(const nlohmann::json& results) {
  std::vector<PrizeAward> out;
  for (const auto& a : results.value("awards", nlohmann::json::array())) {
    out.push_back({a.value("round", ""), a.value("category", ""), a.value("prize", ""), a.value("tier", 0),
                   a.value("rank", 0), a.value("participant", ""), a.value("attempt", "")});
  }
  return out;
}

namespace {
std::string quoted(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A cell as Excel reads it. Text Excel would take for a formula (=, +, -, @,
// a tab or a CR first: a contestant could register such a name) gets a
// leading apostrophe, so it shows as text and never runs. Phones and ID
// numbers, all digits, are written ="0901234567": Excel keeps them as text,
// leading zero included, instead of turning them into numbers.
std::string cell(const std::string& v, bool digits_as_text) {
  bool all_digits = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
  if (digits_as_text && all_digits) return "\"=\"\"" + v + "\"\"\"";
  if (!v.empty() && std::string_view("=+-@\t\r").find(v.front()) != std::string_view::npos) return quoted("'" + v);
  return quoted(v);
}
std::string text(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  return v.dump();
}
}  // namespace

std::string ranking_csv(const nlohmann::json& results) {
  static const std::vector<std::string> kRoundColumns{
      "rank",       "prize",       "name",        "unit",          "category",     "phone",
      "id_number",  "score",       "max_score",   "duration_ms",   "prediction",   "prediction_distance",
      "attempts_used", "submitted_at", "excluded", "disqualified", "participant", "attempt"};
  // The final's: its combination, then each counted round's score ("score:<round>").
  static const std::vector<std::string> kFinalColumns{
      "rank",        "prize",          "name",        "unit",          "category",     "phone",
      "id_number",   "score",          "total_score", "max_score",     "rounds_entered", "duration_ms",
      "attempts_used", "submitted_at", "excluded",    "disqualified",  "participant"};
  const bool is_final = results.contains("final");
  std::vector<std::string> columns = is_final ? kFinalColumns : kRoundColumns;
  std::vector<std::string> rounds;
  if (is_final) {
    for (const auto& r : results["final"].value("rounds", nlohmann::json::array())) {
      rounds.push_back(r.get<std::string>());
      columns.push_back("score:" + rounds.back());
    }
  }
  for (auto& c : profile_columns(results)) columns.push_back(std::move(c));  // last: the usual columns stay where they were
  std::string out = "\xEF\xBB\xBF";
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + cell(columns[i], false);
  out += "\r\n";
  for (const auto& row : results.value("ranking", nlohmann::json::array())) {
    std::map<std::string, nlohmann::json> round_scores;
    for (const auto& line : row.value("rounds", nlohmann::json::array())) {
      round_scores[line.value("round", "")] = line.value("score", nlohmann::json());
    }
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const std::string& column = columns[i];
      nlohmann::json v = column.rfind("score:", 0) == 0 ? round_scores[column.substr(6)] : row.value(column, nlohmann::json());
      out += (i ? "," : "") + cell(text(v), column == "phone" || column == "id_number");
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace rq::core
