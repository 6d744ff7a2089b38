#include "cli/final_verification.hpp"

#include <iostream>
#include <set>

#include "core/contest/contest_config.hpp"
#include "core/results/disqualification.hpp"
#include "core/results/exclusions.hpp"
#include "core/results/final_ranking.hpp"
#include "core/results/round_results.hpp"
#include "core/results/verify.hpp"
#include "store/contest_repository.hpp"
#include "store/keys.hpp"
#include "store/results_repository.hpp"
#include "store/review_repository.hpp"

namespace rq::cli {

int verify_final(StoreSession& session, const std::string& contest_id) {
  store::ContestRepository contests(session.redis());
  store::ResultsRepository results(session.redis());
  store::ReviewRepository review(session.redis());
  const std::string slot(store::keys::kFinal);

  auto config = session.call<std::string>([&](auto done) { contests.config(contest_id, std::move(done)); });
  if (!config.ok()) return report_store_error(config.error, config.detail);
  auto contest = core::parse_contest_config(config.value).config;
  if (!contest.final_ranking) {
    std::cerr << "reformquiz: contest " << contest_id << " has no final ranking\n";
    return kExitInvalid;
  }
  auto published = session.call<std::string>([&](auto done) { results.published(contest_id, slot, std::move(done)); });
  if (published.error == store::StoreError::not_found) {
    std::cerr << "reformquiz: the final ranking of " << contest_id << " is not published\n";
    return kExitInvalid;
  }
  if (!published.ok()) return report_store_error(published.error, published.detail);
  auto document = nlohmann::json::parse(published.value);

  std::map<std::string, std::vector<core::Entry>> entries;
  std::vector<core::PrizeAward> round_awards;
  std::set<std::string> ids;
  std::size_t entry_count = 0;
  for (const auto& round : contest.final_ranking->rounds) {
    auto read = session.call<std::vector<core::Entry>>([&](auto done) { results.entries(contest_id, round, std::move(done)); });
    if (!read.ok()) return report_store_error(read.error, read.detail);
    for (const auto& e : read.value) ids.insert(e.participant_id);
    entry_count += read.value.size();
    entries[round] = std::move(read.value);
    auto doc = session.call<std::string>([&](auto done) { results.published(contest_id, round, std::move(done)); });
    if (doc.ok()) {
      auto awards = core::awards_of(nlohmann::json::parse(doc.value));
      round_awards.insert(round_awards.end(), awards.begin(), awards.end());
    } else if (doc.error != store::StoreError::not_found) {
      return report_store_error(doc.error, doc.detail);
    }
  }
  auto people = session.call<std::map<std::string, core::Person>>([&](auto done) { results.people(contest_id, ids, std::move(done)); });
  if (!people.ok()) return report_store_error(people.error, people.detail);
  auto disqualified = session.call<std::vector<core::Disqualification>>(
      [&](auto done) { review.disqualifications(contest_id, std::move(done)); });
  if (!disqualified.ok()) return report_store_error(disqualified.error, disqualified.detail);
  auto edit = session.call<std::optional<store::ReviewRepository::ExclusionEdit>>(
      [&](auto done) { review.exclusions(contest_id, std::move(done)); });
  if (!edit.ok()) return report_store_error(edit.error, edit.detail);
  std::optional<std::string> stored;
  if (edit.value) stored = edit.value->list;
  core::apply_exclusions(core::exclusion_list(contest, stored), people.value);
  // The disqualifications in force when the final was finalized.
  const std::int64_t as_of = document.value("disqualifications_as_of", std::int64_t{0});
  for (auto& [round, list] : entries) core::apply_disqualifications(disqualified.value, as_of, list, people.value);

  auto recomputed = core::compute_final_results(contest, entries, people.value, round_awards);
  recomputed["disqualifications_as_of"] = as_of;
  std::vector<std::string> differences = core::json_differences(document, recomputed, {"computed_at"});
  auto pub = session.call<std::string>([&](auto done) { results.public_results(contest_id, slot, std::move(done)); });
  if (!pub.ok()) return report_store_error(pub.error, pub.detail);
  for (auto& d : core::json_differences(nlohmann::json::parse(pub.value, nullptr, false),
                                        core::public_final_results(recomputed))) {
    differences.push_back("public results: " + d);
  }
  if (!differences.empty()) {
    for (const auto& d : differences) std::cout << d << "\n";
    std::cout << "DIFFERENT: " << differences.size() << " difference(s) between the published final ranking of "
              << contest_id << " and the stored entries\n";
    return kExitInvalid;
  }
  std::cout << "verified: the final ranking of " << document.value("ranking", nlohmann::json::array()).size()
            << " people and " << document.value("awards", nlohmann::json::array()).size() << " prizes, from "
            << entry_count << " entries of " << contest.final_ranking->rounds.size()
            << " rounds, match the published final ranking of " << contest_id << "\n";
  return kExitOk;
}

}  // namespace rq::cli
