// Organiser endpoints for the exclusion list (CONTEST_RULES.md, "Excluded
// people"): read it, and replace it while the contest's first round has not
// opened. The check and the audit event are one Lua script
// (lua/exclusions_save.lua), by Redis' clock; results apply the list as it
// stands (core/results/exclusions.hpp).
#include "app/admin_api.hpp"
#include "app/http_replies.hpp"
#include "core/clock.hpp"
#include "core/contest/contest_config.hpp"
#include "core/results/exclusions.hpp"

namespace rq::app {

using core::ErrorCode;
using nlohmann::json;

void AdminApi::get_exclusions(const Call& call) {
  contests_.config(call.params[0], [this, call](store::StoreResult<std::string> stored) {
    if (!stored.ok()) return call.respond(store_error_reply(stored.error, stored.detail));
    auto contest = std::make_shared<core::ContestConfig>(core::parse_contest_config(stored.value).config);
    review_.exclusions(contest->id, [call, contest](auto edit) {
      if (!edit.ok()) return call.respond(store_error_reply(edit.error, edit.detail));
      std::optional<std::string> list;
      if (edit.value) list = edit.value->list;
      auto until = core::exclusions_editable_until(*contest);
      json reply = core::to_json(core::exclusion_list(*contest, list));
      reply["source"] = edit.value ? "organiser" : "configuration";
      reply["changed_at"] = edit.value ? json(edit.value->changed_at) : json();
      reply["changed_by"] = edit.value ? json(edit.value->changed_by) : json();
      reply["editable_until"] = until;
      reply["editable"] = core::now_ms() < until;
      call.respond(json_reply(200, reply));
    });
  });
}

void AdminApi::set_exclusions(const Call& call) {
  std::string field, problem;
  auto list = core::parse_exclusion_list(json::parse(call.request.body, nullptr, false), field, problem);
  if (!list) return call.respond(bad_field_reply(field, problem));
  contests_.config(call.params[0], [this, call, list = *list](store::StoreResult<std::string> stored) {
    if (!stored.ok()) return call.respond(store_error_reply(stored.error, stored.detail));
    auto contest = core::parse_contest_config(stored.value).config;
    review_.save_exclusions(contest.id, list, call.organiser, core::exclusions_editable_until(contest),
                            [this, call, contest_id = contest.id, list](store::StoreResult<bool> saved) {
                              if (!saved.ok()) return call.respond(store_error_reply(saved.error, saved.detail));
                              if (!saved.value) {
                                return call.respond(error_reply(
                                    ErrorCode::locked,
                                    "the contest's first round has opened: the exclusion list can no longer change"));
                              }
                              log_.info("exclusion list changed", {{"contest", contest_id},
                                                                   {"organiser", call.organiser},
                                                                   {"phones", list.phones.size()},
                                                                   {"id_numbers", list.id_numbers.size()}});
                              get_exclusions(call);
                            });
  });
}

}  // namespace rq::app
