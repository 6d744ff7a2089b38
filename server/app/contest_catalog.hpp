// The gateway's copies of what never changes once stored: contest
// configurations (immutable after creation) and question bank versions
// (each import is a new version). Every contestant flow starts here, so the
// answer path reads neither from Redis.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "app/outcome.hpp"
#include "core/bank/question_bank.hpp"
#include "core/contest/contest.hpp"
#include "core/observability/log.hpp"
#include "store/bank_repository.hpp"
#include "store/contest_repository.hpp"

namespace rq::app {

class ContestCatalog {
 public:
  // banks_kept: at most this many bank versions are kept in memory (the
  // latest of each bank in use and the versions running attempts were drawn
  // from), --bank-cache-versions.
  ContestCatalog(store::ContestRepository& contests, store::BankRepository& banks, core::Logger& log,
                 std::size_t banks_kept = 16)
      : contests_(contests), banks_(banks), log_(log), banks_kept_(banks_kept) {}

  using Contest = std::shared_ptr<const core::ContestConfig>;
  using Bank = std::shared_ptr<const core::QuestionBank>;

  // The contest's configuration; replies not_found / unavailable itself
  // (with field "contest") when there is none.
  void with_contest(const std::string& id, const Reply& reply, std::function<void(Contest)> next);
  // The bank's latest version (its head is read each time: an import may
  // have stored a newer one), with that version's number.
  void with_latest_bank(const std::string& id, const Reply& reply, std::function<void(Bank, long long)> next);
  // One stored version, which never changes.
  void with_bank_version(const std::string& id, long long version, const Reply& reply, std::function<void(Bank)> next);

 private:
  Bank cached(const std::string& id, long long version);
  void keep(const std::string& id, long long version, Bank bank);

  store::ContestRepository& contests_;
  store::BankRepository& banks_;
  core::Logger& log_;
  std::size_t banks_kept_;
  std::map<std::string, Contest> contests_cache_;
  // Most recently used first.
  std::list<std::pair<std::pair<std::string, long long>, Bank>> banks_cache_;
};

const core::RoundConfig* find_round(const core::ContestConfig& contest, const std::string& round);

}  // namespace rq::app
