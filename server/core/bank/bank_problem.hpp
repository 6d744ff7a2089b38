// What is wrong with a bank file, said so an organiser can fix it: every
// problem carries its line (1-based; 0 when it concerns the whole file), the
// field or column when there is one, and a message in plain words.
#pragma once

#include <string>
#include <vector>

namespace rq::core {

struct BankProblem {
  enum class Severity { error, warning };
  Severity severity = Severity::error;
  int line = 0;
  std::string field;
  std::string message;

  bool is_error() const { return severity == Severity::error; }
  // "line 14, correct: the answer 'E' is not one of the options A–D"
  std::string to_string() const;
  bool operator==(const BankProblem&) const = default;
};

BankProblem bank_error(int line, std::string field, std::string message);
BankProblem bank_warning(int line, std::string field, std::string message);

bool has_errors(const std::vector<BankProblem>& problems);

}  // namespace rq::core
