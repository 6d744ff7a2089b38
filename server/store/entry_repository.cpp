#include "store/entry_repository.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "store/keys.hpp"
#include "store/lua_script.hpp"
#include "store/reply_values.hpp"

namespace rq::store {
namespace {

// {"ok", now} or {"error", code, now}: the reply of the scripts that change
// one field of a running attempt.
StoreResult<Checked<std::int64_t>> checked_reply(const RedisResult& r) {
  if (!r.ok() || r.reply.elements.size() < 2) return {store_error_of(r), detail_of(r), {}};
  Checked<std::int64_t> c;
  if (r.reply.elements[0].str == "error") c.error = r.reply.elements[1].str;
  else c.value = reply_integer(r.reply.elements[1]);
  return {StoreError::none, {}, c};
}

}  // namespace

void EntryRepository::register_participant(const std::string& contest, const ParticipantRecord& p,
                                           std::function<void(StoreResult<Checked<std::int64_t>>)> done) {
  std::vector<std::string> args{p.id, p.phone, p.id_number};
  for (auto [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"name", p.name}, {"phone", p.phone}, {"birth_date", p.birth_date}, {"unit", p.unit},
           {"category", p.category}, {"id_number", p.id_number}, {"email", p.email},
           {"password", p.password_hash}, {"excluded", p.excluded ? "1" : "0"},
           {"registered_from", p.registered_from}, {"gender", p.gender}, {"address", p.address},
           {"commune", p.commune}}) {
    if (v.empty() && (k == "gender" || k == "address" || k == "commune")) continue;  // not asked: not stored
    args.push_back(k);
    args.push_back(v);
  }
  redis_.eval(lua_script("participant_register"),
              {keys::contest_phones(contest), keys::contest_id_numbers(contest), keys::participant(contest, p.id),
               keys::contest_events(contest)},
              std::move(args), [done](RedisResult r) {
                if (!r.ok() || r.reply.elements.size() != 2) {
                  done({store_error_of(r), detail_of(r), {}});
                  return;
                }
                Checked<std::int64_t> c;
                if (r.reply.elements[0].str == "taken") c.error = r.reply.elements[1].str;
                else c.value = reply_integer(r.reply.elements[1]);
                done({StoreError::none, {}, c});
              });
}

void EntryRepository::participant_by_phone(const std::string& contest, const std::string& phone,
                                           std::function<void(StoreResult<std::string>)> done) {
  redis_.command({"HGET", keys::contest_phones(contest), phone}, [done](RedisResult r) {
    if (!r.ok()) done({store_error_of(r), detail_of(r), {}});
    else if (r.reply.is_nil()) done({StoreError::not_found, "no such participant", {}});
    else done({StoreError::none, {}, r.reply.str});
  });
}

void EntryRepository::participant(const std::string& contest, const std::string& id,
                                  std::function<void(StoreResult<ParticipantRecord>)> done) {
  redis_.command({"HGETALL", keys::participant(contest, id)}, [id, done](RedisResult r) {
    if (!r.ok()) {
      done({store_error_of(r), detail_of(r), {}});
      return;
    }
    if (r.reply.elements.empty()) {
      done({StoreError::not_found, "no such participant", {}});
      return;
    }
    ParticipantRecord p;
    p.id = id;
    for (std::size_t i = 0; i + 1 < r.reply.elements.size(); i += 2) {
      const auto& k = r.reply.elements[i].str;
      const auto& v = r.reply.elements[i + 1].str;
      if (k == "name") p.name = v;
      else if (k == "phone") p.phone = v;
      else if (k == "birth_date") p.birth_date = v;
      else if (k == "unit") p.unit = v;
      else if (k == "category") p.category = v;
      else if (k == "id_number") p.id_number = v;
      else if (k == "email") p.email = v;
      else if (k == "password") p.password_hash = v;
      else if (k == "excluded") p.excluded = v == "1";
      else if (k == "registered_from") p.registered_from = v;
      else if (k == "gender") p.gender = v;
      else if (k == "address") p.address = v;
      else if (k == "commune") p.commune = v;
    }
    done({StoreError::none, {}, std::move(p)});
  });
}

void EntryRepository::create_token(const std::string& token_hash, const std::string& contest,
                                   const std::string& participant, std::int64_t ttl_ms,
                                   std::function<void(StoreResult<bool>)> done) {
  redis_.command({"SET", keys::participant_token(token_hash), contest + " " + participant, "PX", std::to_string(ttl_ms)},
                 [done](RedisResult r) {
                   if (!r.ok()) done({store_error_of(r), detail_of(r), false});
                   else done({StoreError::none, {}, true});
                 });
}

void EntryRepository::token(const std::string& token_hash,
                            std::function<void(StoreResult<std::pair<std::string, std::string>>)> done) {
  redis_.command({"GET", keys::participant_token(token_hash)}, [done](RedisResult r) {
    if (!r.ok()) {
      done({store_error_of(r), detail_of(r), {}});
      return;
    }
    auto space = r.reply.str.find(' ');
    if (r.reply.is_nil() || space == std::string::npos) {
      done({StoreError::not_found, "no such session", {}});
      return;
    }
    done({StoreError::none, {}, {r.reply.str.substr(0, space), r.reply.str.substr(space + 1)}});
  });
}

void EntryRepository::start_attempt(const std::string& contest, const core::RoundConfig& round,
                                    const std::string& participant, const std::string& attempt_id,
                                    const std::vector<core::ShownQuestion>& questions, std::uint64_t seed,
                                    const std::string& bank, long long bank_version,
                                    std::function<void(StoreResult<StartOutcome>)> done) {
  std::vector<std::string> qids;
  for (const auto& q : questions) qids.push_back(q.id);
  std::vector<std::string> args{attempt_id,
                                participant,
                                round.id,
                                std::to_string(round.opens_at),
                                std::to_string(round.closes_at),
                                std::to_string(round.attempts),
                                std::to_string(static_cast<long long>(round.time_limit_s) * 1000),
                                join_ids(qids, false),
                                std::to_string(seed),
                                bank,
                                std::to_string(bank_version)};
  args.push_back("");  // the running attempt expected: none, until the script says otherwise
  for (const auto& q : questions) {
    args.push_back("o:" + q.id);
    args.push_back(join_ids(q.shown_ids, false));
    args.push_back("m:" + q.id);
    args.push_back(join_ids(q.bank_ids, false));
    args.push_back("c:" + q.id);
    args.push_back(join_ids(q.correct, true));
  }
  std::vector<std::string> start_keys{keys::round_person(contest, round.id, participant),
                                      keys::attempt(contest, attempt_id), keys::contest_deadlines(contest),
                                      keys::contest_events(contest), keys::round_state(contest, round.id),
                                      keys::round_running(contest, round.id)};
  run_start(contest, std::move(start_keys), std::move(args), kExpectationTries, std::move(done));
}

// ARGV[12] of lua/attempt_start.lua: the running attempt the call expects.
constexpr std::size_t kExpectedRunningArg = 11;

void EntryRepository::run_start(const std::string& contest, std::vector<std::string> start_keys,
                                std::vector<std::string> args, int tries_left,
                                std::function<void(StoreResult<StartOutcome>)> done) {
  auto call_keys = start_keys;
  if (!args[kExpectedRunningArg].empty()) call_keys.push_back(keys::attempt(contest, args[kExpectedRunningArg]));
  redis_.eval(lua_script("attempt_start"), std::move(call_keys), args,
              [this, contest, start_keys = std::move(start_keys), args, tries_left, done](RedisResult r) mutable {
                if (!r.ok() || r.reply.elements.size() != 3) return done({store_error_of(r), detail_of(r), {}});
                const auto& e = r.reply.elements;
                if (e[0].str == "changed") {
                  // Another start or a submit moved the person's running
                  // attempt since this call was made: ask again, naming it.
                  if (!e[1].str.empty() && !keys::is_valid_id(e[1].str)) {
                    return done({StoreError::internal, "a malformed attempt id in a person hash", {}});
                  }
                  if (tries_left <= 1) return done({StoreError::unavailable, "the running attempt kept changing", {}});
                  args[kExpectedRunningArg] = e[1].str;
                  return run_start(contest, std::move(start_keys), std::move(args), tries_left - 1, std::move(done));
                }
                StartOutcome o;
                o.kind = e[0].str;
                if (o.kind == "error") o.error = e[1].str;
                else o.attempt_id = e[1].str;
                o.now = reply_integer(e[2]);
                done({StoreError::none, {}, o});
              });
}

void EntryRepository::answer(const std::string& contest, const std::string& attempt_id, const std::string& participant,
                             const std::string& question, std::vector<std::string> choices,
                             std::function<void(StoreResult<Checked<std::int64_t>>)> done) {
  choices.erase(std::unique((std::sort(choices.begin(), choices.end()), choices.begin()), choices.end()), choices.end());
  redis_.eval(lua_script("attempt_answer"), {keys::attempt(contest, attempt_id), keys::contest_events(contest)},
              {participant, question, join_ids(choices, true)}, [done](RedisResult r) { done(checked_reply(r)); });
}

void EntryRepository::save_prediction(const std::string& contest, const std::string& attempt_id,
                                      const std::string& participant, std::optional<long long> prediction,
                                      std::function<void(StoreResult<Checked<std::int64_t>>)> done) {
  redis_.eval(lua_script("attempt_prediction"), {keys::attempt(contest, attempt_id), keys::contest_events(contest)},
              {participant, prediction ? std::to_string(*prediction) : ""}, [done](RedisResult r) {
                done(checked_reply(r));
              });
}

void EntryRepository::owner(const std::string& contest, const std::string& attempt_id,
                            std::function<void(StoreResult<AttemptOwner>)> done) {
  redis_.command({"HMGET", keys::attempt(contest, attempt_id), "participant", "round"}, [done](RedisResult r) {
    if (!r.ok() || r.reply.elements.size() != 2) return done({store_error_of(r), detail_of(r), {}});
    if (r.reply.elements[0].is_nil()) return done({StoreError::not_found, "no such attempt", {}});
    done({StoreError::none, {}, {r.reply.elements[0].str, r.reply.elements[1].str}});
  });
}

void EntryRepository::submit(const std::string& contest, const std::string& attempt_id, const AttemptOwner& owner,
                             const std::string& participant, const std::string& mode,
                             std::optional<long long> prediction, core::CountedAttempt counted,
                             std::function<void(StoreResult<Checked<AttemptResult>>)> done) {
  const char* counted_mode = counted == core::CountedAttempt::best    ? "best"
                             : counted == core::CountedAttempt::first ? "first"
                                                                      : "last";
  const std::string& round = owner.round;
  auto key = keys::attempt(contest, attempt_id);
    redis_.eval(lua_script("attempt_submit"),
                {key, keys::round_person(contest, round, owner.participant), keys::contest_deadlines(contest),
                 keys::round_entries(contest, round), keys::contest_events(contest), keys::round_running(contest, round)},
                {participant, mode, prediction ? std::to_string(*prediction) : "", counted_mode},
                [attempt_id, round, done](RedisResult r) {
                  if (!r.ok() || r.reply.elements.size() < 3) {
                    done({store_error_of(r), detail_of(r), {}});
                    return;
                  }
                  const auto& e = r.reply.elements;
                  Checked<AttemptResult> c;
                  if (e[0].str == "error") {
                    c.error = e[1].str;
                  } else if (e.size() >= 14) {
                    auto& v = c.value;
                    v.attempt_id = attempt_id;
                    v.round = round;
                    v.status = e[1].str;
                    v.score = static_cast<int>(reply_integer(e[2]));
                    v.max_score = static_cast<int>(reply_integer(e[3]));
                    v.correct = static_cast<int>(reply_integer(e[4]));
                    v.total = static_cast<int>(reply_integer(e[5]));
                    v.all_answered = reply_integer(e[6]) == 1;
                    v.submitted_at = reply_integer(e[7]);
                    v.duration_ms = reply_integer(e[8]);
                    v.number = static_cast<int>(reply_integer(e[9]));
                    if (!e[10].str.empty()) v.prediction = reply_integer(e[10]);
                    v.now = reply_integer(e[11]);
                    v.counted_attempt = e[12].str;
                    v.attempts_used = static_cast<int>(reply_integer(e[13]));
                    v.closed_now = e.size() >= 15 && reply_integer(e[14]) == 1;
                  }
                  done({StoreError::none, {}, c});
                });
}

void EntryRepository::attempt(const std::string& contest, const std::string& attempt_id,
                              std::function<void(StoreResult<AttemptView>)> done) {
  redis_.command({"HGETALL", keys::attempt(contest, attempt_id)}, [attempt_id, done](RedisResult r) {
    if (!r.ok()) {
      done({store_error_of(r), detail_of(r), {}});
      return;
    }
    if (r.reply.elements.empty()) {
      done({StoreError::not_found, "no such attempt", {}});
      return;
    }
    AttemptView v;
    v.id = attempt_id;
    std::vector<std::string> qids;
    std::map<std::string, std::vector<std::string>> shown, mapped;
    for (std::size_t i = 0; i + 1 < r.reply.elements.size(); i += 2) {
      const auto& k = r.reply.elements[i].str;
      const auto& val = r.reply.elements[i + 1];
      if (k == "participant") v.participant = val.str;
      else if (k == "round") v.round = val.str;
      else if (k == "status") v.status = val.str;
      else if (k == "number") v.number = static_cast<int>(reply_integer(val));
      else if (k == "started_at") v.started_at = reply_integer(val);
      else if (k == "deadline") v.deadline = reply_integer(val);
      else if (k == "bank") v.bank = val.str;
      else if (k == "bank_version") v.bank_version = reply_integer(val);
      else if (k == "qids") qids = split_ids(val.str);
      else if (k == "prediction" && !val.str.empty()) v.prediction = reply_integer(val);
      else if (k.rfind("o:", 0) == 0) shown[k.substr(2)] = split_ids(val.str);
      else if (k.rfind("m:", 0) == 0) mapped[k.substr(2)] = split_ids(val.str);
      else if (k.rfind("a:", 0) == 0) v.answers[k.substr(2)] = split_ids(val.str);
      // "c:" fields (the right answers) are never copied out of Redis here.
    }
    for (const auto& q : qids) v.questions.push_back({q, shown[q], mapped[q], {}});
    done({StoreError::none, {}, std::move(v)});
  });
}

void EntryRepository::standing(const std::string& contest, const std::vector<std::string>& rounds,
                               const std::string& participant,
                               std::function<void(StoreResult<std::vector<RoundStanding>>)> done) {
  if (rounds.empty()) return redis_.post([done] { done({StoreError::none, {}, {}}); });
  // Expect no attempts at first: right for everyone who has not started yet.
  std::vector<std::string> expected(2 * rounds.size());
  run_standing(contest, rounds, participant, std::move(expected), kExpectationTries, std::move(done));
}

void EntryRepository::run_standing(const std::string& contest, const std::vector<std::string>& rounds,
                                   const std::string& participant, std::vector<std::string> expected, int tries_left,
                                   std::function<void(StoreResult<std::vector<RoundStanding>>)> done) {
  constexpr std::size_t kPerRound = 13;
  std::vector<std::string> standing_keys;
  for (const auto& r : rounds) standing_keys.push_back(keys::round_person(contest, r, participant));
  for (const auto& id : expected) {
    if (!id.empty()) standing_keys.push_back(keys::attempt(contest, id));
  }
  std::vector<std::string> args{std::to_string(rounds.size())};
  args.insert(args.end(), expected.begin(), expected.end());
  redis_.eval(lua_script("participant_standing"), std::move(standing_keys), std::move(args),
              [this, contest, rounds, participant, tries_left, done](RedisResult r) mutable {
                if (!r.ok() || r.reply.elements.empty()) return done({store_error_of(r), detail_of(r), {}});
                const auto& all = r.reply.elements;
                if (all[0].str == "changed" && all.size() == 1 + 2 * rounds.size()) {
                  std::vector<std::string> expected;
                  for (std::size_t i = 1; i < all.size(); ++i) {
                    if (!all[i].str.empty() && !keys::is_valid_id(all[i].str)) {
                      return done({StoreError::internal, "a malformed attempt id in a person hash", {}});
                    }
                    expected.push_back(all[i].str);
                  }
                  if (tries_left <= 1) return done({StoreError::unavailable, "the attempts kept changing", {}});
                  return run_standing(contest, rounds, participant, std::move(expected), tries_left - 1, std::move(done));
                }
                if (all[0].str != "standing" || all.size() != 1 + kPerRound * rounds.size()) {
                  return done({StoreError::internal, "unexpected reply reading a standing", {}});
                }
                std::vector<RoundStanding> out;
                for (std::size_t i = 0; i < rounds.size(); ++i) {
                  const auto* e = &all[1 + i * kPerRound];
                  RoundStanding s;
                  s.round = rounds[i];
                  s.attempts_used = static_cast<int>(reply_integer(e[0]));
                  s.running = e[1].str;
                  s.deadline = reply_integer(e[2]);
                  if (!e[3].str.empty() && !e[4].str.empty()) {
                    AttemptResult a;
                    a.attempt_id = e[3].str;
                    a.round = rounds[i];
                    a.status = e[4].str;
                    a.score = static_cast<int>(reply_integer(e[5]));
                    a.max_score = static_cast<int>(reply_integer(e[6]));
                    a.correct = static_cast<int>(reply_integer(e[7]));
                    a.total = static_cast<int>(reply_integer(e[8]));
                    a.submitted_at = reply_integer(e[9]);
                    a.duration_ms = reply_integer(e[10]);
                    if (!e[11].str.empty()) a.prediction = reply_integer(e[11]);
                    a.number = static_cast<int>(reply_integer(e[12]));
                    a.counted_attempt = a.attempt_id;
                    a.attempts_used = s.attempts_used;
                    s.counted = std::move(a);
                  }
                  out.push_back(std::move(s));
                }
                done({StoreError::none, {}, std::move(out)});
              });
}

}  // namespace rq::store
