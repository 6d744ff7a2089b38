// A contest's public view with what its rounds' state adds to the
// configuration (an early close by the organiser, a publication), read in
// one round trip. Shared by the HTTP endpoints and the WebSocket subscribe.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/contest/contest_view.hpp"
#include "store/results_repository.hpp"

namespace rq::app {

inline void read_public_view(store::ResultsRepository& results, std::shared_ptr<const core::ContestConfig> config,
                             std::function<void(store::StoreResult<nlohmann::json>)> done) {
  std::vector<std::string> rounds;
  for (const auto& r : config->rounds) rounds.push_back(r.id);
  results.marks(config->id, rounds, [config, done](store::StoreResult<std::map<std::string, core::RoundMarks>> m) {
    if (!m.ok()) return done({m.error, m.detail, {}});
    done({store::StoreError::none, {}, core::public_contest_view(*config, core::now_ms(), m.value)});
  });
}

}  // namespace rq::app
