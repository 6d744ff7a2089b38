// Item statistics of a round for the organiser (issue 12; as Moodle's quiz
// statistics report them): for each question its facility (the share of
// the entries that showed it and got it right), its discrimination index
// (facility in the upper 27 % of the entries by score minus facility in the
// lower 27 %), how often each option was chosen, and flags for questions
// that look wrong: a negative discrimination (the weaker contestants do
// better than the stronger ones: a wrong key, or a trick question), or a
// wrong option that the best contestants chose more often than the right
// answer.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/results/answer_sheet.hpp"

namespace rq::core {

// The share of entries in each of the upper and lower groups.
constexpr double kDiscriminationGroupShare = 0.27;

struct OptionFrequency {
  std::string option;   // bank option id
  bool correct = false;
  std::size_t chosen = 0;        // entries that chose it
  std::size_t chosen_upper = 0;  // of them in the upper group
};

struct ItemStatistics {
  std::string bank;      // the bank the question is in (AnswerSheet::bank)
  std::string question;  // bank question id
  std::size_t shown = 0, answered = 0, right = 0;
  double facility = 0;  // right / shown
  // Upper minus lower facility; none when either group never saw the question
  // (or the round has fewer than two entries).
  std::optional<double> discrimination;
  std::size_t upper_shown = 0, upper_right = 0, lower_shown = 0, lower_right = 0;
  std::vector<OptionFrequency> options;  // in the bank's option order (by id)
  std::vector<std::string> flags;        // "negative_discrimination", "distractor_beats_key"
};

// The size of each group for `entries` entries: 27 %, rounded, at least one
// when there are two entries or more (none below that).
std::size_t discrimination_group_size(std::size_t entries);

// Every question shown in the round, by question id. The groups rank the
// entries by score (then attempt id, so the split is reproducible).
std::vector<ItemStatistics> item_statistics(const std::vector<AnswerSheet>& sheets);

}  // namespace rq::core
