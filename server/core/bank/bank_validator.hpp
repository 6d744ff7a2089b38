// The one validator every import format feeds: normalises all text (NFC,
// trimmed), then checks every rule of QUESTION_BANKS.md and reports every
// problem at once, each at its line.
#pragma once

#include "core/bank/bank_draft.hpp"
#include "core/bank/bank_import.hpp"
#include "core/text/ids.hpp"

namespace rq::core {

// Takes the parser's problems along; sorts all problems by line.
BankImportResult validate_bank(BankDraft draft);

// YYYY-MM-DD naming a real calendar day.
bool is_iso_date(std::string_view text);

}  // namespace rq::core
