#include "core/bank/bank_problem.hpp"

#include <algorithm>

#include "core/bank/bank_draft.hpp"

namespace rq::core {

std::string BankProblem::to_string() const {
  std::string out;
  if (line > 0) out = "line " + std::to_string(line);
  if (!field.empty()) out += (out.empty() ? "" : ", ") + field;
  if (!out.empty()) out += ": ";
  if (severity == Severity::warning) out += "warning: ";
  return out + message;
}

BankProblem bank_error(int line, std::string field, std::string message) {
  return BankProblem{BankProblem::Severity::error, line, std::move(field), std::move(message)};
}

BankProblem bank_warning(int line, std::string field, std::string message) {
  return BankProblem{BankProblem::Severity::warning, line, std::move(field), std::move(message)};
}

bool has_errors(const std::vector<BankProblem>& problems) {
  return std::any_of(problems.begin(), problems.end(), [](const BankProblem& p) { return p.is_error(); });
}

int DraftQuestion::line_of(const std::string& field) const {
  auto it = field_lines.find(field);
  return it != field_lines.end() ? it->second : line;
}

int BankDraft::line_of(const std::string& field) const {
  auto it = field_lines.find(field);
  return it != field_lines.end() ? it->second : 0;
}

}  // namespace rq::core
