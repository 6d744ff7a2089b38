#include "store/keys.hpp"

#include <stdexcept>

#include "core/text/ids.hpp"

namespace rq::store::keys {
namespace {

std::string checked(std::string_view id) {
  if (!is_valid_id(id)) throw std::invalid_argument("not a valid id for a Redis key: \"" + std::string(id) + "\"");
  return std::string(id);
}

// Addresses are IPv4 or IPv6 text; anything else is refused rather than
// allowed to shape a key.
std::string checked_address(std::string_view address) {
  bool ok = !address.empty() && address.size() <= 64;
  for (char c : address) {
    ok &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
  }
  if (!ok) throw std::invalid_argument("not an address: \"" + std::string(address) + "\"");
  return std::string(address);
}

std::string in_contest(std::string_view contest, std::string_view rest) {
  return "rq:" + contest_tag(contest) + ":" + std::string(rest);
}

// Where a round's results live: "round:<r>", or "final" for the final
// ranking across rounds, which no round id can spell.
std::string results_of(std::string_view r) { return r == kFinal ? std::string("final") : "round:" + checked(r); }

}  // namespace

bool is_valid_id(std::string_view id) { return core::is_slug(id); }

std::string contest_tag(std::string_view contest) { return "{" + checked(contest) + "}"; }

std::string contest_index() { return "rq:contests"; }
std::string contest_config(std::string_view c) { return in_contest(c, "config"); }
std::string contest_events(std::string_view c) { return in_contest(c, "events"); }
std::string contest_deadlines(std::string_view c) { return in_contest(c, "deadlines"); }
std::string contest_channel(std::string_view c) { return "rq:channel:" + contest_tag(c); }
std::string round_state(std::string_view c, std::string_view r) { return in_contest(c, results_of(r)); }
std::string attempt(std::string_view c, std::string_view a) { return in_contest(c, "attempt:" + checked(a)); }
std::string participant(std::string_view c, std::string_view p) {
  return in_contest(c, "participant:" + checked(p));
}

// A bank's head and versions share the tag {<bank>}, so the script that
// stores a version touches one cluster slot.
std::string contest_phones(std::string_view c) { return in_contest(c, "phones"); }
std::string contest_id_numbers(std::string_view c) { return in_contest(c, "id_numbers"); }
std::string contest_disqualified(std::string_view c) { return in_contest(c, "disqualified"); }
std::string contest_disqualified_changed_at(std::string_view c) { return in_contest(c, "disqualified:changed_at"); }
std::string contest_exclusions(std::string_view c) { return in_contest(c, "exclusions"); }
std::string round_person(std::string_view c, std::string_view r, std::string_view p) {
  return in_contest(c, "round:" + checked(r) + ":person:" + checked(p));
}
std::string round_running(std::string_view c, std::string_view r) {
  return in_contest(c, "round:" + checked(r) + ":running");
}

std::string round_entries(std::string_view c, std::string_view r) {
  return in_contest(c, "round:" + checked(r) + ":entries");
}
std::string round_draft(std::string_view c, std::string_view r) { return in_contest(c, results_of(r) + ":draft"); }
std::string round_published(std::string_view c, std::string_view r) {
  return in_contest(c, results_of(r) + ":published");
}
std::string round_draft_public(std::string_view c, std::string_view r) { return round_draft(c, r) + ":public"; }
std::string round_draft_lines(std::string_view c, std::string_view r) { return round_draft(c, r) + ":lines"; }
std::string round_draft_lines_staging(std::string_view c, std::string_view r, std::string_view token) {
  return round_draft_lines(c, r) + ":" + checked(token);
}
std::string round_public(std::string_view c, std::string_view r) { return in_contest(c, results_of(r) + ":public"); }
std::string round_lines(std::string_view c, std::string_view r) { return in_contest(c, results_of(r) + ":lines"); }
std::string login_failures_of_phone(std::string_view c, std::string_view phone) {
  return in_contest(c, "login-fail:" + checked(phone));
}
std::string login_failures_of_address(std::string_view c, std::string_view address) {
  return in_contest(c, "login-fail:addr:" + checked_address(address));
}
std::string participant_token(std::string_view token_hash) { return "rq:ptoken:" + checked(token_hash); }

std::string bank_head(std::string_view bank) { return "rq:bank:{" + checked(bank) + "}"; }
std::string bank_version(std::string_view bank, long long version) {
  return bank_head(bank) + ":v" + std::to_string(version);
}
std::string bank_index() { return "rq:banks"; }

bool is_valid_username(std::string_view username) {
  return username.size() >= 3 && username.size() <= 32 && is_valid_id(username);
}

std::string admin_user(std::string_view username) { return "rq:admin:user:" + checked(username); }
std::string admin_index() { return "rq:admin:users"; }
// Both counters of an organiser's login are changed by one script, so they
// share a hash tag; "_" cannot start a slug, so no contest's tag is the same.
std::string admin_failures_of_user(std::string_view username) {
  return "rq:admin:fail:{_logins}:user:" + checked(username);
}
std::string admin_failures_of_address(std::string_view address) {
  return "rq:admin:fail:{_logins}:addr:" + checked_address(address);
}
std::string admin_token(std::string_view token_hash) {
  // A token hash is lowercase hex, which is_valid_id accepts.
  return "rq:admin:token:" + checked(token_hash);
}

}  // namespace rq::store::keys
