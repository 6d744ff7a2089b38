// Organiser endpoints for a round: live counts (stats), close now, finalize
// (compute the draft ranking and prizes for review), publish (make them
// public and tell every subscriber), and the full ranking as JSON, CSV or XLSX.
#include <chrono>
#include <set>

#include "app/admin_api.hpp"
#include "app/http_replies.hpp"
#include "app/ranking_xlsx.hpp"
#include "core/clock.hpp"
#include "core/contest/contest_config.hpp"
#include "core/contest/contest_view.hpp"
#include "core/results/round_results.hpp"
#include "store/keys.hpp"

namespace rq::app {
namespace {

using core::ErrorCode;
using nlohmann::json;

struct Loaded {
  core::ContestConfig contest;
  const core::RoundConfig* round = nullptr;
};

// Milliseconds since finalize began, at each step: the "round finalized"
// log line carries them, so a slow finalize says which step was slow.
struct Stopwatch {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  json marks = json::object();
  void mark(const char* step) {
    marks[step] = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  }
};

}  // namespace

void AdminApi::round_action(const std::string& contest_id, const std::string& round_id, const std::string& action,
                            const net::HttpRequest& request, net::HttpRespond respond, const std::string& organiser) {
  bool post = request.method == "POST";
  if (!(post && (action == "close" || action == "finalize" || action == "publish")) &&
      !(!post && (action == "results" || action == "stats"))) {
    return respond(error_reply(ErrorCode::not_found, "no such endpoint: " + request.method + " " + request.path));
  }
  auto query = request.query;
  contests_.config(contest_id, [=, this](store::StoreResult<std::string> stored) {
    if (!stored.ok()) return respond(store_error_reply(stored.error, stored.detail));
    auto parsed = core::parse_contest_config(stored.value);
    auto loaded = std::make_shared<Loaded>(Loaded{std::move(parsed.config), nullptr});
    for (const auto& r : loaded->contest.rounds) {
      if (r.id == round_id) loaded->round = &r;
    }
    if (!loaded->round) return respond(error_reply(ErrorCode::not_found, "no round '" + round_id + "'"));

    if (action == "stats") {
      results_.state(contest_id, round_id, [=](store::StoreResult<store::RoundState> state) {
        if (!state.ok()) return respond(store_error_reply(state.error, state.detail));
        const auto& s = state.value;
        auto now = core::now_ms();
        auto when = [](std::int64_t ms) { return ms > 0 ? json(ms) : json(); };
        auto status = core::round_status(*loaded->round, now, s.closed_at);
        respond(json_reply(200, {{"round", round_id},
                                 {"status", core::to_string(status)},
                                 {"registered", s.registered},
                                 {"entrants", s.entrants},
                                 {"started", s.started},
                                 {"running", s.running},
                                 {"submitted", s.submitted},
                                 {"closed_at", when(s.closed_at)},
                                 {"finalized", s.finalized},
                                 {"published_at", when(s.published_at)},
                                 {"server_time", now}}));
      });
    } else if (action == "close") {
      results_.close_round(contest_id, round_id, organiser, [=, this](auto closed) {
        if (!closed.ok()) return respond(store_error_reply(closed.error, closed.detail));
        log_.info("round closed", {{"contest", contest_id}, {"round", round_id}, {"organiser", organiser}});
        if (broadcast_) {
          broadcast_(contest_id, json{{"type", "round.closed"}, {"contest", contest_id}, {"round", round_id}}.dump(), "");
        }
        respond(json_reply(200, {{"round", round_id}, {"closed_at", closed.value.first}, {"cut_short", closed.value.second}}));
      });
    } else if (action == "finalize") {
      finalize(contest_id, round_id, respond, organiser);
    } else if (action == "publish") {
      results_.publish(contest_id, round_id, organiser, [=, this](auto published) {
        if (!published.ok()) return respond(store_error_reply(published.error, published.detail));
        if (published.value.first == "no_draft") {
          return respond(error_reply(ErrorCode::not_finalized, "finalize the round before publishing it"));
        }
        if (published.value.first != "published") {
          return respond(json_reply(200, {{"round", round_id}, {"published_at", published.value.second}}));
        }
        log_.info("results published", {{"contest", contest_id}, {"round", round_id}, {"organiser", organiser}});
        results_.public_results(contest_id, round_id, [=, this](store::StoreResult<std::string> doc) {
          // The round is published whatever happens to the push (pages that
          // miss it read the results when they next ask).
          if (!doc.ok()) log_.warn("results.published not pushed", {{"contest", contest_id}, {"error", doc.detail}});
          // {"type":"results.published","contest":…, <the public part's members>}
          if (doc.ok() && broadcast_ && doc.value.size() > 2) {
            auto head = json{{"type", "results.published"}, {"contest", contest_id}}.dump();
            head.back() = ',';
            broadcast_(contest_id, head + doc.value.substr(1), round_id);
          }
          respond(json_reply(200, {{"round", round_id}, {"published_at", published.value.second}}));
        });
      });
    } else {  // results: the published document if any, else the draft
      bool csv = query.find("format=csv") != std::string::npos;
      bool xlsx = query.find("format=xlsx") != std::string::npos;
      auto send = [this, respond, csv, xlsx, contest_id, round_id](const std::string& doc) {
        auto results = json::parse(doc);
        if (xlsx) {
          // libxlsxwriter writes through a temporary file: off the I/O thread.
          worker_.run(
              [results] {
                std::string error;
                auto bytes = ranking_xlsx(results, error);
                return std::make_pair(std::move(bytes), std::move(error));
              },
              [respond, contest_id, round_id](std::pair<std::optional<std::string>, std::string> made) {
                if (!made.first) return respond(error_reply(ErrorCode::internal, made.second));
                net::HttpResponse res;
                res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                res.headers.emplace_back("Content-Disposition",
                                         "attachment; filename=\"" + contest_id + "-" + round_id + "-ranking.xlsx\"");
                res.body = std::move(*made.first);
                respond(std::move(res));
              });
          return;
        }
        if (!csv) return respond(json_reply(200, results));
        net::HttpResponse res;
        res.content_type = "text/csv; charset=utf-8";
        res.headers.emplace_back("Content-Disposition",
                                 "attachment; filename=\"" + contest_id + "-" + round_id + "-ranking.csv\"");
        res.body = core::ranking_csv(results);
        respond(std::move(res));
      };
      results_.published(contest_id, round_id, [=, this](store::StoreResult<std::string> pub) {
        if (pub.ok()) return send(pub.value);
        if (pub.error != store::StoreError::not_found) return respond(store_error_reply(pub.error, pub.detail));
        results_.draft(contest_id, round_id, [=](store::StoreResult<std::string> draft) {
          if (draft.error == store::StoreError::not_found) {
            return respond(error_reply(ErrorCode::not_found, "the round has not been finalized"));
          }
          if (!draft.ok()) return respond(store_error_reply(draft.error, draft.detail));
          send(draft.value);
        });
      });
    }
  });
}

void AdminApi::finalize(const std::string& contest_id, const std::string& round_id, net::HttpRespond respond,
                        const std::string& organiser) {
  auto watch = std::make_shared<Stopwatch>();
  contests_.config(contest_id, [=, this](store::StoreResult<std::string> stored) {
    if (!stored.ok()) return respond(store_error_reply(stored.error, stored.detail));
    auto contest = std::make_shared<core::ContestConfig>(core::parse_contest_config(stored.value).config);
    const core::RoundConfig* round = nullptr;
    std::vector<std::string> earlier_rounds;
    for (const auto& r : contest->rounds) {
      if (r.id == round_id) {
        round = &r;
        break;
      }
      earlier_rounds.push_back(r.id);
    }
    results_.state(contest_id, round_id, [=, this](store::StoreResult<store::RoundState> state) {
      if (!state.ok()) return respond(store_error_reply(state.error, state.detail));
      std::int64_t now = core::now_ms();
      bool closed = core::round_status(*round, now, state.value.closed_at) == core::RoundStatus::closed;
      if (!closed) {
        auto res = error_reply(ErrorCode::round_not_open, "the round is still open: close it first");
        return respond(std::move(res));
      }
      if (state.value.running > 0) {
        auto res = error_reply(ErrorCode::unavailable, std::to_string(state.value.running) +
                                                           " attempts are still being closed; try again in a moment");
        return respond(std::move(res));
      }
      results_.entries(contest_id, round_id, [=, this](store::StoreResult<std::vector<core::Entry>> entries) {
        if (!entries.ok()) return respond(store_error_reply(entries.error, entries.detail));
        watch->mark("entries_read");
        std::set<std::string> ids;
        for (const auto& e : entries.value) ids.insert(e.participant_id);
        results_.people(contest_id, ids, [=, this, entries = std::move(entries.value)](auto people) mutable {
          if (!people.ok()) return respond(store_error_reply(people.error, people.detail));
          watch->mark("people_read");
          // Earlier rounds' published awards, for repeat_winners.
          auto earlier = std::make_shared<std::vector<core::PrizeAward>>();
          auto left = std::make_shared<std::size_t>(earlier_rounds.size());
          auto compute = [=, this, entries = std::move(entries), people = std::move(people.value)]() mutable {
            worker_.run(
                [contest, round, entries = std::move(entries), people = std::move(people), earlier] {
                  return core::compute_round_results(*contest, *round, entries, people, *earlier);
                },
                [=, this](json results) {
                  watch->mark("computed");
                  results["computed_at"] = core::now_ms();
                  store::DraftResults draft{results.dump(), core::public_round_results(results).dump(), {}};
                  for (auto& [participant, line] : core::personal_lines(results)) {
                    draft.lines.emplace_back(participant, line.dump());
                  }
                  results_.save_draft(contest_id, round_id, draft, organiser,
                                      results["ranking"].size(), results["winners"].size(),
                                      [=, this](store::StoreResult<bool> saved) {
                    if (!saved.ok()) return respond(store_error_reply(saved.error, saved.detail));
                    watch->mark("saved");
                    log_.info("round finalized", {{"contest", contest_id}, {"round", round_id}, {"organiser", organiser},
                                                  {"entries", results["summary"].value("entries", 0)},
                                                  {"ms", watch->marks}});
                    respond(json_reply(200, {{"summary", results["summary"]}, {"winners", results["winners"]},
                                             {"collective", results["collective"]}, {"ranking", results["ranking"]},
                                             {"true_value", results["true_value"]}}));
                  });
                });
          };
          if (earlier_rounds.empty()) return compute();
          auto shared_compute = std::make_shared<decltype(compute)>(std::move(compute));
          for (const auto& r : earlier_rounds) {
            results_.published(contest_id, r, [earlier, left, shared_compute](store::StoreResult<std::string> doc) {
              if (doc.ok()) {
                auto more = core::awards_of(json::parse(doc.value));
                earlier->insert(earlier->end(), more.begin(), more.end());
              }
              if (--*left == 0) (*shared_compute)();
            });
          }
        });
      });
    });
  });
}

}  // namespace rq::app
