#include "store/bank_repository.hpp"

#include <algorithm>
#include <memory>

#include <nlohmann/json.hpp>

#include "core/bank/bank_export.hpp"
#include "store/keys.hpp"
#include "store/lua_script.hpp"
#include "store/reply_values.hpp"

namespace rq::store {
namespace {

nlohmann::json topics_json(const std::vector<core::TopicCount>& topics) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : topics) out.push_back({{"id", t.id}, {"name", t.name}, {"questions", t.questions}});
  return out;
}

// A head hash as HGETALL returns it: field, value, field, value…
bool parse_head(const std::string& id, const RedisReply& reply, BankSummary& out) {
  if (reply.kind != RedisReply::Kind::array || reply.elements.empty()) return false;
  out.id = id;
  for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    const auto& k = reply.elements[i].str;
    const auto& v = reply.elements[i + 1].str;
    if (k == "version") out.version = std::stoll(v);
    else if (k == "title") out.title = v;
    else if (k == "language") out.language = v;
    else if (k == "questions") out.questions = std::stoul(v);
    else if (k == "stored_at") out.stored_at = std::stoll(v);
    else if (k == "topics") {
      auto topics = nlohmann::json::parse(v, nullptr, false);
      if (topics.is_array()) {
        for (const auto& t : topics) out.topics.push_back({t.value("id", ""), t.value("name", ""), t.value("questions", 0u)});
      }
    }
  }
  return out.version > 0;
}

}  // namespace

void BankRepository::save(const core::QuestionBank& bank, std::int64_t now_ms,
                          std::function<void(StoreResult<BankSummary>)> done) {
  BankSummary summary;
  summary.id = bank.id;
  summary.title = bank.title;
  summary.language = bank.language;
  summary.questions = bank.questions.size();
  summary.topics = core::count_by_topic(bank);
  summary.stored_at = now_ms;
  // Indexed first: a bank whose store then fails is listed without a head and
  // skipped by list(); the reverse would store a bank nobody can find.
  redis_.command({"SADD", keys::bank_index(), bank.id}, [this, bank_json = core::bank_to_json(bank).dump(), summary,
                                                        done = std::move(done)](RedisResult added) mutable {
    if (!added.ok()) {
      done({store_error_of(added), detail_of(added), {}});
      return;
    }
    // The latest version first (a few bytes), so that the bank itself, which
    // may be megabytes, is sent once unless another import comes between.
    auto head = keys::bank_head(summary.id);  // before the callback takes the summary
    redis_.command({"HGET", std::move(head), "version"},
                   [this, bank_json = std::move(bank_json), summary = std::move(summary),
                    done = std::move(done)](RedisResult latest) mutable {
                     if (!latest.ok()) return done({store_error_of(latest), detail_of(latest), {}});
                     long long next = (latest.reply.is_nil() ? 0 : reply_integer(latest.reply)) + 1;
                     store_version(std::move(bank_json), std::move(summary), next, kVersionTries, std::move(done));
                   });
  });
}

// Names the version it writes (lua/bank_save.lua); when another import took
// that number, asks again with the next one.
void BankRepository::store_version(std::string bank_json, BankSummary summary, long long version, int tries_left,
                                   std::function<void(StoreResult<BankSummary>)> done) {
  std::vector<std::string> args{bank_json,
                                summary.title,
                                summary.language,
                                std::to_string(summary.questions),
                                topics_json(summary.topics).dump(),
                                std::to_string(summary.stored_at),
                                std::to_string(version)};
  std::vector<std::string> save_keys{keys::bank_head(summary.id), keys::bank_version(summary.id, version)};
  redis_.eval(lua_script("bank_save"), std::move(save_keys), std::move(args),
              [this, bank_json = std::move(bank_json), summary = std::move(summary), tries_left,
               done = std::move(done)](RedisResult r) mutable {
                if (!r.ok() || r.reply.elements.size() != 2) return done({store_error_of(r), detail_of(r), {}});
                long long n = reply_integer(r.reply.elements[1]);
                if (r.reply.elements[0].str == "changed") {
                  if (tries_left <= 1) return done({StoreError::unavailable, "other imports of the bank kept coming first", {}});
                  return store_version(std::move(bank_json), std::move(summary), n + 1, tries_left - 1, std::move(done));
                }
                summary.version = n;
                done({StoreError::none, {}, std::move(summary)});
              });
}

void BankRepository::summary(const std::string& id, std::function<void(StoreResult<BankSummary>)> done) {
  redis_.command({"HGETALL", keys::bank_head(id)}, [id, done = std::move(done)](RedisResult r) {
    if (!r.ok()) {
      done({store_error_of(r), detail_of(r), {}});
      return;
    }
    BankSummary summary;
    if (!parse_head(id, r.reply, summary)) {
      done({StoreError::not_found, "no bank '" + id + "'", {}});
      return;
    }
    done({StoreError::none, {}, std::move(summary)});
  });
}

void BankRepository::list(std::function<void(StoreResult<std::vector<BankSummary>>)> done) {
  redis_.command({"SMEMBERS", keys::bank_index()}, [this, done = std::move(done)](RedisResult r) mutable {
    if (!r.ok()) {
      done({store_error_of(r), detail_of(r), {}});
      return;
    }
    auto ids = sorted_ids(r.reply, keys::is_valid_id);
    struct Gather {
      std::vector<std::optional<BankSummary>> found;
      std::size_t remaining;
      StoreError error = StoreError::none;
      std::string detail;
      std::function<void(StoreResult<std::vector<BankSummary>>)> done;
    };
    auto gather = std::make_shared<Gather>(Gather{std::vector<std::optional<BankSummary>>(ids.size()), ids.size(),
                                                  StoreError::none, {}, std::move(done)});
    auto finish = [gather] {
      if (gather->error != StoreError::none) {
        gather->done({gather->error, gather->detail, {}});
        return;
      }
      std::vector<BankSummary> out;
      for (auto& s : gather->found) {
        if (s) out.push_back(std::move(*s));
      }
      gather->done({StoreError::none, {}, std::move(out)});
    };
    if (ids.empty()) {
      finish();
      return;
    }
    // Issued together: one round trip's worth of latency for any number of banks.
    for (std::size_t i = 0; i < ids.size(); ++i) {
      summary(ids[i], [gather, i, finish](StoreResult<BankSummary> s) {
        if (s.ok()) gather->found[i] = std::move(s.value);
        else if (s.error != StoreError::not_found) {
          gather->error = s.error;
          gather->detail = s.detail;
        }
        if (--gather->remaining == 0) finish();
      });
    }
  });
}

void BankRepository::load(const std::string& id, std::optional<long long> version,
                          std::function<void(StoreResult<StoredBank>)> done) {
  summary(id, [this, id, version, done = std::move(done)](StoreResult<BankSummary> head) mutable {
    if (!head.ok()) {
      done({head.error, head.detail, {}});
      return;
    }
    long long wanted = version.value_or(head.value.version);
    if (wanted < 1 || wanted > head.value.version) {
      done({StoreError::not_found, "bank '" + id + "' has no version " + std::to_string(wanted), {}});
      return;
    }
    redis_.command({"GET", keys::bank_version(id, wanted)},
                   [wanted, summary = std::move(head.value), done = std::move(done)](RedisResult r) mutable {
                     if (!r.ok()) {
                       done({store_error_of(r), detail_of(r), {}});
                       return;
                     }
                     if (r.reply.is_nil()) {
                       done({StoreError::not_found, "version " + std::to_string(wanted) + " is missing", {}});
                       return;
                     }
                     auto json = nlohmann::json::parse(r.reply.str, nullptr, false);
                     if (json.is_discarded()) {
                       done({StoreError::internal, "stored bank is not JSON", {}});
                       return;
                     }
                     StoredBank stored;
                     try {
                       stored.bank = core::bank_from_json(json);
                     } catch (const nlohmann::json::exception& e) {
                       done({StoreError::internal, std::string("stored bank is malformed: ") + e.what(), {}});
                       return;
                     }
                     summary.version = wanted;
                     summary.title = stored.bank.title;
                     summary.language = stored.bank.language;
                     summary.questions = stored.bank.questions.size();
                     summary.topics = core::count_by_topic(stored.bank);
                     stored.summary = std::move(summary);
                     done({StoreError::none, {}, std::move(stored)});
                   });
  });
}

}  // namespace rq::store
