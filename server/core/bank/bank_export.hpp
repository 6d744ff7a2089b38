// A bank out of the product again: the native JSON (what the store keeps and
// `reformquiz bank export --format json` prints) and CSV for Excel. Importing
// an export gives the same bank back.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/bank/question_bank.hpp"

namespace rq::core {

nlohmann::json bank_to_json(const QuestionBank& bank);
// For banks this product stored itself (already validated): no checks.
QuestionBank bank_from_json(const nlohmann::json& json);

// CSV as Excel on any locale opens it as UTF-8: a BOM, CRLF, ',' between
// cells, quotes where needed. Options are written as columns A–F, so a bank
// with a question of more than six options cannot be written; nullopt-like:
// returns false and leaves `out` empty with the reason in `error`.
bool bank_to_csv(const QuestionBank& bank, std::string& out, std::string& error);

}  // namespace rq::core
