#include "store/results_repository.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <memory>

#include "core/security/tokens.hpp"
#include "store/fan_out.hpp"
#include "store/keys.hpp"
#include "store/lua_script.hpp"
#include "store/reply_values.hpp"

namespace rq::store {
namespace {

// "a,b,,d" -> {"a", "b", "", "d"}: the fields of one entry row of
// lua/round_entries_read.lua, empty ones kept in their place.
std::vector<std::string_view> split_fields(std::string_view row) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  for (;;) {
    auto comma = row.find(',', pos);
    out.push_back(row.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    if (comma == std::string_view::npos) return out;
    pos = comma + 1;
  }
}

// A random slug for a staging key.
std::string random_suffix() { return core::random_token().substr(0, 16); }

long long field_integer(std::string_view text) {
  long long value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace
// Closing is two steps: round_close stops new attempts, then the attempts
// still running are cut short in batches (lua/round_cut_short.lua), each
// batch naming its attempts' keys as a script in Redis Cluster must. The
// running set only shrinks once the round is closed, so one read of it
// finds every attempt to cut. Closing a closed round again runs the cut
// again: it finishes a close that was interrupted, and cuts nothing twice.
void ResultsRepository::close_round(const std::string& contest, const std::string& round, const std::string& organiser,
                                    std::function<void(StoreResult<std::pair<std::int64_t, long long>>)> done) {
  redis_.eval(lua_script("round_close"), {keys::round_state(contest, round), keys::contest_events(contest)},
              {round, organiser}, [this, contest, round, done](RedisResult r) {
                if (!r.ok() || r.reply.elements.size() != 2) return done({store_error_of(r), detail_of(r), {}});
                std::int64_t closed_at = reply_integer(r.reply.elements[0]);
                running_attempts(contest, round, [this, contest, round, closed_at, done](auto running) {
                  if (!running.ok()) return done({running.error, running.detail, {}});
                  cut_short(contest, round, std::move(running.value), [closed_at, done](StoreResult<long long> cut) {
                    if (!cut.ok()) return done({cut.error, cut.detail, {}});
                    done({StoreError::none, {}, {closed_at, cut.value}});
                  });
                });
              });
}

void ResultsRepository::cut_short(const std::string& contest, const std::string& round, std::vector<std::string> attempts,
                                  std::function<void(StoreResult<long long>)> done) {
  constexpr std::size_t kBatch = 500;  // attempts per script call: Redis is held for one batch at a time
  if (attempts.empty()) return redis_.post([done] { done({StoreError::none, {}, 0}); });
  struct Gather {
    std::size_t batches_left;
    long long cut = 0;
    std::optional<RedisResult> failed;
    std::function<void(StoreResult<long long>)> done;
  };
  auto g = std::make_shared<Gather>(Gather{(attempts.size() + kBatch - 1) / kBatch, 0, {}, std::move(done)});
  for (std::size_t first = 0; first < attempts.size(); first += kBatch) {
    std::vector<std::string> batch_keys{keys::contest_deadlines(contest), keys::contest_events(contest)};
    for (std::size_t i = first; i < std::min(attempts.size(), first + kBatch); ++i) {
      batch_keys.push_back(keys::attempt(contest, attempts[i]));
    }
    redis_.eval(lua_script("round_cut_short"), std::move(batch_keys), {round}, [g](RedisResult r) {
      if (!r.ok() && !g->failed) g->failed = std::move(r);
      else if (r.ok()) g->cut += reply_integer(r.reply);
      if (--g->batches_left > 0) return;
      if (g->failed) return g->done({store_error_of(*g->failed), detail_of(*g->failed), {}});
      g->done({StoreError::none, {}, g->cut});
    });
  }
}

void ResultsRepository::marks(const std::string& contest, const std::vector<std::string>& rounds,
                              std::function<void(StoreResult<std::map<std::string, core::RoundMarks>>)> done) {
  std::vector<std::string> state_keys;
  for (const auto& r : rounds) state_keys.push_back(keys::round_state(contest, r));
  if (rounds.empty()) return done({StoreError::none, {}, {}});
  redis_.eval(lua_script("round_marks"), std::move(state_keys), {}, [rounds, done](RedisResult r) {
    if (!r.ok() || r.reply.elements.size() != 2 * rounds.size()) return done({store_error_of(r), detail_of(r), {}});
    std::map<std::string, core::RoundMarks> out;
    for (std::size_t i = 0; i < rounds.size(); ++i) {
      out[rounds[i]] = {reply_integer(r.reply.elements[2 * i]), reply_integer(r.reply.elements[2 * i + 1])};
    }
    done({StoreError::none, {}, std::move(out)});
  });
}

void ResultsRepository::state(const std::string& contest, const std::string& round,
                              std::function<void(StoreResult<RoundState>)> done) {
  redis_.eval(lua_script("round_stats"),
              {keys::round_state(contest, round), keys::round_running(contest, round),
               keys::round_entries(contest, round), keys::contest_phones(contest), keys::round_draft(contest, round)},
              {}, [done](RedisResult r) {
                if (!r.ok() || r.reply.elements.size() != 8) return done({store_error_of(r), detail_of(r), {}});
                const auto& e = r.reply.elements;
                auto count = [&](std::size_t i) { return static_cast<std::size_t>(std::max(0LL, reply_integer(e[i]))); };
                RoundState s;
                s.closed_at = reply_integer(e[0]);
                s.published_at = reply_integer(e[1]);
                s.running = count(2);
                s.submitted = count(3);
                s.started = count(4);
                s.entrants = count(5);
                s.registered = count(6);
                s.finalized = reply_integer(e[7]) == 1;
                done({StoreError::none, {}, s});
              });
}

void ResultsRepository::running_attempts(const std::string& contest, const std::string& round,
                                         std::function<void(StoreResult<std::vector<std::string>>)> done) {
  redis_.command({"SMEMBERS", keys::round_running(contest, round)}, [done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), {}});
    done({StoreError::none, {}, sorted_ids(r.reply, keys::is_valid_id)});
  });
}

void ResultsRepository::entries(const std::string& contest, const std::string& round,
                                std::function<void(StoreResult<std::vector<core::Entry>>)> done) {
  redis_.command({"SMEMBERS", keys::round_entries(contest, round)}, [this, contest, done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), {}});
    constexpr std::size_t kBatch = 1000;  // entries per script call (lua/round_entries_read.lua)
    constexpr std::size_t kFields = 11;
    const auto& ids = r.reply.elements;
    if (ids.empty()) return done({StoreError::none, {}, {}});
    struct Gather {
      std::vector<core::Entry> entries;
      std::size_t batches_left;
      StoreError error = StoreError::none;
      std::string detail;
      std::function<void(StoreResult<std::vector<core::Entry>>)> done;
    };
    std::size_t batches = (ids.size() + kBatch - 1) / kBatch;
    auto g = std::make_shared<Gather>(
        Gather{std::vector<core::Entry>(ids.size()), batches, StoreError::none, {}, std::move(done)});
    for (std::size_t first = 0; first < ids.size(); first += kBatch) {
      std::size_t count = std::min(kBatch, ids.size() - first);
      std::vector<std::string> attempt_keys;
      for (std::size_t i = first; i < first + count; ++i) {
        g->entries[i].attempt_id = ids[i].str;
        if (!keys::is_valid_id(ids[i].str)) {
          g->error = StoreError::internal;
          g->detail = "a malformed attempt id in the round's entries";
          attempt_keys.push_back(keys::attempt(contest, "malformed"));  // keeps the batch's positions
          continue;
        }
        attempt_keys.push_back(keys::attempt(contest, ids[i].str));
      }
      // All batches issued together: one round trip's latency for the round.
      redis_.eval(lua_script("round_entries_read"), std::move(attempt_keys), {}, [g, first, count](RedisResult h) {
        if (!h.ok() || h.reply.elements.size() != count) {
          g->error = h.ok() ? StoreError::internal : store_error_of(h);
          g->detail = h.ok() ? "unexpected reply reading entries" : detail_of(h);
        } else {
          for (std::size_t k = 0; k < count; ++k) {
            auto f = split_fields(h.reply.elements[k].str);
            if (f.size() != kFields) {
              g->error = StoreError::internal;
              g->detail = "an entry with " + std::to_string(f.size()) + " fields";
              continue;
            }
            core::Entry& out = g->entries[first + k];
            out.participant_id = std::string(f[0]);
            out.attempt_number = static_cast<int>(field_integer(f[1]));
            out.score = static_cast<int>(field_integer(f[2]));
            out.max_score = static_cast<int>(field_integer(f[3]));
            out.correct = static_cast<int>(field_integer(f[4]));
            out.total = static_cast<int>(field_integer(f[5]));
            out.all_answered = field_integer(f[6]) == 1;
            out.started_at = field_integer(f[7]);
            out.submitted_at = field_integer(f[8]);
            out.duration_ms = field_integer(f[9]);
            if (!f[10].empty()) out.prediction = field_integer(f[10]);
          }
        }
        if (--g->batches_left == 0) {
          if (g->error != StoreError::none) g->done({g->error, g->detail, {}});
          else g->done({StoreError::none, {}, std::move(g->entries)});
        }
      });
    }
  });
}

void ResultsRepository::people(const std::string& contest, const std::set<std::string>& ids,
                               std::function<void(StoreResult<std::map<std::string, core::Person>>)> done) {
  fan_out<core::Person>(
      redis_, {ids.begin(), ids.end()},
      [contest](const std::string& id) {
        return std::vector<std::string>{"HMGET", keys::participant(contest, id), "name", "unit", "category",
                                        "phone", "id_number", "excluded", "gender", "address", "commune"};
      },
      [](const std::string& id, const RedisReply& reply) -> std::optional<core::Person> {
        if (reply.elements.size() != 9) return std::nullopt;
        const auto& e = reply.elements;
        return core::Person{id,       e[0].str, e[1].str, e[2].str, e[3].str, e[4].str, e[5].str == "1", "",
                            e[6].str, e[7].str, e[8].str};
      },
      "participant", [done](StoreResult<std::vector<core::Person>> read) {
        if (!read.ok()) return done({read.error, read.detail, {}});
        std::map<std::string, core::Person> people;
        for (auto& p : read.value) people.emplace(p.id, std::move(p));
        done({StoreError::none, {}, std::move(people)});
      });
}

void ResultsRepository::save_draft(const std::string& contest, const std::string& round, const DraftResults& draft,
                                   const std::string& organiser, std::size_t entries, std::size_t winners,
                                   std::function<void(StoreResult<bool>)> done) {
  // The lines go to a staging key of this finalize's own, in batches (a
  // round may have 100,000 of them), and the script moves them into place
  // with the rest; a finalize that dies half way leaves only a key that expires.
  constexpr std::size_t kLinesPerCommand = 500;
  constexpr std::int64_t kStagingTtlMs = 10 * 60 * 1000;
  std::string staging = keys::round_draft_lines_staging(contest, round, random_suffix());
  auto failed = std::make_shared<std::optional<RedisResult>>();
  for (std::size_t first = 0; first < draft.lines.size(); first += kLinesPerCommand) {
    std::vector<std::string> argv{"HSET", staging};
    for (std::size_t i = first; i < std::min(draft.lines.size(), first + kLinesPerCommand); ++i) {
      argv.push_back(draft.lines[i].first);
      argv.push_back(draft.lines[i].second);
    }
    redis_.command(std::move(argv), [failed](RedisResult r) {
      if (!r.ok() && !*failed) *failed = std::move(r);
    });
    if (first == 0) redis_.command({"PEXPIRE", staging, std::to_string(kStagingTtlMs)}, [](RedisResult) {});
  }
  // Commands on one connection are answered in order: when the script's
  // reply comes, every batch before it has been answered.
  redis_.eval(lua_script("round_draft_save"),
              {keys::round_draft(contest, round), keys::contest_events(contest), keys::round_draft_public(contest, round),
               keys::round_draft_lines(contest, round), staging, keys::round_state(contest, round)},
              {draft.document, round, organiser, std::to_string(entries), std::to_string(winners), draft.public_part,
               std::to_string(draft.lines.size()), std::to_string(draft.disqualifications_as_of)},
              [failed, done](RedisResult r) {
                if (*failed) return done({store_error_of(**failed), detail_of(**failed), false});
                if (!r.ok()) return done({store_error_of(r), detail_of(r), false});
                // A batch lost on a connection that dropped and came back.
                if (r.reply.kind == RedisReply::Kind::array) return done({StoreError::unavailable, "draft lines incomplete", false});
                done({StoreError::none, {}, true});
              });
}

void ResultsRepository::publish(const std::string& contest, const std::string& round, const std::string& organiser,
                                std::function<void(StoreResult<std::pair<std::string, std::int64_t>>)> done) {
  redis_.eval(lua_script("round_publish"),
              {keys::round_state(contest, round), keys::round_draft(contest, round), keys::round_published(contest, round),
               keys::contest_events(contest), keys::round_draft_public(contest, round), keys::round_public(contest, round),
               keys::round_draft_lines(contest, round), keys::round_lines(contest, round),
               keys::contest_disqualified_changed_at(contest)},
              {round, organiser}, [done](RedisResult r) {
                if (!r.ok() || r.reply.elements.size() != 2) return done({store_error_of(r), detail_of(r), {}});
                done({StoreError::none, {}, {r.reply.elements[0].str, reply_integer(r.reply.elements[1])}});
              });
}

void ResultsRepository::stored_answers(const std::string& contest, const std::string& attempt_id,
                                       std::function<void(StoreResult<StoredAnswers>)> done) {
  redis_.command({"HGETALL", keys::attempt(contest, attempt_id)}, [done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), {}});
    if (r.reply.elements.empty()) return done({StoreError::not_found, "no such attempt", {}});
    StoredAnswers a;
    for (std::size_t i = 0; i + 1 < r.reply.elements.size(); i += 2) {
      const auto& k = r.reply.elements[i].str;
      const auto& v = r.reply.elements[i + 1].str;
      if (k == "qids") a.questions = split_ids(v);
      else if (k == "seed") a.seed = std::strtoull(v.c_str(), nullptr, 10);
      else if (k == "bank") a.bank = v;
      else if (k == "bank_version") a.bank_version = reply_integer(r.reply.elements[i + 1]);
      else if (k.rfind("o:", 0) == 0) a.shown[k.substr(2)] = split_ids(v);
      else if (k.rfind("m:", 0) == 0) a.mapped[k.substr(2)] = split_ids(v);
      else if (k == "score") a.score = static_cast<int>(reply_integer(r.reply.elements[i + 1]));
      else if (k == "all_answered") a.all_answered = v == "1";
      else if (k.rfind("c:", 0) == 0) a.correct[k.substr(2)] = split_ids(v);
      else if (k.rfind("a:", 0) == 0) a.chosen[k.substr(2)] = split_ids(v);
    }
    done({StoreError::none, {}, std::move(a)});
  });
}

void ResultsRepository::get(const std::string& key, std::function<void(StoreResult<std::string>)> done) {
  redis_.command({"GET", key}, [done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), {}});
    if (r.reply.is_nil()) return done({StoreError::not_found, "no results", {}});
    done({StoreError::none, {}, r.reply.str});
  });
}

void ResultsRepository::draft(const std::string& contest, const std::string& round,
                              std::function<void(StoreResult<std::string>)> done) {
  get(keys::round_draft(contest, round), std::move(done));
}

void ResultsRepository::published(const std::string& contest, const std::string& round,
                                  std::function<void(StoreResult<std::string>)> done) {
  get(keys::round_published(contest, round), std::move(done));
}

void ResultsRepository::public_results(const std::string& contest, const std::string& round,
                                       std::function<void(StoreResult<std::string>)> done) {
  get(keys::round_public(contest, round), std::move(done));
}

void ResultsRepository::personal_lines(const std::string& contest, const std::string& round,
                                       std::function<void(StoreResult<std::map<std::string, std::string>>)> done) {
  redis_.command({"HGETALL", keys::round_lines(contest, round)}, [done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), {}});
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i + 1 < r.reply.elements.size(); i += 2) out[r.reply.elements[i].str] = r.reply.elements[i + 1].str;
    done({StoreError::none, {}, std::move(out)});
  });
}

void ResultsRepository::personal_line(const std::string& contest, const std::string& round,
                                      const std::string& participant, std::function<void(StoreResult<std::string>)> done) {
  redis_.command({"HGET", keys::round_lines(contest, round), participant}, [done](RedisResult r) {
    if (!r.ok()) return done({store_error_of(r), detail_of(r), {}});
    if (r.reply.is_nil()) return done({StoreError::not_found, "no line", {}});
    done({StoreError::none, {}, r.reply.str});
  });
}

}  // namespace rq::store
