// The winners list for the prize paperwork:
// GET /api/admin/contests/{c}/winners?format=json|xlsx. Every published
// round in the contest's order, then the final when it is published, each
// winner with name, unit, phone and ID number in full, prize and amount,
// totalled per round (core/results/winners_list). Personal data: for the
// roles that may see it, and every reading is an audited download
// (`winners_list`). As named steps: the configuration is read, then each
// round's published document in turn, then the final's.
#include <memory>

#include "app/admin_api.hpp"
#include "app/http_replies.hpp"
#include "app/winners_xlsx.hpp"
#include "core/contest/contest_config.hpp"
#include "core/results/winners_list.hpp"
#include "net/query_string.hpp"
#include "store/keys.hpp"

namespace rq::app {

using core::ErrorCode;
using nlohmann::json;

struct AdminApi::WinnersGathering {
  struct Published {
    std::string id, title;
    const std::vector<core::CategoryPrizes>* prizes;
    std::string document;  // parsed on the worker: a round's whole ranking is in it
  };
  Call call;
  bool xlsx = false;
  core::ContestConfig contest;
  std::vector<Published> published;
  std::size_t next_round = 0;
};

void AdminApi::winners_list(const Call& call) {
  auto query = net::parse_query(call.request.query);
  const std::string format = query.count("format") ? query.at("format") : "json";
  if (format != "json" && format != "xlsx") return call.respond(bad_field_reply("format", "format must be json or xlsx"));
  auto g = std::make_shared<WinnersGathering>(WinnersGathering{call, format == "xlsx", {}, {}, 0});
  contests_.config(call.params[0], [this, g](store::StoreResult<std::string> stored) {
    if (!stored.ok()) return g->call.respond(store_error_reply(stored.error, stored.detail));
    g->contest = core::parse_contest_config(stored.value).config;
    read_round_winners(g);
  });
}

void AdminApi::read_round_winners(std::shared_ptr<WinnersGathering> g) {
  if (g->next_round == g->contest.rounds.size()) return read_final_winners(g);
  const auto& round = g->contest.rounds[g->next_round++];
  results_.published(g->contest.id, round.id, [this, g, &round](store::StoreResult<std::string> doc) {
    if (doc.ok()) {
      g->published.push_back({round.id, round.title, &round.prizes, std::move(doc.value)});
    } else if (doc.error != store::StoreError::not_found) {
      return g->call.respond(store_error_reply(doc.error, doc.detail));
    }
    read_round_winners(g);  // an unpublished round has no winners yet
  });
}

void AdminApi::read_final_winners(std::shared_ptr<WinnersGathering> g) {
  if (!g->contest.final_ranking) return send_winners(g);
  results_.published(g->contest.id, std::string(store::keys::kFinal), [this, g](store::StoreResult<std::string> doc) {
    if (doc.ok()) {
      const auto& f = *g->contest.final_ranking;
      g->published.push_back({"final", f.title, &f.prizes, std::move(doc.value)});
    } else if (doc.error != store::StoreError::not_found) {
      return g->call.respond(store_error_reply(doc.error, doc.detail));
    }
    send_winners(g);
  });
}

void AdminApi::send_winners(std::shared_ptr<WinnersGathering> g) {
  // Phones and ID numbers in full, in either format: every reading is
  // audited, as the duplicates report's is.
  personal_data_download(g->call, g->contest.id, "winners_list", {{"format", g->xlsx ? "xlsx" : "json"}}, [this, g] {
    // The documents are parsed, and the workbook written (libxlsxwriter goes
    // through a temporary file), off the I/O thread.
    worker_.run(
        [g] {
          std::vector<core::WinnersSection> sections;
          for (const auto& p : g->published) {
            sections.push_back(core::winners_section(g->contest, p.id, p.title, *p.prizes, json::parse(p.document)));
          }
          json list = core::winners_list_json(sections);
          list["contest"] = g->contest.id;
          list["title"] = g->contest.title;
          std::string error;
          std::optional<std::string> bytes;
          if (g->xlsx) bytes = winners_xlsx(list, error);
          return std::make_tuple(std::move(list), std::move(bytes), std::move(error));
        },
        [g](std::tuple<json, std::optional<std::string>, std::string> made) {
          auto& [list, bytes, error] = made;
          if (!g->xlsx) return g->call.respond(json_reply(200, list));
          if (!bytes) return g->call.respond(error_reply(ErrorCode::internal, error));
          net::HttpResponse res;
          res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
          res.headers.emplace_back("Content-Disposition",
                                   "attachment; filename=\"" + g->contest.id + "-danh-sach-nhan-giai.xlsx\"");
          res.body = std::move(*bytes);
          g->call.respond(std::move(res));
        });
  });
}

}  // namespace rq::app
