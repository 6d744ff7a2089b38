#include "cli/bank_commands.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/clock.hpp"
#include "cli/store_session.hpp"
#include "core/bank/bank_export.hpp"
#include "core/bank/bank_import.hpp"
#include "office/bank_files.hpp"
#include "store/bank_uses.hpp"
#include "store/contest_repository.hpp"
#include "core/text/normalize.hpp"
#include "store/bank_repository.hpp"
#include "store/redis_url.hpp"

namespace rq::cli {
namespace {

struct FileOptions {
  std::string file;
  std::string format;
  std::string id;
  std::string title;
  std::string sheet;
  std::string topic;
  std::string lang = "en";
};

const std::vector<std::string> kImportFormats{"json", "csv", "gift", "aiken", "xml", "moodle", "xlsx", "docx", "txt"};
const std::vector<std::string> kExportFormats{"json", "csv", "xml", "xlsx", "docx", "txt"};

void add_file_options(CLI::App* cmd, FileOptions& o, bool id_required) {
  cmd->add_option("FILE", o.file, "The bank file (.json, .csv, .gift, .aiken, .xml, .xlsx, .docx, .txt)")->required();
  cmd->add_option("--format", o.format, "json, csv, gift, aiken, xml (Moodle XML), xlsx, docx or txt (default: from the file name)")
      ->check(CLI::IsMember(kImportFormats));
  auto* id = cmd->add_option("--id", o.id, "The bank's id (a JSON file's own id is used when not given)");
  if (id_required) id->required();
  cmd->add_option("--title", o.title, "The bank's title, for formats that do not carry one");
  cmd->add_option("--sheet", o.sheet, "The workbook's sheet to read (.xlsx; default: the first)");
  cmd->add_option("--topic", o.topic, "One topic for every question (a name, e.g. \"Cải cách thể chế\")");
  cmd->add_option("--lang", o.lang, "The language of the problems listed: en or vi (tiếng Việt)")
      ->envname("REFORMQUIZ_LANG")
      ->check(CLI::IsMember({"en", "vi"}))
      ->capture_default_str();
}

// Writes bytes to a file, or to standard output for "-".
bool write_output(const std::string& path, const std::string& bytes) {
  if (path.empty() || path == "-") {
    std::cout << bytes;
    return static_cast<bool>(std::cout);
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) std::cerr << "reformquiz: cannot write " << path << "\n";
  return static_cast<bool>(out);
}

// Reads and imports the file, printing every problem; nullopt on any error.
std::optional<core::BankImportResult> load_file(const FileOptions& o, int& exit_code, std::ostream& report = std::cout) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in) {
    std::cerr << "reformquiz: cannot read " << o.file << "\n";
    exit_code = kExitInvalid;
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto format = o.format.empty() ? core::bank_format_of_file(o.file, buffer.str()) : core::parse_bank_format(o.format);
  if (!format) {
    std::cerr << "reformquiz: cannot tell the format of " << o.file << " from its name: give --format "
              << core::bank_format_names() << "\n";
    exit_code = kExitUsage;
    return std::nullopt;
  }
  core::BankImportOptions options{o.id, o.title, {}, o.sheet, o.topic};
  // Formats without an id take the file's name, so that validate works on
  // any file; import asks for --id explicitly.
  if (options.id.empty() && *format != core::BankFormat::json) {
    options.id = core::slugify(std::filesystem::path(o.file).stem().string());
  }
  auto result = core::import_bank(buffer.str(), *format, options);
  core::Lang lang = core::Lang::en;
  core::parse_lang(o.lang, lang);
  for (const auto& p : result.problems) report << o.file << ":" << p.to_string(lang) << "\n";
  if (!result.ok()) {
    std::size_t errors = 0;
    for (const auto& p : result.problems) errors += p.is_error();
    if (lang == core::Lang::vi) {
      report << o.file << ": " << errors << " lỗi; ngân hàng câu hỏi không hợp lệ\n";
    } else {
      report << o.file << ": " << errors << (errors == 1 ? " error" : " errors") << "; the bank is not valid\n";
    }
    exit_code = kExitInvalid;
    return std::nullopt;
  }
  return result;
}

void print_summary(const core::QuestionBank& bank) {
  std::cout << "bank " << bank.id << ": " << bank.title << "\n";
  std::cout << "  " << bank.questions.size() << " questions in " << bank.topics.size() << " topics\n";
  for (const auto& t : core::count_by_topic(bank)) {
    std::cout << "  " << t.id << ": " << t.questions << " (" << t.name << ")\n";
  }
}

}  // namespace

void add_bank_commands(CLI::App& app, const std::string& redis_url, std::function<void(int)> set_exit) {
  auto* bank = app.add_subcommand("bank", "Question banks: validate, import, export, list");
  bank->require_subcommand(1);

  auto validate_opts = std::make_shared<FileOptions>();
  auto* validate = bank->add_subcommand("validate", "Check a bank file and list every problem by line (exit 1 if any)");
  add_file_options(validate, *validate_opts, false);
  validate->callback([validate_opts, set_exit] {
    int code = kExitOk;
    if (auto r = load_file(*validate_opts, code)) print_summary(r->bank);
    set_exit(code);
  });

  auto import_opts = std::make_shared<FileOptions>();
  auto* import = bank->add_subcommand("import", "Validate a bank file and store it as the bank's next version");
  add_file_options(import, *import_opts, true);
  import->callback([import_opts, &redis_url, set_exit] {
    int code = kExitOk;
    auto r = load_file(*import_opts, code);
    if (!r) return set_exit(code);
    core::Lang import_lang = core::Lang::en;
    core::parse_lang(import_opts->lang, import_lang);
    auto opened = open_store(redis_url, code);
    if (!opened) return set_exit(code);
    auto& session = *opened;
    store::BankRepository banks(session.redis());
    store::ContestRepository contests(session.redis());
    // A round that will still draw from this bank must find enough in it.
    auto unmet = session.call<std::vector<store::UnmetDraw>>(
        [&](auto done) { store::find_unmet_draws(contests, r->bank, core::now_ms(), std::move(done)); });
    if (!unmet.ok()) return set_exit(report_store_error(unmet.error, unmet.detail));
    for (const auto& u : unmet.value) {
      std::cerr << import_opts->file << ": contest " << u.contest << ", round " << u.round << " (" << u.path
                << "): " << u.message_in(import_lang) << "\n";
    }
    if (!unmet.value.empty()) {
      std::cerr << "reformquiz: this version of bank " << r->bank.id << " would leave " << unmet.value.size()
                << " round draw(s) short; nothing was stored\n";
      return set_exit(kExitInvalid);
    }
    auto saved = session.call<store::BankSummary>(
        [&](auto done) { banks.save(r->bank, core::now_ms(), std::move(done)); });
    if (!saved.ok()) return set_exit(report_store_error(saved.error, saved.detail));
    print_summary(r->bank);
    std::cout << "stored as version " << saved.value.version << "\n";
    set_exit(kExitOk);
  });

  struct ExportOptions {
    std::string id;
    std::string format = "json";
    long long version = 0;
    std::string out;
  };
  auto export_opts = std::make_shared<ExportOptions>();
  auto* exporter = bank->add_subcommand("export", "Write a stored bank as a file (the latest version unless --version)");
  exporter->add_option("ID", export_opts->id, "The bank's id")->required();
  exporter->add_option("--format", export_opts->format, "json, csv, xml (Moodle XML), xlsx, docx or txt")
      ->check(CLI::IsMember(kExportFormats))
      ->capture_default_str();
  exporter->add_option("--version", export_opts->version, "A stored version (default: the latest)");
  exporter->add_option("--out", export_opts->out, "The file to write (default: standard output)");
  exporter->callback([export_opts, &redis_url, set_exit] {
    int code = kExitOk;
    auto opened = open_store(redis_url, code);
    if (!opened) return set_exit(code);
    auto& session = *opened;
    store::BankRepository banks(session.redis());
    std::optional<long long> version;
    if (export_opts->version > 0) version = export_opts->version;
    auto loaded = session.call<store::StoredBank>(
        [&](auto done) { banks.load(export_opts->id, version, std::move(done)); });
    if (!loaded.ok()) return set_exit(report_store_error(loaded.error, loaded.detail));
    std::string error;
    auto bytes = office::export_bank_file(loaded.value.bank, *core::parse_bank_format(export_opts->format), error);
    if (!bytes) {
      std::cerr << "reformquiz: " << error << "\n";
      return set_exit(kExitInvalid);
    }
    set_exit(write_output(export_opts->out, *bytes) ? kExitOk : kExitInvalid);
  });

  // From one format to another without a store: how the shipped examples
  // are made (scripts/make_sample_banks.sh), and how an organiser turns a
  // Moodle export into a workbook to edit.
  auto convert_opts = std::make_shared<FileOptions>();
  auto convert_to = std::make_shared<std::string>();
  auto convert_out = std::make_shared<std::string>();
  auto* convert = bank->add_subcommand("convert", "Validate a bank file and write it in another format (no Redis)");
  add_file_options(convert, *convert_opts, false);
  convert->add_option("--to", *convert_to, "json, csv, xml, xlsx, docx or txt")->required()->check(CLI::IsMember(kExportFormats));
  convert->add_option("--out", *convert_out, "The file to write (default: standard output)");
  convert->callback([convert_opts, convert_to, convert_out, set_exit] {
    int code = kExitOk;
    // Problems go to standard error here: standard output may be the file.
    auto r = load_file(*convert_opts, code, std::cerr);
    if (!r) return set_exit(code);
    std::string error;
    auto bytes = office::export_bank_file(r->bank, *core::parse_bank_format(*convert_to), error);
    if (!bytes) {
      std::cerr << "reformquiz: " << error << "\n";
      return set_exit(kExitInvalid);
    }
    set_exit(write_output(*convert_out, *bytes) ? kExitOk : kExitInvalid);
  });

  auto* list = bank->add_subcommand("list", "List the stored banks with their latest versions");
  list->callback([&redis_url, set_exit] {
    int code = kExitOk;
    auto opened = open_store(redis_url, code);
    if (!opened) return set_exit(code);
    auto& session = *opened;
    store::BankRepository banks(session.redis());
    auto listed = session.call<std::vector<store::BankSummary>>([&](auto done) { banks.list(std::move(done)); });
    if (!listed.ok()) return set_exit(report_store_error(listed.error, listed.detail));
    if (listed.value.empty()) std::cout << "no banks stored yet\n";
    for (const auto& s : listed.value) {
      std::cout << s.id << "  v" << s.version << "  " << s.questions << " questions  " << s.title << "\n";
      for (const auto& t : s.topics) std::cout << "    " << t.id << ": " << t.questions << "\n";
    }
    set_exit(kExitOk);
  });
}

}  // namespace rq::cli
