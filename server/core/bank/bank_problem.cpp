#include "core/bank/bank_problem.hpp"

#include <algorithm>

#include "core/bank/bank_draft.hpp"

namespace rq::core {

std::string BankProblem::place() const {
  if (!sheet.empty()) {
    return cell.empty() ? sheet + (line > 0 ? ", row " + std::to_string(line) : "") : sheet + "!" + cell;
  }
  std::string out;
  if (question > 0) out = "question " + std::to_string(question);
  if (line > 0) out += (out.empty() ? "" : ", ") + place_words(unit, line);
  return out;
}

std::string BankProblem::to_string() const {
  std::string out = place();
  if (!field.empty()) out += sheet.empty() ? (out.empty() ? "" : ", ") + field : " (" + field + ")";
  if (!out.empty()) out += ": ";
  if (severity == Severity::warning) out += "warning: ";
  return out + message;
}

std::string place_words(PlaceUnit unit, int line) {
  return std::string(unit == PlaceUnit::paragraph ? "paragraph " : unit == PlaceUnit::row ? "row " : "line ") +
         std::to_string(line);
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
