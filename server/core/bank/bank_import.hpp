// Importing a bank from any supported format: one parser per format (one file
// each: bank_format_json.cpp, _csv, _gift, _aiken, _moodle_xml, _xlsx,
// _docx, _txt), all feeding the one validator (bank_validator.hpp). Every
// problem in a file is reported at once, at its place; a file with any
// error gives no bank to store.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bank/bank_draft.hpp"
#include "core/bank/bank_problem.hpp"
#include "core/bank/question_bank.hpp"

namespace rq::core {

// xml is Moodle XML; txt is a question set in the Vietnamese layout ("Câu 1:",
// "A.", "Đáp án: B"), as is docx.
enum class BankFormat { json, csv, gift, aiken, xml, xlsx, docx, txt };

// "json", "csv", "gift", "aiken", "xml" (also "moodle"), "xlsx", "docx", "txt".
std::optional<BankFormat> parse_bank_format(std::string_view name);
std::string_view to_string(BankFormat format);
// "json, csv, gift, aiken, xml, xlsx, docx or txt", for messages.
std::string_view bank_format_names();
// By the file name's extension: .json, .csv, .gift, .aiken, .xml, .xlsx,
// .docx, .txt (a .txt may hold any of three formats: see sniff_text_format).
std::optional<BankFormat> bank_format_from_filename(std::string_view filename);
// What a .txt holds: Moodle exports GIFT as .txt, and Aiken files are .txt
// too. Aiken when it has "ANSWER: X" lines and no braces; GIFT when it has
// answers in braces, ::titles:: or $CATEGORY lines; else the question set.
BankFormat sniff_text_format(std::string_view text);
// A file's format by its name, and for a .txt by what it holds.
std::optional<BankFormat> bank_format_of_file(std::string_view filename, std::string_view bytes);

// Whether the format is a zip container rather than text.
bool is_binary_format(BankFormat format);

struct BankImportOptions {
  // Formats that do not carry them need them; for JSON they override the
  // file's own when given.
  std::string id;
  std::string title;
  std::string language;
  // A workbook's sheet to read (default: the first).
  std::string sheet;
  // The topic of every question, for a question set without headings (a
  // name, "Cải cách thể chế"; its id is the name's slug).
  std::string topic;
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
BankDraft parse_moodle_xml_bank(std::string_view text);
BankDraft parse_xlsx_bank(std::string_view bytes, std::string_view sheet);
BankDraft parse_docx_bank(std::string_view bytes);
BankDraft parse_txt_bank(std::string_view text);

// Topic counts, for the summary an organiser sees after an import.
struct TopicCount {
  std::string id;
  std::string name;
  std::size_t questions = 0;
};
std::vector<TopicCount> count_by_topic(const QuestionBank& bank);

}  // namespace rq::core
