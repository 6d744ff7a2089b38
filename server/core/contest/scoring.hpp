// Scoring an entry: a question earns its point only when the chosen options
// are exactly the right ones (all of them, nothing else), so guessing every
// option of a two-answer question earns nothing. One point per question.
// The submit script in Redis scores the same way; `results verify`
// recomputes with this function to prove they agree.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/contest/draw.hpp"

namespace rq::core {

struct EntryScore {
  int score = 0;
  int max_score = 0;
  int correct = 0;
  int total = 0;
  bool all_answered = false;
  bool operator==(const EntryScore&) const = default;
};

// answers: question id -> chosen option ids (order does not matter).
EntryScore score_entry(const std::vector<DrawnQuestion>& questions,
                       const std::map<std::string, std::vector<std::string>>& answers);

}  // namespace rq::core
