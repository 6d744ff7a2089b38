// The suspected-duplicates report of a round (CONTEST_RULES.md, "Fairness";
// issue 12): what an organiser checks before announcing, each finding with
// its evidence. Nothing here decides: a finding is a reason to look, and the
// organiser disqualifies (core/results/disqualification) or not.
//
// Kinds of finding:
//  - same_name_birth_date: several accounts (so several phones) with the same
//    name (NFC, case and spacing aside) and birth date.
//  - same_id_number: the same ID number written differently (digits alike
//    once spaces and punctuation are gone), or, under the same name, ID
//    numbers one typo apart (one digit changed, or two neighbours swapped).
//  - one_address: many accounts registered from one client address within a
//    short window (the densest window of the address is reported).
//  - too_fast: an entry submitted sooner after its start than a person could
//    read its questions (a threshold per question).
//  - identical_answers: entries of different people with the same answer to
//    every question, some of them the same wrong answer, and near-identical
//    time on each question. Right answers alone prove nothing: two strong
//    contestants agree on them, so a shared wrong answer is required.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/results/answer_sheet.hpp"

namespace rq::core {

// The organiser-only facts of an entrant the report compares.
struct EntrantProfile {
  std::string id;
  std::string name;
  std::string birth_date;  // YYYY-MM-DD
  std::string phone;
  std::string id_number;   // as stored; may be empty
  std::string unit;
  std::string registered_from;  // client address at registration; may be empty
  std::int64_t registered_at = 0;
};

// The settings, each with its documented default (docs/protocol.md).
struct DuplicateRules {
  std::int64_t min_ms_per_question = 3000;  // too_fast below this average per question
  std::int64_t address_window_ms = 10 * 60 * 1000;
  std::size_t address_min_accounts = 5;
  std::int64_t timing_tolerance_ms = 2000;  // identical_answers: per question
  std::size_t min_shared_wrong = 1;
  // Entries compared pairwise under one answer pattern; beyond it the
  // earliest-started are compared and the finding says it was cut.
  std::size_t max_pattern_entries = 500;
};

enum class SuspicionKind { same_name_birth_date, same_id_number, one_address, too_fast, identical_answers };
std::string_view to_string(SuspicionKind kind);

struct Suspicion {
  SuspicionKind kind;
  std::vector<std::string> participants;  // sorted, distinct
  std::vector<std::string> attempts;      // the entries concerned (too_fast, identical_answers), sorted
  nlohmann::json evidence;                // kind-specific facts, see docs/protocol.md
};

// Findings ordered by kind (as listed above), then by first participant.
std::vector<Suspicion> suspected_duplicates(const std::vector<EntrantProfile>& people,
                                            const std::vector<AnswerSheet>& sheets, const DuplicateRules& rules);

// Two ID numbers one typo apart: one digit changed, or two neighbouring
// digits swapped (the same length, otherwise equal).
bool one_typo_apart(std::string_view a, std::string_view b);

}  // namespace rq::core
