// libFuzzer target: the text question-set bank importer must never crash, leak or
// hang, whatever bytes it is given (an organiser's upload is untrusted input).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/bank/bank_import.hpp"

#include "fuzz_keep.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = rq::core::import_bank(text, rq::core::BankFormat::txt, {.id = "fuzz", .title = "", .language = ""});
  keep(result.ok() && result.bank.questions.empty());
  return 0;
}
