#include "app/contest_catalog.hpp"

#include "core/contest/contest_config.hpp"
#include "store/keys.hpp"

namespace rq::app {

using core::ErrorCode;

const core::RoundConfig* find_round(const core::ContestConfig& contest, const std::string& round) {
  for (const auto& r : contest.rounds) {
    if (r.id == round) return &r;
  }
  return nullptr;
}

void ContestCatalog::with_contest(const std::string& id, const Reply& reply, std::function<void(Contest)> next) {
  if (auto it = contests_cache_.find(id); it != contests_cache_.end()) return next(it->second);
  if (!store::keys::is_valid_id(id)) return reply(Outcome::fail(ErrorCode::not_found, "no contest '" + id + "'", "contest"));
  contests_.config(id, [this, id, reply, next = std::move(next)](store::StoreResult<std::string> r) {
    if (!r.ok()) {
      auto o = store_failure(r.error);
      o.field = "contest";
      return reply(std::move(o));
    }
    auto parsed = core::parse_contest_config(r.value);
    if (!parsed.ok()) {
      log_.error("stored contest no longer parses", {{"contest", id}});
      return reply(Outcome::fail(ErrorCode::internal));
    }
    auto config = std::make_shared<const core::ContestConfig>(std::move(parsed.config));
    contests_cache_[id] = config;
    next(config);
  });
}

void ContestCatalog::with_latest_bank(const std::string& id, const Reply& reply, std::function<void(Bank, long long)> next) {
  banks_.summary(id, [this, id, reply, next = std::move(next)](store::StoreResult<store::BankSummary> s) {
    if (!s.ok()) return reply(store_failure(s.error));
    long long version = s.value.version;
    with_bank_version(id, version, reply, [next, version](Bank bank) { next(std::move(bank), version); });
  });
}

void ContestCatalog::with_bank_version(const std::string& id, long long version, const Reply& reply,
                                       std::function<void(Bank)> next) {
  if (auto bank = cached(id, version)) return next(bank);
  banks_.load(id, version, [this, id, version, reply, next = std::move(next)](store::StoreResult<store::StoredBank> b) {
    if (!b.ok()) return reply(store_failure(b.error));
    auto bank = std::make_shared<const core::QuestionBank>(std::move(b.value.bank));
    keep(id, version, bank);
    next(bank);
  });
}

ContestCatalog::Bank ContestCatalog::cached(const std::string& id, long long version) {
  for (auto it = banks_cache_.begin(); it != banks_cache_.end(); ++it) {
    if (it->first.first == id && it->first.second == version) {
      banks_cache_.splice(banks_cache_.begin(), banks_cache_, it);
      return banks_cache_.front().second;
    }
  }
  return nullptr;
}

void ContestCatalog::keep(const std::string& id, long long version, Bank bank) {
  if (cached(id, version)) return;  // two loads raced; the first is kept
  banks_cache_.emplace_front(std::make_pair(id, version), std::move(bank));
  while (banks_cache_.size() > std::max<std::size_t>(1, banks_kept_)) banks_cache_.pop_back();
}

}  // namespace rq::app
