// The one validator every import format feeds: normalises all text (NFC,
// trimmed), then checks every rule of QUESTION_BANKS.md and reports every
// problem at once, each at its line.
#pragma once

#include "core/bank/bank_draft.hpp"
#include "core/bank/bank_import.hpp"

namespace rq::core {

// Takes the parser's problems along; sorts all problems by line.
BankImportResult validate_bank(BankDraft draft);

// Ids of banks, topics: lowercase slugs, [a-z0-9][a-z0-9_-]*, at most 64.
bool is_slug(std::string_view id);
// Ids of questions and options: [A-Za-z0-9][A-Za-z0-9_.-]*, at most 64.
bool is_item_id(std::string_view id);
// YYYY-MM-DD naming a real calendar day.
bool is_iso_date(std::string_view text);

}  // namespace rq::core
