// What the organiser's workbooks (the ranking, the duplicates report) share
// when they fill a worksheet with libxlsxwriter: widths counted in
// characters (Vietnamese letters take two or three UTF-8 bytes), the first
// refusal remembered, and Unix times as Excel date-times in Vietnam time.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xlsxwriter.h>

namespace rq::app {

// Column widths in Excel's units (about one character of the default font).
constexpr std::size_t kMinWidth = 6;
constexpr std::size_t kMaxWidth = 45;
constexpr std::size_t kMomentWidth = 19;  // "dd/mm/yyyy hh:mm:ss"

// Excel counts days from 1900 (with its 1900 leap-year bug), in which
// 1970-01-01 is day 25569; the contest runs on Vietnam time, UTC+7 all year.
inline double excel_vietnam_time(std::int64_t unix_ms) {
  constexpr double kUnixEpochExcelDay = 25569.0;
  constexpr double kMsPerDay = 86'400'000.0;
  constexpr std::int64_t kVietnamOffsetMs = 7LL * 3'600'000;
  return static_cast<double>(unix_ms + kVietnamOffsetMs) / kMsPerDay + kUnixEpochExcelDay;
}

// Characters, not bytes.
inline std::size_t display_width(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

inline std::string as_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();  // a number where text was expected: keep its digits as they are
}

// One worksheet being filled: remembers the first refusal of libxlsxwriter
// (later writes are harmless but pointless) and the widest cell per column.
class SheetWriter {
 public:
  SheetWriter(lxw_worksheet* sheet, std::size_t columns) : sheet_(sheet), widths_(columns, kMinWidth) {}

  void text(lxw_row_t row, lxw_col_t col, const std::string& value, lxw_format* format) {
    widen(col, display_width(value));
    check(worksheet_write_string(sheet_, row, col, value.c_str(), format));
  }
  void number(lxw_row_t row, lxw_col_t col, double value, lxw_format* format, std::size_t width) {
    widen(col, width);
    check(worksheet_write_number(sheet_, row, col, value, format));
  }
  void widen(lxw_col_t col, std::size_t width) { widths_[col] = std::max(widths_[col], width); }

  // Applies the widths (plus a margin for the autofilter button), with an
  // optional format for the whole column.
  void set_width(lxw_col_t col, lxw_format* format) {
    double width = static_cast<double>(std::min(widths_[col] + 2, kMaxWidth));
    check(worksheet_set_column(sheet_, col, col, width, format));
  }

  lxw_worksheet* sheet() const { return sheet_; }
  void check(lxw_error e) {
    if (e != LXW_NO_ERROR && error_ == LXW_NO_ERROR) error_ = e;
  }
  lxw_error error() const { return error_; }

 private:
  lxw_worksheet* sheet_;
  std::vector<std::size_t> widths_;
  lxw_error error_ = LXW_NO_ERROR;
};

}  // namespace rq::app
