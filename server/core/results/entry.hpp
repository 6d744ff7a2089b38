// What the results are computed from: the submitted entries of a round and
// the people who made them, as plain values read from the store. Finalize
// (ranking.hpp, prizes.hpp, summary.hpp) is a pure function of these and the
// round's configuration, so "finalizing twice gives the same result" and
// `reformquiz results verify` can recompute a published result exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rq::core {

// One submitted (or expired, which is submitted as it stood) attempt.
struct Entry {
  std::string attempt_id;
  std::string participant_id;
  int attempt_number = 1;      // 1 for the person's first attempt in the round
  int score = 0;
  int max_score = 0;
  int correct = 0;             // questions answered fully right
  int total = 0;               // questions in the entry
  bool all_answered = false;   // every question has an answer
  std::int64_t started_at = 0;
  std::int64_t submitted_at = 0;
  std::int64_t duration_ms = 0;  // submitted_at - started_at, by the server clock
  std::optional<long long> prediction;
  // The organiser's reason when this one entry was disqualified (someone
  // else sat it): it never counts for the ranking, though it was submitted
  // and stays in the round's statistics. Empty when it stands.
  std::string disqualified;
  bool operator==(const Entry&) const = default;
};

struct Person {
  std::string id;
  std::string name;
  std::string unit;      // unit id
  std::string category;  // category id
  std::string phone;     // normalised, never published in full
  std::string id_number;
  bool excluded = false;  // on the exclusion list: may enter, never wins
  // The organiser's reason when the person was disqualified (several
  // identities, sitting for another): they stay in the ranking, marked, and
  // never win; their entries do not count for their unit's collective
  // prizes. Empty when they stand.
  std::string disqualified;
  // The optional profile fields the contest asked for; empty otherwise.
  std::string gender;
  std::string address;
  std::string commune;
  bool operator==(const Person&) const = default;
};

}  // namespace rq::core
