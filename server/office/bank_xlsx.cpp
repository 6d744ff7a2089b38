#include "office/bank_xlsx.hpp"

#include <algorithm>
#include <vector>

#include <xlsxwriter.h>

#include "office/workbook_file.hpp"

namespace rq::office {
namespace {

constexpr std::size_t kMaxOptions = 6;

// Column titles, in the importer's aliases (bank_table.cpp).
const std::vector<std::string>& headers() {
  static const std::vector<std::string> kHeaders{
      "Mã câu hỏi",  "Chủ đề",      "Câu hỏi",     "Phương án A", "Phương án B", "Phương án C",
      "Phương án D", "Phương án E", "Phương án F", "Đáp án",      "Căn cứ",      "Độ khó",
      "Giải thích",  "Hiệu lực từ", "Hiệu lực đến", "Tên câu hỏi"};
  return kHeaders;
}
// Widths in Excel's units; the question's text wraps.
constexpr double kWidths[] = {12, 22, 60, 30, 30, 30, 30, 20, 20, 9, 30, 8, 40, 12, 12, 24};

class Writer {
 public:
  explicit Writer(lxw_worksheet* sheet) : sheet_(sheet) {}
  void text(lxw_row_t row, lxw_col_t col, const std::string& value, lxw_format* format = nullptr) {
    if (value.empty()) return;
    check(worksheet_write_string(sheet_, row, col, value.c_str(), format));
  }
  void check(lxw_error e) {
    if (e != LXW_NO_ERROR && error_ == LXW_NO_ERROR) error_ = e;
  }
  lxw_error error() const { return error_; }
  lxw_worksheet* sheet() const { return sheet_; }

 private:
  lxw_worksheet* sheet_;
  lxw_error error_ = LXW_NO_ERROR;
};

lxw_error write_questions(lxw_workbook* book, const core::QuestionBank& bank) {
  lxw_format* header = workbook_add_format(book);
  format_set_bold(header);
  format_set_text_wrap(header);
  format_set_bg_color(header, 0xDDEBF7);
  lxw_format* text = workbook_add_format(book);
  format_set_num_format(text, "@");  // typed ids and dates stay text
  format_set_text_wrap(text);
  format_set_align(text, LXW_ALIGN_VERTICAL_TOP);

  Writer out(workbook_add_worksheet(book, kQuestionsSheet));
  for (lxw_col_t c = 0; c < headers().size(); ++c) {
    out.text(0, c, headers()[c], header);
    out.check(worksheet_set_column(out.sheet(), c, c, kWidths[c], text));
  }
  worksheet_freeze_panes(out.sheet(), 1, 0);
  lxw_row_t row = 1;
  for (const auto& q : bank.questions) {
    std::string topic = q.topic;
    for (const auto& t : bank.topics) {
      if (t.id == q.topic) topic = t.name;
    }
    std::string letters;
    for (std::size_t i = 0; i < q.options.size(); ++i) {
      if (std::find(q.correct.begin(), q.correct.end(), q.options[i].id) != q.correct.end()) {
        letters += (letters.empty() ? "" : ", ") + std::string(1, static_cast<char>('A' + i));
      }
    }
    std::vector<std::string> cells{q.id, topic, q.text};
    for (std::size_t i = 0; i < kMaxOptions; ++i) cells.push_back(i < q.options.size() ? q.options[i].text : "");
    cells.insert(cells.end(), {letters, q.source, q.difficulty ? std::to_string(*q.difficulty) : "", q.explanation,
                               q.valid_from, q.valid_until, q.label});
    for (lxw_col_t c = 0; c < cells.size(); ++c) out.text(row, c, cells[c], text);
    ++row;
  }
  out.check(worksheet_autofilter(out.sheet(), 0, 0, row - 1, static_cast<lxw_col_t>(headers().size() - 1)));
  return out.error();
}

lxw_error write_topics(lxw_workbook* book, const core::QuestionBank& bank) {
  lxw_format* header = workbook_add_format(book);
  format_set_bold(header);
  format_set_bg_color(header, 0xDDEBF7);
  Writer out(workbook_add_worksheet(book, kTopicsSheet));
  out.text(0, 0, "Mã chủ đề", header);
  out.text(0, 1, "Tên chủ đề", header);
  out.check(worksheet_set_column(out.sheet(), 0, 0, 24, nullptr));
  out.check(worksheet_set_column(out.sheet(), 1, 1, 48, nullptr));
  lxw_row_t row = 1;
  for (const auto& t : bank.topics) {
    out.text(row, 0, t.id);
    out.text(row, 1, t.name);
    ++row;
  }
  return out.error();
}

}  // namespace

std::optional<std::string> bank_to_xlsx(const core::QuestionBank& bank, std::string& error) {
  for (const auto& q : bank.questions) {
    if (q.options.size() > kMaxOptions) {
      error = "question " + q.id + " has " + std::to_string(q.options.size()) +
              " options; the workbook holds at most six (A–F): export as JSON instead";
      return std::nullopt;
    }
  }
  return workbook_bytes("reformquiz-bank", "the workbook", [&](lxw_workbook* book) {
    // The bank's title travels in the workbook's properties (File → Info in
    // Excel), where the importer finds it again. (libxlsxwriter takes char*,
    // and copies the strings.)
    std::string title = bank.title, subject = bank.id;
    lxw_doc_properties properties{};
    properties.title = title.data();
    properties.subject = subject.data();
    lxw_error written = workbook_set_properties(book, &properties);
    if (written == LXW_NO_ERROR) written = write_questions(book, bank);
    return written != LXW_NO_ERROR ? written : write_topics(book, bank);
  }, error);
}

}  // namespace rq::office
