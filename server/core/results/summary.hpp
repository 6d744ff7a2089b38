// The results notice of a round (CONTEST_RULES.md, "Publishing results";
// docs/protocol.md `summary` and `winners`): counts, perfect entries, the
// prediction's true value, score bands, participation by unit, and the
// public winners list with masked phones.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/contest/contest.hpp"
#include "core/results/entry.hpp"
#include "core/results/prizes.hpp"
#include "core/results/ranking.hpp"

namespace rq::core {

// "0901234567" -> "090****567": enough for a winner to recognise, not to
// call. The first 3 and last 3 characters stay, with always four '*' between
// (so the length is hidden too). A string shorter than 10 characters (a
// normalised mobile number has 10) becomes as many '*' as it has characters:
// keeping 6 of fewer than 10 would give too much of it away.
std::string mask_phone(const std::string& phone);

// The `summary` object of the protocol, over every entry of the round
// (incomplete and excluded people's entries included: they were submitted):
// {entries, entrants,
//  by_category: [{category, name, entries, entrants}] in the contest's order,
//  perfect_entries: {count, share} (share = count / entries rounded to 4
//    decimals, 0 without entries),
//  prediction: {prompt, target, true_value} or null when the round has none,
//  max_score: the largest max_score among the entries (0 without entries),
//  score_bands: [{band, count}] "100%", ">=75%", "25-75%", "<25%" (each entry
//    against its own max_score; boundaries in summary.cpp),
//  participation: [{unit, name, block, entrants, entries, headcount|null,
//    rate|null}] in the contest's unit order (rate = entrants / headcount
//    rounded to 4 decimals; null without a positive headcount)}.
// Entries of people not in `people` count in the totals but in no category
// or unit.
nlohmann::json round_summary(const ContestConfig& contest, const RoundConfig& round, const std::vector<Entry>& entries,
                             const std::map<std::string, Person>& people, std::optional<long long> true_value);

// The public `winners` list, in the awards' order: [{rank, prize, category,
// category_name, name, unit, unit_name, score, max_score, duration_ms,
// prediction|null, phone (masked)}]; never a full phone or ID number. Names
// are as stored. An award whose entry is not in `ranking` (the caller's
// mistake) still appears, with null score, max_score, duration_ms and
// prediction, rather than vanish silently.
nlohmann::json public_winners(const std::vector<PrizeAward>& awards, const std::vector<RankedEntry>& ranking,
                              const std::map<std::string, Person>& people, const ContestConfig& contest);

// The person's columns of a ranking line in the organiser's document
// (contact details included): {name, unit, category, phone, id_number,
// excluded, disqualified: reason|null}; empty values for a person missing
// from the list (nullptr).
// (added) gender, address and commune when the person gave them.
nlohmann::json ranking_person_fields(const Person* person);

// The optional profile fields some ranking line of `results` carries, in the
// order gender, address, commune: the extra columns of its CSV and XLSX.
std::vector<std::string> profile_columns(const nlohmann::json& results);

// The whitelisted part of a public winners line, for a round's or the
// final's: {rank, prize, category, category_name, name, unit, unit_name,
// phone (masked)}. Nothing else of the person ever reaches it.
nlohmann::json public_winner_fields(const PrizeAward& award, const Person* person, const ContestConfig& contest);

}  // namespace rq::core
