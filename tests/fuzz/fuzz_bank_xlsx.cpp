// libFuzzer target: the Excel bank importer must never crash, leak or hang,
// whatever workbook it is given: the input is a whole .xlsx, or the sheet's
// XML inside a sound one (fuzz_bank_office.hpp).
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
      {{"xl/workbook.xml",
        "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
        "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
       {"xl/_rels/workbook.xml.rels",
        "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
       {"xl/sharedStrings.xml", "<sst><si><t>Câu hỏi</t></si><si><t>A</t></si><si><t>B</t></si><si><t>Đáp án</t></si></sst>"}},
      "xl/worksheets/sheet1.xml");
  auto result = rq::core::import_bank(file, rq::core::BankFormat::xlsx, {.id = "fuzz", .title = "", .language = ""});
  keep(result.ok() && result.bank.questions.empty());
  return 0;
}
