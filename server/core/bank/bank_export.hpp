// A bank out of the product again: the native JSON (what the store keeps and
// `reformquiz bank export --format json` prints), CSV for Excel, Moodle XML,
// and the Vietnamese question set as text and Word. Importing an export
// gives the same bank back, as far as the format carries it (Moodle XML and
// question sets have no difficulty or validity dates). The Excel workbook
// is written in office/bank_xlsx.hpp: libxlsxwriter writes files.
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

// Moodle XML (bank_export_moodle_xml.cpp).
std::string bank_to_moodle_xml(const QuestionBank& bank);

// The Vietnamese question-set layout (question_set.hpp) as plain text and as
// a Word document (bank_export_question_set.cpp): "Câu N:", options "A."…,
// "Đáp án: B", topics as "Phần I." headings. Options run from A to H, so a
// question with more cannot be written: false with the reason in `error`.
bool bank_to_question_set_text(const QuestionBank& bank, std::string& out, std::string& error);
bool bank_to_docx(const QuestionBank& bank, std::string& out, std::string& error);

}  // namespace rq::core
