// Importing a bank from any supported format: one parser per format (one file
// each: bank_format_json.cpp, _csv, _gift, _aiken), all feeding the one
// validator (bank_validator.hpp). Every problem in a file is reported at once;
// a file with any error gives no bank to store.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bank/bank_draft.hpp"
#include "core/bank/bank_problem.hpp"
#include "core/bank/question_bank.hpp"

namespace rq::core {

enum class BankFormat { json, csv, gift, aiken };

std::optional<BankFormat> parse_bank_format(std::string_view name);  // "json", "csv", "gift", "aiken"
std::string_view to_string(BankFormat format);
// By the file name's extension: .json, .csv, .gift (or .txt with GIFT inside
// is not guessed), .aiken.
std::optional<BankFormat> bank_format_from_filename(std::string_view filename);

struct BankImportOptions {
  // Formats that do not carry them need them; for JSON they override the
  // file's own when given.
  std::string id;
  std::string title;
  std::string language;
};

// At most this many problems are listed, then "… and N more problems".
inline constexpr std::size_t kMaxReportedProblems = 1000;

struct BankImportResult {
  QuestionBank bank;                  // meaningful only when ok()
  std::vector<BankProblem> problems;  // errors and warnings, by line
  bool ok() const { return !has_errors(problems); }
};

BankImportResult import_bank(std::string_view text, BankFormat format, const BankImportOptions& options = {});

// The parsers, each from file text to a draft. They never throw on bad input.
BankDraft parse_json_bank(std::string_view text);
BankDraft parse_csv_bank(std::string_view text);
BankDraft parse_gift_bank(std::string_view text);
BankDraft parse_aiken_bank(std::string_view text);

// Topic counts, for the summary an organiser sees after an import.
struct TopicCount {
  std::string id;
  std::string name;
  std::size_t questions = 0;
};
std::vector<TopicCount> count_by_topic(const QuestionBank& bank);

}  // namespace rq::core
