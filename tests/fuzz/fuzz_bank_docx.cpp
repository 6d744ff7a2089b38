// libFuzzer target: the Word bank importer must never crash, leak or hang,
// whatever document it is given: the input is a whole .docx, or its
// word/document.xml inside a sound one (fuzz_bank_office.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/bank/bank_import.hpp"

#include "fuzz_bank_office.hpp"
#include "fuzz_keep.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string file = office_file(
      input,
      {{"word/styles.xml",
        "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        "<w:style w:styleId=\"H\"><w:name w:val=\"heading 1\"/></w:style>"
        "<w:style w:styleId=\"S\"><w:basedOn w:val=\"S\"/><w:rPr><w:b/></w:rPr></w:style></w:styles>"}},
      "word/document.xml");
  auto result = rq::core::import_bank(file, rq::core::BankFormat::docx, {.id = "fuzz", .title = "", .language = ""});
  keep(result.ok() && result.bank.questions.empty());
  return 0;
}
