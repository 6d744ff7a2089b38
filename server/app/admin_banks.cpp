// Organiser endpoints for question banks: upload a file in any import
// format (every problem listed, nothing stored on any error; a new version
// that a coming round could no longer draw from is refused, naming the
// contest and round), list the banks, and read one version back.
#include "app/admin_api.hpp"
#include "app/http_replies.hpp"
#include "core/bank/bank_export.hpp"
#include "core/bank/bank_import.hpp"
#include "core/clock.hpp"
#include "net/query_string.hpp"
#include "store/bank_uses.hpp"
#include "store/keys.hpp"

namespace rq::app {
namespace {

using core::ErrorCode;
using nlohmann::json;

json summary_json(const store::BankSummary& s) {
  json topics = json::array();
  for (const auto& t : s.topics) topics.push_back({{"id", t.id}, {"name", t.name}, {"questions", t.questions}});
  return {{"id", s.id},
          {"title", s.title},
          {"language", s.language},
          {"version", s.version},
          {"questions", s.questions},
          {"topics", topics},
          {"stored_at", s.stored_at}};
}

// 422 naming every contest and round the new version would leave short.
net::HttpResponse unmet_draws_reply(const std::string& bank, const std::vector<store::UnmetDraw>& unmet) {
  json details = json::array();
  for (const auto& u : unmet) {
    details.push_back({{"contest", u.contest}, {"round", u.round}, {"path", u.path},
                       {"message", "contest '" + u.contest + "', round '" + u.round + "': " + u.message}});
  }
  const auto& first = unmet.front();
  return error_reply(ErrorCode::invalid_bank,
                     "this version of bank '" + bank + "' would leave round '" + first.round + "' of contest '" +
                         first.contest + "' unable to draw its questions (" + first.message + "); nothing was stored",
                     details);
}

}  // namespace

void AdminApi::upload_bank(const Call& call) {
  const auto& request = call.request;
  const auto& respond = call.respond;
  const auto& organiser = call.organiser;
  auto query = net::parse_query(request.query);
  std::optional<core::BankFormat> format;
  if (auto it = query.find("format"); it != query.end()) {
    format = core::parse_bank_format(it->second);
    if (!format) {
      respond(error_reply(ErrorCode::bad_request, "format must be json, csv, gift or aiken (got '" + it->second + "')",
                          json::array({{{"field", "format"}, {"message", "unknown format"}}})));
      return;
    }
  } else if (request.body.find_first_not_of(" \t\r\n") != std::string::npos &&
             request.body[request.body.find_first_not_of(" \t\r\n")] == '{') {
    format = core::BankFormat::json;
  } else {
    respond(error_reply(ErrorCode::bad_request, "give the file's format: ?format=json|csv|gift|aiken"));
    return;
  }
  core::BankImportOptions options;
  if (auto it = query.find("id"); it != query.end()) options.id = it->second;
  if (auto it = query.find("title"); it != query.end()) options.title = it->second;
  // Parsing a large file takes long enough to stall every connection; it
  // runs on the worker and comes back with the result.
  worker_.run([body = request.body, f = *format, options] { return core::import_bank(body, f, options); },
              [this, respond, organiser](core::BankImportResult result) {
                if (!result.ok()) {
                  std::size_t errors = 0;
                  for (const auto& p : result.problems) errors += p.is_error();
                  respond(error_reply(ErrorCode::invalid_bank,
                                      "the file has " + std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                                          "; nothing was stored",
                                      problems_json(result.problems)));
                  return;
                }
                auto warnings = problems_json(result.problems);
                auto bank = std::make_shared<core::QuestionBank>(std::move(result.bank));
                // A round that will still draw from this bank must find enough in it.
                store::find_unmet_draws(contests_, *bank, core::now_ms(), [=, this](auto unmet) {
                  if (!unmet.ok()) return respond(store_error_reply(unmet.error, unmet.detail));
                  if (!unmet.value.empty()) return respond(unmet_draws_reply(bank->id, unmet.value));
                  banks_.save(*bank, core::now_ms(), [this, respond, warnings, organiser](store::StoreResult<store::BankSummary> saved) {
                    if (!saved.ok()) return respond(store_error_reply(saved.error, saved.detail));
                    log_.info("bank stored", {{"bank", saved.value.id},
                                              {"version", saved.value.version},
                                              {"questions", saved.value.questions},
                                              {"organiser", organiser}});
                    respond(json_reply(201, {{"bank", summary_json(saved.value)}, {"warnings", warnings}}));
                  });
                });
              });
}

void AdminApi::list_banks(const Call& call) {
  banks_.list([respond = call.respond](store::StoreResult<std::vector<store::BankSummary>> r) {
    if (!r.ok()) {
      respond(store_error_reply(r.error, r.detail));
      return;
    }
    json banks = json::array();
    for (const auto& s : r.value) banks.push_back(summary_json(s));
    respond(json_reply(200, {{"banks", banks}}));
  });
}

void AdminApi::get_bank(const Call& call) {
  const std::string& id = call.params[0];
  const auto& request = call.request;
  const auto& respond = call.respond;
  if (!store::keys::is_valid_id(id)) {
    respond(error_reply(ErrorCode::not_found, "no bank '" + id + "'"));
    return;
  }
  auto query = net::parse_query(request.query);
  std::optional<long long> version;
  if (auto it = query.find("version"); it != query.end()) {
    try {
      version = std::stoll(it->second);
    } catch (const std::exception&) {
      respond(error_reply(ErrorCode::bad_request, "version must be a number"));
      return;
    }
  }
  banks_.load(id, version, [respond](store::StoreResult<store::StoredBank> r) {
    if (!r.ok()) {
      respond(store_error_reply(r.error, r.detail));
      return;
    }
    auto body = summary_json(r.value.summary);
    body["content"] = core::bank_to_json(r.value.bank);
    respond(json_reply(200, {{"bank", body}}));
  });
}

}  // namespace rq::app
