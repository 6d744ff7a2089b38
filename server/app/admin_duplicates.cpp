// The suspected-duplicates report of a round (core/results/suspected_duplicates):
// GET /api/admin/contests/{c}/rounds/{r}/duplicates?format=json|xlsx and the
// settings as query parameters. It holds personal data (names, phones, ID
// numbers, addresses), so every reading, the dashboard's too, is an audit
// event first (AdminApi::personal_data_download). As named steps:
//   1. the settings are checked (400 at the first bad one) and the round found;
//   2. the round's answer sheets, then the profiles of the people behind them
//      and the disqualifications in force are read;
//   3. the report is computed on the worker thread (pairwise comparisons);
//   4. it is recorded in the audit stream and sent as JSON or XLSX.
#include <charconv>
#include <memory>
#include <set>

#include "app/admin_api.hpp"
#include "app/duplicates_xlsx.hpp"
#include "app/http_replies.hpp"
#include "core/contest/contest_config.hpp"
#include "core/results/disqualification.hpp"
#include "net/query_string.hpp"

namespace rq::app {

using core::ErrorCode;
using nlohmann::json;

namespace {

struct Setting {
  const char* name;
  long long min, max;
};

// Reads one integer setting when given; an error message when it is not a
// whole number in range.
std::string read_setting(const std::map<std::string, std::string>& query, const Setting& s, long long& value) {
  auto it = query.find(s.name);
  if (it == query.end()) return {};
  long long v = 0;
  const auto& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < s.min || v > s.max) {
    return std::string(s.name) + " must be a whole number from " + std::to_string(s.min) + " to " + std::to_string(s.max);
  }
  value = v;
  return {};
}

// The settings from the query, over the defaults; the first bad one's
// field and message otherwise.
std::optional<std::pair<std::string, std::string>> read_rules(const std::map<std::string, std::string>& query,
                                                              core::DuplicateRules& rules) {
  long long per_question = rules.min_ms_per_question, tolerance = rules.timing_tolerance_ms;
  long long window_minutes = rules.address_window_ms / 60'000;
  long long accounts = static_cast<long long>(rules.address_min_accounts);
  long long shared_wrong = static_cast<long long>(rules.min_shared_wrong);
  const std::pair<Setting, long long*> settings[] = {
      {{"min_ms_per_question", 0, 600'000}, &per_question},
      {{"timing_tolerance_ms", 0, 600'000}, &tolerance},
      {{"address_window_minutes", 1, 7 * 24 * 60}, &window_minutes},
      {{"address_min_accounts", 2, 100'000}, &accounts},
      {{"min_shared_wrong", 1, 1'000}, &shared_wrong},
  };
  for (const auto& [setting, value] : settings) {
    auto problem = read_setting(query, setting, *value);
    if (!problem.empty()) return std::make_pair(std::string(setting.name), problem);
  }
  rules.min_ms_per_question = per_question;
  rules.timing_tolerance_ms = tolerance;
  rules.address_window_ms = window_minutes * 60'000;
  rules.address_min_accounts = static_cast<std::size_t>(accounts);
  rules.min_shared_wrong = static_cast<std::size_t>(shared_wrong);
  return std::nullopt;
}

json rules_json(const core::DuplicateRules& r) {
  return {{"min_ms_per_question", r.min_ms_per_question},
          {"timing_tolerance_ms", r.timing_tolerance_ms},
          {"address_window_minutes", r.address_window_ms / 60'000},
          {"address_min_accounts", r.address_min_accounts},
          {"min_shared_wrong", r.min_shared_wrong}};
}

}  // namespace

// One report on its way through the steps.
struct AdminApi::DuplicatesReview {
  std::shared_ptr<void> slot;  // among the reports in flight, while this one is
  Call call;
  std::string contest_id, round_id, format;
  core::DuplicateRules rules;
  std::vector<core::AnswerSheet> sheets;
  std::vector<core::EntrantProfile> people;
  std::map<std::string, std::string> disqualified;          // participant -> reason, in force
  std::map<std::string, std::string> disqualified_entries;  // attempt of this round -> reason, in force
  std::map<std::string, std::string> unit_names;
};

void AdminApi::duplicates_report(const Call& call) {
  auto d = std::make_shared<DuplicatesReview>();
  d->call = call;
  d->contest_id = call.params[0];
  d->round_id = call.params[1];
  auto query = net::parse_query(call.request.query);
  d->format = query.count("format") ? query.at("format") : "json";
  if (d->format != "json" && d->format != "xlsx") {
    return call.respond(bad_field_reply("format", "format must be json or xlsx"));
  }
  if (auto problem = read_rules(query, d->rules)) return call.respond(bad_field_reply(problem->first, problem->second));
  d->slot = report_slot(call);
  if (!d->slot) return;
  contests_.config(d->contest_id, [this, d](store::StoreResult<std::string> stored) {
    if (!stored.ok()) return d->call.respond(store_error_reply(stored.error, stored.detail));
    auto contest = core::parse_contest_config(stored.value).config;
    bool known = false;
    for (const auto& r : contest.rounds) known = known || r.id == d->round_id;
    for (const auto& u : contest.units) d->unit_names[u.id] = u.name;
    if (!known) return d->call.respond(error_reply(ErrorCode::not_found, "no round '" + d->round_id + "'"));
    read_duplicate_evidence(d);
  });
}

void AdminApi::read_duplicate_evidence(std::shared_ptr<DuplicatesReview> d) {
  review_.answer_sheets(d->contest_id, d->round_id, [this, d](auto sheets) {
    if (!sheets.ok()) return d->call.respond(store_error_reply(sheets.error, sheets.detail));
    d->sheets = std::move(sheets.value);
    std::set<std::string> ids;
    for (const auto& s : d->sheets) ids.insert(s.participant_id);
    review_.profiles(d->contest_id, {ids.begin(), ids.end()}, [this, d](auto people) {
      if (!people.ok()) return d->call.respond(store_error_reply(people.error, people.detail));
      d->people = std::move(people.value);
      review_.disqualifications(d->contest_id, [this, d](auto list) {
        if (!list.ok()) return d->call.respond(store_error_reply(list.error, list.detail));
        std::set<std::string> attempts;
        for (const auto& s : d->sheets) attempts.insert(s.attempt_id);
        for (const auto& rec : list.value) {
          if (rec.lifted_at) continue;
          if (rec.kind == "person") d->disqualified[rec.target] = rec.reason;
          else if (attempts.count(rec.target)) d->disqualified_entries[rec.target] = rec.reason;
        }
        compute_duplicates(d);
      });
    });
  });
}

void AdminApi::compute_duplicates(std::shared_ptr<DuplicatesReview> d) {
  worker_.run(
      [d] {
        auto findings = core::suspected_duplicates(d->people, d->sheets, d->rules);
        std::map<std::string, const core::EntrantProfile*> by_id;
        for (const auto& p : d->people) by_id[p.id] = &p;
        json list = json::array();
        json counts = json::object();
        for (const auto& f : findings) {
          const std::string kind(core::to_string(f.kind));
          counts[kind] = counts.value(kind, 0) + 1;
          json people = json::array();
          for (const auto& id : f.participants) {
            const auto* p = by_id.count(id) ? by_id[id] : nullptr;
            auto reason = d->disqualified.find(id);
            people.push_back({{"participant", id},
                              {"name", p ? p->name : ""},
                              {"birth_date", p ? p->birth_date : ""},
                              {"phone", p ? p->phone : ""},
                              {"id_number", p ? p->id_number : ""},
                              {"unit", p ? p->unit : ""},
                              {"unit_name", p && d->unit_names.count(p->unit) ? d->unit_names.at(p->unit) : ""},
                              {"registered_from", p ? p->registered_from : ""},
                              {"registered_at", p && p->registered_at ? json(p->registered_at) : json()},
                              {"disqualified", reason != d->disqualified.end() ? json(reason->second) : json()}});
          }
          list.push_back({{"kind", kind}, {"people", people}, {"attempts", f.attempts}, {"evidence", f.evidence}});
        }
        json report = {{"contest", d->contest_id},
                       {"round", d->round_id},
                       {"rules", rules_json(d->rules)},
                       {"entries", d->sheets.size()},
                       {"entrants", d->people.size()},
                       {"counts", counts},
                       {"findings", list},
                       {"disqualified_entries", d->disqualified_entries}};
        std::optional<std::string> xlsx;
        std::string error;
        if (d->format == "xlsx") xlsx = duplicates_xlsx(report, error);
        return std::make_tuple(std::move(report), std::move(xlsx), std::move(error));
      },
      [this, d](std::tuple<json, std::optional<std::string>, std::string> made) {
        auto& [report, xlsx, error] = made;
        if (d->format == "xlsx" && !xlsx) return d->call.respond(error_reply(ErrorCode::internal, error));
        const auto findings = std::to_string(report["findings"].size());
        net::HttpResponse res = d->format == "json" ? json_reply(200, report) : net::HttpResponse{};
        if (d->format == "xlsx") {
          res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
          res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + d->contest_id + "-" + d->round_id +
                                                              "-nghi-trung-lap.xlsx\"");
          res.body = std::move(*xlsx);
        }
        personal_data_download(d->call, d->contest_id, "duplicates",
                               {{"round", d->round_id}, {"format", d->format}, {"findings", findings}},
                               [respond = d->call.respond, res = std::move(res)]() mutable { respond(std::move(res)); });
      });
}

}  // namespace rq::app
