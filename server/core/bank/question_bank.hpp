// A question bank: topics and multiple-choice questions, as organisers load
// them and as rounds draw from them (QUESTION_BANKS.md). Plain values: the
// importers build them, the validator checks them, the store keeps them.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace rq::core {

struct Topic {
  std::string id;
  std::string name;
  bool operator==(const Topic&) const = default;
};

struct Option {
  std::string id;
  std::string text;
  bool operator==(const Option&) const = default;
};

struct Question {
  std::string id;
  std::string topic;
  std::string text;
  std::vector<Option> options;
  std::vector<std::string> correct;  // option ids, in the order of the options
  std::optional<int> difficulty;     // 1 (easy) to 3 (hard)
  std::string source;                // legal document or other source
  std::string valid_from;            // YYYY-MM-DD, or empty
  std::string valid_until;           // YYYY-MM-DD, or empty
  std::string explanation;
  // The question's name as its author gave it (a Moodle title, free text
  // such as "Câu 1: Nghị quyết nào…"), kept for the organiser; the id is
  // derived from it. Never shown to contestants.
  std::string label;
  bool operator==(const Question&) const = default;
};

struct QuestionBank {
  std::string id;
  std::string title;
  std::string language;
  std::vector<Topic> topics;
  std::vector<Question> questions;
  bool operator==(const QuestionBank&) const = default;
};

// Limits of QUESTION_BANKS.md, in Unicode characters after NFC (the file
// limit in bytes).
inline constexpr std::size_t kMaxQuestionTextChars = 2000;
inline constexpr std::size_t kMaxOptionTextChars = 500;
inline constexpr std::size_t kMaxLabelChars = 255;  // Moodle's own limit on a question's name
inline constexpr std::size_t kMaxBankFileBytes = 10 * 1024 * 1024;
inline constexpr std::size_t kMinOptions = 2;

}  // namespace rq::core
