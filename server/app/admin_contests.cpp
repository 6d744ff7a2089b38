// Organiser endpoints for contests: create (every problem of the
// configuration reported with its JSON path, and every round's draw checked
// against its stored bank) and read back.
#include <set>

#include "app/admin_api.hpp"
#include "app/http_replies.hpp"
#include "core/clock.hpp"
#include "core/contest/contest_config.hpp"
#include "core/contest/contest_view.hpp"

namespace rq::app {
namespace {

using core::ErrorCode;
using nlohmann::json;

// [{path, message}], the messages in the organiser's language.
json config_problems_json(const std::vector<core::ConfigProblem>& problems, core::Lang lang) {
  json out = json::array();
  for (const auto& p : problems) out.push_back({{"path", p.path}, {"message", p.message_in(lang)}});
  return out;
}

net::HttpResponse invalid_contest(const std::vector<core::ConfigProblem>& problems, core::Lang lang) {
  const std::string message =
      lang == core::Lang::vi
          ? "cấu hình có " + std::to_string(problems.size()) + " lỗi; chưa có gì được lưu"
          : "the configuration has " + std::to_string(problems.size()) +
                (problems.size() == 1 ? " problem" : " problems") + "; nothing was stored";
  return error_reply(ErrorCode::invalid_contest, message, config_problems_json(problems, lang));
}

}  // namespace

void AdminApi::create_contest(const Call& call) {
  const auto& request = call.request;
  const auto& respond = call.respond;
  const auto& organiser = call.organiser;
  // Problems come in the organiser's language (?lang=vi, the default, or en).
  const core::Lang lang = request_lang(request.query);
  worker_.run([body = request.body] { return core::parse_contest_config(body); },
              [this, respond, organiser, lang, body = request.body](core::ContestConfigResult parsed) {
                if (!parsed.ok()) {
                  respond(invalid_contest(parsed.problems, lang));
                  return;
                }
                // The draws can only be checked against the banks as stored now.
                std::set<std::string> bank_ids;
                for (const auto& r : parsed.config.rounds) {
                  for (const auto& b : r.banks_used()) bank_ids.insert(b);
                }
                struct Gather {
                  core::ContestConfig config;
                  std::map<std::string, core::BankContents> banks;
                  std::size_t remaining;
                  store::StoreError error = store::StoreError::none;
                  std::string detail;
                };
                auto gather = std::make_shared<Gather>(Gather{parsed.config, {}, bank_ids.size(), {}, {}});
                auto finish = [this, gather, respond, organiser, lang, body] {
                  if (gather->error != store::StoreError::none) {
                    respond(store_error_reply(gather->error, gather->detail));
                    return;
                  }
                  auto problems = core::check_draws(gather->config, gather->banks);
                  if (!problems.empty()) {
                    respond(invalid_contest(problems, lang));
                    return;
                  }
                  contests_.create(gather->config.id, body, organiser, [this, gather, respond, organiser](store::StoreResult<bool> r) {
                    if (!r.ok()) {
                      respond(store_error_reply(r.error, r.detail));
                      return;
                    }
                    log_.info("contest created", {{"contest", gather->config.id}, {"organiser", organiser}});
                    respond(json_reply(201, {{"contest", core::public_contest_view(gather->config, core::now_ms())}}));
                  });
                };
                for (const auto& id : bank_ids) {
                  // The whole bank, not its summary: the questions' dates
                  // decide which of them each round may draw.
                  banks_.load(id, std::nullopt, [gather, id, finish](store::StoreResult<store::StoredBank> s) {
                    if (s.ok()) {
                      gather->banks[id] = core::contents_of(s.value.bank);
                    } else if (s.error != store::StoreError::not_found) {
                      gather->error = s.error;
                      gather->detail = s.detail;
                    }
                    if (--gather->remaining == 0) finish();
                  });
                }
              });
}

void AdminApi::get_contest(const Call& call) {
  // The exclusion list names people by phone and ID number: not for a viewer.
  const bool personal = core::may(call.access, core::Permission::personal_data, call.params[0]);
  contests_.config(call.params[0], [respond = call.respond, personal](store::StoreResult<std::string> r) {
    if (!r.ok()) {
      respond(store_error_reply(r.error, r.detail));
      return;
    }
    auto config = json::parse(r.value, nullptr, false);
    if (!personal && config.is_object()) {
      config.erase("excluded");
      config.erase("join_code");  // a shared secret of the contest, as the exclusion list is personal
    }
    respond(json_reply(200, {{"contest", config}}));
  });
}

}  // namespace rq::app
