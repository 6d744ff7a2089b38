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
#include "store/keys.hpp"
#include "store/results_repository.hpp"

namespace rq::app {

inline void read_public_view(store::ResultsRepository& results, std::shared_ptr<const core::ContestConfig> config,
                             std::function<void(store::StoreResult<nlohmann::json>)> done) {
  std::vector<std::string> rounds;
  for (const auto& r : config->rounds) rounds.push_back(r.id);
  // The final's publication is read with the rounds' marks, in the same script.
  if (config->final_ranking) rounds.emplace_back(store::keys::kFinal);
  results.marks(config->id, rounds, [config, done](store::StoreResult<std::map<std::string, core::RoundMarks>> m) {
    if (!m.ok()) return done({m.error, m.detail, {}});
    auto final_mark = m.value.find(std::string(store::keys::kFinal));
    std::int64_t final_published_at = final_mark == m.value.end() ? 0 : final_mark->second.published_at;
    done({store::StoreError::none, {}, core::public_contest_view(*config, core::now_ms(), m.value, final_published_at)});
  });
}

}  // namespace rq::app
