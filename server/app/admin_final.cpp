// The final ranking across rounds for the organiser: its state (stats),
// finalize, publish, and its document (results, as JSON, CSV or XLSX). It
// is stored as a round's results are, under keys::kFinal. Finalize, as named
// steps:
//   1. the contest must have a final, and every round it counts must be
//      published: the final is computed from results that can no longer
//      change, and the round prizes the final's policy looks at are final;
//   2. the entries of every counted round and the people behind them are
//      read, and the exclusion list and the organiser's disqualifications
//      applied as they stand;
//   3. the result is computed on the worker thread (pure core code) and
//   4. stored as the draft, which publish makes public.
#include <memory>
#include <set>

#include "app/admin_api.hpp"
#include "app/http_replies.hpp"
#include "core/clock.hpp"
#include "core/contest/contest_config.hpp"
#include "core/contest/contest_view.hpp"
#include "core/results/disqualification.hpp"
#include "core/results/exclusions.hpp"
#include "core/results/final_ranking.hpp"
#include "core/results/round_results.hpp"
#include "store/keys.hpp"

namespace rq::app {

using core::ErrorCode;
using nlohmann::json;

namespace {
const std::string kFinalSlot(store::keys::kFinal);
}  // namespace

struct AdminApi::FinalizingFinal {
  std::string contest_id, organiser;
  net::HttpRespond respond;
  core::ContestConfig contest;
  std::map<std::string, std::vector<core::Entry>> entries;  // per counted round
  std::map<std::string, core::Person> people;
  std::vector<core::PrizeAward> round_awards;
  std::int64_t disqualifications_as_of = 0;
  std::size_t entry_count = 0;
};

void AdminApi::with_final(const Call& call, std::function<void(core::ContestConfig)> next) {
  contests_.config(call.params[0], [respond = call.respond, next = std::move(next)](store::StoreResult<std::string> stored) {
    if (!stored.ok()) return respond(store_error_reply(stored.error, stored.detail));
    auto contest = core::parse_contest_config(stored.value).config;
    if (!contest.final_ranking) {
      return respond(error_reply(ErrorCode::not_found, "the contest has no final ranking (no \"final\" in its configuration)"));
    }
    next(std::move(contest));
  });
}

void AdminApi::final_stats(const Call& call) {
  with_final(call, [this, call](core::ContestConfig contest) {
    std::vector<std::string> ids = contest.final_ranking->rounds;
    ids.push_back(kFinalSlot);
    results_.marks(contest.id, ids, [this, call, contest](auto marks) {
      if (!marks.ok()) return call.respond(store_error_reply(marks.error, marks.detail));
      results_.draft(contest.id, kFinalSlot, [call, contest, marks = marks.value](store::StoreResult<std::string> draft) {
        if (!draft.ok() && draft.error != store::StoreError::not_found) {
          return call.respond(store_error_reply(draft.error, draft.detail));
        }
        auto when = [](std::int64_t ms) { return ms > 0 ? json(ms) : json(); };
        auto published_at = [&](const std::string& id) {
          auto m = marks.find(id);
          return m == marks.end() ? 0 : m->second.published_at;
        };
        json rounds = json::array();
        for (const auto& id : contest.final_ranking->rounds) {
          std::string title;
          for (const auto& r : contest.rounds) {
            if (r.id == id) title = r.title;
          }
          rounds.push_back({{"round", id}, {"title", title}, {"published_at", when(published_at(id))}});
        }
        call.respond(json_reply(200, {{"final", core::final_description(*contest.final_ranking)},
                                      {"finalized", draft.ok()},
                                      {"published_at", when(published_at(kFinalSlot))},
                                      {"rounds", rounds}}));
      });
    });
  });
}

void AdminApi::finalize_final(const Call& call) {
  with_final(call, [this, call](core::ContestConfig contest) {
    auto f = std::make_shared<FinalizingFinal>();
    f->contest_id = contest.id;
    f->organiser = call.organiser;
    f->respond = call.respond;
    f->contest = std::move(contest);
    read_round_awards(f, 0);
  });
}

void AdminApi::read_round_awards(std::shared_ptr<FinalizingFinal> f, std::size_t next) {
  const auto& rounds = f->contest.final_ranking->rounds;
  if (next == rounds.size()) return read_final_entries(f, 0);
  const std::string& round = rounds[next];
  results_.published(f->contest_id, round, [this, f, next, round](store::StoreResult<std::string> doc) {
    if (doc.error == store::StoreError::not_found) {
      return f->respond(error_reply(ErrorCode::not_finalized, "round '" + round +
                                                                  "' counts in the final and its results are not "
                                                                  "published yet: publish it first",
                                            json{{"round", round}}));
    }
    if (!doc.ok()) return f->respond(store_error_reply(doc.error, doc.detail));
    auto awards = core::awards_of(json::parse(doc.value));
    f->round_awards.insert(f->round_awards.end(), awards.begin(), awards.end());
    read_round_awards(f, next + 1);
  });
}

void AdminApi::read_final_entries(std::shared_ptr<FinalizingFinal> f, std::size_t next) {
  const auto& rounds = f->contest.final_ranking->rounds;
  if (next < rounds.size()) {
    const std::string& round = rounds[next];
    return results_.entries(f->contest_id, round, [this, f, next, round](auto entries) {
      if (!entries.ok()) return f->respond(store_error_reply(entries.error, entries.detail));
      f->entry_count += entries.value.size();
      f->entries[round] = std::move(entries.value);
      read_final_entries(f, next + 1);
    });
  }
  std::set<std::string> ids;
  for (const auto& [round, entries] : f->entries) {
    for (const auto& e : entries) ids.insert(e.participant_id);
  }
  results_.people(f->contest_id, ids, [this, f](store::StoreResult<std::map<std::string, core::Person>> people) {
    if (!people.ok()) return f->respond(store_error_reply(people.error, people.detail));
    f->people = std::move(people.value);
    review_.exclusions(f->contest_id, [this, f](auto edit) {
      if (!edit.ok()) return f->respond(store_error_reply(edit.error, edit.detail));
      std::optional<std::string> stored;
      if (edit.value) stored = edit.value->list;
      core::apply_exclusions(core::exclusion_list(f->contest, stored), f->people);
      review_.disqualifications(f->contest_id, [this, f](auto list) {
        if (!list.ok()) return f->respond(store_error_reply(list.error, list.detail));
        f->disqualifications_as_of = core::latest_change(list.value);
        for (auto& [round, entries] : f->entries) {
          core::apply_disqualifications(list.value, f->disqualifications_as_of, entries, f->people);
        }
        compute_final(f);
      });
    });
  });
}

void AdminApi::compute_final(std::shared_ptr<FinalizingFinal> f) {
  worker_.run([f] { return core::compute_final_results(f->contest, f->entries, f->people, f->round_awards); },
              [this, f](json results) {
                results["computed_at"] = core::now_ms();
                results["disqualifications_as_of"] = f->disqualifications_as_of;
                store::DraftResults draft{results.dump(), core::public_final_results(results).dump(), {},
                                          f->disqualifications_as_of};
                auto reply = std::make_shared<json>(json{{"final", results["final"]},
                                                         {"summary", results["summary"]},
                                                         {"winners", results["winners"]},
                                                         {"ranking", results["ranking"]},
                                                         {"disqualifications_as_of", f->disqualifications_as_of}});
                results_.save_draft(f->contest_id, kFinalSlot, draft, f->organiser, f->entry_count,
                                    results["winners"].size(), [this, f, reply](store::StoreResult<bool> saved) {
                                      if (!saved.ok()) return f->respond(store_error_reply(saved.error, saved.detail));
                                      log_.info("final ranking finalized", {{"contest", f->contest_id},
                                                                            {"organiser", f->organiser},
                                                                            {"entries", f->entry_count}});
                                      f->respond(json_reply(200, *reply));
                                    });
              });
}

void AdminApi::publish_final(const Call& call) {
  with_final(call, [this, call](core::ContestConfig contest) {
    const std::string contest_id = contest.id;
    results_.publish(contest_id, kFinalSlot, call.organiser, [this, call, contest_id](auto published) {
      if (!published.ok()) return call.respond(store_error_reply(published.error, published.detail));
      if (published.value.first == "no_draft") {
        return call.respond(error_reply(ErrorCode::not_finalized, "finalize the final ranking before publishing it"));
      }
      if (published.value.first == "stale") {
        return call.respond(error_reply(ErrorCode::stale_draft,
                                        "a disqualification changed after this draft was finalized: finalize the "
                                        "final ranking again and review it before publishing",
                                        json{{"changed_at", published.value.second}}));
      }
      json reply{{"final", true}, {"published_at", published.value.second}};
      if (published.value.first != "published") return call.respond(json_reply(200, reply));
      log_.info("final ranking published", {{"contest", contest_id}, {"organiser", call.organiser}});
      results_.public_results(contest_id, kFinalSlot, [this, call, contest_id, reply](store::StoreResult<std::string> doc) {
        // Published whatever happens to the push: pages that miss it read
        // the final when they next ask.
        if (!doc.ok()) log_.warn("final.published not pushed", {{"contest", contest_id}, {"error", doc.detail}});
        if (doc.ok() && broadcast_) {
          json push = json::parse(doc.value);
          push["type"] = "final.published";
          push["contest"] = contest_id;
          push["published_at"] = reply["published_at"];  // pages need not read the view again
          broadcast_(contest_id, push.dump(), kFinalSlot);  // every gateway reads it anew
        }
        call.respond(json_reply(200, reply));
      });
    });
  });
}

void AdminApi::final_results(const Call& call) {
  with_final(call, [this, call](core::ContestConfig contest) {
    send_results(call, contest.id, kFinalSlot, contest.id + "-final", "final_ranking");
  });
}

}  // namespace rq::app
