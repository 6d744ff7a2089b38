// What `reformquiz results verify` compares: the published results document
// against one recomputed from the stored attempts, field by field, so every
// difference is named by its path ("winners[0].name: published 'A',
// recomputed 'B'").
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rq::core {

// Differences between two JSON documents, at most `limit` of them; fields
// in `ignored` (top-level keys such as "computed_at") are skipped.
std::vector<std::string> json_differences(const nlohmann::json& published, const nlohmann::json& recomputed,
                                          const std::vector<std::string>& ignored = {}, std::size_t limit = 50);

}  // namespace rq::core
