#include "app/items_xlsx.hpp"

#include "app/xlsx_sheet.hpp"
#include "office/workbook_file.hpp"

namespace rq::app {

namespace {

using nlohmann::json;

const char* flag_text(const std::string& flag) {
  if (flag == "negative_discrimination") return "Độ phân biệt âm";
  if (flag == "distractor_beats_key") return "Nhóm cao chọn phương án sai nhiều hơn đáp án";
  return "Khác";
}

}  // namespace

std::optional<std::string> items_xlsx(const json& report, std::string& error) {
  return office::workbook_bytes("reformquiz-items", "the XLSX item statistics", [&](lxw_workbook* book) {
    lxw_format* header = workbook_add_format(book);
    format_set_bold(header);
    format_set_text_wrap(header);
    lxw_format* share = workbook_add_format(book);
    format_set_num_format(share, "0.0%");
    lxw_format* index = workbook_add_format(book);
    format_set_num_format(index, "0.00");

    lxw_worksheet* sheet = workbook_add_worksheet(book, "Thống kê câu hỏi");
    if (!sheet) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    const json items = report.value("items", json::array());
    std::size_t most_options = 0;
    for (const auto& item : items) most_options = std::max(most_options, item.value("options", json::array()).size());
    const std::vector<std::string> fixed{"Mã câu hỏi", "Chủ đề",         "Câu hỏi",         "Số bài có câu này",
                                         "Số bài trả lời", "Số bài đúng", "Tỉ lệ đúng",      "Độ phân biệt",
                                         "Nhóm cao: đúng/có câu", "Nhóm thấp: đúng/có câu", "Cảnh báo"};
    const auto columns = static_cast<lxw_col_t>(fixed.size() + 2 * most_options);
    SheetWriter out(sheet, columns);
    lxw_col_t col = 0;
    for (const auto& title : fixed) out.text(0, col++, title, header);
    for (std::size_t i = 1; i <= most_options; ++i) {
      out.text(0, col++, "Phương án " + std::to_string(i), header);
      out.text(0, col++, "Số lần chọn " + std::to_string(i), header);
    }
    lxw_row_t row = 0;
    for (const auto& item : items) {
      ++row;
      auto number = [&](lxw_col_t c, const json& v, lxw_format* f) {
        if (v.is_number()) out.number(row, c, v.get<double>(), f, display_width(v.dump()));
      };
      out.text(row, 0, item.value("question", ""), nullptr);
      out.text(row, 1, item.value("topic", ""), nullptr);
      out.text(row, 2, item.value("text", ""), nullptr);
      number(3, item.value("shown", json()), nullptr);
      number(4, item.value("answered", json()), nullptr);
      number(5, item.value("right", json()), nullptr);
      number(6, item.value("facility", json()), share);
      number(7, item.value("discrimination", json()), index);
      auto group = [&](const char* key) {
        const json g = item.value(key, json::object());
        return as_text(g.value("right", json())) + "/" + as_text(g.value("shown", json()));
      };
      out.text(row, 8, group("upper"), nullptr);
      out.text(row, 9, group("lower"), nullptr);
      std::string flags;
      for (const auto& f : item.value("flags", json::array())) flags += (flags.empty() ? "" : "; ") + std::string(flag_text(f));
      out.text(row, 10, flags, nullptr);
      col = static_cast<lxw_col_t>(fixed.size());
      for (const auto& o : item.value("options", json::array())) {
        std::string text = o.value("text", "");
        if (text.empty()) text = o.value("option", "");
        if (o.value("correct", false)) text = "✓ " + text;
        out.text(row, col++, text, nullptr);
        number(col++, o.value("chosen", json()), nullptr);
      }
    }
    for (lxw_col_t c = 0; c < columns; ++c) out.set_width(c, nullptr);
    worksheet_freeze_panes(sheet, 1, 1);
    out.check(worksheet_autofilter(sheet, 0, 0, row, columns - 1));
    return out.error();
  }, error);
}

}  // namespace rq::app
