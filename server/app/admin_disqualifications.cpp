// Organiser endpoints for disqualification: list the contest's records
// (lifted ones too: the review's history), disqualify a person or one entry
// with a reason, lift a disqualification. Each change is one Lua script with
// its audit event (lua/disqualification_save.lua); it takes effect at the
// round's next finalize, which the dashboard asks for.
#include "app/admin_api.hpp"
#include "app/http_replies.hpp"
#include "core/results/disqualification.hpp"
#include "store/keys.hpp"

namespace rq::app {
namespace {

using core::ErrorCode;
using nlohmann::json;

bool valid_kind(const std::string& kind) { return kind == "person" || kind == "entry"; }

// A refused change as the organiser reads it.
net::HttpResponse refused(const std::string& error, const std::string& kind, const std::string& target) {
  const std::string what = (kind == "person" ? "participant '" : "entry '") + target + "'";
  if (error == "not_found") return error_reply(ErrorCode::not_found, "no " + what + " in this contest");
  if (error == "not_submitted") {
    return bad_field_reply("target", "entry '" + target + "' is still running: disqualify it once it is submitted");
  }
  if (error == "already") return error_reply(ErrorCode::already_exists, what + " is already disqualified");
  return error_reply(ErrorCode::not_found, what + " is not disqualified");
}

}  // namespace

void AdminApi::list_disqualifications(const Call& call) {
  review_.disqualifications(call.params[0], [respond = call.respond](auto list) {
    if (!list.ok()) return respond(store_error_reply(list.error, list.detail));
    json records = json::array();
    for (const auto& d : list.value) {
      auto j = core::disqualification_json(d);
      j["in_force"] = !d.lifted_at.has_value();
      records.push_back(std::move(j));
    }
    // latest_change: a draft whose disqualifications_as_of is older was
    // finalized before the last change and needs finalizing again.
    respond(json_reply(200, {{"disqualifications", records}, {"latest_change", core::latest_change(list.value)}}));
  });
}

void AdminApi::disqualify(const Call& call) {
  const std::string contest = call.params[0];
  auto body = json::parse(call.request.body, nullptr, false);
  if (!body.is_object()) return call.respond(error_reply(ErrorCode::bad_request, "the body must be a JSON object"));
  auto text = [&](const char* key) {
    auto it = body.find(key);
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const std::string kind = text("kind"), target = text("target");
  if (!valid_kind(kind)) return call.respond(bad_field_reply("kind", "kind must be \"person\" or \"entry\""));
  if (!store::keys::is_valid_id(target)) {
    return call.respond(bad_field_reply("target", kind == "person" ? "target must be a participant id" : "target must be an attempt id"));
  }
  std::string problem;
  auto reason = core::checked_reason(text("reason"), problem);
  if (!reason) return call.respond(bad_field_reply("reason", problem));
  review_.disqualify(contest, kind, target, *reason, call.organiser,
                     [this, respond = call.respond, contest, kind, target, organiser = call.organiser](auto changed) {
                       if (!changed.ok()) return respond(store_error_reply(changed.error, changed.detail));
                       if (!changed.value.error.empty()) return respond(refused(changed.value.error, kind, target));
                       log_.info("disqualified", {{"contest", contest}, {"kind", kind}, {"target", target},
                                                  {"organiser", organiser}});
                       respond(json_reply(201, {{"disqualification", core::disqualification_json(changed.value.record)}}));
                     });
}

void AdminApi::lift_disqualification(const Call& call) {
  const std::string contest = call.params[0], kind = call.params[1], target = call.params[2];
  if (!valid_kind(kind)) return call.respond(bad_field_reply("kind", "kind must be \"person\" or \"entry\""));
  if (!store::keys::is_valid_id(target)) return call.respond(bad_field_reply("target", "no such target"));
  review_.lift(contest, kind, target, call.organiser,
               [this, respond = call.respond, contest, kind, target, organiser = call.organiser](auto changed) {
                 if (!changed.ok()) return respond(store_error_reply(changed.error, changed.detail));
                 if (!changed.value.error.empty()) return respond(refused(changed.value.error, kind, target));
                 log_.info("disqualification lifted", {{"contest", contest}, {"kind", kind}, {"target", target},
                                                       {"organiser", organiser}});
                 respond(json_reply(200, {{"disqualification", core::disqualification_json(changed.value.record)}}));
               });
}

}  // namespace rq::app
