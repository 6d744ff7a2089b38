// The audit: every entry of the round is scored again from its stored
// answers and right answers, and the ranking, prizes and summary are
// recomputed from the stored attempts and people with the same pure code the
// gateway used, then compared with what was published, naming every
// difference. A result that verifies is explained entirely by the stored
// attempts and the contest's rules.
#include "cli/results_commands.hpp"

#include <iostream>
#include <set>

#include "cli/store_session.hpp"
#include "core/contest/contest_config.hpp"
#include "core/contest/scoring.hpp"
#include "core/results/round_results.hpp"
#include "core/results/verify.hpp"
#include "store/contest_repository.hpp"
#include "store/redis_url.hpp"
#include "store/results_repository.hpp"

namespace rq::cli {

void add_results_commands(CLI::App& app, const std::string& redis_url, std::function<void(int)> set_exit) {
  auto* results = app.add_subcommand("results", "Round results: verify what was published");
  results->require_subcommand(1);
  struct Args {
    std::string contest, round;
  };
  auto args = std::make_shared<Args>();
  auto* verify = results->add_subcommand(
      "verify", "Recompute a round's published ranking and prizes from the stored attempts and compare (exit 1 on any difference)");
  verify->add_option("CONTEST", args->contest, "The contest's id")->required();
  verify->add_option("ROUND", args->round, "The round's id")->required();
  verify->callback([args, &redis_url, set_exit] {
    int code = kExitOk;
    auto opened = open_store(redis_url, code);
    if (!opened) return set_exit(code);
    auto& session = *opened;
    store::ContestRepository contests(session.redis());
    store::ResultsRepository store(session.redis());

    auto config_text = session.call<std::string>([&](auto done) { contests.config(args->contest, std::move(done)); });
    if (!config_text.ok()) return set_exit(report_store_error(config_text.error, config_text.detail));
    auto contest = core::parse_contest_config(config_text.value).config;
    const core::RoundConfig* round = nullptr;
    std::vector<std::string> earlier_rounds;
    for (const auto& r : contest.rounds) {
      if (r.id == args->round) {
        round = &r;
        break;
      }
      earlier_rounds.push_back(r.id);
    }
    if (!round) {
      std::cerr << "reformquiz: contest " << args->contest << " has no round " << args->round << "\n";
      return set_exit(kExitInvalid);
    }
    auto published = session.call<std::string>([&](auto done) { store.published(args->contest, args->round, std::move(done)); });
    if (published.error == store::StoreError::not_found) {
      std::cerr << "reformquiz: round " << args->round << " of " << args->contest << " is not published\n";
      return set_exit(kExitInvalid);
    }
    if (!published.ok()) return set_exit(report_store_error(published.error, published.detail));

    auto entries = session.call<std::vector<core::Entry>>([&](auto done) { store.entries(args->contest, args->round, std::move(done)); });
    if (!entries.ok()) return set_exit(report_store_error(entries.error, entries.detail));
    std::vector<std::string> differences;
    // 1. Every entry's score, again from its stored answers.
    for (const auto& e : entries.value) {
      auto stored = session.call<store::StoredAnswers>([&](auto done) { store.stored_answers(args->contest, e.attempt_id, std::move(done)); });
      if (!stored.ok()) return set_exit(report_store_error(stored.error, stored.detail));
      std::vector<core::DrawnQuestion> questions;
      for (const auto& q : stored.value.questions) {
        core::DrawnQuestion d;
        d.id = q;
        d.correct = stored.value.correct[q];
        questions.push_back(std::move(d));
      }
      auto score = core::score_entry(questions, stored.value.chosen);
      if (score.score != e.score || score.all_answered != e.all_answered) {
        differences.push_back("attempt " + e.attempt_id + ": stored score " + std::to_string(e.score) +
                              ", the stored answers score " + std::to_string(score.score));
      }
    }
    // 2. The ranking, prizes and summary, again from the entries and people.
    std::set<std::string> ids;
    for (const auto& e : entries.value) ids.insert(e.participant_id);
    auto people = session.call<std::map<std::string, core::Person>>([&](auto done) { store.people(args->contest, ids, std::move(done)); });
    if (!people.ok()) return set_exit(report_store_error(people.error, people.detail));
    std::vector<core::PrizeAward> earlier;
    for (const auto& r : earlier_rounds) {
      auto doc = session.call<std::string>([&](auto done) { store.published(args->contest, r, std::move(done)); });
      if (doc.ok()) {
        auto more = core::awards_of(nlohmann::json::parse(doc.value));
        earlier.insert(earlier.end(), more.begin(), more.end());
      }
    }
    auto recomputed = core::compute_round_results(contest, *round, entries.value, people.value, earlier);
    auto doc = nlohmann::json::parse(published.value);
    auto found = core::json_differences(doc, recomputed, {"computed_at"});
    differences.insert(differences.end(), found.begin(), found.end());

    if (!differences.empty()) {
      for (const auto& d : differences) std::cout << d << "\n";
      std::cout << "DIFFERENT: " << differences.size() << " difference(s) between the published results of "
                << args->contest << "/" << args->round << " and the stored attempts\n";
      return set_exit(kExitInvalid);
    }
    std::cout << "verified: " << entries.value.size() << " entries scored again, the ranking of "
              << doc.value("ranking", nlohmann::json::array()).size() << " people and "
              << doc.value("awards", nlohmann::json::array()).size()
              << " prizes match the published results of " << args->contest << "/" << args->round << "\n";
    set_exit(kExitOk);
  });
}

}  // namespace rq::cli
