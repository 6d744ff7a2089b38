// What is wrong with a bank file, said so an organiser can fix it: every
// problem carries its place, the field or column when there is one, and a
// message in plain words. The place is a line of a text file (1-based; 0
// when it concerns the whole file), a sheet's row and cell ("Sheet1!C14"),
// or a Word document's paragraph and the number of the question there.
#pragma once

#include <string>
#include <vector>

#include "core/text/lang.hpp"

namespace rq::core {

// What `line` counts in a file of this format.
enum class PlaceUnit { line, row, paragraph };

struct BankProblem {
  enum class Severity { error, warning };
  Severity severity = Severity::error;
  int line = 0;  // the line, row or paragraph, as `unit` says
  std::string field;
  std::string message;     // in English
  std::string message_vi;  // in Vietnamese ("" until translated: English is shown)
  PlaceUnit unit = PlaceUnit::line;
  std::string sheet;  // a workbook's problems: the sheet's name…
  std::string cell;   // …and the cell, "C14", when the problem is in one
  int question = 0;   // a question set's problems: the number of the question ("Câu 12")

  bool is_error() const { return severity == Severity::error; }
  // "line 14, correct: the answer 'E' is not one of the options A–D",
  // "Sheet1!J14 (correct): …", "question 12, paragraph 40: …"
  // In Vietnamese: "dòng 14, đáp án: …", "Câu hỏi!J14 (đáp án): …", "câu 12, đoạn 40: …".
  std::string to_string(Lang lang = Lang::en) const;
  // The place alone, as to_string() begins: "line 14", "Sheet1!J14",
  // "question 12, paragraph 40"; "" for the whole file.
  std::string place(Lang lang = Lang::en) const;
  const std::string& message_in(Lang lang) const { return lang == Lang::vi && !message_vi.empty() ? message_vi : message; }
  // The field as the organiser knows it: a CSV column's canonical name
  // ("correct") in English, its Vietnamese header ("đáp án") in Vietnamese;
  // JSON paths as they are.
  std::string field_in(Lang lang) const;
  bool operator==(const BankProblem&) const = default;
};

BankProblem bank_error(int line, std::string field, std::string message);
BankProblem bank_warning(int line, std::string field, std::string message);
// With the message in both languages.
BankProblem bank_error(int line, std::string field, Localized message);
BankProblem bank_warning(int line, std::string field, Localized message);

bool has_errors(const std::vector<BankProblem>& problems);

// "line 14", "row 14", "paragraph 14" ("dòng 14", "hàng 14", "đoạn 14"):
// another place named inside a message.
std::string place_words(PlaceUnit unit, int line, Lang lang = Lang::en);

}  // namespace rq::core
