#include "core/protocol/request_budget.hpp"

#include <algorithm>
#include <cmath>

namespace rq::core {

RequestBudget::RequestBudget(RequestBudgetOptions options, std::int64_t now_ms)
    : options_(options), tokens_(options.burst), refilled_at_(now_ms) {}

void RequestBudget::refill(std::int64_t now_ms) {
  if (now_ms <= refilled_at_) return;
  tokens_ = std::min(options_.burst, tokens_ + static_cast<double>(now_ms - refilled_at_) * options_.per_second / 1000.0);
  refilled_at_ = now_ms;
}

std::optional<std::int64_t> RequestBudget::admit(std::int64_t now_ms) {
  refill(now_ms);
  if (in_flight_ >= options_.max_in_flight) {
    ++refusals_in_a_row_;
    // A reply usually comes within milliseconds; a short wait is enough.
    return 50;
  }
  if (tokens_ < 1.0) {
    ++refusals_in_a_row_;
    double missing = 1.0 - tokens_;
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(missing * 1000.0 / options_.per_second)));
  }
  tokens_ -= 1.0;
  ++in_flight_;
  refusals_in_a_row_ = 0;
  return std::nullopt;
}

void RequestBudget::replied() {
  if (in_flight_ > 0) --in_flight_;
}

}  // namespace rq::core
