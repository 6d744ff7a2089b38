// What contestants and the public read of a contest: its public view (the
// reply to subscribe) and a published round's results. At publication every
// open page asks for the results at once, so a published round's public part
// is read from Redis once per gateway and kept serialised in memory: a
// `results` costs no parse and no copy of it (the reply shares the text),
// plus one HGET for the asker's own line. A new publication of the round,
// announced to every gateway through the push channel, replaces it.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/contest_catalog.hpp"
#include "app/outcome.hpp"
#include "core/observability/log.hpp"
#include "core/observability/metrics.hpp"
#include "core/protocol/requests.hpp"
#include "store/results_repository.hpp"

namespace rq::app {

class ResultsViews {
 public:
  // rounds_kept: published rounds kept in memory at most (a contest has a
  // handful), --results-cache-rounds.
  ResultsViews(ContestCatalog& catalog, store::ResultsRepository& results, core::MetricsRegistry& metrics,
               std::size_t rounds_kept = 256);

  // subscribe {contest}: the public view, with rounds and their status.
  void contest_view(const std::string& contest, Reply reply);
  // results {contest, round}: the published public part, with the asker's
  // own ranking line ("you") when they are a participant of the contest.
  void round_results(const core::ResultsRequest& request, const std::optional<Identity>& who, Reply reply);

  // The published public part {round, summary, winners, collective} as JSON
  // text; not_found before publication.
  using Document = std::shared_ptr<const std::string>;
  void public_document(const std::string& contest, const std::string& round,
                       std::function<void(store::StoreResult<Document>)> done);

  // The round was published (again): the next read loads it anew.
  void forget(const std::string& contest, const std::string& round);

 private:
  using Key = std::pair<std::string, std::string>;
  void loaded(const Key& key, store::StoreResult<std::string> doc);

  ContestCatalog& catalog_;
  store::ResultsRepository& results_;
  std::size_t rounds_kept_;
  std::map<Key, Document> documents_;
  // Reads in flight: requests that arrive meanwhile wait for the same read.
  std::map<Key, std::vector<std::function<void(store::StoreResult<Document>)>>> loading_;
  core::Counter& hits_;
  core::Counter& loads_;
};

}  // namespace rq::app
