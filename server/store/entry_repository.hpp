// Participants and their attempts in Redis. Every change of an attempt is
// one Lua script (lua/attempt_*.lua) that checks the rules by Redis' clock
// and writes the change and its audit event together.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/contest/contest.hpp"
#include "core/contest/draw.hpp"
#include "core/contest/shown_options.hpp"
#include "core/contest/profile.hpp"
#include "store/redis_client.hpp"
#include "store/store_result.hpp"

namespace rq::store {

struct ParticipantRecord {
  std::string id;
  std::string name;
  std::string phone;
  std::string birth_date;
  std::string unit;
  std::string category;
  std::string id_number;
  std::string email;
  std::string password_hash;
  bool excluded = false;
  std::string registered_from;  // the client address at registration (organiser-only)
  // The optional fields, when the contest asks for them (empty otherwise).
  std::string gender;
  std::string address;
  std::string commune;
};

struct StartOutcome {
  std::string kind;        // "started", "resume", "expire_first" or "error"
  std::string attempt_id;  // for started, resume, expire_first
  std::string error;       // protocol code, for kind == "error"
  std::int64_t now = 0;
};

struct AttemptResult {
  std::string attempt_id;
  std::string round;
  std::string status;  // "submitted" or "expired"
  int score = 0, max_score = 0, correct = 0, total = 0;
  bool all_answered = false;
  std::int64_t submitted_at = 0, duration_ms = 0;
  int number = 0;
  std::optional<long long> prediction;
  std::int64_t now = 0;
  std::string counted_attempt;  // the person's attempt that counts so far
  int attempts_used = 0;
  bool closed_now = false;      // this call closed it (not a repeat of an earlier close)
};

// A running attempt as its owner may see it: the questions as shown
// (shown option ids and the bank ids they stand for, never the right ones;
// the texts come from the bank version), and the answers so far.
struct AttemptView {
  std::string id, round, participant, status;
  int number = 0;
  std::int64_t started_at = 0, deadline = 0;
  std::string bank;
  long long bank_version = 0;
  std::vector<core::ShownQuestion> questions;  // `correct` always empty here
  std::map<std::string, std::vector<std::string>> answers;
  std::optional<long long> prediction;  // as saved so far
};

// A participant's standing in one round (lua/participant_standing.lua).
struct RoundStanding {
  std::string round;
  int attempts_used = 0;
  std::string running;        // an attempt whose deadline is ahead, or ""
  std::int64_t deadline = 0;  // of the running attempt
  std::optional<AttemptResult> counted;  // the attempt that counts so far
};

// Whose an attempt is and in which round: what the submit script's keys need.
struct AttemptOwner {
  std::string participant;
  std::string round;
};

// A script's refusal: the protocol's error code ("attempt_closed", …).
template <class T>
struct Checked {
  std::string error;  // empty when value holds
  T value{};
};

class EntryRepository {
 public:
  explicit EntryRepository(RedisClient& redis) : redis_(redis) {}

  // Checked.error "phone" or "id_number" when taken.
  void register_participant(const std::string& contest, const ParticipantRecord& p,
                            std::function<void(StoreResult<Checked<std::int64_t>>)> done);
  void participant_by_phone(const std::string& contest, const std::string& phone,
                            std::function<void(StoreResult<std::string>)> done);
  void participant(const std::string& contest, const std::string& id,
                   std::function<void(StoreResult<ParticipantRecord>)> done);
  void create_token(const std::string& token_hash, const std::string& contest, const std::string& participant,
                    std::int64_t ttl_ms, std::function<void(StoreResult<bool>)> done);
  // {contest, participant}; not_found when unknown or expired.
  void token(const std::string& token_hash,
             std::function<void(StoreResult<std::pair<std::string, std::string>>)> done);

  void start_attempt(const std::string& contest, const core::RoundConfig& round, const std::string& participant,
                     const std::string& attempt_id, const std::vector<core::ShownQuestion>& questions,
                     std::uint64_t seed, const std::string& bank, long long bank_version,
                     std::function<void(StoreResult<StartOutcome>)> done);
  void answer(const std::string& contest, const std::string& attempt_id, const std::string& participant,
              const std::string& question, std::vector<std::string> choices,
              std::function<void(StoreResult<Checked<std::int64_t>>)> done);
  // The prediction as typed; nullopt clears it. Checked.error as answer's.
  void save_prediction(const std::string& contest, const std::string& attempt_id, const std::string& participant,
                       std::optional<long long> prediction, std::function<void(StoreResult<Checked<std::int64_t>>)> done);
  // not_found when there is no such attempt.
  void owner(const std::string& contest, const std::string& attempt_id,
             std::function<void(StoreResult<AttemptOwner>)> done);
  // `owner` is the attempt's (from owner()); `participant` is who asks, checked
  // against it by the script: "" with mode "expire" is the sweeper.
  void submit(const std::string& contest, const std::string& attempt_id, const AttemptOwner& owner,
              const std::string& participant, const std::string& mode, std::optional<long long> prediction,
              core::CountedAttempt counted,
              std::function<void(StoreResult<Checked<AttemptResult>>)> done);
  void attempt(const std::string& contest, const std::string& attempt_id,
               std::function<void(StoreResult<AttemptView>)> done);
  void standing(const std::string& contest, const std::vector<std::string>& rounds, const std::string& participant,
                std::function<void(StoreResult<std::vector<RoundStanding>>)> done);

 private:
  // The scripts that read attempts named in a person hash are told which
  // they expect, and answer "changed" when those moved on (a script may
  // only touch the keys it is given); a call asks again at most this often.
  static constexpr int kExpectationTries = 4;
  void run_start(const std::string& contest, std::vector<std::string> start_keys, std::vector<std::string> args,
                 int tries_left, std::function<void(StoreResult<StartOutcome>)> done);
  void run_standing(const std::string& contest, const std::vector<std::string>& rounds, const std::string& participant,
                    std::vector<std::string> expected, int tries_left,
                    std::function<void(StoreResult<std::vector<RoundStanding>>)> done);
  RedisClient& redis_;
};


}  // namespace rq::store
