#include "office/bank_files.hpp"

#include "core/bank/bank_export.hpp"
#include "office/bank_xlsx.hpp"

namespace rq::office {

bool exports(core::BankFormat format) {
  return format != core::BankFormat::gift && format != core::BankFormat::aiken;
}

std::string_view export_format_names() { return "json, csv, xml, xlsx, docx or txt"; }

std::optional<std::string> export_bank_file(const core::QuestionBank& bank, core::BankFormat format, std::string& error) {
  using core::BankFormat;
  std::string out;
  switch (format) {
    case BankFormat::json: return core::bank_to_json(bank).dump(2) + "\n";
    case BankFormat::csv:
      if (!core::bank_to_csv(bank, out, error)) return std::nullopt;
      return out;
    case BankFormat::xml: return core::bank_to_moodle_xml(bank);
    case BankFormat::xlsx: return bank_to_xlsx(bank, error);
    case BankFormat::docx:
      if (!core::bank_to_docx(bank, out, error)) return std::nullopt;
      return out;
    case BankFormat::txt:
      if (!core::bank_to_question_set_text(bank, out, error)) return std::nullopt;
      return out;
    case BankFormat::gift:
    case BankFormat::aiken: break;
  }
  error = std::string("a bank cannot be exported as ") + std::string(core::to_string(format)) + "; choose " +
          std::string(export_format_names());
  return std::nullopt;
}

std::string_view content_type(core::BankFormat format) {
  using core::BankFormat;
  switch (format) {
    case BankFormat::json: return "application/json; charset=utf-8";
    case BankFormat::csv: return "text/csv; charset=utf-8";
    case BankFormat::xml: return "application/xml; charset=utf-8";
    case BankFormat::xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case BankFormat::docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    default: return "text/plain; charset=utf-8";
  }
}

}  // namespace rq::office
