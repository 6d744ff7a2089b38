#include "app/ranking_xlsx.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

#include <xlsxwriter.h>

#include "app/xlsx_sheet.hpp"
#include "office/workbook_file.hpp"

namespace rq::app {

namespace {

using nlohmann::json;

// What a ranking cell holds, and so how it is written and formatted.
enum class Kind {
  number,   // a JSON number as an Excel number
  text,     // UTF-8 text
  digits,   // text that looks like a number (phone, ID): Excel's text format "@"
  seconds,  // milliseconds shown as seconds with 3 decimals
  moment,   // Unix milliseconds shown as a Vietnam date-time
  yes_no,   // a boolean as "Có" / "Không"
};

struct Column {
  const char* key;    // in a ranking row of the results document
  const char* title;  // what the organiser reads
  Kind kind;
};

constexpr Column kRankingColumns[] = {
    {"rank", "Hạng", Kind::number},
    {"prize", "Giải", Kind::text},
    {"name", "Họ và tên", Kind::text},
    {"unit", "Đơn vị", Kind::text},
    {"category", "Đối tượng", Kind::text},
    {"phone", "Số điện thoại", Kind::digits},
    {"id_number", "Số CCCD", Kind::digits},
    {"score", "Điểm", Kind::number},
    {"max_score", "Điểm tối đa", Kind::number},
    {"duration_ms", "Thời gian (giây)", Kind::seconds},
    {"prediction", "Dự đoán", Kind::number},
    {"prediction_distance", "Chênh lệch dự đoán", Kind::number},
    {"attempts_used", "Số lượt thi", Kind::number},
    {"submitted_at", "Nộp lúc", Kind::moment},
    {"excluded", "Không xét giải", Kind::yes_no},
    {"disqualified", "Bị loại (lý do)", Kind::text},
};
constexpr lxw_col_t kRankingColumnCount = std::size(kRankingColumns);

struct Formats {
  lxw_format* header;
  lxw_format* digits;
  lxw_format* seconds;
  lxw_format* moment;
  lxw_format* share;
};

Formats add_formats(lxw_workbook* book) {
  Formats f{};
  f.header = workbook_add_format(book);
  format_set_bold(f.header);
  format_set_text_wrap(f.header);
  format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);
  f.digits = workbook_add_format(book);
  format_set_num_format(f.digits, "@");
  f.seconds = workbook_add_format(book);
  format_set_num_format(f.seconds, "0.000");
  f.moment = workbook_add_format(book);
  format_set_num_format(f.moment, "dd/mm/yyyy hh:mm:ss");
  f.share = workbook_add_format(book);
  format_set_num_format(f.share, "0.00%");
  return f;
}

void write_ranking_cell(SheetWriter& out, const Formats& f, lxw_row_t row, lxw_col_t col, const Column& c,
                        const json& v) {
  if (v.is_null()) return;  // an empty cell, not "null" or 0
  switch (c.kind) {
    case Kind::number:
      if (v.is_number()) return out.number(row, col, v.get<double>(), nullptr, display_width(v.dump()));
      return out.text(row, col, as_text(v), nullptr);
    case Kind::text: return out.text(row, col, as_text(v), nullptr);
    case Kind::digits: return out.text(row, col, as_text(v), f.digits);
    case Kind::seconds:
      if (v.is_number()) return out.number(row, col, v.get<double>() / 1000.0, f.seconds, display_width(v.dump()) + 1);
      return out.text(row, col, as_text(v), nullptr);
    case Kind::moment:
      if (v.is_number_integer()) {
        return out.number(row, col, excel_vietnam_time(v.get<std::int64_t>()), f.moment, kMomentWidth);
      }
      return out.text(row, col, as_text(v), nullptr);
    case Kind::yes_no:
      if (v.is_boolean()) return out.text(row, col, v.get<bool>() ? "Có" : "Không", nullptr);
      return out.text(row, col, as_text(v), nullptr);
  }
}

lxw_error write_ranking_sheet(lxw_workbook* book, const Formats& f, const json& results) {
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Xếp hạng");
  if (!sheet) return LXW_ERROR_MEMORY_MALLOC_FAILED;
  SheetWriter out(sheet, kRankingColumnCount);
  for (lxw_col_t col = 0; col < kRankingColumnCount; ++col) {
    out.text(0, col, kRankingColumns[col].title, f.header);
  }
  lxw_row_t row = 0;
  auto ranking = results.value("ranking", json::array());
  for (const auto& entry : ranking) {
    ++row;
    if (!entry.is_object()) continue;
    for (lxw_col_t col = 0; col < kRankingColumnCount; ++col) {
      const Column& c = kRankingColumns[col];
      write_ranking_cell(out, f, row, col, c, entry.value(c.key, json()));
    }
  }
  for (lxw_col_t col = 0; col < kRankingColumnCount; ++col) {
    out.set_width(col, kRankingColumns[col].kind == Kind::digits ? f.digits : nullptr);
  }
  worksheet_freeze_panes(sheet, 1, 0);
  out.check(worksheet_autofilter(sheet, 0, 0, row, kRankingColumnCount - 1));
  return out.error();
}

// Label and value rows: the figures an organiser quotes in the results notice.
lxw_error write_summary_sheet(lxw_workbook* book, const Formats& f, const json& results) {
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Tóm tắt");
  if (!sheet) return LXW_ERROR_MEMORY_MALLOC_FAILED;
  SheetWriter out(sheet, 2);
  const json summary = results.value("summary", json::object());
  const json perfect = summary.is_object() ? summary.value("perfect_entries", json::object()) : json::object();
  const json prediction = summary.is_object() ? summary.value("prediction", json()) : json();
  auto field = [](const json& obj, const char* key) { return obj.is_object() ? obj.value(key, json()) : json(); };

  lxw_row_t row = 0;
  out.text(row, 0, "Chỉ số", f.header);
  out.text(row, 1, "Giá trị", f.header);
  auto put = [&](const char* label, const json& v, lxw_format* number_format) {
    ++row;
    out.text(row, 0, label, nullptr);
    if (v.is_number()) {
      out.number(row, 1, v.get<double>(), number_format, display_width(v.dump()) + 2);
    } else if (!v.is_null()) {
      out.text(row, 1, as_text(v), nullptr);
    }
  };
  put("Cuộc thi", results.value("contest", json()), nullptr);
  put("Vòng thi", results.value("round", json()), nullptr);
  put("Số bài thi", field(summary, "entries"), nullptr);
  put("Số người dự thi", field(summary, "entrants"), nullptr);
  put("Số bài đạt điểm tối đa", field(perfect, "count"), nullptr);
  put("Tỉ lệ bài đạt điểm tối đa", field(perfect, "share"), f.share);
  if (prediction.is_object()) put("Câu hỏi dự đoán", field(prediction, "prompt"), nullptr);
  const json true_value = results.value("true_value", json());
  put("Đáp án đúng của câu hỏi dự đoán", true_value.is_null() ? json("không có") : true_value, nullptr);

  out.set_width(0, nullptr);
  out.set_width(1, nullptr);
  return out.error();
}

}  // namespace

std::optional<std::string> ranking_xlsx(const json& results, std::string& error) {
  return office::workbook_bytes("reformquiz-ranking", "the XLSX ranking", [&](lxw_workbook* book) {
    Formats formats = add_formats(book);
    lxw_error written = write_ranking_sheet(book, formats, results);
    return written != LXW_NO_ERROR ? written : write_summary_sheet(book, formats, results);
  }, error);
}

}  // namespace rq::app
