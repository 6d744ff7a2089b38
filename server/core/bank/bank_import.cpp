#include "core/bank/bank_import.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/bank/bank_validator.hpp"
#include "core/text/code_points.hpp"
#include "core/text/ids.hpp"
#include "core/text/normalize.hpp"

namespace rq::core {

namespace {

constexpr std::pair<std::string_view, BankFormat> kFormats[] = {
    {"json", BankFormat::json}, {"csv", BankFormat::csv},   {"gift", BankFormat::gift}, {"aiken", BankFormat::aiken},
    {"xml", BankFormat::xml},   {"xlsx", BankFormat::xlsx}, {"docx", BankFormat::docx}, {"txt", BankFormat::txt}};

}  // namespace

std::optional<BankFormat> parse_bank_format(std::string_view name) {
  if (name == "moodle") return BankFormat::xml;
  for (const auto& [n, f] : kFormats) {
    if (n == name) return f;
  }
  return std::nullopt;
}

std::string_view to_string(BankFormat format) {
  for (const auto& [n, f] : kFormats) {
    if (f == format) return n;
  }
  return "json";
}

std::string_view bank_format_names() { return "json, csv, gift, aiken, xml, xlsx, docx or txt"; }

std::optional<BankFormat> bank_format_from_filename(std::string_view filename) {
  auto dot = filename.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string ext(filename.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == "moodle") return std::nullopt;
  return parse_bank_format(ext);
}

BankFormat sniff_text_format(std::string_view text) {
  bool answer_line = false, braces = false, gift_marks = false;
  std::size_t pos = 0;
  for (int lines = 0; pos < text.size() && lines < 2000; ++lines) {
    auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) line.remove_suffix(1);
    if (line.starts_with("$CATEGORY:") || (line.starts_with("::") && line.find("::", 2) != std::string_view::npos)) {
      gift_marks = true;
    }
    if (line.find('{') != std::string_view::npos || line.find('}') != std::string_view::npos) braces = true;
    if (line.size() >= 9 && (line.starts_with("ANSWER:") || line.starts_with("ANSWER :"))) answer_line = true;
  }
  if (answer_line && !braces) return BankFormat::aiken;
  if (gift_marks || braces) return BankFormat::gift;
  return BankFormat::txt;
}

std::optional<BankFormat> bank_format_of_file(std::string_view filename, std::string_view bytes) {
  auto format = bank_format_from_filename(filename);
  if (format == BankFormat::txt) format = sniff_text_format(bytes);
  return format;
}

bool is_binary_format(BankFormat format) { return format == BankFormat::xlsx || format == BankFormat::docx; }

namespace {

// The offset of the first byte that does not belong to valid UTF-8, if any.
std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  std::optional<std::size_t> bad;
  for_each_code_point(text, [&](utf8proc_int32_t cp, std::size_t pos, std::size_t) {
    if (cp < 0 && !bad) bad = pos;
  });
  return bad;
}

// A file saved in a legacy code page (Windows-1258, TCVN3, VNI: Vietnamese
// Windows and old fonts) is wrong as a whole, not on each of its lines:
// one error, where the first wrong byte is, and how to fix it.
std::optional<BankProblem> not_utf8_problem(std::string_view text) {
  auto bad = first_invalid_utf8(text);
  if (!bad) return std::nullopt;
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(*bad), '\n'));
  return bank_error(line, "",
                    Localized{"the file is not UTF-8 text (the first character that is not is on this line): it was saved "
                              "in another encoding, such as Windows-1258, TCVN3 or VNI; save it again as UTF-8 (in Excel: "
                              "CSV UTF-8; in Notepad or Word: encoding UTF-8) and upload it again",
                              "tệp không phải là văn bản UTF-8 (ký tự sai đầu tiên nằm ở dòng này): tệp đã được lưu "
                              "bằng một bảng mã khác, chẳng hạn Windows-1258, TCVN3 hoặc VNI; hãy lưu lại tệp dưới dạng "
                              "UTF-8 (trong Excel: CSV UTF-8; trong Notepad hoặc Word: mã hóa UTF-8) rồi tải lên lại"});
}

// What import_bank adds to each problem of a draft: what its line counts,
// and the sheet and cell, or the question's number.
struct Places {
  PlaceUnit unit;
  std::string sheet;
  std::map<std::string, std::string> field_columns;
  std::map<int, int> question_numbers;

  void add_to(BankProblem& p) const {
    p.unit = unit;
    p.sheet = sheet;
    if (!sheet.empty() && p.line > 0) {
      // "option_b" and "options[1]" both name a column by its canonical name.
      auto it = field_columns.find(p.field);
      if (it != field_columns.end()) p.cell = it->second + std::to_string(p.line);
    }
    if (!question_numbers.empty() && p.line > 0) {
      auto it = question_numbers.upper_bound(p.line);
      if (it != question_numbers.begin()) p.question = std::prev(it)->second;
    }
  }
};

// Every question in one topic named at upload, for a question set that has
// no headings or whose headings the organiser does not want.
void give_one_topic(BankDraft& draft, const std::string& name) {
  const std::string clean = normalize_text(name).value_or(name);
  const std::string id = is_slug(clean) ? clean : slugify(clean);
  if (id.empty()) {
    draft.problems.push_back(bank_error(0, "topic",
                                        {"the topic '" + clean + "' gives no usable id",
                                         "chủ đề '" + clean + "' không tạo ra được mã hợp lệ"}));
    return;
  }
  draft.bank.topics = {Topic{id, clean}};
  draft.field_lines.erase("topics/0");
  for (auto& dq : draft.questions) {
    dq.question.topic = id;
    dq.field_lines.erase("topic");
  }
}

}  // namespace

BankImportResult import_bank(std::string_view text, BankFormat format, const BankImportOptions& options) {
  if (text.size() > kMaxBankFileBytes) {
    BankImportResult too_big;
    too_big.problems.push_back(bank_error(0, "",
                                          {"the file has " + std::to_string(text.size()) + " bytes; the limit is 10 MiB (" +
                                               std::to_string(kMaxBankFileBytes) + " bytes)",
                                           "tệp có " + std::to_string(text.size()) + " byte; dung lượng tối đa là 10 MiB (" +
                                               std::to_string(kMaxBankFileBytes) + " byte)"}));
    return too_big;
  }
  // Excel and Notepad put a byte order mark in front of UTF-8; it is not text.
  if (!is_binary_format(format) && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  // XML says its own encoding (expat reads UTF-8, UTF-16 and Latin-1).
  const bool utf8_text = !is_binary_format(format) && format != BankFormat::xml;
  if (auto problem = utf8_text ? not_utf8_problem(text) : std::nullopt) {
    BankImportResult failed;
    failed.problems.push_back(std::move(*problem));
    return failed;
  }

  BankDraft draft;
  switch (format) {
    case BankFormat::json: draft = parse_json_bank(text); break;
    case BankFormat::csv: draft = parse_csv_bank(text); break;
    case BankFormat::gift: draft = parse_gift_bank(text); break;
    case BankFormat::aiken: draft = parse_aiken_bank(text); break;
    case BankFormat::xml: draft = parse_moodle_xml_bank(text); break;
    case BankFormat::xlsx: draft = parse_xlsx_bank(text, options.sheet); break;
    case BankFormat::docx: draft = parse_docx_bank(text); break;
    case BankFormat::txt: draft = parse_txt_bank(text); break;
  }
  if (!options.topic.empty()) give_one_topic(draft, options.topic);
  if (!options.id.empty()) draft.bank.id = options.id;
  if (!options.title.empty()) draft.bank.title = options.title;
  if (!options.language.empty()) draft.bank.language = options.language;
  const Places places{draft.unit, draft.sheet, draft.field_columns, draft.question_numbers};
  // A file that could not be read at all (broken JSON) has nothing to check.
  if (has_errors(draft.problems) && draft.questions.empty()) {
    BankImportResult failed;
    failed.problems = std::move(draft.problems);
    for (auto& p : failed.problems) places.add_to(p);
    return failed;
  }
  auto result = validate_bank(std::move(draft));
  for (auto& p : result.problems) places.add_to(p);
  // Every problem is reported, up to a bound: a hostile file can have one per
  // line (millions), which no organiser reads and no response should carry.
  if (result.problems.size() > kMaxReportedProblems) {
    std::size_t more = result.problems.size() - kMaxReportedProblems;
    result.problems.resize(kMaxReportedProblems);
    result.problems.push_back(bank_error(0, "",
                                         {"… and " + std::to_string(more) + " more problems",
                                          "… và còn " + std::to_string(more) + " vấn đề khác"}));
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
