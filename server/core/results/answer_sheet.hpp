// A submitted entry's answers, question by question, in bank ids: what the
// organiser's reviews of a round read (item statistics, suspected
// duplicates). The store maps each attempt's shown option ids back to the
// bank's, so two contestants who saw the options in different orders are
// compared on the same ids.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rq::core {

struct SheetAnswer {
  std::string question;              // bank question id
  std::vector<std::string> options;  // bank option ids, in the order this attempt showed them
  std::vector<std::string> correct;  // bank option ids of the right answer, sorted
  std::vector<std::string> chosen;   // bank option ids chosen, sorted; empty when unanswered
  std::int64_t answered_at = 0;      // Redis' clock at the last change of this answer, 0 when unanswered
  bool operator==(const SheetAnswer&) const = default;
};

struct AnswerSheet {
  std::string attempt_id;
  std::string participant_id;
  std::int64_t started_at = 0;
  std::int64_t submitted_at = 0;
  int score = 0;
  int max_score = 0;
  std::vector<SheetAnswer> answers;  // in the order the attempt showed the questions
  // The bank the attempt drew from: a round with a bank per category has
  // several, and question ids are only unique within a bank.
  std::string bank;
  bool operator==(const AnswerSheet&) const = default;
};

}  // namespace rq::core
