// The item statistics of a round (admin_items.cpp) as an Excel workbook: a
// "Thống kê câu hỏi" sheet with one row per question (its figures, its
// flags in Vietnamese, then each option's text and how often it was chosen,
// the right ones marked).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace rq::app {

// nullopt, with `error` saying why, when the workbook cannot be written.
std::optional<std::string> items_xlsx(const nlohmann::json& report, std::string& error);

}  // namespace rq::app
