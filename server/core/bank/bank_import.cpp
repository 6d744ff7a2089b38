#include "core/bank/bank_import.hpp"

#include <algorithm>
#include <cctype>

#include "core/bank/bank_validator.hpp"

namespace rq::core {

std::optional<BankFormat> parse_bank_format(std::string_view name) {
  if (name == "json") return BankFormat::json;
  if (name == "csv") return BankFormat::csv;
  if (name == "gift") return BankFormat::gift;
  if (name == "aiken") return BankFormat::aiken;
  return std::nullopt;
}

std::string_view to_string(BankFormat format) {
  switch (format) {
    case BankFormat::json: return "json";
    case BankFormat::csv: return "csv";
    case BankFormat::gift: return "gift";
    case BankFormat::aiken: return "aiken";
  }
  return "json";
}

std::optional<BankFormat> bank_format_from_filename(std::string_view filename) {
  auto dot = filename.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string ext(filename.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == "json") return BankFormat::json;
  if (ext == "csv") return BankFormat::csv;
  if (ext == "gift") return BankFormat::gift;
  if (ext == "aiken") return BankFormat::aiken;
  return std::nullopt;
}

BankImportResult import_bank(std::string_view text, BankFormat format, const BankImportOptions& options) {
  if (text.size() > kMaxBankFileBytes) {
    BankImportResult too_big;
    too_big.problems.push_back(bank_error(0, "", "the file has " + std::to_string(text.size()) +
                                                     " bytes; the limit is 10 MiB (" +
                                                     std::to_string(kMaxBankFileBytes) + " bytes)"));
    return too_big;
  }
  // Excel and Notepad put a byte order mark in front of UTF-8; it is not text.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  BankDraft draft;
  switch (format) {
    case BankFormat::json: draft = parse_json_bank(text); break;
    case BankFormat::csv: draft = parse_csv_bank(text); break;
    case BankFormat::gift: draft = parse_gift_bank(text); break;
    case BankFormat::aiken: draft = parse_aiken_bank(text); break;
  }
  if (!options.id.empty()) draft.bank.id = options.id;
  if (!options.title.empty()) draft.bank.title = options.title;
  if (!options.language.empty()) draft.bank.language = options.language;
  // A file that could not be read at all (broken JSON) has nothing to check.
  if (has_errors(draft.problems) && draft.questions.empty()) {
    BankImportResult failed;
    failed.problems = std::move(draft.problems);
    return failed;
  }
  auto result = validate_bank(std::move(draft));
  // Every problem is reported, up to a bound: a hostile file can have one per
  // line (millions), which no organiser reads and no response should carry.
  if (result.problems.size() > kMaxReportedProblems) {
    std::size_t more = result.problems.size() - kMaxReportedProblems;
    result.problems.resize(kMaxReportedProblems);
    result.problems.push_back(bank_error(0, "", "… and " + std::to_string(more) + " more problems"));
  }
  return result;
}

std::vector<TopicCount> count_by_topic(const QuestionBank& bank) {
  std::vector<TopicCount> counts;
  for (const auto& t : bank.topics) counts.push_back({t.id, t.name, 0});
  for (const auto& q : bank.questions) {
    for (auto& c : counts) {
      if (c.id == q.topic) ++c.questions;
    }
  }
  return counts;
}

}  // namespace rq::core
