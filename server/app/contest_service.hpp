// The contestant flows of protocol v1 over WebSocket: register, login, hello
// with a token, attempt.start, answer and submit. Each turns a request into
// store calls (one Lua script per state change) and one reply. Contest
// configurations and banks are cached in the gateway: configurations never
// change once created, and a bank is cached per stored version.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cpu_worker.hpp"
#include "core/bank/question_bank.hpp"
#include "core/contest/contest.hpp"
#include "core/observability/log.hpp"
#include "core/protocol/error_code.hpp"
#include "store/bank_repository.hpp"
#include "store/contest_repository.hpp"
#include "store/entry_repository.hpp"
#include "store/results_repository.hpp"

namespace rq::app {

// Who a connection is, once it registered, logged in or said hello with a token.
struct Identity {
  std::string contest;
  std::string participant;
};

// A reply: either a success frame's type and body, or an error.
struct Outcome {
  std::string type;  // "registered", "attempt", … ; empty for an error
  nlohmann::json body;
  core::ErrorCode error = core::ErrorCode::internal;
  std::string detail;
  std::string field;
  std::optional<Identity> identity;  // set when the session becomes this participant

  static Outcome ok(std::string type, nlohmann::json body) { return {std::move(type), std::move(body)}; }
  static Outcome fail(core::ErrorCode code, std::string detail = {}, std::string field = {}) {
    Outcome o;
    o.error = code;
    o.detail = std::move(detail);
    o.field = std::move(field);
    return o;
  }
};

using Reply = std::function<void(Outcome)>;

class ContestService {
 public:
  ContestService(store::ContestRepository& contests, store::BankRepository& banks, store::EntryRepository& entries,
                 store::ResultsRepository& results, CpuWorker& worker, core::Logger& log);

  void register_participant(const nlohmann::json& request, Reply reply);
  // Failed logins are limited per phone (10) and per address (50) in 15 minutes.
  void login(const nlohmann::json& request, const std::string& address, Reply reply);
  // hello {token}: who the token belongs to.
  void resume_session(const std::string& token, Reply reply);
  void start_attempt(const Identity& who, const nlohmann::json& request, Reply reply);
  void answer(const Identity& who, const nlohmann::json& request, Reply reply);
  void submit(const Identity& who, const nlohmann::json& request, Reply reply);
  // entries {contest}: the asker's standing in each round (attempts used and
  // left, the attempt running, the result that counts so far).
  void standing(const Identity& who, const nlohmann::json& request, Reply reply);

  // subscribe {contest}: the public view, with rounds and their status.
  void contest_view(const std::string& contest, Reply reply);
  // results {contest, round}: the published results, with the asker's own
  // ranking line when they are a participant of the contest.
  void round_results(const nlohmann::json& request, const std::optional<Identity>& who, Reply reply);

  // The sweeper's: closes an overdue attempt as it stands and pushes
  // attempt.expired to its owner's sessions. done runs in every case.
  void expire(const std::string& contest, const std::string& attempt_id, std::function<void()> done);

  // Where pushes for a participant go (the WebSocket gateway's sessions).
  using Pusher = std::function<void(const std::string& contest, const std::string& participant, std::string frame)>;
  void on_push(Pusher pusher) { pusher_ = std::move(pusher); }

 private:
  using ConfigReady = std::function<void(std::shared_ptr<const core::ContestConfig>)>;
  // The contest's configuration from the cache or the store; replies
  // not_found/unavailable itself when there is none.
  void with_contest(const std::string& id, const Reply& reply, ConfigReady next);
  void with_bank(const std::string& id, const Reply& reply,
                 std::function<void(std::shared_ptr<const core::QuestionBank>, long long version)> next);
  void issue_token(const std::string& contest, const store::ParticipantRecord& p, Reply reply);
  void send_attempt(const core::ContestConfig& contest, const core::RoundConfig& round, const std::string& attempt_id,
                    std::int64_t now, Reply reply);
  nlohmann::json result_json(const core::RoundConfig& round, const store::AttemptResult& r) const;

  store::ContestRepository& contests_;
  store::BankRepository& banks_;
  store::EntryRepository& entries_;
  store::ResultsRepository& results_;
  CpuWorker& worker_;
  core::Logger& log_;
  std::map<std::string, std::shared_ptr<const core::ContestConfig>> contest_cache_;
  std::map<std::string, std::pair<long long, std::shared_ptr<const core::QuestionBank>>> bank_cache_;
  Pusher pusher_;
};

}  // namespace rq::app
