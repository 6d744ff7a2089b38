#include "cli/bank_commands.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/clock.hpp"
#include "cli/store_session.hpp"
#include "core/bank/bank_export.hpp"
#include "core/bank/bank_import.hpp"
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
};

void add_file_options(CLI::App* cmd, FileOptions& o, bool id_required) {
  cmd->add_option("FILE", o.file, "The bank file (.json, .csv, .gift, .aiken)")->required();
  cmd->add_option("--format", o.format, "json, csv, gift or aiken (default: from the file name)")
      ->check(CLI::IsMember({"json", "csv", "gift", "aiken"}));
  auto* id = cmd->add_option("--id", o.id, "The bank's id (a JSON file's own id is used when not given)");
  if (id_required) id->required();
  cmd->add_option("--title", o.title, "The bank's title, for formats that do not carry one");
}

// Reads and imports the file, printing every problem; nullopt on any error.
std::optional<core::BankImportResult> load_file(const FileOptions& o, int& exit_code) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in) {
    std::cerr << "reformquiz: cannot read " << o.file << "\n";
    exit_code = kExitInvalid;
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto format = o.format.empty() ? core::bank_format_from_filename(o.file) : core::parse_bank_format(o.format);
  if (!format) {
    std::cerr << "reformquiz: cannot tell the format of " << o.file << " from its name: give --format json|csv|gift|aiken\n";
    exit_code = kExitUsage;
    return std::nullopt;
  }
  core::BankImportOptions options{o.id, o.title, {}};
  // Formats without an id take the file's name, so that validate works on
  // any file; import asks for --id explicitly.
  if (options.id.empty() && *format != core::BankFormat::json) {
    options.id = core::slugify(std::filesystem::path(o.file).stem().string());
  }
  auto result = core::import_bank(buffer.str(), *format, options);
  for (const auto& p : result.problems) std::cout << o.file << ":" << p.to_string() << "\n";
  if (!result.ok()) {
    std::size_t errors = 0;
    for (const auto& p : result.problems) errors += p.is_error();
    std::cout << o.file << ": " << errors << (errors == 1 ? " error" : " errors") << "; the bank is not valid\n";
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
                << "): " << u.message << "\n";
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
  };
  auto export_opts = std::make_shared<ExportOptions>();
  auto* exporter = bank->add_subcommand("export", "Print a stored bank (the latest version unless --version)");
  exporter->add_option("ID", export_opts->id, "The bank's id")->required();
  exporter->add_option("--format", export_opts->format, "json or csv")
      ->check(CLI::IsMember({"json", "csv"}))
      ->capture_default_str();
  exporter->add_option("--version", export_opts->version, "A stored version (default: the latest)");
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
    if (export_opts->format == "csv") {
      std::string csv, error;
      if (!core::bank_to_csv(loaded.value.bank, csv, error)) {
        std::cerr << "reformquiz: " << error << "\n";
        return set_exit(kExitInvalid);
      }
      std::cout << csv;
    } else {
      std::cout << core::bank_to_json(loaded.value.bank).dump(2) << "\n";
    }
    set_exit(kExitOk);
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
