// A question set as plain text (UTF-8), in the Vietnamese layout of
// question_set.hpp: each line is one line of the set. Tabs are kept, so
// options parted by tabs on one line are found.
#include "core/bank/bank_import.hpp"
#include "core/bank/question_set.hpp"
#include "core/text/normalize.hpp"

namespace rq::core {

BankDraft parse_txt_bank(std::string_view text) {
  BankDraft draft;
  std::vector<SetLine> lines;
  int number = 0;
  for (std::size_t pos = 0; pos <= text.size();) {
    const auto nl = text.find('\n', pos);
    std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    ++number;
    // NFC first, so that "Câu" typed decomposed is still "Câu".
    lines.push_back({to_nfc(raw).value_or(std::string(raw)), number, false, {}});
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  read_question_set(lines, false, draft);
  return draft;
}

}  // namespace rq::core
