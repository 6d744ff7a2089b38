// A round's state and results in Redis: the organiser's close, the entries
// and people that finalize reads, the draft it writes, and the published
// copy (lua/round_close.lua, lua/round_cut_short.lua, lua/round_publish.lua).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/contest/contest_view.hpp"
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
  // How the attempt showed its questions: the draw's seed and bank version,
  // and per question the shown option ids and the bank ids they stand for.
  std::uint64_t seed = 0;
  std::string bank;
  long long bank_version = 0;
  std::map<std::string, std::vector<std::string>> shown, mapped;
  int score = 0;
  bool all_answered = false;
};

// A finalized round as finalize stores it.
struct DraftResults {
  std::string document;     // the whole results JSON (full ranking, contact details)
  std::string public_part;  // {round, summary, winners, collective} as JSON
  std::vector<std::pair<std::string, std::string>> lines;  // participant -> their line as JSON
  // The latest disqualification change the draft took into account (ms, 0:
  // none): publishing refuses the draft once a later change exists.
  std::int64_t disqualifications_as_of = 0;
};

struct RoundState {
  std::int64_t closed_at = 0;     // 0: not closed early
  std::int64_t published_at = 0;  // 0: not published
  std::size_t running = 0;        // attempts of the round still open
  std::size_t submitted = 0;      // attempts submitted or expired (the round's entries)
  std::size_t started = 0;        // attempts ever started
  std::size_t entrants = 0;       // people who started at least one attempt
  std::size_t registered = 0;     // participants of the whole contest
  bool finalized = false;         // a draft exists
};

class ResultsRepository {
 public:
  explicit ResultsRepository(RedisClient& redis) : redis_(redis) {}

  // Early closes and publications of the given rounds, for public views.
  void marks(const std::string& contest, const std::vector<std::string>& rounds,
             std::function<void(StoreResult<std::map<std::string, core::RoundMarks>>)> done);
  // {closed_at, attempts cut short}: stops new attempts, then cuts the
  // running ones short (the deadline of each becomes the moment it is cut).
  void close_round(const std::string& contest, const std::string& round, const std::string& organiser,
                   std::function<void(StoreResult<std::pair<std::int64_t, long long>>)> done);
  // One consistent read of the round's state and counts (lua/round_stats.lua).
  void state(const std::string& contest, const std::string& round, std::function<void(StoreResult<RoundState>)> done);
  // The round's attempts still open (started, not yet submitted or expired).
  void running_attempts(const std::string& contest, const std::string& round,
                        std::function<void(StoreResult<std::vector<std::string>>)> done);
  void entries(const std::string& contest, const std::string& round,
               std::function<void(StoreResult<std::vector<core::Entry>>)> done);
  void people(const std::string& contest, const std::set<std::string>& ids,
              std::function<void(StoreResult<std::map<std::string, core::Person>>)> done);
  // Stores the draft in its three parts (the whole document, its public
  // part, each person's line) and its audit event (who finalized, on how
  // many entries).
  void save_draft(const std::string& contest, const std::string& round, const DraftResults& draft,
                  const std::string& organiser, std::size_t entries, std::size_t winners,
                  std::function<void(StoreResult<bool>)> done);
  // "published", "already" or "no_draft", with the time; or "stale" with the
  // time of a disqualification change the draft predates.
  void publish(const std::string& contest, const std::string& round, const std::string& organiser,
               std::function<void(StoreResult<std::pair<std::string, std::int64_t>>)> done);
  // The JSON under rq:{c}:round:<r>:draft or :published; not_found when absent.
  void draft(const std::string& contest, const std::string& round, std::function<void(StoreResult<std::string>)> done);
  void published(const std::string& contest, const std::string& round,
                 std::function<void(StoreResult<std::string>)> done);
  // Every published personal line: participant -> JSON text (for audits).
  void personal_lines(const std::string& contest, const std::string& round,
                      std::function<void(StoreResult<std::map<std::string, std::string>>)> done);
  // The published public part {round, summary, winners, collective} as JSON
  // text; not_found before publication.
  void public_results(const std::string& contest, const std::string& round,
                      std::function<void(StoreResult<std::string>)> done);
  // One person's published ranking line as JSON text; not_found when they
  // have none (no entry in the round).
  void personal_line(const std::string& contest, const std::string& round, const std::string& participant,
                     std::function<void(StoreResult<std::string>)> done);
  // For audits only (reformquiz results verify): reads the right answers too.
  void stored_answers(const std::string& contest, const std::string& attempt_id,
                      std::function<void(StoreResult<StoredAnswers>)> done);

 private:
  // Ends the given running attempts now, in batches; the number cut.
  void cut_short(const std::string& contest, const std::string& round, std::vector<std::string> attempts,
                 std::function<void(StoreResult<long long>)> done);
  void get(const std::string& key, std::function<void(StoreResult<std::string>)> done);
  RedisClient& redis_;
};

}  // namespace rq::store
