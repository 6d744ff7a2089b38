// The organiser's full ranking as an Excel workbook, the XLSX twin of
// core::ranking_csv: a "Xếp hạng" sheet with one row per ranked entry and
// Vietnamese column titles, and a "Tóm tắt" sheet with the round's summary
// figures. Numbers stay numbers, submission times are Excel date-times in
// Vietnam time, and phone and ID numbers are text so their leading zeros
// survive. libxlsxwriter 1.1.4 (Debian 12) can only write to a file: the
// workbook goes through a private temp file (office/workbook_file.hpp).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace rq::app {

// The bytes of an .xlsx file for a results document of
// core::compute_round_results (its "ranking", "summary" and "true_value").
// Missing or null fields become empty cells. nullopt, with `error` saying
// why, when the temp file cannot be written or read back or libxlsxwriter
// refuses a cell (e.g. a text over Excel's 32,767 characters).
std::optional<std::string> ranking_xlsx(const nlohmann::json& results, std::string& error);

}  // namespace rq::app
