#include "app/winners_xlsx.hpp"


#include "app/xlsx_sheet.hpp"
#include "core/text/normalize.hpp"
#include "office/workbook_file.hpp"

namespace rq::app {

namespace {

using nlohmann::json;

// Excel refuses sheet names over 31 characters, with []:*?/\\ in them, or
// used twice (case aside); the title is cut whole letters at a time, and a
// name already taken gets " (n)".
std::string sheet_name(const std::string& title, std::size_t index, std::vector<std::string>& taken) {
  std::string clean;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < title.size();) {
    unsigned char lead = static_cast<unsigned char>(title[i]);
    std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    std::string letter = title.substr(i, length);
    i += length;
    if (length == 1 && std::string_view("[]:*?/\\").find(letter[0]) != std::string_view::npos) continue;
    if (++chars > 26) break;
    clean += letter;
  }
  // Nor may a name begin or end with an apostrophe.
  while (!clean.empty() && clean.front() == '\'') clean.erase(0, 1);
  while (!clean.empty() && clean.back() == '\'') clean.pop_back();
  if (clean.empty()) clean = "Kỳ";
  // Excel compares names without case (Vietnamese letters too); comparing
  // without diacritics as well only renames a few more.
  bool clash = core::comparison_key(clean) == core::comparison_key("Tổng hợp");
  for (const auto& t : taken) clash = clash || core::comparison_key(t) == core::comparison_key(clean);
  if (clash) clean += " (" + std::to_string(index + 1) + ")";
  taken.push_back(clean);
  return clean;
}

// Paper a finance office prints and people sign: A4 landscape, one page
// wide, the column titles repeated on every page.
void print_setup(lxw_worksheet* sheet, lxw_row_t header_row) {
  worksheet_set_paper(sheet, 9);  // A4
  worksheet_set_landscape(sheet);
  worksheet_set_margins(sheet, 0.6, 0.4, 0.6, 0.6);
  worksheet_fit_to_pages(sheet, 1, 0);
  worksheet_repeat_rows(sheet, header_row, header_row);
}

}  // namespace

std::optional<std::string> winners_xlsx(const json& list, std::string& error) {
  return office::workbook_bytes("reformquiz-winners", "the XLSX winners list", [&](lxw_workbook* book) {
    lxw_format* header = workbook_add_format(book);
    format_set_bold(header);
    format_set_text_wrap(header);
    lxw_format* money = workbook_add_format(book);
    format_set_num_format(money, "#,##0");
    lxw_format* total_label = workbook_add_format(book);
    format_set_bold(total_label);
    lxw_format* total_money = workbook_add_format(book);
    format_set_bold(total_money);
    format_set_num_format(total_money, "#,##0");
    lxw_format* title = workbook_add_format(book);
    format_set_bold(title);
    format_set_font_size(title, 13);

    const json sections = list.value("sections", json::array());
    // The summary first: what the finance office reads.
    lxw_worksheet* summary = workbook_add_worksheet(book, "Tổng hợp");
    if (!summary) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    SheetWriter sum(summary, 4);
    sum.text(0, 0, "Danh sách nhận giải — " + list.value("title", std::string()), title);
    const std::vector<std::string> sum_heads{"Kỳ thi", "Số giải", "Tổng tiền thưởng (đồng)", "Giải chưa có mức tiền"};
    for (lxw_col_t c = 0; c < sum_heads.size(); ++c) sum.text(2, c, sum_heads[c], header);
    lxw_row_t row = 2;
    for (const auto& s : sections) {
      ++row;
      sum.text(row, 0, s.value("title", ""), nullptr);
      sum.number(row, 1, static_cast<double>(s.value("winners", json::array()).size()), nullptr, 6);
      sum.number(row, 2, s.value("total", 0.0), money, 14);
      sum.number(row, 3, s.value("unpriced", 0.0), nullptr, 6);
    }
    ++row;
    sum.text(row, 0, "Tổng cộng", total_label);
    sum.number(row, 2, list.value("total", 0.0), total_money, 14);
    sum.number(row, 3, list.value("unpriced", 0.0), total_label, 6);
    for (lxw_col_t c = 0; c < 4; ++c) sum.set_width(c, nullptr);
    print_setup(summary, 2);
    std::vector<std::string> taken;

    // Where prizes are sent, when the contest asked for an address or commune.
    bool with_address = false;
    for (const auto& s : sections) {
      for (const auto& w : s.value("winners", json::array())) with_address |= w.contains("address") || w.contains("commune");
    }
    std::vector<std::string> heads{"STT", "Giải", "Đối tượng", "Họ và tên", "Đơn vị", "Số điện thoại", "Số CCCD"};
    if (with_address) {
      heads.push_back("Địa chỉ");
      heads.push_back("Xã, phường, đặc khu");
    }
    const auto amount_col = static_cast<lxw_col_t>(heads.size());
    heads.push_back("Số tiền (đồng)");
    heads.push_back("Ký nhận");
    const auto columns = static_cast<lxw_col_t>(heads.size());
    for (std::size_t i = 0; i < sections.size(); ++i) {
      const json& s = sections[i];
      lxw_worksheet* sheet = workbook_add_worksheet(book, sheet_name(s.value("title", ""), i, taken).c_str());
      if (!sheet) return LXW_ERROR_MEMORY_MALLOC_FAILED;
      SheetWriter out(sheet, columns);
      out.text(0, 0, s.value("title", ""), title);
      for (lxw_col_t c = 0; c < columns; ++c) out.text(2, c, heads[c], header);
      lxw_row_t r = 2;
      int n = 0;
      for (const auto& w : s.value("winners", json::array())) {
        ++r;
        out.number(r, 0, ++n, nullptr, 4);
        out.text(r, 1, w.value("prize", ""), nullptr);
        out.text(r, 2, w.value("category_name", ""), nullptr);
        out.text(r, 3, w.value("name", ""), nullptr);
        std::string unit = w.value("unit_name", "");
        out.text(r, 4, unit.empty() ? w.value("unit", "") : unit, nullptr);
        out.text(r, 5, w.value("phone", ""), nullptr);
        out.text(r, 6, w.value("id_number", ""), nullptr);
        if (with_address) {
          out.text(r, 7, w.value("address", ""), nullptr);
          out.text(r, 8, w.value("commune", ""), nullptr);
        }
        if (w.contains("amount") && w["amount"].is_number()) {
          out.number(r, amount_col, w["amount"].get<double>(), money, 12);
        } else {
          out.text(r, amount_col, "chưa quy định", nullptr);  // the tier names no amount: said, not left blank
        }
        out.text(r, amount_col + 1, "", nullptr);
      }
      ++r;
      out.text(r, 3, "Tổng cộng", total_label);
      out.number(r, amount_col, s.value("total", 0.0), total_money, 12);
      for (lxw_col_t c = 0; c < columns; ++c) out.set_width(c, nullptr);
      worksheet_freeze_panes(sheet, 3, 0);
      print_setup(sheet, 2);
      if (out.error() != LXW_NO_ERROR) return out.error();
    }
    return sum.error();
  }, error);
}

}  // namespace rq::app
