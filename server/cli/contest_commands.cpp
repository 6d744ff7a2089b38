#include "cli/contest_commands.hpp"

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/store_session.hpp"
#include "core/contest/contest_config.hpp"
#include "store/bank_repository.hpp"
#include "store/contest_repository.hpp"
#include "store/redis_url.hpp"

namespace rq::cli {

void add_contest_commands(CLI::App& app, const std::string& redis_url, std::function<void(int)> set_exit) {
  auto* contest = app.add_subcommand("contest", "Contests: create from a JSON configuration");
  contest->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* create = contest->add_subcommand(
      "create", "Check a contest configuration (every problem by its JSON path, each draw against its bank) and store it");
  create->add_option("FILE", *file, "The configuration (JSON; see docs/protocol.md)")->required();
  auto lang_name = std::make_shared<std::string>("en");
  create->add_option("--lang", *lang_name, "The language of the problems listed: en or vi (tiếng Việt)")
      ->envname("REFORMQUIZ_LANG")
      ->check(CLI::IsMember({"en", "vi"}))
      ->capture_default_str();
  create->callback([file, lang_name, &redis_url, set_exit] {
    core::Lang lang = core::Lang::en;
    core::parse_lang(*lang_name, lang);
    std::ifstream in(*file, std::ios::binary);
    if (!in) {
      std::cerr << "reformquiz: cannot read " << *file << "\n";
      return set_exit(kExitInvalid);
    }
    std::stringstream text;
    text << in.rdbuf();
    auto print = [&](const std::vector<core::ConfigProblem>& problems) {
      for (const auto& p : problems) {
        std::cout << *file << ": " << (p.path.empty() ? "" : p.path + ": ") << p.message_in(lang) << "\n";
      }
      if (lang == core::Lang::vi) {
        std::cout << *file << ": " << problems.size() << " lỗi; chưa có gì được lưu\n";
      } else {
        std::cout << *file << ": " << problems.size() << (problems.size() == 1 ? " problem" : " problems")
                  << "; nothing was stored\n";
      }
    };
    auto parsed = core::parse_contest_config(text.str());
    if (!parsed.ok()) {
      print(parsed.problems);
      return set_exit(kExitInvalid);
    }
    int code = kExitOk;
    auto opened = open_store(redis_url, code);
    if (!opened) return set_exit(code);
    auto& session = *opened;
    store::BankRepository banks(session.redis());
    std::map<std::string, core::BankContents> contents;
    std::set<std::string> ids;
    for (const auto& r : parsed.config.rounds) {
      for (const auto& b : r.banks_used()) ids.insert(b);
    }
    for (const auto& id : ids) {
      // The whole bank: the questions' dates decide what each round may draw.
      auto s = session.call<store::StoredBank>([&](auto done) { banks.load(id, std::nullopt, std::move(done)); });
      if (s.error == store::StoreError::not_found) continue;
      if (!s.ok()) return set_exit(report_store_error(s.error, s.detail));
      contents[id] = core::contents_of(s.value.bank);
    }
    auto problems = core::check_draws(parsed.config, contents);
    if (!problems.empty()) {
      print(problems);
      return set_exit(kExitInvalid);
    }
    store::ContestRepository contests(session.redis());
    auto created = session.call<bool>([&](auto done) { contests.create(parsed.config.id, text.str(), "cli", std::move(done)); });
    if (!created.ok()) return set_exit(report_store_error(created.error, created.detail));
    std::cout << "contest " << parsed.config.id << " created: " << parsed.config.rounds.size()
              << (parsed.config.rounds.size() == 1 ? " round" : " rounds") << "\n";
    set_exit(kExitOk);
  });
}

}  // namespace rq::cli
