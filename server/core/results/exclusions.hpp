// The exclusion list (CONTEST_RULES.md, "Excluded people": the organising
// committee, question setters, judges and technical staff may enter but not
// win): the phones and ID numbers of the configuration, or the organiser's
// edit of them, which is allowed until the contest's first round opens
// (docs/protocol.md, "Exclusion list"). Results are computed with the list
// as it stands, so a person's flag never depends on when they registered.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/contest/contest.hpp"
#include "core/results/entry.hpp"

namespace rq::core {

struct ExclusionList {
  std::vector<std::string> phones;      // normalised (0xxxxxxxxx)
  std::vector<std::string> id_numbers;  // digits
  bool operator==(const ExclusionList&) const = default;
};

// The list in force: the stored edit (its JSON, {phones, id_numbers, …}),
// or the configuration's when there is none.
ExclusionList exclusion_list(const ContestConfig& contest, const std::optional<std::string>& stored_edit);

// Person::excluded of every person: on the list by phone or by ID number.
void apply_exclusions(const ExclusionList& list, std::map<std::string, Person>& people);

// The moment the list can no longer change: the earliest opens_at of the
// contest's rounds.
std::int64_t exclusions_editable_until(const ContestConfig& contest);

// An organiser's new list, {phones: [...], id_numbers: [...]}, normalised
// (a phone as registration writes it, an ID number as digits), duplicates
// dropped, at most kMaxExcluded each. nullopt with `field` ("phones[3]") and
// `problem` set when an item is not a phone / ID number or the body is not
// of that shape.
inline constexpr std::size_t kMaxExcluded = 10000;
std::optional<ExclusionList> parse_exclusion_list(const nlohmann::json& body, std::string& field, std::string& problem);

nlohmann::json to_json(const ExclusionList& list);

}  // namespace rq::core
