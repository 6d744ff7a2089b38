#include "core/results/item_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace rq::core {

std::size_t discrimination_group_size(std::size_t entries) {
  if (entries < 2) return 0;
  auto n = static_cast<std::size_t>(std::lround(static_cast<double>(entries) * kDiscriminationGroupShare));
  return std::clamp<std::size_t>(n, 1, entries / 2);
}

std::vector<ItemStatistics> item_statistics(const std::vector<AnswerSheet>& sheets) {
  // Entries by score, best first; the first and last `group` are the groups.
  std::vector<const AnswerSheet*> ranked;
  for (const auto& s : sheets) ranked.push_back(&s);
  std::sort(ranked.begin(), ranked.end(), [](const auto* a, const auto* b) {
    return a->score != b->score ? a->score > b->score : a->attempt_id < b->attempt_id;
  });
  const std::size_t group = discrimination_group_size(ranked.size());

  std::map<std::string, ItemStatistics> items;
  std::map<std::string, std::map<std::string, OptionFrequency>> options;
  for (std::size_t rank = 0; rank < ranked.size(); ++rank) {
    const bool upper = rank < group;
    const bool lower = rank >= ranked.size() - group;
    for (const auto& a : ranked[rank]->answers) {
      // By bank and id: two banks of one round may use the same ids.
      const std::string key = ranked[rank]->bank + '\n' + a.question;
      auto& item = items[key];
      item.bank = ranked[rank]->bank;
      item.question = a.question;
      auto& freq = options[key];
      for (const auto& o : a.options) {
        auto& f = freq[o];
        f.option = o;
        f.correct = std::find(a.correct.begin(), a.correct.end(), o) != a.correct.end();
      }
      const bool right = !a.chosen.empty() && a.chosen == a.correct;
      ++item.shown;
      if (!a.chosen.empty()) ++item.answered;
      if (right) ++item.right;
      if (upper) {
        ++item.upper_shown;
        if (right) ++item.upper_right;
      }
      if (lower) {
        ++item.lower_shown;
        if (right) ++item.lower_right;
      }
      for (const auto& o : a.chosen) {
        auto& f = freq[o];
        f.option = o;
        ++f.chosen;
        if (upper) ++f.chosen_upper;
      }
    }
  }

  std::vector<ItemStatistics> out;
  for (auto& [id, item] : items) {
    item.facility = item.shown ? static_cast<double>(item.right) / static_cast<double>(item.shown) : 0.0;
    if (item.upper_shown > 0 && item.lower_shown > 0) {
      item.discrimination = static_cast<double>(item.upper_right) / static_cast<double>(item.upper_shown) -
                            static_cast<double>(item.lower_right) / static_cast<double>(item.lower_shown);
    }
    for (auto& [o, f] : options[id]) item.options.push_back(f);
    if (item.discrimination && *item.discrimination < 0) item.flags.push_back("negative_discrimination");
    for (const auto& f : item.options) {
      if (!f.correct && f.chosen_upper > item.upper_right) {
        item.flags.push_back("distractor_beats_key");
        break;
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace rq::core
