#include "app/contest_service.hpp"

#include <openssl/rand.h>

#include <ctime>

#include "app/public_view.hpp"
#include "core/clock.hpp"
#include "core/contest/contest_config.hpp"
#include "core/contest/draw.hpp"
#include "core/contest/contest_view.hpp"
#include "core/contest/profile.hpp"
#include "core/results/round_results.hpp"
#include "core/security/password.hpp"
#include "core/security/tokens.hpp"
#include "store/keys.hpp"

namespace rq::app {
namespace {

using core::ErrorCode;
using nlohmann::json;

constexpr std::int64_t kParticipantSessionMs = 30LL * 24 * 3600 * 1000;  // a contest's length, at most
constexpr long long kMaxPrediction = 1'000'000'000;

std::string new_id() { return core::random_token().substr(0, 20); }

std::uint64_t new_seed() {
  std::uint64_t seed = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&seed), sizeof seed);
  return seed;
}

// YYYY-MM-DD today in the contest's zone (Vietnam has no daylight saving).
std::string today(const core::ContestConfig& contest) {
  std::int64_t offset = contest.timezone == "UTC" ? 0 : 7 * 3600;
  std::time_t secs = static_cast<std::time_t>(core::now_ms() / 1000 + offset);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

const core::RoundConfig* find_round(const core::ContestConfig& c, const std::string& id) {
  for (const auto& r : c.rounds) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

// The protocol code for a script's refusal.
ErrorCode code_of(const std::string& error) {
  static const std::map<std::string, ErrorCode> kCodes{
      {"round_not_open", ErrorCode::round_not_open}, {"attempt_limit_reached", ErrorCode::attempt_limit_reached},
      {"attempt_closed", ErrorCode::attempt_closed}, {"invalid_choice", ErrorCode::invalid_choice},
      {"forbidden", ErrorCode::forbidden},           {"not_found", ErrorCode::not_found}};
  auto it = kCodes.find(error);
  return it != kCodes.end() ? it->second : ErrorCode::internal;
}

Outcome store_failure(const store::StoreError error) {
  return Outcome::fail(error == store::StoreError::not_found ? ErrorCode::not_found
                       : error == store::StoreError::unavailable ? ErrorCode::unavailable
                                                                 : ErrorCode::internal);
}

std::optional<std::string> string_field(const json& request, const char* name) {
  auto it = request.find(name);
  if (it == request.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

json participant_json(const std::string& contest, const store::ParticipantRecord& p) {
  return {{"id", p.id}, {"contest", contest}, {"name", p.name}, {"unit", p.unit}, {"category", p.category}};
}

}  // namespace

ContestService::ContestService(store::ContestRepository& contests, store::BankRepository& banks,
                               store::EntryRepository& entries, store::ResultsRepository& results, CpuWorker& worker,
                               core::Logger& log)
    : contests_(contests), banks_(banks), entries_(entries), results_(results), worker_(worker), log_(log) {}

void ContestService::contest_view(const std::string& contest, Reply reply) {
  with_contest(contest, reply, [this, reply](std::shared_ptr<const core::ContestConfig> c) {
    read_public_view(results_, c, [reply](store::StoreResult<json> view) {
      if (!view.ok()) return reply(store_failure(view.error));
      reply(Outcome::ok("subscribed", {{"contest", std::move(view.value)}}));
    });
  });
}

void ContestService::round_results(const json& request, const std::optional<Identity>& who, Reply reply) {
  auto contest = string_field(request, "contest");
  auto round = string_field(request, "round");
  if (!contest || !round) return reply(Outcome::fail(ErrorCode::bad_request, "send {contest, round}"));
  if (!store::keys::is_valid_id(*contest) || !store::keys::is_valid_id(*round)) {
    return reply(Outcome::fail(ErrorCode::not_found));
  }
  results_.published(*contest, *round, [contest, round, who, reply](store::StoreResult<std::string> doc) {
    if (doc.error == store::StoreError::not_found) return reply(Outcome::fail(ErrorCode::not_published));
    if (!doc.ok()) return reply(store_failure(doc.error));
    auto results = json::parse(doc.value);
    auto body = core::public_round_results(results);
    if (who && who->contest == *contest) {
      for (const auto& row : results.value("ranking", json::array())) {
        if (row.value("participant", "") == who->participant) {
          body["you"] = {{"rank", row["rank"]}, {"score", row["score"]}, {"max_score", row["max_score"]},
                         {"duration_ms", row["duration_ms"]}, {"prediction", row["prediction"]}, {"prize", row["prize"]}};
        }
      }
    }
    reply(Outcome::ok("results", std::move(body)));
  });
}

void ContestService::with_contest(const std::string& id, const Reply& reply, ConfigReady next) {
  if (auto it = contest_cache_.find(id); it != contest_cache_.end()) {
    next(it->second);
    return;
  }
  if (!store::keys::is_valid_id(id)) {
    reply(Outcome::fail(ErrorCode::not_found, "no contest '" + id + "'", "contest"));
    return;
  }
  contests_.config(id, [this, id, reply, next = std::move(next)](store::StoreResult<std::string> r) {
    if (!r.ok()) {
      auto o = store_failure(r.error);
      o.field = "contest";
      reply(std::move(o));
      return;
    }
    auto parsed = core::parse_contest_config(r.value);
    if (!parsed.ok()) {
      log_.error("stored contest no longer parses", {{"contest", id}});
      reply(Outcome::fail(ErrorCode::internal));
      return;
    }
    auto config = std::make_shared<const core::ContestConfig>(std::move(parsed.config));
    contest_cache_[id] = config;
    next(config);
  });
}

void ContestService::with_bank(const std::string& id, const Reply& reply,
                               std::function<void(std::shared_ptr<const core::QuestionBank>, long long)> next) {
  // The head's version says whether the cached copy is still the latest.
  banks_.summary(id, [this, id, reply, next = std::move(next)](store::StoreResult<store::BankSummary> s) {
    if (!s.ok()) {
      reply(store_failure(s.error));
      return;
    }
    if (auto it = bank_cache_.find(id); it != bank_cache_.end() && it->second.first == s.value.version) {
      next(it->second.second, s.value.version);
      return;
    }
    banks_.load(id, s.value.version, [this, id, reply, next](store::StoreResult<store::StoredBank> b) {
      if (!b.ok()) {
        reply(store_failure(b.error));
        return;
      }
      auto bank = std::make_shared<const core::QuestionBank>(std::move(b.value.bank));
      bank_cache_[id] = {b.value.summary.version, bank};
      next(bank, b.value.summary.version);
    });
  });
}

void ContestService::register_participant(const json& request, Reply reply) {
  auto contest_id = string_field(request, "contest");
  if (!contest_id) return reply(Outcome::fail(ErrorCode::bad_request, "\"contest\" is required", "contest"));
  auto profile = request.find("profile");
  if (profile == request.end() || !profile->is_object()) {
    return reply(Outcome::fail(ErrorCode::bad_request, "\"profile\" must be an object", "profile"));
  }
  json raw = *profile;
  with_contest(*contest_id, reply, [this, raw, reply](std::shared_ptr<const core::ContestConfig> contest) {
    std::int64_t last_close = 0;
    for (const auto& r : contest->rounds) last_close = std::max(last_close, r.closes_at);
    if (core::now_ms() >= last_close) return reply(Outcome::fail(ErrorCode::registration_closed));
    auto checked = core::check_profile(raw, *contest, today(*contest));
    if (!checked.ok()) {
      auto o = Outcome::fail(ErrorCode::invalid_profile, checked.problems.front().message, checked.problems.front().field);
      json details = json::array();
      for (const auto& p : checked.problems) details.push_back({{"field", p.field}, {"code", p.code}, {"message", p.message}});
      o.body = {{"details", details}};
      return reply(std::move(o));
    }
    const auto& p = checked.profile;
    store::ParticipantRecord record{new_id(), p.name, p.phone, p.birth_date, p.unit, p.category, p.id_number, p.email, "", false};
    for (const auto& ph : contest->excluded_phones) record.excluded |= ph == p.phone;
    for (const auto& id : contest->excluded_id_numbers) record.excluded |= !p.id_number.empty() && id == p.id_number;
    worker_.run([password = p.password] { return core::hash_password(password); },
                [this, contest, record, reply](std::string hash) mutable {
                  record.password_hash = std::move(hash);
                  entries_.register_participant(contest->id, record, [this, contest, record, reply](auto r) {
                    if (!r.ok()) return reply(store_failure(r.error));
                    if (!r.value.error.empty()) {
                      return reply(Outcome::fail(ErrorCode::already_registered,
                                                 r.value.error == "phone" ? "this phone number is already registered"
                                                                          : "this ID number is already registered",
                                                 r.value.error));
                    }
                    log_.info("participant registered", {{"contest", contest->id}, {"participant", record.id}});
                    issue_token(contest->id, record, reply);
                  });
                });
  });
}

void ContestService::issue_token(const std::string& contest, const store::ParticipantRecord& p, Reply reply) {
  std::string token = core::random_token();
  entries_.create_token(core::sha256_hex(token), contest, p.id, kParticipantSessionMs,
                        [contest, p, token, reply](store::StoreResult<bool> r) {
                          if (!r.ok()) return reply(store_failure(r.error));
                          auto o = Outcome::ok("registered", {{"token", token}, {"participant", participant_json(contest, p)}});
                          o.identity = Identity{contest, p.id};
                          reply(std::move(o));
                        });
}

void ContestService::login(const json& request, const std::string& address, Reply reply) {
  constexpr long long kMaxPerPhone = 10, kMaxPerAddress = 50;
  constexpr std::int64_t kWindowMs = 15 * 60 * 1000;
  auto contest_id = string_field(request, "contest");
  auto phone_text = string_field(request, "phone");
  auto password = string_field(request, "password");
  if (!contest_id || !phone_text || !password) {
    return reply(Outcome::fail(ErrorCode::bad_request, "send {contest, phone, password}"));
  }
  with_contest(*contest_id, reply, [=, this](std::shared_ptr<const core::ContestConfig> contest) {
    auto phone = core::normalize_phone(*phone_text);
    if (!phone) return reply(Outcome::fail(ErrorCode::invalid_credentials));
    // A wrong password costs the phone and the address one failure each.
    auto refuse = [=, this] {
      entries_.record_login_failure(contest->id, *phone, address, kWindowMs, [reply](auto) {
        reply(Outcome::fail(ErrorCode::invalid_credentials));
      });
    };
    entries_.login_failures(contest->id, *phone, address, [=, this](auto failures) {
      if (!failures.ok()) return reply(store_failure(failures.error));
      if (failures.value.first >= kMaxPerPhone || failures.value.second >= kMaxPerAddress) {
        return reply(Outcome::fail(ErrorCode::rate_limited, "too many failed logins; try again in 15 minutes"));
      }
      entries_.participant_by_phone(contest->id, *phone, [=, this](auto id) {
        if (id.error == store::StoreError::not_found) return refuse();
        if (!id.ok()) return reply(store_failure(id.error));
        entries_.participant(contest->id, id.value, [=, this](auto p) {
          if (!p.ok()) return reply(store_failure(p.error));
          worker_.run([password, hash = p.value.password_hash] { return core::verify_password(*password, hash); },
                      [=, this, record = p.value](bool matches) {
                        if (!matches) return refuse();
                        entries_.clear_login_failures(contest->id, *phone);
                        issue_token(contest->id, record, reply);
                      });
        });
      });
    });
  });
}

void ContestService::resume_session(const std::string& token, Reply reply) {
  if (!core::looks_like_token(token)) return reply(Outcome::fail(ErrorCode::invalid_token, {}, "token"));
  entries_.token(core::sha256_hex(token), [this, reply](store::StoreResult<std::pair<std::string, std::string>> t) {
    if (t.error == store::StoreError::not_found) return reply(Outcome::fail(ErrorCode::invalid_token, {}, "token"));
    if (!t.ok()) return reply(store_failure(t.error));
    auto [contest, participant] = t.value;
    entries_.participant(contest, participant, [contest, reply](store::StoreResult<store::ParticipantRecord> p) {
      if (p.error == store::StoreError::not_found) return reply(Outcome::fail(ErrorCode::invalid_token, {}, "token"));
      if (!p.ok()) return reply(store_failure(p.error));
      auto o = Outcome::ok("welcome", {{"participant", participant_json(contest, p.value)}});
      o.identity = Identity{contest, p.value.id};
      reply(std::move(o));
    });
  });
}

void ContestService::start_attempt(const Identity& who, const json& request, Reply reply) {
  auto round_id = string_field(request, "round");
  if (!round_id) return reply(Outcome::fail(ErrorCode::bad_request, "\"round\" is required", "round"));
  with_contest(who.contest, reply, [this, who, round_id, reply](std::shared_ptr<const core::ContestConfig> contest) {
    const auto* round = find_round(*contest, *round_id);
    if (!round) return reply(Outcome::fail(ErrorCode::not_found, "no round '" + *round_id + "'", "round"));
    with_bank(round->bank, reply, [this, who, contest, round, reply](auto bank, long long version) {
      std::uint64_t seed = new_seed();
      auto drawn = core::draw_questions(*bank, round->draw, seed);
      if (auto* e = std::get_if<core::DrawError>(&drawn)) {
        log_.error("draw failed", {{"contest", who.contest}, {"round", round->id}, {"error", e->message}});
        return reply(Outcome::fail(ErrorCode::internal));
      }
      auto questions = std::get<std::vector<core::DrawnQuestion>>(std::move(drawn));
      auto attempt_id = new_id();
      auto on_start = std::make_shared<std::function<void(store::StoreResult<store::StartOutcome>, bool)>>();
      *on_start = [this, who, contest, round, reply, questions, seed, version, attempt_id, on_start](
                      store::StoreResult<store::StartOutcome> r, bool retried) {
        if (!r.ok()) return reply(store_failure(r.error));
        const auto& o = r.value;
        if (o.kind == "error") return reply(Outcome::fail(code_of(o.error)));
        if (o.kind == "expire_first" && !retried) {
          // The running attempt is past its deadline: close it as it stands
          // (as the sweeper would), then start anew.
          entries_.submit(who.contest, o.attempt_id, {who.participant, round->id}, "", "expire", std::nullopt,
                          round->counted_attempt,
                          [this, who, round, questions, seed, version, attempt_id, on_start](auto) {
                            entries_.start_attempt(who.contest, *round, who.participant, attempt_id, questions, seed,
                                                   round->bank, version,
                                                   [on_start](auto again) { (*on_start)(std::move(again), true); });
                          });
          return;
        }
        if (o.kind == "expire_first") return reply(Outcome::fail(ErrorCode::unavailable));
        send_attempt(*contest, *round, o.attempt_id, o.now, reply);
      };
      entries_.start_attempt(who.contest, *round, who.participant, attempt_id, questions, seed, round->bank, version,
                             [on_start](auto r) { (*on_start)(std::move(r), false); });
    });
  });
}

void ContestService::send_attempt(const core::ContestConfig& contest, const core::RoundConfig& round,
                                  const std::string& attempt_id, std::int64_t now, Reply reply) {
  json prediction = round.prediction ? json{{"prompt", round.prediction->prompt}} : json();
  entries_.attempt(contest.id, attempt_id, [prediction, now, reply](store::StoreResult<store::AttemptView> v) {
    if (!v.ok()) return reply(store_failure(v.error));
    const auto& a = v.value;
    json answers = json::object();
    for (const auto& [q, choices] : a.answers) answers[q] = choices;
    json attempt = {{"id", a.id},
                    {"round", a.round},
                    {"number", a.number},
                    {"started_at", a.started_at},
                    {"deadline", a.deadline},
                    {"questions", json::parse(a.questions_json, nullptr, false)},
                    {"prediction", prediction},
                    {"answers", answers}};
    reply(Outcome::ok("attempt", {{"attempt", attempt}, {"server_time", now}}));
  });
}

void ContestService::answer(const Identity& who, const json& request, Reply reply) {
  auto attempt = string_field(request, "attempt");
  auto question = string_field(request, "question");
  auto choices = request.find("choices");
  if (!attempt || !store::keys::is_valid_id(*attempt)) {
    return reply(Outcome::fail(ErrorCode::bad_request, "\"attempt\" is required", "attempt"));
  }
  if (!question || question->empty() || question->size() > 64) {
    return reply(Outcome::fail(ErrorCode::bad_request, "\"question\" is required", "question"));
  }
  std::vector<std::string> chosen;
  if (choices == request.end() || !choices->is_array() || choices->size() > 26) {
    return reply(Outcome::fail(ErrorCode::bad_request, "\"choices\" must be a list of option ids", "choices"));
  }
  for (const auto& c : *choices) {
    if (!c.is_string() || c.get_ref<const std::string&>().empty() || c.get_ref<const std::string&>().find(',') != std::string::npos) {
      return reply(Outcome::fail(ErrorCode::invalid_choice, {}, "choices"));
    }
    chosen.push_back(c.get<std::string>());
  }
  entries_.answer(who.contest, *attempt, who.participant, *question, chosen,
                  [attempt = *attempt, question = *question, reply](auto r) {
                    if (!r.ok()) return reply(store_failure(r.error));
                    if (!r.value.error.empty()) return reply(Outcome::fail(code_of(r.value.error)));
                    reply(Outcome::ok("answered", {{"attempt", attempt}, {"question", question}}));
                  });
}

json ContestService::result_json(const core::RoundConfig& round, const store::AttemptResult& r) const {
  json out = {{"attempt", r.attempt_id},          {"round", r.round},
              {"status", r.status},               {"score", r.score},
              {"max_score", r.max_score},         {"correct", r.correct},
              {"total", r.total},                 {"duration_ms", r.duration_ms},
              {"submitted_at", r.submitted_at},   {"attempts_left", std::max(0, round.attempts - r.attempts_used)},
              {"best", r.counted_attempt == r.attempt_id}};
  out["prediction"] = r.prediction ? json(*r.prediction) : json();
  return out;
}

void ContestService::submit(const Identity& who, const json& request, Reply reply) {
  auto attempt = string_field(request, "attempt");
  if (!attempt || !store::keys::is_valid_id(*attempt)) {
    return reply(Outcome::fail(ErrorCode::bad_request, "\"attempt\" is required", "attempt"));
  }
  std::optional<long long> prediction;
  if (auto p = request.find("prediction"); p != request.end() && !p->is_null()) {
    if (!p->is_number_integer() || p->get<long long>() < 0 || p->get<long long>() > kMaxPrediction) {
      return reply(Outcome::fail(ErrorCode::invalid_prediction, "a whole number from 0 to 1000000000", "prediction"));
    }
    prediction = p->get<long long>();
  }
  with_contest(who.contest, reply, [this, who, attempt, prediction, reply](std::shared_ptr<const core::ContestConfig> contest) {
    // The round (for its counted-attempt mode and the script's keys) comes
    // from the attempt; the script checks the owner again, atomically.
    entries_.owner(who.contest, *attempt, [this, who, contest, attempt, prediction, reply](store::StoreResult<store::AttemptOwner> o) {
      if (!o.ok()) return reply(store_failure(o.error));
      if (o.value.participant != who.participant) return reply(Outcome::fail(ErrorCode::forbidden));
      const auto* round = find_round(*contest, o.value.round);
      if (!round) return reply(Outcome::fail(ErrorCode::internal));
      auto keep = round->prediction ? prediction : std::nullopt;
      entries_.submit(who.contest, *attempt, o.value, who.participant, "submit", keep, round->counted_attempt,
                      [this, round, reply](store::StoreResult<store::Checked<store::AttemptResult>> r) {
                        if (!r.ok()) return reply(store_failure(r.error));
                        if (!r.value.error.empty()) return reply(Outcome::fail(code_of(r.value.error)));
                        reply(Outcome::ok("submitted", {{"result", result_json(*round, r.value.value)}}));
                      });
    });
  });
}

void ContestService::standing(const Identity& who, const json& request, Reply reply) {
  auto contest = string_field(request, "contest");
  if (!contest || !store::keys::is_valid_id(*contest)) {
    return reply(Outcome::fail(ErrorCode::bad_request, "\"contest\" is required", "contest"));
  }
  if (*contest != who.contest) return reply(Outcome::fail(ErrorCode::forbidden, "you entered another contest"));
  with_contest(who.contest, reply, [this, who, reply](std::shared_ptr<const core::ContestConfig> config) {
    std::vector<std::string> rounds;
    for (const auto& r : config->rounds) rounds.push_back(r.id);
    entries_.standing(who.contest, rounds, who.participant,
                      [this, config, reply](store::StoreResult<std::vector<store::RoundStanding>> s) {
                        if (!s.ok()) return reply(store_failure(s.error));
                        json out = json::array();
                        for (std::size_t i = 0; i < s.value.size(); ++i) {
                          const auto& st = s.value[i];
                          const auto& round = config->rounds[i];
                          json running = st.running.empty()
                                             ? json()
                                             : json{{"attempt", st.running}, {"deadline", st.deadline}};
                          out.push_back({{"round", st.round},
                                         {"attempts_used", st.attempts_used},
                                         {"attempts_left", std::max(0, round.attempts - st.attempts_used)},
                                         {"running", std::move(running)},
                                         {"counted", st.counted ? result_json(round, *st.counted) : json()}});
                        }
                        reply(Outcome::ok("entries", {{"contest", config->id}, {"rounds", std::move(out)}}));
                      });
  });
}

void ContestService::expire(const std::string& contest_id, const std::string& attempt_id, std::function<void()> done) {
  auto ignore = [done](Outcome) { done(); };
  with_contest(contest_id, ignore, [this, attempt_id, done](std::shared_ptr<const core::ContestConfig> contest) {
    entries_.owner(contest->id, attempt_id, [this, contest, attempt_id, done](store::StoreResult<store::AttemptOwner> o) {
      if (!o.ok()) return done();
      const auto* round = find_round(*contest, o.value.round);
      if (!round) return done();
      entries_.submit(contest->id, attempt_id, o.value, "", "expire", std::nullopt, round->counted_attempt,
                      [this, contest, round, participant = o.value.participant, done](auto r) {
                        if (r.ok() && r.value.error.empty() && r.value.value.status == "expired") {
                          log_.info("attempt expired", {{"contest", contest->id}, {"attempt", r.value.value.attempt_id}});
                          if (pusher_) {
                            pusher_(contest->id, participant,
                                    json{{"type", "attempt.expired"}, {"result", result_json(*round, r.value.value)}}.dump());
                          }
                        }
                        done();
                      });
    });
  });
}

}  // namespace rq::app
