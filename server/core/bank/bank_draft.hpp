// What a format parser hands to the shared validator: the bank as read, with
// where each question (and, when the format knows, each field) stood in the
// file, plus the problems the parser itself found (syntax, a missing answer
// line…). Text is still raw here; the validator normalises it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/bank/bank_problem.hpp"
#include "core/bank/question_bank.hpp"

namespace rq::core {

struct DraftQuestion {
  Question question;
  int line = 0;  // the line where the question starts
  // Lines of single fields when the format knows them: "id", "topic", "text",
  // "correct", "difficulty", "valid_from", "options", "options/2",
  // "correct/0" (the n-th option or answer).
  std::map<std::string, int> field_lines;
  // How fields are named in this question's problems: "questions[3]." for
  // JSON (giving "questions[3].correct"), "" for CSV columns, GIFT and Aiken.
  std::string field_prefix;

  int line_of(const std::string& field) const;
};

struct BankDraft {
  QuestionBank bank;  // id, title, language, topics; questions are in `questions`
  std::vector<DraftQuestion> questions;
  std::map<std::string, int> field_lines;  // bank-level: "id", "title", "topics", "topics/2"
  // Option ids are letters the organiser typed (CSV, GIFT, Aiken): messages
  // then show them as capitals, "A–D", as the organiser wrote them.
  bool letter_option_ids = false;
  // Fields are named as JSON paths ("topics[2].id") rather than columns.
  bool json_fields = false;
  std::vector<BankProblem> problems;

  // Where problems are, beyond their line: what a line counts, and for a
  // sheet its name and the column of each field ("correct" -> "J"); for a
  // question set the number each question was given, by the paragraph
  // where it starts. import_bank adds these to every problem.
  PlaceUnit unit = PlaceUnit::line;
  std::string sheet;
  std::map<std::string, std::string> field_columns;
  std::map<int, int> question_numbers;

  int line_of(const std::string& field) const;
};

}  // namespace rq::core
