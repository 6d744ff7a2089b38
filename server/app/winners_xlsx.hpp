// The winners list for the prize paperwork as an Excel workbook: a
// "Tổng hợp" sheet with each round's winners and prize money and the
// contest's total, then one sheet per round (and the final) listing its
// winners with name, unit, phone, ID number (address and commune when the
// contest asked for them), prize, amount and an empty
// column to sign for the prize ("Ký nhận"), ending with the round's total.
// Amounts are numbers in đồng with thousands separators; phone and ID
// numbers are text so their leading zeros survive.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace rq::app {

// The bytes of an .xlsx file for core::winners_list_json's document (with
// its "title"); nullopt with `error` when the file cannot be made.
std::optional<std::string> winners_xlsx(const nlohmann::json& list, std::string& error);

}  // namespace rq::app
