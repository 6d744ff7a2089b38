// The audit of a published round, `reformquiz results verify CONTEST ROUND`,
// as four named steps over what Redis holds, each naming every difference:
//   1. every entry's questions and right answers are drawn again from its
//      recorded seed and bank version, options shown under the same ids;
//   2. every entry is scored again from its stored answers;
//   3. the ranking, prizes and summary are recomputed from the stored
//      entries and people (with the exclusion list and the disqualifications
//      in force) with the same pure code the gateway used;
//   4. the public part and each person's own line, which public readers see,
//      are those of the recomputed result.
// A result that verifies is explained entirely by the stored attempts, the
// bank versions and the contest's rules.
#include "cli/results_commands.hpp"

#include <algorithm>
#include <iostream>
#include <set>

#include "cli/final_verification.hpp"
#include "cli/store_session.hpp"
#include "core/contest/contest_config.hpp"
#include "core/contest/draw.hpp"
#include "core/contest/scoring.hpp"
#include "core/contest/shown_options.hpp"
#include "core/results/disqualification.hpp"
#include "core/results/exclusions.hpp"
#include "core/results/round_results.hpp"
#include "core/results/verify.hpp"
#include "store/bank_repository.hpp"
#include "store/contest_repository.hpp"
#include "store/redis_url.hpp"
#include "store/results_repository.hpp"
#include "store/review_repository.hpp"

namespace rq::cli {
namespace {

class Verification {
 public:
  Verification(StoreSession& session, std::string contest, std::string round)
      : session_(session), results_(session.redis()), review_(session.redis()), banks_(session.redis()), contest_id_(std::move(contest)),
        round_id_(std::move(round)) {}

  // The exit code; prints the differences or what was verified.
  int run() {
    if (int code = load(); code != kExitOk) return code;
    for (const auto& e : entries_) {
      auto stored = session_.call<store::StoredAnswers>(
          [&](auto done) { results_.stored_answers(contest_id_, e.attempt_id, std::move(done)); });
      if (!stored.ok()) return report_store_error(stored.error, stored.detail);
      if (int code = redraw(e, stored.value); code != kExitOk) return code;
      rescore(e, stored.value);
    }
    if (int code = recompute(); code != kExitOk) return code;
    if (int code = check_public_parts(); code != kExitOk) return code;
    return report();
  }

 private:
  int load() {
    store::ContestRepository contests(session_.redis());
    auto config = session_.call<std::string>([&](auto done) { contests.config(contest_id_, std::move(done)); });
    if (!config.ok()) return report_store_error(config.error, config.detail);
    contest_ = core::parse_contest_config(config.value).config;
    for (const auto& r : contest_.rounds) {
      if (r.id == round_id_) {
        round_ = &r;
        break;
      }
      earlier_rounds_.push_back(r.id);
    }
    if (!round_) {
      std::cerr << "reformquiz: contest " << contest_id_ << " has no round " << round_id_ << "\n";
      return kExitInvalid;
    }
    auto published = session_.call<std::string>([&](auto done) { results_.published(contest_id_, round_id_, std::move(done)); });
    if (published.error == store::StoreError::not_found) {
      std::cerr << "reformquiz: round " << round_id_ << " of " << contest_id_ << " is not published\n";
      return kExitInvalid;
    }
    if (!published.ok()) return report_store_error(published.error, published.detail);
    published_ = nlohmann::json::parse(published.value);
    auto entries = session_.call<std::vector<core::Entry>>([&](auto done) { results_.entries(contest_id_, round_id_, std::move(done)); });
    if (!entries.ok()) return report_store_error(entries.error, entries.detail);
    entries_ = std::move(entries.value);
    // The people first: their category says which bank each entry drew from.
    std::set<std::string> ids;
    for (const auto& e : entries_) ids.insert(e.participant_id);
    auto people = session_.call<std::map<std::string, core::Person>>(
        [&](auto done) { results_.people(contest_id_, ids, std::move(done)); });
    if (!people.ok()) return report_store_error(people.error, people.detail);
    people_ = std::move(people.value);
    return kExitOk;
  }

  // Step 1.
  int redraw(const core::Entry& e, const store::StoredAnswers& stored) {
    auto bank = bank_version(stored.bank, stored.bank_version);
    if (!bank) return kExitUnavailable;
    if (bank->questions.empty()) {
      differ("attempt " + e.attempt_id + ": its bank " + stored.bank + " version " +
             std::to_string(stored.bank_version) + " is not stored");
      return kExitOk;
    }
    auto person = people_.find(e.participant_id);
    const std::string category = person == people_.end() ? "" : person->second.category;
    if (stored.bank != round_->bank_for(category)) {
      differ("attempt " + e.attempt_id + ": drawn from bank " + stored.bank + ", but category '" + category +
             "' draws from bank " + round_->bank_for(category));
      return kExitOk;
    }
    auto drawn = core::draw_questions(*bank, round_->draw, core::round_window(*round_, contest_.timezone), stored.seed);
    if (auto* error = std::get_if<core::DrawError>(&drawn)) {
      differ("attempt " + e.attempt_id + ": its seed no longer draws (" + error->message + ")");
      return kExitOk;
    }
    auto shown = core::show_options(std::get<std::vector<core::DrawnQuestion>>(drawn), stored.seed);
    std::vector<std::string> ids;
    for (const auto& q : shown) ids.push_back(q.id);
    if (ids != stored.questions) {
      differ("attempt " + e.attempt_id + ": its seed draws other questions than those stored");
      return kExitOk;
    }
    for (const auto& q : shown) {
      auto at = [](const auto& map, const std::string& key) {
        auto it = map.find(key);
        return it == map.end() ? std::vector<std::string>{} : it->second;
      };
      if (q.shown_ids != at(stored.shown, q.id) || q.bank_ids != at(stored.mapped, q.id) ||
          q.correct != at(stored.correct, q.id)) {
        differ("attempt " + e.attempt_id + ", question " + q.id +
               ": the stored options or right answers are not those its seed and bank version give");
      }
    }
    return kExitOk;
  }

  // Step 2.
  void rescore(const core::Entry& e, const store::StoredAnswers& stored) {
    std::vector<core::DrawnQuestion> questions;
    for (const auto& q : stored.questions) {
      core::DrawnQuestion d;
      d.id = q;
      auto it = stored.correct.find(q);
      if (it != stored.correct.end()) d.correct = it->second;
      questions.push_back(std::move(d));
    }
    auto score = core::score_entry(questions, stored.chosen);
    if (score.score != e.score || score.all_answered != e.all_answered) {
      differ("attempt " + e.attempt_id + ": stored score " + std::to_string(e.score) + ", the stored answers score " +
             std::to_string(score.score));
    }
  }

  // Step 3.
  int recompute() {
    auto people = people_;
    // The disqualifications in force when the round was finalized, whatever
    // changed since (core/results/disqualification.hpp).
    auto disqualified = session_.call<std::vector<core::Disqualification>>(
        [&](auto done) { review_.disqualifications(contest_id_, std::move(done)); });
    if (!disqualified.ok()) return report_store_error(disqualified.error, disqualified.detail);
    const std::int64_t as_of = published_.value("disqualifications_as_of", std::int64_t{0});
    auto edit = session_.call<std::optional<store::ReviewRepository::ExclusionEdit>>(
        [&](auto done) { review_.exclusions(contest_id_, std::move(done)); });
    if (!edit.ok()) return report_store_error(edit.error, edit.detail);
    std::optional<std::string> stored;
    if (edit.value) stored = edit.value->list;
    core::apply_exclusions(core::exclusion_list(contest_, stored), people);
    auto entries = entries_;
    core::apply_disqualifications(disqualified.value, as_of, entries, people);
    std::vector<core::PrizeAward> earlier;
    for (const auto& r : earlier_rounds_) {
      auto doc = session_.call<std::string>([&](auto done) { results_.published(contest_id_, r, std::move(done)); });
      if (doc.ok()) {
        auto more = core::awards_of(nlohmann::json::parse(doc.value));
        earlier.insert(earlier.end(), more.begin(), more.end());
      }
    }
    recomputed_ = core::compute_round_results(contest_, *round_, entries, people, earlier);
    recomputed_["disqualifications_as_of"] = as_of;
    for (auto& d : core::json_differences(published_, recomputed_, {"computed_at"})) differ(std::move(d));
    return kExitOk;
  }

  // Step 4.
  int check_public_parts() {
    auto pub = session_.call<std::string>([&](auto done) { results_.public_results(contest_id_, round_id_, std::move(done)); });
    if (!pub.ok()) return report_store_error(pub.error, pub.detail);
    for (auto& d : core::json_differences(nlohmann::json::parse(pub.value, nullptr, false),
                                          core::public_round_results(recomputed_), {})) {
      differ("public results: " + d);
    }
    auto lines = session_.call<std::map<std::string, std::string>>(
        [&](auto done) { results_.personal_lines(contest_id_, round_id_, std::move(done)); });
    if (!lines.ok()) return report_store_error(lines.error, lines.detail);
    auto expected = core::personal_lines(recomputed_);
    if (expected.size() != lines.value.size()) {
      differ("personal lines: " + std::to_string(lines.value.size()) + " stored, " + std::to_string(expected.size()) +
             " recomputed");
    }
    for (const auto& [participant, line] : expected) {
      auto it = lines.value.find(participant);
      auto stored = it == lines.value.end() ? nlohmann::json() : nlohmann::json::parse(it->second, nullptr, false);
      for (auto& d : core::json_differences(stored, line, {})) differ("the line of participant " + participant + ": " + d);
    }
    return kExitOk;
  }

  int report() {
    if (!differences_.empty()) {
      for (const auto& d : differences_) std::cout << d << "\n";
      std::cout << "DIFFERENT: " << differences_.size() << " difference(s) between the published results of "
                << contest_id_ << "/" << round_id_ << " and the stored attempts\n";
      return kExitInvalid;
    }
    std::cout << "verified: " << entries_.size() << " entries drawn and scored again, the ranking of "
              << published_.value("ranking", nlohmann::json::array()).size() << " people and "
              << published_.value("awards", nlohmann::json::array()).size()
              << " prizes match the published results of " << contest_id_ << "/" << round_id_ << "\n";
    return kExitOk;
  }

  // A bank version, loaded once; an empty bank when it is not stored,
  // nullptr when Redis failed (reported).
  std::shared_ptr<core::QuestionBank> bank_version(const std::string& id, long long version) {
    auto key = id + "\n" + std::to_string(version);
    if (auto it = banks_seen_.find(key); it != banks_seen_.end()) return it->second;
    auto loaded = session_.call<store::StoredBank>([&](auto done) { banks_.load(id, version, std::move(done)); });
    if (!loaded.ok() && loaded.error != store::StoreError::not_found) {
      report_store_error(loaded.error, loaded.detail);
      return nullptr;
    }
    auto bank = std::make_shared<core::QuestionBank>(loaded.ok() ? std::move(loaded.value.bank) : core::QuestionBank{});
    banks_seen_[key] = bank;
    return bank;
  }

  void differ(std::string difference) {
    if (differences_.size() < 200) differences_.push_back(std::move(difference));
  }

  StoreSession& session_;
  store::ResultsRepository results_;
  store::ReviewRepository review_;
  store::BankRepository banks_;
  std::string contest_id_, round_id_;
  core::ContestConfig contest_;
  const core::RoundConfig* round_ = nullptr;
  std::vector<std::string> earlier_rounds_;
  nlohmann::json published_, recomputed_;
  std::vector<core::Entry> entries_;
  std::map<std::string, core::Person> people_;  // as stored now; exclusions and disqualifications applied on a copy
  std::map<std::string, std::shared_ptr<core::QuestionBank>> banks_seen_;
  std::vector<std::string> differences_;
};

}  // namespace

void add_results_commands(CLI::App& app, const std::string& redis_url, std::function<void(int)> set_exit) {
  auto* results = app.add_subcommand("results", "Round and final results: verify what was published");
  results->require_subcommand(1);
  struct Args {
    std::string contest, round;
  };
  auto args = std::make_shared<Args>();
  auto* verify = results->add_subcommand(
      "verify",
      "Draw, score and rank a published round again from the stored attempts and compare (exit 1 on any difference)");
  verify->add_option("CONTEST", args->contest, "The contest's id")->required();
  verify->add_option("ROUND", args->round, "The round's id")->required();
  verify->callback([args, &redis_url, set_exit] {
    int code = kExitOk;
    auto opened = open_store(redis_url, code);
    if (!opened) return set_exit(code);
    set_exit(Verification(*opened, args->contest, args->round).run());
  });
  auto* verify_final_ranking = results->add_subcommand(
      "verify-final", "Recompute the published final ranking from the stored entries of its rounds and compare "
                      "(exit 1 on any difference)");
  verify_final_ranking->add_option("CONTEST", args->contest, "The contest's id")->required();
  verify_final_ranking->callback([args, &redis_url, set_exit] {
    int code = kExitOk;
    auto opened = open_store(redis_url, code);
    if (!opened) return set_exit(code);
    set_exit(verify_final(*opened, args->contest));
  });
}

}  // namespace rq::cli
