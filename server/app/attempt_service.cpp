#include "app/attempt_service.hpp"

#include <openssl/rand.h>

#include "core/contest/draw.hpp"
#include "core/contest/shown_options.hpp"
#include "core/security/tokens.hpp"

namespace rq::app {
namespace {

using core::ErrorCode;
using nlohmann::json;

std::string new_attempt_id() { return core::random_token().substr(0, 20); }

std::uint64_t new_seed() {
  std::uint64_t seed = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&seed), sizeof seed);
  return seed;
}

Outcome refused(const std::string& script_error) { return Outcome::fail(script_error_code(script_error)); }

}  // namespace

json result_json(const core::RoundConfig& round, const store::AttemptResult& r) {
  json out = {{"attempt", r.attempt_id},          {"round", r.round},
              {"status", r.status},               {"score", r.score},
              {"max_score", r.max_score},         {"correct", r.correct},
              {"total", r.total},                 {"duration_ms", r.duration_ms},
              {"submitted_at", r.submitted_at},   {"attempts_left", std::max(0, round.attempts - r.attempts_used)},
              {"best", r.counted_attempt == r.attempt_id}};
  out["prediction"] = r.prediction ? json(*r.prediction) : json();
  return out;
}

// An attempt.start on its way: the questions drawn for a new attempt, which
// the start script uses only if no attempt is running.
struct AttemptService::Start {
  Identity who;
  ContestCatalog::Contest contest;
  const core::RoundConfig* round;
  std::vector<core::ShownQuestion> questions;
  std::uint64_t seed;
  std::string bank;  // the round's bank for the person's category
  long long bank_version;
  std::string attempt_id;
  Reply reply;
  bool expired_one = false;  // an overdue running attempt was closed first
};

void AttemptService::start(const Identity& who, const core::StartRequest& request, Reply reply) {
  catalog_.with_contest(who.contest, reply, [this, who, round_id = request.round, reply](ContestCatalog::Contest contest) {
    const auto* round = find_round(*contest, round_id);
    if (!round) return reply(Outcome::fail(ErrorCode::not_found, "no round '" + round_id + "'", "round"));
    if (round->banks.empty()) return draw_from(who, contest, round, round->bank, reply);
    // A bank per category: the person's category picks it (one read more,
    // only in such rounds).
    entries_.participant(who.contest, who.participant,
                         [this, who, contest, round, reply](store::StoreResult<store::ParticipantRecord> p) {
                           if (!p.ok()) return reply(store_failure(p.error));
                           draw_from(who, contest, round, round->bank_for(p.value.category), reply);
                         });
  });
}

void AttemptService::draw_from(const Identity& who, ContestCatalog::Contest contest, const core::RoundConfig* round,
                               const std::string& bank_id, Reply reply) {
  catalog_.with_latest_bank(bank_id, reply, [this, who, contest, round, bank_id, reply](ContestCatalog::Bank bank,
                                                                                     long long version) {
    std::uint64_t seed = new_seed();
    auto drawn = core::draw_questions(*bank, round->draw, core::round_window(*round, contest->timezone), seed);
    if (auto* e = std::get_if<core::DrawError>(&drawn)) {
      log_.error("draw failed", {{"contest", who.contest}, {"round", round->id}, {"bank", bank_id}, {"error", e->message}});
      return reply(Outcome::fail(ErrorCode::internal));
    }
    auto shown = core::show_options(std::get<std::vector<core::DrawnQuestion>>(drawn), seed);
    begin(std::make_shared<Start>(
        Start{who, contest, round, std::move(shown), seed, bank_id, version, new_attempt_id(), reply}));
  });
}

void AttemptService::begin(std::shared_ptr<Start> s) {
  entries_.start_attempt(s->who.contest, *s->round, s->who.participant, s->attempt_id, s->questions, s->seed,
                         s->bank, s->bank_version,
                         [this, s](store::StoreResult<store::StartOutcome> r) { on_started(s, std::move(r)); });
}

void AttemptService::on_started(std::shared_ptr<Start> s, store::StoreResult<store::StartOutcome> r) {
  if (!r.ok()) return s->reply(store_failure(r.error));
  const auto& o = r.value;
  if (o.kind == "error") return s->reply(refused(o.error));
  if (o.kind == "expire_first") {
    // The running attempt is past its deadline: close it as it stands (as
    // the sweeper would), then start anew, once.
    if (s->expired_one) return s->reply(Outcome::fail(ErrorCode::unavailable));
    s->expired_one = true;
    entries_.submit(s->who.contest, o.attempt_id, {s->who.participant, s->round->id}, "", "expire", std::nullopt,
                    s->round->counted_attempt, [this, s](auto) { begin(s); });
    return;
  }
  send_attempt(*s->round, s->who.contest, o.attempt_id, o.now, s->reply);
}

void AttemptService::send_attempt(const core::RoundConfig& round, const std::string& contest,
                                  const std::string& attempt_id, std::int64_t now, Reply reply) {
  std::optional<std::string> prompt;
  if (round.prediction) prompt = round.prediction->prompt;
  entries_.attempt(contest, attempt_id, [this, prompt, now, reply](store::StoreResult<store::AttemptView> v) {
    if (!v.ok()) return reply(store_failure(v.error));
    auto view = std::make_shared<store::AttemptView>(std::move(v.value));
    // The prediction question, with the guess kept so far (a reload shows it).
    json prediction = prompt ? json{{"prompt", *prompt}, {"value", view->prediction ? json(*view->prediction) : json()}}
                             : json();
    // The texts are those of the bank version the attempt was drawn from.
    catalog_.with_bank_version(view->bank, view->bank_version, reply, [this, view, prediction, now,
                                                                         reply](ContestCatalog::Bank bank) {
      auto questions = core::public_questions(*bank, view->questions);
      if (!questions) {
        log_.error("an attempt's questions are not in its bank version",
                   {{"attempt", view->id}, {"bank", view->bank}, {"version", view->bank_version}});
        return reply(Outcome::fail(ErrorCode::internal));
      }
      json answers = json::object();
      for (const auto& [q, choices] : view->answers) answers[q] = choices;
      json attempt = {{"id", view->id},
                      {"round", view->round},
                      {"number", view->number},
                      {"started_at", view->started_at},
                      {"deadline", view->deadline},
                      {"questions", std::move(*questions)},
                      {"prediction", prediction},
                      {"answers", std::move(answers)}};
      reply(Outcome::ok("attempt", {{"attempt", std::move(attempt)}, {"server_time", now}}));
    });
  });
}

void AttemptService::answer(const Identity& who, const core::AnswerRequest& request, Reply reply) {
  entries_.answer(who.contest, request.attempt, who.participant, request.question, request.choices,
                  [attempt = request.attempt, question = request.question, reply](auto r) {
                    if (!r.ok()) return reply(store_failure(r.error));
                    if (!r.value.error.empty()) return reply(refused(r.value.error));
                    reply(Outcome::ok("answered", {{"attempt", attempt}, {"question", question}}));
                  });
}

void AttemptService::with_own_attempt(const Identity& who, const std::string& attempt, const Reply& reply,
                                      std::function<void(ContestCatalog::Contest, const core::RoundConfig&,
                                                         const store::AttemptOwner&)> next) {
  catalog_.with_contest(who.contest, reply, [this, who, attempt, reply, next = std::move(next)](ContestCatalog::Contest contest) {
    entries_.owner(who.contest, attempt, [who, contest, reply, next](store::StoreResult<store::AttemptOwner> o) {
      if (!o.ok()) return reply(store_failure(o.error));
      if (o.value.participant != who.participant) return reply(Outcome::fail(ErrorCode::forbidden));
      const auto* round = find_round(*contest, o.value.round);
      if (!round) return reply(Outcome::fail(ErrorCode::internal));
      next(contest, *round, o.value);
    });
  });
}

void AttemptService::save_prediction(const Identity& who, const core::PredictionRequest& request, Reply reply) {
  with_own_attempt(who, request.attempt, reply, [this, who, request, reply](auto, const core::RoundConfig& round, const auto&) {
    if (!round.prediction) {
      return reply(Outcome::fail(ErrorCode::invalid_prediction, "this round has no prediction question", "prediction"));
    }
    entries_.save_prediction(who.contest, request.attempt, who.participant, request.prediction,
                             [request, reply](store::StoreResult<store::Checked<std::int64_t>> r) {
                               if (!r.ok()) return reply(store_failure(r.error));
                               if (!r.value.error.empty()) return reply(refused(r.value.error));
                               reply(Outcome::ok("prediction.saved",
                                                 {{"attempt", request.attempt},
                                                  {"prediction", request.prediction ? json(*request.prediction) : json()}}));
                             });
  });
}

void AttemptService::submit(const Identity& who, const core::SubmitRequest& request, Reply reply) {
  // The round (for its counted-attempt mode and the script's keys) comes
  // from the attempt; the script checks the owner again, atomically.
  with_own_attempt(who, request.attempt, reply, [this, who, request, reply](ContestCatalog::Contest contest,
                                                                            const core::RoundConfig& round,
                                                                            const store::AttemptOwner& owner) {
    auto keep = round.prediction ? request.prediction : std::nullopt;
    entries_.submit(who.contest, request.attempt, owner, who.participant, "submit", keep, round.counted_attempt,
                    [contest, round_id = round.id, reply](store::StoreResult<store::Checked<store::AttemptResult>> r) {
                      if (!r.ok()) return reply(store_failure(r.error));
                      if (!r.value.error.empty()) return reply(refused(r.value.error));
                      reply(Outcome::ok("submitted", {{"result", result_json(*find_round(*contest, round_id), r.value.value)}}));
                    });
  });
}

void AttemptService::standing(const Identity& who, const core::EntriesRequest& request, Reply reply) {
  if (request.contest != who.contest) return reply(Outcome::fail(ErrorCode::forbidden, "you entered another contest"));
  catalog_.with_contest(who.contest, reply, [this, who, reply](ContestCatalog::Contest config) {
    std::vector<std::string> rounds;
    for (const auto& r : config->rounds) rounds.push_back(r.id);
    entries_.standing(who.contest, rounds, who.participant,
                      [config, reply](store::StoreResult<std::vector<store::RoundStanding>> s) {
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

void AttemptService::expire(const std::string& contest_id, const std::string& attempt_id, std::function<void()> done) {
  auto ignore = [done](Outcome) { done(); };
  catalog_.with_contest(contest_id, ignore, [this, attempt_id, done](ContestCatalog::Contest contest) {
    entries_.owner(contest->id, attempt_id, [this, contest, attempt_id, done](store::StoreResult<store::AttemptOwner> o) {
      if (!o.ok()) return done();
      const auto* round = find_round(*contest, o.value.round);
      if (!round) return done();
      entries_.submit(contest->id, attempt_id, o.value, "", "expire", std::nullopt, round->counted_attempt,
                      [this, contest, round, participant = o.value.participant, done](auto r) {
                        // Of several gateways' sweepers racing for it, only the one
                        // whose call closed the attempt tells its owner.
                        if (r.ok() && r.value.error.empty() && r.value.value.status == "expired" && r.value.value.closed_now) {
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
