// Disqualification (CONTEST_RULES.md, "Fairness" and "Prizes"): the
// organiser takes a person (several identities, someone sitting for
// another: "thi hộ") or one entry out of the prizes, with a reason. A
// disqualified person stays in the ranking, marked, and never wins; a
// disqualified entry never counts, and the person's other entries may. The
// next person moves up at the next finalize.
//
// Records are never deleted: lifting one stamps it. A result computed at
// time T applies the disqualifications in force at T, so `results verify`
// recomputes a published round exactly even after a later change.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/results/entry.hpp"

namespace rq::core {

struct Disqualification {
  std::string kind;         // "person" or "entry"
  std::string target;       // participant id or attempt id
  std::string participant;  // the person (for an entry: its owner)
  std::string round;        // for an entry: its round; empty for a person
  std::string reason;
  std::string by;           // the organiser
  std::int64_t at = 0;      // Redis' clock
  std::optional<std::int64_t> lifted_at;
  std::string lifted_by;
  bool operator==(const Disqualification&) const = default;
};

// Disqualified at `moment`: at <= moment, and not lifted by then.
bool in_force_at(const Disqualification& d, std::int64_t moment);

// The time of the list's latest change (a disqualification or a lift), 0
// for an empty list. Finalize applies the list at this moment, which is the
// list as it stands, and stores the moment in the results, so that verify
// applies the same records later whatever changed since.
std::int64_t latest_change(const std::vector<Disqualification>& list);

// Marks the people and entries the disqualifications in force at `moment`
// name (Person::disqualified, Entry::disqualified: the reason).
void apply_disqualifications(const std::vector<Disqualification>& list, std::int64_t moment,
                             std::vector<Entry>& entries, std::map<std::string, Person>& people);

// The reason as stored: NFC, trimmed, 1 to kMaxReasonChars characters.
// nullopt with `problem` set when it is empty, too long or not UTF-8.
inline constexpr std::size_t kMaxReasonChars = 500;
std::optional<std::string> checked_reason(std::string_view reason, std::string& problem);

// The stored record (lua/disqualification_save.lua) as JSON, and back;
// nullopt for a record that is not one.
nlohmann::json disqualification_json(const Disqualification& d);
std::optional<Disqualification> disqualification_of(const nlohmann::json& j);

}  // namespace rq::core
