// A round's state and results in Redis: the organiser's close, the entries
// and people that finalize reads, the draft it writes, and the published
// copy (lua/round_close.lua, lua/round_publish.lua).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/results/entry.hpp"
#include "store/redis_client.hpp"
#include "store/store_result.hpp"

namespace rq::store {

// An attempt as stored, for re-scoring: its questions' right answers and the
// chosen options, both as option id lists, and the score the script stored.
struct StoredAnswers {
  std::vector<std::string> questions;
  std::map<std::string, std::vector<std::string>> correct;
  std::map<std::string, std::vector<std::string>> chosen;
  int score = 0;
  bool all_answered = false;
};

struct RoundState {
  std::int64_t closed_at = 0;     // 0: not closed early
  std::int64_t published_at = 0;  // 0: not published
  std::size_t running = 0;        // attempts of the round still open
};

class ResultsRepository {
 public:
  explicit ResultsRepository(RedisClient& redis) : redis_(redis) {}

  // {closed_at, attempts cut short}
  void close_round(const std::string& contest, const std::string& round, const std::string& organiser,
                   std::function<void(StoreResult<std::pair<std::int64_t, long long>>)> done);
  void state(const std::string& contest, const std::string& round, std::function<void(StoreResult<RoundState>)> done);
  void entries(const std::string& contest, const std::string& round,
               std::function<void(StoreResult<std::vector<core::Entry>>)> done);
  void people(const std::string& contest, const std::set<std::string>& ids,
              std::function<void(StoreResult<std::map<std::string, core::Person>>)> done);
  // Stores the draft and its audit event (who finalized, on how many entries).
  void save_draft(const std::string& contest, const std::string& round, const std::string& json,
                  const std::string& organiser, std::size_t entries, std::size_t winners,
                  std::function<void(StoreResult<bool>)> done);
  // "published", "already" or "no_draft", with the time.
  void publish(const std::string& contest, const std::string& round, const std::string& organiser,
               std::function<void(StoreResult<std::pair<std::string, std::int64_t>>)> done);
  // The JSON under rq:{c}:round:<r>:draft or :published; not_found when absent.
  void draft(const std::string& contest, const std::string& round, std::function<void(StoreResult<std::string>)> done);
  void published(const std::string& contest, const std::string& round,
                 std::function<void(StoreResult<std::string>)> done);
  // For audits only (reformquiz results verify): reads the right answers too.
  void stored_answers(const std::string& contest, const std::string& attempt_id,
                      std::function<void(StoreResult<StoredAnswers>)> done);

 private:
  void get(const std::string& key, std::function<void(StoreResult<std::string>)> done);
  RedisClient& redis_;
};

}  // namespace rq::store
