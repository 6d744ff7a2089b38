#include "core/contest/draw.hpp"

#include <algorithm>
#include <unordered_set>

#include "core/contest/local_time.hpp"

namespace rq::core {

std::uint64_t DrawRandom::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t DrawRandom::below(std::uint64_t n) {
  // Reject the top sliver of the range that would favour small values.
  std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
  std::uint64_t x;
  do {
    x = next();
  } while (x >= limit);
  return x % n;
}

namespace {

// Fisher-Yates with our generator.
template <class T>
void shuffle(std::vector<T>& items, DrawRandom& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    std::swap(items[i - 1], items[static_cast<std::size_t>(rng.below(i))]);
  }
}

// Picks `n` of `pool` (indices into the bank), removing them from the pool.
std::vector<std::size_t> pick(std::vector<std::size_t>& pool, std::size_t n, DrawRandom& rng) {
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t j = k + static_cast<std::size_t>(rng.below(pool.size() - k));
    std::swap(pool[k], pool[j]);
    out.push_back(pool[k]);
  }
  pool.erase(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(n));
  return out;
}

}  // namespace

DrawWindow round_window(const RoundConfig& round, std::string_view timezone) {
  return {local_date(round.opens_at, timezone), local_date(std::max(round.opens_at, round.closes_at - 1), timezone)};
}

bool valid_throughout(std::string_view valid_from, std::string_view valid_until, const DrawWindow& window) {
  // YYYY-MM-DD compares as text.
  return (valid_from.empty() || valid_from <= window.first_day) &&
         (valid_until.empty() || valid_until >= window.last_day);
}

std::variant<std::vector<DrawnQuestion>, DrawError> draw_questions(const QuestionBank& bank,
                                                                   const DrawBlueprint& blueprint,
                                                                   const DrawWindow& window, std::uint64_t seed) {
  DrawRandom rng(seed);
  // Indices of the questions that hold throughout the round; with none
  // dated, every index in order, so the draw is what it was before dates
  // counted.
  std::vector<std::size_t> holding;
  for (std::size_t i = 0; i < bank.questions.size(); ++i) {
    const auto& q = bank.questions[i];
    if (valid_throughout(q.valid_from, q.valid_until, window)) holding.push_back(i);
  }
  const std::string valid = holding.size() == bank.questions.size()
                                ? ""
                                : " valid from " + window.first_day + " to " + window.last_day;
  std::vector<std::size_t> chosen;
  std::unordered_set<std::size_t> taken;
  int from_topics = 0;
  for (const auto& [topic, n] : blueprint.by_topic) {
    std::vector<std::size_t> pool;
    for (auto i : holding) {
      if (bank.questions[i].topic == topic) pool.push_back(i);
    }
    if (pool.size() < static_cast<std::size_t>(n)) {
      return DrawError{"topic '" + topic + "' holds " + std::to_string(pool.size()) + " questions" + valid +
                       "; the draw asks for " + std::to_string(n)};
    }
    for (auto i : pick(pool, static_cast<std::size_t>(n), rng)) {
      chosen.push_back(i);
      taken.insert(i);
    }
    from_topics += n;
  }
  std::vector<std::size_t> rest;
  for (auto i : holding) {
    if (!taken.count(i)) rest.push_back(i);
  }
  std::size_t wanted = static_cast<std::size_t>(std::max(0, blueprint.count - from_topics));
  if (rest.size() < wanted) {
    return DrawError{"the bank holds " + std::to_string(holding.size()) + " questions" + valid +
                     "; the draw asks for " + std::to_string(blueprint.count)};
  }
  for (auto i : pick(rest, wanted, rng)) chosen.push_back(i);
  shuffle(chosen, rng);  // topics mixed, not in blueprint blocks

  std::vector<DrawnQuestion> out;
  out.reserve(chosen.size());
  for (auto i : chosen) {
    const auto& q = bank.questions[i];
    DrawnQuestion d{q.id, q.topic, q.text, q.options, q.correct, q.correct.size() > 1};
    shuffle(d.options, rng);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace rq::core
