// Question banks in Redis: each import stores a new immutable version under
// the bank's id (lua/bank_save.lua), and the head keeps the latest version's
// summary for listings. See keys.hpp for the keys.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/bank/bank_import.hpp"
#include "core/bank/question_bank.hpp"
#include "store/redis_client.hpp"
#include "store/store_result.hpp"

namespace rq::store {

struct BankSummary {
  std::string id;
  std::string title;
  std::string language;
  long long version = 0;
  std::size_t questions = 0;
  std::vector<core::TopicCount> topics;
  std::int64_t stored_at = 0;
};

struct StoredBank {
  BankSummary summary;
  core::QuestionBank bank;
};

class BankRepository {
 public:
  explicit BankRepository(RedisClient& redis) : redis_(redis) {}

  // Stores the bank (already validated) as its next version.
  void save(const core::QuestionBank& bank, std::int64_t now_ms,
            std::function<void(StoreResult<BankSummary>)> done);
  void list(std::function<void(StoreResult<std::vector<BankSummary>>)> done);
  // The latest version, or the given one; not_found when there is none.
  void load(const std::string& id, std::optional<long long> version, std::function<void(StoreResult<StoredBank>)> done);
  // The latest version's summary (topics with their counts); not_found when none.
  void summary(const std::string& id, std::function<void(StoreResult<BankSummary>)> done);

 private:
  static constexpr int kVersionTries = 4;  // imports of one bank racing for a version number
  void store_version(std::string bank_json, BankSummary summary, long long version, int tries_left,
                     std::function<void(StoreResult<BankSummary>)> done);
  RedisClient& redis_;
};

}  // namespace rq::store
