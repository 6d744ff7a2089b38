// The attempt flow of a contestant (CONTEST_RULES.md, "Rounds"): start (or
// resume) an attempt, answer, keep the prediction as it is typed, submit,
// read one's standing; and the expiry of an attempt at its deadline, run by
// the deadline sweeper of whichever gateway gets there first. Every change
// is one Lua script, checked by Redis' clock.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "app/contest_catalog.hpp"
#include "app/outcome.hpp"
#include "core/observability/log.hpp"
#include "core/protocol/requests.hpp"
#include "store/entry_repository.hpp"

namespace rq::app {

class AttemptService {
 public:
  AttemptService(ContestCatalog& catalog, store::EntryRepository& entries, core::Logger& log)
      : catalog_(catalog), entries_(entries), log_(log) {}

  void start(const Identity& who, const core::StartRequest& request, Reply reply);
  void answer(const Identity& who, const core::AnswerRequest& request, Reply reply);
  void save_prediction(const Identity& who, const core::PredictionRequest& request, Reply reply);
  void submit(const Identity& who, const core::SubmitRequest& request, Reply reply);
  // entries {contest}: the asker's standing in each round (attempts used and
  // left, the attempt running, the result that counts so far).
  void standing(const Identity& who, const core::EntriesRequest& request, Reply reply);

  // The sweeper's: closes an overdue attempt as it stands and, when this
  // call is the one that closed it, pushes attempt.expired to its owner's
  // sessions. done runs in every case.
  void expire(const std::string& contest, const std::string& attempt_id, std::function<void()> done);

  // Where pushes for a participant go (every gateway's sessions of them).
  using Pusher = std::function<void(const std::string& contest, const std::string& participant, std::string frame)>;
  void on_push(Pusher pusher) { pusher_ = std::move(pusher); }

 private:
  struct Start;
  void draw_from(const Identity& who, ContestCatalog::Contest contest, const core::RoundConfig* round,
                 const std::string& bank_id, Reply reply);
  void begin(std::shared_ptr<Start> start);
  void on_started(std::shared_ptr<Start> start, store::StoreResult<store::StartOutcome> r);
  // The attempt's round, once the attempt is known to be this person's.
  void with_own_attempt(const Identity& who, const std::string& attempt, const Reply& reply,
                        std::function<void(ContestCatalog::Contest, const core::RoundConfig&,
                                           const store::AttemptOwner&)> next);
  void send_attempt(const core::RoundConfig& round, const std::string& contest, const std::string& attempt_id,
                    std::int64_t now, Reply reply);

  ContestCatalog& catalog_;
  store::EntryRepository& entries_;
  core::Logger& log_;
  Pusher pusher_;
};

// The protocol's `result` of a closed attempt.
nlohmann::json result_json(const core::RoundConfig& round, const store::AttemptResult& r);

}  // namespace rq::app
