// Organiser endpoints for question banks: upload a file in any import
// format (every problem listed, nothing stored on any error; a new version
// that a coming round could no longer draw from is refused, naming the
// contest and round; a dry run previews without storing), list the banks,
// read one version back, and download it as a file in any export format.
#include "app/admin_api.hpp"
#include "app/http_replies.hpp"
#include "core/bank/bank_export.hpp"
#include "core/bank/bank_import.hpp"
#include "core/clock.hpp"
#include "office/bank_files.hpp"
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
net::HttpResponse unmet_draws_reply(const std::string& bank, const std::vector<store::UnmetDraw>& unmet, core::Lang lang) {
  const bool vi = lang == core::Lang::vi;
  json details = json::array();
  for (const auto& u : unmet) {
    const std::string where = vi ? "cuộc thi '" + u.contest + "', vòng thi '" + u.round + "': "
                                 : "contest '" + u.contest + "', round '" + u.round + "': ";
    details.push_back({{"contest", u.contest}, {"round", u.round}, {"path", u.path}, {"message", where + u.message_in(lang)}});
  }
  const auto& first = unmet.front();
  const std::string message =
      vi ? "phiên bản này của ngân hàng câu hỏi '" + bank + "' sẽ làm vòng thi '" + first.round + "' của cuộc thi '" +
               first.contest + "' không bốc đủ câu hỏi (" + first.message_in(lang) + "); chưa có gì được lưu"
         : "this version of bank '" + bank + "' would leave round '" + first.round + "' of contest '" + first.contest +
               "' unable to draw its questions (" + first.message + "); nothing was stored";
  return error_reply(ErrorCode::invalid_bank, message, details);
}

// ?version=N, when given; false when it is not a number.
bool read_version(const std::map<std::string, std::string>& query, std::optional<long long>& version) {
  auto it = query.find("version");
  if (it == query.end()) return true;
  try {
    version = std::stoll(it->second);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// What a dry run shows before storing: the bank's figures and its first
// questions as a contestant reads them (text, options in the file's order
// labelled A, B, C…), with the right letters for the organiser to check.
json preview_json(const core::QuestionBank& bank) {
  constexpr std::size_t kPreviewQuestions = 5;
  json topics = json::array();
  for (const auto& t : core::count_by_topic(bank)) topics.push_back({{"id", t.id}, {"name", t.name}, {"questions", t.questions}});
  json questions = json::array();
  for (std::size_t i = 0; i < bank.questions.size() && i < kPreviewQuestions; ++i) {
    const auto& q = bank.questions[i];
    json options = json::array();
    std::string correct;
    for (std::size_t k = 0; k < q.options.size(); ++k) {
      const std::string letter(1, static_cast<char>('A' + k));
      options.push_back({{"letter", letter}, {"text", q.options[k].text}});
      if (std::find(q.correct.begin(), q.correct.end(), q.options[k].id) != q.correct.end()) {
        correct += (correct.empty() ? "" : ", ") + letter;
      }
    }
    json item = {{"id", q.id}, {"topic", q.topic}, {"text", q.text}, {"options", options}, {"correct", correct}};
    if (!q.label.empty()) item["label"] = q.label;
    questions.push_back(std::move(item));
  }
  return {{"id", bank.id},           {"title", bank.title},   {"questions", bank.questions.size()},
          {"topics", topics},        {"preview", questions},  {"stored", false}};
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
      respond(error_reply(ErrorCode::bad_request,
                          "format must be " + std::string(core::bank_format_names()) + " (got '" + it->second + "')",
                          json::array({{{"field", "format"}, {"message", "unknown format"}}})));
      return;
    }
  } else if (auto name = query.find("filename"); name != query.end() && core::bank_format_from_filename(name->second)) {
    format = core::bank_format_of_file(name->second, request.body);
  } else if (request.body.find_first_not_of(" \t\r\n") != std::string::npos &&
             request.body[request.body.find_first_not_of(" \t\r\n")] == '{') {
    format = core::BankFormat::json;
  } else {
    respond(error_reply(ErrorCode::bad_request,
                        "give the file's format: ?format=" + std::string(core::bank_format_names()) +
                            " (or ?filename= with its extension)"));
    return;
  }
  core::BankImportOptions options;
  if (auto it = query.find("id"); it != query.end()) options.id = it->second;
  if (auto it = query.find("title"); it != query.end()) options.title = it->second;
  if (auto it = query.find("sheet"); it != query.end()) options.sheet = it->second;
  if (auto it = query.find("topic"); it != query.end()) options.topic = it->second;
  // A dry run checks and previews the file and stores nothing: the
  // dashboard shows the problems and the first questions before "Store".
  const bool dry_run = query.count("dry_run") && query.at("dry_run") != "0" && query.at("dry_run") != "false";
  // Problems come in the organiser's language (?lang=vi, the default, or en).
  const core::Lang lang = request_lang(request.query);
  // Parsing a large file takes long enough to stall every connection; it
  // runs on the worker and comes back with the result.
  worker_.run([body = request.body, f = *format, options] { return core::import_bank(body, f, options); },
              [this, respond, organiser, dry_run, lang](core::BankImportResult result) {
                if (!result.ok()) {
                  std::size_t errors = 0;
                  for (const auto& p : result.problems) errors += p.is_error();
                  const std::string message =
                      lang == core::Lang::vi
                          ? "tệp có " + std::to_string(errors) + " lỗi; chưa có gì được lưu"
                          : "the file has " + std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                                "; nothing was stored";
                  respond(error_reply(ErrorCode::invalid_bank, message, problems_json(result.problems, lang)));
                  return;
                }
                if (dry_run) {
                  respond(json_reply(200, {{"bank", preview_json(result.bank)},
                                           {"warnings", problems_json(result.problems, lang)}}));
                  return;
                }
                auto warnings = problems_json(result.problems, lang);
                auto bank = std::make_shared<core::QuestionBank>(std::move(result.bank));
                // A round that will still draw from this bank must find enough in it.
                store::find_unmet_draws(contests_, *bank, core::now_ms(), [=, this](auto unmet) {
                  if (!unmet.ok()) return respond(store_error_reply(unmet.error, unmet.detail));
                  if (!unmet.value.empty()) return respond(unmet_draws_reply(bank->id, unmet.value, lang));
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
  if (!read_version(query, version)) return respond(error_reply(ErrorCode::bad_request, "version must be a number"));
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

// The bank as a file to download, edit and upload again:
// GET /api/admin/banks/{bank}/file?format=xlsx (json, csv, xml, xlsx, docx, txt).
void AdminApi::download_bank(const Call& call) {
  const std::string& id = call.params[0];
  const auto& respond = call.respond;
  if (!store::keys::is_valid_id(id)) {
    respond(error_reply(ErrorCode::not_found, "no bank '" + id + "'"));
    return;
  }
  auto query = net::parse_query(call.request.query);
  const std::string name = query.count("format") ? query.at("format") : "xlsx";
  const auto format = core::parse_bank_format(name);
  if (!format || !office::exports(*format)) {
    respond(error_reply(ErrorCode::bad_request,
                        "format must be " + std::string(office::export_format_names()) + " (got '" + name + "')",
                        json::array({{{"field", "format"}, {"message", "not a format banks are written in"}}})));
    return;
  }
  std::optional<long long> version;
  if (!read_version(query, version)) return respond(error_reply(ErrorCode::bad_request, "version must be a number"));
  banks_.load(id, version, [this, respond, f = *format](store::StoreResult<store::StoredBank> r) {
    if (!r.ok()) return respond(store_error_reply(r.error, r.detail));
    auto bank = std::make_shared<core::QuestionBank>(std::move(r.value.bank));
    const long long v = r.value.summary.version;
    // Writing a workbook of thousands of rows is CPU work: on the worker.
    worker_.run(
        [bank, f] {
          std::string error;
          auto bytes = office::export_bank_file(*bank, f, error);
          return std::make_pair(std::move(bytes), std::move(error));
        },
        [respond, bank, f, v](std::pair<std::optional<std::string>, std::string> made) {
          if (!made.first) return respond(error_reply(ErrorCode::invalid_bank, made.second));
          net::HttpResponse res;
          res.content_type = std::string(office::content_type(f));
          res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + bank->id + "-v" + std::to_string(v) +
                                                              "." + std::string(core::to_string(f)) + "\"");
          res.body = std::move(*made.first);
          respond(std::move(res));
        });
  });
}

}  // namespace rq::app
