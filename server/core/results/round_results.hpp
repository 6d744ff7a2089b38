// Finalize as one pure function: from a round's stored entries and people,
// the prediction's true value, the ranking, the prizes (individual and
// collective), the summary and the public winners, as the JSON document the
// store keeps. Finalizing the same inputs twice gives the same document
// (computed_at aside), and `reformquiz results verify` recomputes it from
// the stored attempts to compare with what was published.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/contest/contest.hpp"
#include "core/results/entry.hpp"
#include "core/results/prizes.hpp"

namespace rq::core {

// {contest, round, true_value, summary, winners, collective, awards,
//  disqualified_entries: [{attempt, participant, name, score, max_score, reason}],
//  ranking: [{rank, attempt, participant, name, unit, category, phone,
//             id_number, excluded, disqualified (the reason, or null),
//             score, max_score, duration_ms, started_at, submitted_at,
//             prediction, prediction_distance, attempts_used, prize}]}
nlohmann::json compute_round_results(const ContestConfig& contest, const RoundConfig& round,
                                     const std::vector<Entry>& entries, const std::map<std::string, Person>& people,
                                     const std::vector<PrizeAward>& earlier_awards);

// What the public sees of a computed document: summary, winners (masked
// phones) and the collective prizes. Never the ranking with contact details.
nlohmann::json public_round_results(const nlohmann::json& results);

// The document for a reader who may not see personal data (a viewer):
// phones masked as in the public winners list, ID numbers left out.
nlohmann::json without_contact_details(nlohmann::json results);

// Each ranked person's own line, as `results` shows it to them ("you"):
// {participant id, {rank, score, max_score, duration_ms, prediction, prize}},
// in ranking order. Stored apart at finalize, so a contestant's `results`
// reads one line and never the whole ranking.
std::vector<std::pair<std::string, nlohmann::json>> personal_lines(const nlohmann::json& results);

// The awards of a computed document, for the repeat_winners policy of later rounds.
std::vector<PrizeAward> awards_of(const nlohmann::json& results);

// The full ranking as CSV for Excel: UTF-8 with a BOM, CRLF, one row per
// ranked person with contact details and prize. A final's document (it has
// "final") gets the final's columns and one "score:<round>" per counted round.
std::string ranking_csv(const nlohmann::json& results);

}  // namespace rq::core
