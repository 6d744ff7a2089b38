#include "core/contest/scoring.hpp"

#include <algorithm>

namespace rq::core {

EntryScore score_entry(const std::vector<DrawnQuestion>& questions,
                       const std::map<std::string, std::vector<std::string>>& answers) {
  EntryScore s;
  s.total = static_cast<int>(questions.size());
  s.max_score = s.total;
  s.all_answered = true;
  for (const auto& q : questions) {
    auto it = answers.find(q.id);
    if (it == answers.end() || it->second.empty()) {
      s.all_answered = false;
      continue;
    }
    auto chosen = it->second;
    auto right = q.correct;
    std::sort(chosen.begin(), chosen.end());
    chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
    std::sort(right.begin(), right.end());
    if (chosen == right) {
      ++s.correct;
      ++s.score;
    }
  }
  return s;
}

}  // namespace rq::core
