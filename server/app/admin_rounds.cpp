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
#include "core/security/organiser_role.hpp"
#include "store/keys.hpp"

namespace rq::app {
namespace {

using core::ErrorCode;
using nlohmann::json;

struct Loaded {
  core::ContestConfig contest;
  const core::RoundConfig* round = nullptr;
};


}  // namespace

void AdminApi::round_action(const Call& call, const std::string& action) {
  const std::string& contest_id = call.params[0];
  const std::string& round_id = call.params[1];
  const auto& respond = call.respond;
  const auto& organiser = call.organiser;
  auto query = call.request.query;
  contests_.config(contest_id, [=, this, call = call](store::StoreResult<std::string> stored) {
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
        if (published.value.first == "stale") {
          return respond(error_reply(ErrorCode::stale_draft,
                                     "a disqualification changed after this draft was finalized: finalize the round "
                                     "again and review it before publishing",
                                     json{{"changed_at", published.value.second}}));
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
            auto head = json{{"type", "results.published"}, {"contest", contest_id},
                             {"published_at", published.value.second}}.dump();
            head.back() = ',';
            broadcast_(contest_id, head + doc.value.substr(1), round_id);
          }
          respond(json_reply(200, {{"round", round_id}, {"published_at", published.value.second}}));
        });
      });
    } else {  // results: the published document if any, else the draft
      send_results(call, contest_id, round_id, contest_id + "-" + round_id, "ranking");
    }
  });
}


// The published document if any, else the draft: JSON for the dashboard, or
// the ranking as a CSV or XLSX file (personal data: audited as `what`).
void AdminApi::send_results(const Call& call, const std::string& contest_id, const std::string& round_id,
                            const std::string& file_stem, const std::string& what) {
  const auto& respond = call.respond;
  const auto& query = call.request.query;
  bool csv = query.find("format=csv") != std::string::npos;
  bool xlsx = query.find("format=xlsx") != std::string::npos;
  // A viewer reads the ranking without contact details; the files hold
  // them, so they are for those who may see personal data, audited.
  const bool personal = core::may(call.access, core::Permission::personal_data, contest_id);
  if ((csv || xlsx) && !personal) {
    return respond(error_reply(ErrorCode::forbidden, "the ranking files hold personal data: a viewer reads the dashboard only"));
  }
  auto send = [this, respond, csv, xlsx, personal, file_stem](const std::string& doc) {
    auto results = json::parse(doc);
    if (!personal) results = core::without_contact_details(std::move(results));
    if (xlsx) {
      // libxlsxwriter writes through a temporary file: off the I/O thread.
      worker_.run(
          [results] {
            std::string error;
            auto bytes = ranking_xlsx(results, error);
            return std::make_pair(std::move(bytes), std::move(error));
          },
          [respond, file_stem](std::pair<std::optional<std::string>, std::string> made) {
            if (!made.first) return respond(error_reply(ErrorCode::internal, made.second));
            net::HttpResponse res;
            res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            res.headers.emplace_back("Content-Disposition",
                                     "attachment; filename=\"" + file_stem + "-ranking.xlsx\"");
            res.body = std::move(*made.first);
            respond(std::move(res));
          });
      return;
    }
    if (!csv) return respond(json_reply(200, results));
    net::HttpResponse res;
    res.content_type = "text/csv; charset=utf-8";
    res.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"" + file_stem + "-ranking.csv\"");
    res.body = core::ranking_csv(results);
    respond(std::move(res));
  };
  const std::string format = csv ? "csv" : xlsx ? "xlsx" : "json";
  const bool is_final = round_id == store::keys::kFinal;
  // The dashboard's own reading of the draft is not a download; a file
  // leaving the server is, and goes into the audit stream first.
  auto deliver = [=, this](std::string doc) {
    if (!csv && !xlsx) return send(doc);
    personal_data_download(call, contest_id, what, {{"round", is_final ? "final" : round_id}, {"format", format}},
                           [send, doc = std::move(doc)] { send(doc); });
  };
  results_.published(contest_id, round_id, [=, this](store::StoreResult<std::string> pub) {
    if (pub.ok()) return deliver(std::move(pub.value));
    if (pub.error != store::StoreError::not_found) return respond(store_error_reply(pub.error, pub.detail));
    results_.draft(contest_id, round_id, [=](store::StoreResult<std::string> draft) {
      if (draft.error == store::StoreError::not_found) {
        return respond(error_reply(ErrorCode::not_found, is_final ? "the final ranking has not been finalized"
                                                                  : "the round has not been finalized"));
      }
      if (!draft.ok()) return respond(store_error_reply(draft.error, draft.detail));
      deliver(std::move(draft.value));
    });
  });
}

}  // namespace rq::app
