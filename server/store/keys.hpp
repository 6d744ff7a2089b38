// The Redis key schema, in one place. Every key of a contest carries the hash
// tag {<contest id>} so that all of a contest lives in one cluster slot and one
// Lua script may touch any of its keys atomically (ARCHITECTURE.md, state).
// Keys outside any contest (banks, organiser accounts and tokens) have their
// own prefixes. Nothing outside this file spells a key, and no Lua script
// builds one: every key a script touches comes in its KEYS.
//
//   rq:contests                           set of contest ids
//   rq:{<contest>}:config                 contest configuration (JSON)
//   rq:{<contest>}:events                 audit stream (XADD), every change
//   rq:{<contest>}:deadlines              sorted set: attempt id -> deadline ms
//   rq:{<contest>}:round:<round>          round state hash (closed_at, published_at, …,
//                                         draft_disqualifications_as_of: what the draft applied)
//   rq:{<contest>}:attempt:<attempt>      attempt hash
//   rq:{<contest>}:participant:<id>       participant hash
//   rq:{<contest>}:phones                 hash phone -> participant id (one account per phone)
//   rq:{<contest>}:id_numbers             hash ID number -> participant id
//   rq:{<contest>}:disqualified           hash person:<id> | entry:<attempt> -> the organiser's
//                                         disqualification (JSON; lifted ones stay, stamped)
//   rq:{<contest>}:disqualified:changed_at  the time of the latest disqualification or lifting (ms),
//                                         which a draft finalized before it may not be published past;
//                                         contest-wide on purpose (a change in any round stales every
//                                         pending draft: a person disqualified loses every prize)
//   rq:{<contest>}:exclusions             hash: the organiser's edit of the exclusion list (list JSON,
//                                         changed_at, changed_by); absent: the configuration's
//   rq:{<contest>}:round:<r>:person:<p>   a person's attempts in a round: count, running
//   rq:{<contest>}:round:<r>:entries      set of submitted attempt ids of the round
//   rq:{<contest>}:round:<r>:running      set of the round's attempts still open
//   rq:{<contest>}:round:<r>:draft        finalized results for review (JSON)
//   rq:{<contest>}:round:<r>:draft:public the draft's public part (summary, winners, collective)
//   rq:{<contest>}:round:<r>:draft:lines  hash participant -> their own ranking line (JSON)
//   rq:{<contest>}:round:<r>:draft:lines:<token>  the same while finalize writes it (expires)
//   rq:{<contest>}:round:<r>:published    the published results with the full ranking (JSON, written once)
//   rq:{<contest>}:round:<r>:public       the published public part: what HTTP and WS `results` read
//   rq:{<contest>}:round:<r>:lines        hash participant -> published ranking line (`you`)
//   rq:{<contest>}:final                  the final ranking's state hash (published_at, by)
//   rq:{<contest>}:final:draft, :draft:public, :published, :public
//                                         the final ranking's results, as a round's (keys::kFinal)
//   rq:{<contest>}:login-fail:<phone>     failed logins of a phone in the current window
//   rq:{<contest>}:login-fail:addr:<a>    failed logins from one address in the contest
//   rq:ptoken:<sha256 of token>           participant session: "<contest> <participant>"
//   rq:bank:{<bank>}:v<version>           a stored version of a question bank (JSON,
//                                         never changed once written)
//   rq:bank:{<bank>}                      bank head: latest version, title, topics
//   rq:banks                              set of bank ids
//   rq:admin:user:<username>              organiser account (scrypt hash, role, contests)
//   rq:admin:users                        set of organiser usernames (for the accounts list)
//   rq:admin:token:<sha256 of token>      organiser session, with an expiry
//   rq:admin:fail:{_logins}:user:<username>  failed logins in the current window
//   rq:admin:fail:{_logins}:addr:<address>   failed logins from one address (one tag: one script
//                                            counts both)
//   rq:channel:{<contest>}                pub/sub channel of the contest's pushes
#pragma once

#include <string>
#include <string_view>

namespace rq::store::keys {

// Contest, round, bank and user ids are lowercase slugs: [a-z0-9][a-z0-9_-]*,
// at most 64 characters. Anything else could break the hash tag or the key
// structure, so it is refused before a key is built.
bool is_valid_id(std::string_view id);

// Passed as the round of round_state, round_draft, round_draft_public,
// round_published, round_public and round_lines: the final ranking across
// rounds, stored as a round's results are. Not a slug, so no round has it.
inline constexpr std::string_view kFinal = "(final)";

std::string contest_index();
std::string contest_config(std::string_view contest);
std::string contest_events(std::string_view contest);
std::string contest_deadlines(std::string_view contest);
std::string contest_channel(std::string_view contest);
std::string contest_exclusions(std::string_view contest);
std::string round_state(std::string_view contest, std::string_view round);
std::string attempt(std::string_view contest, std::string_view attempt_id);
std::string participant(std::string_view contest, std::string_view participant_id);
std::string contest_phones(std::string_view contest);
std::string contest_id_numbers(std::string_view contest);
std::string contest_disqualified(std::string_view contest);
std::string contest_disqualified_changed_at(std::string_view contest);
std::string round_person(std::string_view contest, std::string_view round, std::string_view participant_id);
std::string round_entries(std::string_view contest, std::string_view round);
std::string round_running(std::string_view contest, std::string_view round);
std::string round_draft(std::string_view contest, std::string_view round);
std::string round_published(std::string_view contest, std::string_view round);
std::string round_draft_public(std::string_view contest, std::string_view round);
std::string round_draft_lines(std::string_view contest, std::string_view round);
std::string round_draft_lines_staging(std::string_view contest, std::string_view round, std::string_view token);
std::string round_public(std::string_view contest, std::string_view round);
std::string round_lines(std::string_view contest, std::string_view round);
std::string participant_token(std::string_view token_hash);
// Failed contestant logins (lua/login_reserve.lua): per phone and per
// address, both within one contest.
std::string login_failures_of_phone(std::string_view contest, std::string_view phone);
std::string login_failures_of_address(std::string_view contest, std::string_view address);

std::string bank_head(std::string_view bank);
std::string bank_version(std::string_view bank, long long version);
std::string bank_index();

std::string admin_user(std::string_view username);
std::string admin_index();
std::string admin_token(std::string_view token_hash);
std::string admin_failures_of_user(std::string_view username);
std::string admin_failures_of_address(std::string_view address);

// Organiser usernames: lowercase slugs of 3 to 32 characters.
bool is_valid_username(std::string_view username);

// The hash tag of a contest's keys: "{<contest>}".
std::string contest_tag(std::string_view contest);

}  // namespace rq::store::keys
