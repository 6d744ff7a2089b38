// Finalize: the draft ranking and prizes of a closed round, for the
// organiser to review before publishing. As named steps:
//   1. the round must be closed (by its schedule or by the organiser);
//   2. attempts still running (the round closed a moment ago, before any
//      sweeper got to them) are expired here, through the same path as the
//      sweeper's, so nobody waits for the sweeper and nobody is left out;
//   3. the entries, the people behind them, the exclusion list, the
//      organiser's disqualifications (as they stand: the draft records the moment) and
//      the prizes of earlier rounds (for repeat_winners) are read;
//   4. the result is computed on the worker thread (pure core code) and
//   5. stored as the draft, in its three parts (see ResultsRepository).
// Each step's time goes into the "round finalized" log line.
#include <chrono>
#include <memory>
#include <set>

#include "app/admin_api.hpp"
#include "app/http_replies.hpp"
#include "core/clock.hpp"
#include "core/contest/contest_config.hpp"
#include "core/contest/contest_view.hpp"
#include "core/results/disqualification.hpp"
#include "core/results/exclusions.hpp"
#include "core/results/round_results.hpp"

namespace rq::app {

using core::ErrorCode;
using nlohmann::json;

// One finalize on its way through the steps.
struct AdminApi::Finalizing {
  std::string contest_id, round_id, organiser;
  net::HttpRespond respond;
  core::ContestConfig contest;
  const core::RoundConfig* round = nullptr;
  std::vector<std::string> earlier_rounds;
  bool expired_running = false;
  std::vector<core::Entry> entries;
  std::map<std::string, core::Person> people;
  std::vector<core::PrizeAward> earlier_awards;
  std::int64_t disqualifications_as_of = 0;
  // Milliseconds since the request, at each step.
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  json marks = json::object();
  void mark(const char* step) {
    marks[step] = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  }
};

void AdminApi::finalize(const std::string& contest_id, const std::string& round_id, net::HttpRespond respond,
                        const std::string& organiser) {
  auto f = std::make_shared<Finalizing>();
  f->contest_id = contest_id;
  f->round_id = round_id;
  f->organiser = organiser;
  f->respond = std::move(respond);
  contests_.config(contest_id, [this, f](store::StoreResult<std::string> stored) {
    if (!stored.ok()) return f->respond(store_error_reply(stored.error, stored.detail));
    f->contest = core::parse_contest_config(stored.value).config;
    for (const auto& r : f->contest.rounds) {
      if (r.id == f->round_id) {
        f->round = &r;
        break;
      }
      f->earlier_rounds.push_back(r.id);
    }
    if (!f->round) return f->respond(error_reply(ErrorCode::not_found, "no round '" + f->round_id + "'"));
    finalize_when_closed(f);
  });
}

void AdminApi::finalize_when_closed(std::shared_ptr<Finalizing> f) {
  results_.state(f->contest_id, f->round_id, [this, f](store::StoreResult<store::RoundState> state) {
    if (!state.ok()) return f->respond(store_error_reply(state.error, state.detail));
    bool closed = core::round_status(*f->round, core::now_ms(), state.value.closed_at) == core::RoundStatus::closed;
    if (!closed) return f->respond(error_reply(ErrorCode::round_not_open, "the round is still open: close it first"));
    if (state.value.running == 0) return read_entries(f);
    // Expired once here; what is still running then has a deadline Redis'
    // clock has not reached (the gateway's clock runs ahead): a moment more.
    if (f->expired_running) {
      return f->respond(error_reply(ErrorCode::unavailable, std::to_string(state.value.running) +
                                                               " attempts are still being closed; try again in a moment"));
    }
    f->expired_running = true;
    expire_running(f);
  });
}

void AdminApi::expire_running(std::shared_ptr<Finalizing> f) {
  results_.running_attempts(f->contest_id, f->round_id, [this, f](store::StoreResult<std::vector<std::string>> ids) {
    if (!ids.ok()) return f->respond(store_error_reply(ids.error, ids.detail));
    log_.info("finalize expires the attempts still running",
              {{"contest", f->contest_id}, {"round", f->round_id}, {"attempts", ids.value.size()}});
    auto left = std::make_shared<std::size_t>(ids.value.size());
    if (*left == 0 || !expire_) return finalize_when_closed(f);
    for (const auto& id : ids.value) {
      expire_(f->contest_id, id, [this, f, left] {
        if (--*left == 0) finalize_when_closed(f);
      });
    }
  });
}

void AdminApi::read_entries(std::shared_ptr<Finalizing> f) {
  results_.entries(f->contest_id, f->round_id, [this, f](store::StoreResult<std::vector<core::Entry>> entries) {
    if (!entries.ok()) return f->respond(store_error_reply(entries.error, entries.detail));
    f->mark("entries_read");
    f->entries = std::move(entries.value);
    std::set<std::string> ids;
    for (const auto& e : f->entries) ids.insert(e.participant_id);
    results_.people(f->contest_id, ids, [this, f](store::StoreResult<std::map<std::string, core::Person>> people) {
      if (!people.ok()) return f->respond(store_error_reply(people.error, people.detail));
      f->mark("people_read");
      f->people = std::move(people.value);
      read_disqualifications(f);
    });
  });
}

void AdminApi::read_disqualifications(std::shared_ptr<Finalizing> f) {
  // Who is excluded is the list as it stands (frozen once the first round
  // opened), not a flag from when each person registered.
  review_.exclusions(f->contest_id, [this, f](auto edit) {
    if (!edit.ok()) return f->respond(store_error_reply(edit.error, edit.detail));
    std::optional<std::string> stored;
    if (edit.value) stored = edit.value->list;
    core::apply_exclusions(core::exclusion_list(f->contest, stored), f->people);
    read_disqualification_list(f);
  });
}

void AdminApi::read_disqualification_list(std::shared_ptr<Finalizing> f) {
  review_.disqualifications(f->contest_id, [this, f](auto list) {
    if (!list.ok()) return f->respond(store_error_reply(list.error, list.detail));
    f->disqualifications_as_of = core::latest_change(list.value);
    core::apply_disqualifications(list.value, f->disqualifications_as_of, f->entries, f->people);
    read_earlier_awards(f);
  });
}

void AdminApi::read_earlier_awards(std::shared_ptr<Finalizing> f) {
  // The published prizes of earlier rounds, for the repeat_winners policy.
  auto left = std::make_shared<std::size_t>(f->earlier_rounds.size());
  if (*left == 0) return compute(f);
  for (const auto& r : f->earlier_rounds) {
    results_.published(f->contest_id, r, [this, f, left](store::StoreResult<std::string> doc) {
      if (doc.ok()) {
        auto more = core::awards_of(json::parse(doc.value));
        f->earlier_awards.insert(f->earlier_awards.end(), more.begin(), more.end());
      }
      if (--*left == 0) compute(f);
    });
  }
}

void AdminApi::compute(std::shared_ptr<Finalizing> f) {
  worker_.run(
      [f] { return core::compute_round_results(f->contest, *f->round, f->entries, f->people, f->earlier_awards); },
      [this, f](json results) {
        f->mark("computed");
        results["computed_at"] = core::now_ms();
        results["disqualifications_as_of"] = f->disqualifications_as_of;
        store::DraftResults draft{results.dump(), core::public_round_results(results).dump(), {},
                                  f->disqualifications_as_of};
        for (auto& [participant, line] : core::personal_lines(results)) draft.lines.emplace_back(participant, line.dump());
        auto reply = std::make_shared<json>(json{{"summary", results["summary"]},
                                                 {"winners", results["winners"]},
                                                 {"collective", results["collective"]},
                                                 {"ranking", results["ranking"]},
                                                 {"true_value", results["true_value"]},
                                                 {"disqualified_entries", results["disqualified_entries"]},
                                                 {"disqualifications_as_of", f->disqualifications_as_of}});
        results_.save_draft(f->contest_id, f->round_id, draft, f->organiser, results["ranking"].size(),
                            results["winners"].size(), [this, f, reply](store::StoreResult<bool> saved) {
                              if (!saved.ok()) return f->respond(store_error_reply(saved.error, saved.detail));
                              f->mark("saved");
                              log_.info("round finalized", {{"contest", f->contest_id},
                                                            {"round", f->round_id},
                                                            {"organiser", f->organiser},
                                                            {"entries", f->entries.size()},
                                                            {"ms", f->marks}});
                              f->respond(json_reply(200, *reply));
                            });
      });
}

}  // namespace rq::app
