#include "app/ranking_xlsx.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

#include <xlsxwriter.h>

#include "app/xlsx_sheet.hpp"
#include "core/results/summary.hpp"
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

// The final ranking's columns; each counted round's score follows them.
constexpr Column kFinalColumns[] = {
    {"rank", "Hạng", Kind::number},
    {"prize", "Giải", Kind::text},
    {"name", "Họ và tên", Kind::text},
    {"unit", "Đơn vị", Kind::text},
    {"category", "Đối tượng", Kind::text},
    {"phone", "Số điện thoại", Kind::digits},
    {"id_number", "Số CCCD", Kind::digits},
    {"score", "Điểm chung cuộc", Kind::number},
    {"total_score", "Tổng điểm các kỳ được tính", Kind::number},
    {"max_score", "Điểm tối đa", Kind::number},
    {"rounds_entered", "Số kỳ tham gia", Kind::number},
    {"duration_ms", "Tổng thời gian (giây)", Kind::seconds},
    {"attempts_used", "Tổng số lượt thi", Kind::number},
    {"submitted_at", "Lần nộp cuối lúc", Kind::moment},
    {"excluded", "Không xét giải", Kind::yes_no},
    {"disqualified", "Bị loại (lý do)", Kind::text},
};

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
  const bool is_final = results.contains("final");
  std::vector<Column> columns = is_final ? std::vector<Column>(std::begin(kFinalColumns), std::end(kFinalColumns))
                                         : std::vector<Column>(std::begin(kRankingColumns), std::end(kRankingColumns));
  const std::size_t fixed = columns.size();
  std::vector<std::string> rounds, titles;  // a final's counted rounds: a score column each
  if (is_final) {
    for (const auto& r : results["final"].value("rounds", json::array())) {
      rounds.push_back(r.get<std::string>());
      titles.push_back("Điểm " + rounds.back());
    }
    for (const auto& t : titles) columns.push_back({nullptr, t.c_str(), Kind::number});
  }
  // The optional profile fields the contest asked for, last.
  const std::vector<std::string> profile = core::profile_columns(results);
  const auto profile_from = static_cast<lxw_col_t>(columns.size());
  for (const auto& key : profile) {
    columns.push_back({nullptr, key == "gender" ? "Giới tính" : key == "address" ? "Địa chỉ" : "Xã, phường, đặc khu",
                       Kind::text});
  }
  const auto count = static_cast<lxw_col_t>(columns.size());
  SheetWriter out(sheet, count);
  for (lxw_col_t col = 0; col < count; ++col) out.text(0, col, columns[col].title, f.header);
  lxw_row_t row = 0;
  auto ranking = results.value("ranking", json::array());
  for (const auto& entry : ranking) {
    ++row;
    if (!entry.is_object()) continue;
    for (std::size_t col = 0; col < fixed; ++col) {
      write_ranking_cell(out, f, row, static_cast<lxw_col_t>(col), columns[col], entry.value(columns[col].key, json()));
    }
    for (const auto& line : entry.value("rounds", json::array())) {
      auto at = std::find(rounds.begin(), rounds.end(), line.value("round", ""));
      if (at == rounds.end()) continue;
      auto col = static_cast<lxw_col_t>(fixed + (at - rounds.begin()));
      write_ranking_cell(out, f, row, col, columns[col], line.value("score", json()));
    }
    for (std::size_t k = 0; k < profile.size(); ++k) {
      std::string v = entry.value(profile[k], "");
      if (profile[k] == "gender") v = v == "male" ? "Nam" : v == "female" ? "Nữ" : v;
      if (!v.empty()) out.text(row, static_cast<lxw_col_t>(profile_from + k), v, nullptr);
    }
  }
  for (lxw_col_t col = 0; col < count; ++col) {
    out.set_width(col, columns[col].kind == Kind::digits ? f.digits : nullptr);
  }
  worksheet_freeze_panes(sheet, 1, 0);
  out.check(worksheet_autofilter(sheet, 0, 0, row, count - 1));
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
  if (results.contains("final")) {
    // A final has no entries of its own: who entered its rounds, who ranks.
    put("Xếp hạng", results["final"].value("title", json()), nullptr);
    put("Số người dự thi (các kỳ được tính)", field(summary, "entrants"), nullptr);
    put("Số người được xếp hạng", field(summary, "ranked"), nullptr);
    put("Điểm tối đa", field(summary, "max_score"), nullptr);
    for (const auto& r : field(summary, "rounds").is_array() ? summary["rounds"] : json::array()) {
      put(("Số người dự thi: " + r.value("title", r.value("round", ""))).c_str(), r.value("entrants", json()), nullptr);
    }
    out.set_width(0, nullptr);
    out.set_width(1, nullptr);
    return out.error();
  }
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
