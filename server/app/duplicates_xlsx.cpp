#include "app/duplicates_xlsx.hpp"

#include <cstdio>

#include "app/xlsx_sheet.hpp"
#include "office/workbook_file.hpp"

namespace rq::app {

namespace {

using nlohmann::json;

const char* kind_title(const std::string& kind) {
  if (kind == "same_name_birth_date") return "Trùng họ tên và ngày sinh";
  if (kind == "same_id_number") return "Trùng số CCCD";
  if (kind == "one_address") return "Nhiều tài khoản từ một địa chỉ IP";
  if (kind == "too_fast") return "Làm bài quá nhanh";
  if (kind == "identical_answers") return "Bài làm giống nhau";
  return "Khác";
}

// Milliseconds as seconds with a decimal comma, as Vietnamese writes them.
std::string seconds(const json& ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", ms.is_number() ? ms.get<double>() / 1000.0 : 0.0);
  std::string s(buf);
  for (auto& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

std::string joined(const json& list, const char* separator) {
  std::string out;
  for (const auto& v : list) {
    if (!out.empty()) out += separator;
    out += as_text(v);
  }
  return out;
}

}  // namespace

std::string duplicate_evidence_text(const json& finding) {
  const std::string kind = finding.value("kind", "");
  const json e = finding.value("evidence", json::object());
  auto n = [&](const char* key) { return as_text(e.value(key, json())); };
  if (kind == "same_name_birth_date") {
    return n("accounts") + " tài khoản cùng họ tên “" + n("name") + "” và ngày sinh " + n("birth_date");
  }
  if (kind == "same_id_number") {
    const std::string spellings = joined(e.value("spellings", json::array()), "; ");
    if (e.value("match", "") == "one_typo_apart") return "Cùng họ tên, số CCCD chỉ lệch một chữ số: " + spellings;
    return "Cùng số CCCD " + n("id_number") + ", viết là: " + spellings;
  }
  if (kind == "one_address") {
    return n("accounts") + " tài khoản đăng ký từ địa chỉ IP " + n("address") + " trong " +
           std::to_string(e.value("window_ms", 0LL) / 60'000) + " phút (cả thảy " + n("accounts_from_address") +
           " tài khoản từ địa chỉ này)";
  }
  if (kind == "too_fast") {
    return "Nộp bài sau " + seconds(e.value("duration_ms", json())) + " giây cho " + n("questions") + " câu (" +
           seconds(e.value("ms_per_question", json())) + " giây/câu; ngưỡng " + seconds(e.value("threshold_ms", json())) +
           " giây/câu)";
  }
  if (kind == "identical_answers") {
    return std::to_string(e.value("entries", json::array()).size()) + " bài giống hệt nhau ở cả " + n("questions") +
           " câu, cùng sai " + n("shared_wrong") + " câu; thời gian từng câu lệch nhau tối đa " +
           seconds(e.value("max_time_difference_ms", json())) + " giây";
  }
  return e.dump();
}

std::optional<std::string> duplicates_xlsx(const json& report, std::string& error) {
  return office::workbook_bytes("reformquiz-duplicates", "the XLSX duplicates report", [&](lxw_workbook* book) {
    lxw_format* header = workbook_add_format(book);
    format_set_bold(header);
    format_set_text_wrap(header);
    lxw_format* digits = workbook_add_format(book);
    format_set_num_format(digits, "@");
    lxw_format* moment = workbook_add_format(book);
    format_set_num_format(moment, "dd/mm/yyyy hh:mm:ss");

    lxw_worksheet* sheet = workbook_add_worksheet(book, "Nghi trùng lặp");
    if (!sheet) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    const char* titles[] = {"STT", "Loại nghi vấn", "Bằng chứng", "Họ và tên", "Ngày sinh", "Số điện thoại",
                            "Số CCCD", "Đơn vị", "Địa chỉ IP đăng ký", "Đăng ký lúc", "Bài thi", "Đã bị loại (lý do)"};
    constexpr lxw_col_t kColumns = std::size(titles);
    SheetWriter out(sheet, kColumns);
    for (lxw_col_t c = 0; c < kColumns; ++c) out.text(0, c, titles[c], header);
    lxw_row_t row = 0;
    int number = 0;
    const json entries_reasons = report.value("disqualified_entries", json::object());
    for (const auto& finding : report.value("findings", json::array())) {
      ++number;
      const std::string kind = finding.value("kind", "");
      const std::string evidence = duplicate_evidence_text(finding);
      // An entry finding names the person's attempts in it.
      std::map<std::string, std::vector<std::string>> attempts_of;
      for (const auto& entry : finding.value("evidence", json::object()).value("entries", json::array())) {
        attempts_of[entry.value("participant", "")].push_back(entry.value("attempt", ""));
      }
      if (kind == "too_fast" && !finding.value("people", json::array()).empty()) {
        attempts_of[finding["people"][0].value("participant", "")].push_back(
            finding.value("evidence", json::object()).value("attempt", ""));
      }
      for (const auto& p : finding.value("people", json::array())) {
        ++row;
        out.number(row, 0, number, nullptr, 4);
        out.text(row, 1, kind_title(kind), nullptr);
        out.text(row, 2, evidence, nullptr);
        out.text(row, 3, p.value("name", ""), nullptr);
        out.text(row, 4, p.value("birth_date", ""), nullptr);
        out.text(row, 5, p.value("phone", ""), digits);
        out.text(row, 6, p.value("id_number", ""), digits);
        out.text(row, 7, p.value("unit_name", p.value("unit", "")), nullptr);
        out.text(row, 8, p.value("registered_from", ""), nullptr);
        if (p.value("registered_at", json()).is_number_integer()) {
          out.number(row, 9, excel_vietnam_time(p["registered_at"].get<std::int64_t>()), moment, kMomentWidth);
        }
        std::string attempts, reasons = as_text(p.value("disqualified", json()));
        for (const auto& a : attempts_of[p.value("participant", "")]) {
          attempts += (attempts.empty() ? "" : ", ") + a;
          if (entries_reasons.contains(a)) reasons += (reasons.empty() ? "" : "; ") + a + ": " + as_text(entries_reasons[a]);
        }
        out.text(row, 10, attempts, nullptr);
        out.text(row, 11, reasons, nullptr);
      }
    }
    for (lxw_col_t c = 0; c < kColumns; ++c) out.set_width(c, c == 5 || c == 6 ? digits : nullptr);
    worksheet_freeze_panes(sheet, 1, 0);
    out.check(worksheet_autofilter(sheet, 0, 0, row, kColumns - 1));
    if (out.error() != LXW_NO_ERROR) return out.error();

    lxw_worksheet* settings = workbook_add_worksheet(book, "Cài đặt");
    if (!settings) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    SheetWriter s(settings, 2);
    s.text(0, 0, "Mục", header);
    s.text(0, 1, "Giá trị", header);
    const json rules = report.value("rules", json::object());
    const json counts = report.value("counts", json::object());
    const std::pair<const char*, json> lines[] = {
        {"Cuộc thi", report.value("contest", json())},
        {"Vòng thi", report.value("round", json())},
        {"Số bài thi", report.value("entries", json())},
        {"Số người dự thi", report.value("entrants", json())},
        {"Ngưỡng làm bài quá nhanh (mili giây mỗi câu)", rules.value("min_ms_per_question", json())},
        {"Độ lệch thời gian mỗi câu coi là giống nhau (mili giây)", rules.value("timing_tolerance_ms", json())},
        {"Số câu sai giống nhau tối thiểu", rules.value("min_shared_wrong", json())},
        {"Khoảng thời gian đăng ký từ một địa chỉ IP (phút)", rules.value("address_window_minutes", json())},
        {"Số tài khoản từ một địa chỉ IP để nghi vấn", rules.value("address_min_accounts", json())},
        {kind_title("same_name_birth_date"), counts.value("same_name_birth_date", 0)},
        {kind_title("same_id_number"), counts.value("same_id_number", 0)},
        {kind_title("one_address"), counts.value("one_address", 0)},
        {kind_title("too_fast"), counts.value("too_fast", 0)},
        {kind_title("identical_answers"), counts.value("identical_answers", 0)},
    };
    lxw_row_t r = 0;
    for (const auto& [label, value] : lines) {
      ++r;
      s.text(r, 0, label, nullptr);
      if (value.is_number()) s.number(r, 1, value.get<double>(), nullptr, display_width(value.dump()));
      else s.text(r, 1, as_text(value), nullptr);
    }
    s.set_width(0, nullptr);
    s.set_width(1, nullptr);
    return s.error();
  }, error);
}

}  // namespace rq::app
