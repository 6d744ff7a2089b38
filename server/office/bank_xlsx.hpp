// A bank as an Excel workbook in the layout the importer reads
// (bank_format_xlsx.cpp), so that "download, edit in Excel, upload" gives
// the bank back: a "Câu hỏi" sheet with one question a row under the
// Vietnamese column names of question_banks/README.md (the topic by its
// name, the right options as letters, every cell text so that ids and
// dates stay as written), and a "Chủ đề" sheet giving each topic name its
// id; the bank's title is the workbook's title property. Options run from
// A to F, as in CSV.
#pragma once

#include <optional>
#include <string>

#include "core/bank/question_bank.hpp"

namespace rq::office {

// nullopt, with `error` saying why, when a question has more than six
// options or the workbook cannot be written.
std::optional<std::string> bank_to_xlsx(const core::QuestionBank& bank, std::string& error);

// The sheet names both sides agree on.
inline constexpr const char* kQuestionsSheet = "Câu hỏi";
inline constexpr const char* kTopicsSheet = "Chủ đề";

}  // namespace rq::office
