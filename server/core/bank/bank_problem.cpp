#include "core/bank/bank_problem.hpp"

#include <algorithm>

#include "core/bank/bank_draft.hpp"

namespace rq::core {

std::string BankProblem::place(Lang lang) const {
  const bool vi = lang == Lang::vi;
  if (!sheet.empty()) {
    if (!cell.empty()) return sheet + "!" + cell;
    return sheet + (line > 0 ? (vi ? ", hàng " : ", row ") + std::to_string(line) : "");
  }
  std::string out;
  if (question > 0) out = (vi ? "câu " : "question ") + std::to_string(question);
  if (line > 0) out += (out.empty() ? "" : ", ") + place_words(unit, line, lang);
  return out;
}

std::string BankProblem::field_in(Lang lang) const {
  if (lang != Lang::vi) return field;
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"id", "mã"},          {"topic", "chủ đề"},        {"text", "câu hỏi"},           {"correct", "đáp án"},
      {"source", "căn cứ"},  {"difficulty", "độ khó"},   {"explanation", "giải thích"}, {"valid_from", "hiệu lực từ"},
      {"valid_until", "hiệu lực đến"}, {"label", "tên câu hỏi"}, {"options", "phương án"}, {"sheet", "trang tính"}};
  for (const auto& [en, vi] : kNames) {
    if (field == en) return std::string(vi);
  }
  if (field.size() == 8 && field.starts_with("option_")) return "phương án " + std::string(1, static_cast<char>(field[7] - 'a' + 'A'));
  return field;
}

std::string BankProblem::to_string(Lang lang) const {
  std::string out = place(lang);
  const std::string f = field_in(lang);
  if (!f.empty()) out += sheet.empty() ? (out.empty() ? "" : ", ") + f : " (" + f + ")";
  if (!out.empty()) out += ": ";
  if (severity == Severity::warning) out += lang == Lang::vi ? "cảnh báo: " : "warning: ";
  return out + message_in(lang);
}

std::string place_words(PlaceUnit unit, int line, Lang lang) {
  const bool vi = lang == Lang::vi;
  const char* word = unit == PlaceUnit::paragraph ? (vi ? "đoạn " : "paragraph ")
                     : unit == PlaceUnit::row     ? (vi ? "hàng " : "row ")
                                                  : (vi ? "dòng " : "line ");
  return word + std::to_string(line);
}

BankProblem bank_error(int line, std::string field, std::string message) {
  return BankProblem{BankProblem::Severity::error, line, std::move(field), std::move(message)};
}

BankProblem bank_warning(int line, std::string field, std::string message) {
  return BankProblem{BankProblem::Severity::warning, line, std::move(field), std::move(message)};
}

BankProblem bank_error(int line, std::string field, Localized message) {
  BankProblem p{BankProblem::Severity::error, line, std::move(field), std::move(message.en)};
  p.message_vi = std::move(message.vi);
  return p;
}

BankProblem bank_warning(int line, std::string field, Localized message) {
  BankProblem p{BankProblem::Severity::warning, line, std::move(field), std::move(message.en)};
  p.message_vi = std::move(message.vi);
  return p;
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
