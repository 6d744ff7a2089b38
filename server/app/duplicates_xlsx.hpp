// The suspected-duplicates report (admin_duplicates.cpp) as an Excel workbook
// for the organisers' meeting: a "Nghi trùng lặp" sheet with one row per
// person of each finding (the finding's number, its kind and its evidence in
// a Vietnamese sentence, then the person's details), and a "Cài đặt" sheet
// with the settings the report was made with and the count of each kind.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace rq::app {

// The evidence of one finding ({kind, evidence, people, attempts}) as the
// workbook says it, in Vietnamese.
std::string duplicate_evidence_text(const nlohmann::json& finding);

// nullopt, with `error` saying why, when the workbook cannot be written.
std::optional<std::string> duplicates_xlsx(const nlohmann::json& report, std::string& error);

}  // namespace rq::app
