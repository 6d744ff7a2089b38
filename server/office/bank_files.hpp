// A bank as a file of any format the product writes: JSON, CSV, Moodle XML,
// Excel, Word and the text question set (GIFT and Aiken are read, not
// written). The one place the CLI and the HTTP API both go through.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/bank/bank_import.hpp"
#include "core/bank/question_bank.hpp"

namespace rq::office {

// nullopt, with `error`, when the format is not one that exports or the bank
// does not fit it (more options than its columns).
std::optional<std::string> export_bank_file(const core::QuestionBank& bank, core::BankFormat format, std::string& error);

// "json, csv, xml, xlsx, docx or txt", for messages.
std::string_view export_format_names();
bool exports(core::BankFormat format);

// The MIME type and file extension of a format's files.
std::string_view content_type(core::BankFormat format);

}  // namespace rq::office
