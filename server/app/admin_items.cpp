// Item statistics of a round (core/results/item_statistics):
// GET /api/admin/contests/{c}/rounds/{r}/items?format=json|xlsx. It names the right answers,
// so it is for the roles that run the contest (change_contest), like the
// banks; it holds no personal data. The texts come from the latest version
// of the round's bank (ids are stable across versions; a question since
// removed keeps its id and an empty text). As named steps: the round is
// found, its answer sheets and its bank are read, and the statistics are
// computed on the worker thread.
#include <memory>

#include "app/admin_api.hpp"
#include "app/http_replies.hpp"
#include "app/items_xlsx.hpp"
#include "core/contest/contest_config.hpp"
#include "core/results/item_statistics.hpp"
#include "net/query_string.hpp"

namespace rq::app {

using core::ErrorCode;
using nlohmann::json;

namespace {

// The texts from the bank each item is in (a round with a bank per
// category has several, whose ids may repeat).
json items_json(const std::vector<core::ItemStatistics>& stats, const std::vector<core::QuestionBank>& banks) {
  std::map<std::pair<std::string, std::string>, const core::Question*> questions;
  for (const auto& bank : banks) {
    for (const auto& q : bank.questions) questions.emplace(std::make_pair(bank.id, q.id), &q);
  }
  json items = json::array();
  for (const auto& s : stats) {
    auto found = questions.find({s.bank, s.question});
    const core::Question* q = found == questions.end() ? nullptr : found->second;
    json options = json::array();
    for (const auto& o : s.options) {
      std::string text;
      if (q) {
        for (const auto& bo : q->options) {
          if (bo.id == o.option) text = bo.text;
        }
      }
      options.push_back({{"option", o.option}, {"text", text}, {"correct", o.correct}, {"chosen", o.chosen},
                         {"chosen_upper", o.chosen_upper}});
    }
    items.push_back({{"bank", s.bank},
                     {"question", s.question},
                     {"text", q ? q->text : ""},
                     {"topic", q ? q->topic : ""},
                     {"shown", s.shown},
                     {"answered", s.answered},
                     {"right", s.right},
                     {"facility", s.facility},
                     {"discrimination", s.discrimination ? json(*s.discrimination) : json()},
                     {"upper", {{"shown", s.upper_shown}, {"right", s.upper_right}}},
                     {"lower", {{"shown", s.lower_shown}, {"right", s.lower_right}}},
                     {"options", options},
                     {"flags", s.flags}});
  }
  return items;
}

}  // namespace

void AdminApi::item_statistics(const Call& call) {
  const std::string contest_id = call.params[0], round_id = call.params[1];
  auto respond = call.respond;
  auto query = net::parse_query(call.request.query);
  const std::string format = query.count("format") ? query.at("format") : "json";
  if (format != "json" && format != "xlsx") return respond(bad_field_reply("format", "format must be json or xlsx"));
  const bool xlsx = format == "xlsx";
  auto slot = report_slot(call);
  if (!slot) return;
  contests_.config(contest_id, [this, contest_id, round_id, respond, xlsx, slot](store::StoreResult<std::string> stored) {
    if (!stored.ok()) return respond(store_error_reply(stored.error, stored.detail));
    auto contest = core::parse_contest_config(stored.value).config;
    std::vector<std::string> bank_ids;
    for (const auto& r : contest.rounds) {
      if (r.id == round_id) bank_ids = r.banks_used();
    }
    if (bank_ids.empty()) return respond(error_reply(ErrorCode::not_found, "no round '" + round_id + "'"));
    review_.answer_sheets(contest_id, round_id, [this, contest_id, round_id, bank_ids, respond, xlsx, slot](auto sheets) {
      if (!sheets.ok()) return respond(store_error_reply(sheets.error, sheets.detail));
      load_banks(bank_ids, {}, [this, contest_id, round_id, respond, xlsx, slot, sheets = std::move(sheets.value)](
                               store::StoreResult<std::vector<core::QuestionBank>> loaded) mutable {
        if (!loaded.ok()) return respond(store_error_reply(loaded.error, loaded.detail));
        worker_.run(
            [contest_id, round_id, xlsx, sheets = std::move(sheets), banks = std::move(loaded.value)] {
              auto stats = core::item_statistics(sheets);
              json report{{"contest", contest_id},
                          {"round", round_id},
                          {"entries", sheets.size()},
                          {"group_size", core::discrimination_group_size(sheets.size())},
                          {"items", items_json(stats, banks)}};
              std::string error;
              std::optional<std::string> file;
              if (xlsx) file = items_xlsx(report, error);
              return std::make_tuple(std::move(report), std::move(file), std::move(error));
            },
            [respond, xlsx, slot, name = contest_id + "-" + round_id + "-thong-ke-cau-hoi.xlsx"](
                std::tuple<json, std::optional<std::string>, std::string> made) {
              auto& [report, file, error] = made;
              if (!xlsx) return respond(json_reply(200, report));
              if (!file) return respond(error_reply(ErrorCode::internal, error));
              net::HttpResponse res;
              res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
              res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
              res.body = std::move(*file);
              respond(std::move(res));
            });
      });
    });
  });
}

void AdminApi::load_banks(std::vector<std::string> ids, std::vector<core::QuestionBank> loaded,
                          std::function<void(store::StoreResult<std::vector<core::QuestionBank>>)> done) {
  // One after another, in the round's order: a round has one bank or a few.
  if (loaded.size() == ids.size()) return done({store::StoreError::none, {}, std::move(loaded)});
  std::string id = ids[loaded.size()];
  banks_.load(id, std::nullopt,
              [this, ids = std::move(ids), loaded = std::move(loaded), done = std::move(done)](
                  store::StoreResult<store::StoredBank> r) mutable {
                if (!r.ok()) return done({r.error, r.detail, {}});
                loaded.push_back(std::move(r.value.bank));
                load_banks(std::move(ids), std::move(loaded), std::move(done));
              });
}

}  // namespace rq::app
