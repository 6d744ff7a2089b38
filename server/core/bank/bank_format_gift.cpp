// Placeholder until the gift parser lands.
#include "core/bank/bank_import.hpp"

namespace rq::core {

BankDraft parse_gift_bank(std::string_view) {
  BankDraft draft;
  draft.problems.push_back(bank_error(0, "", "the gift format is not supported yet"));
  return draft;
}

}  // namespace rq::core
