// How much one WebSocket connection may ask of the gateway: a token bucket of
// requests (a person on a phone taps a few times a second at most; a page
// that reloads sends a handful at once), a cap on requests waiting for their
// replies, and a close for a client that keeps sending while refused. Pure:
// time comes in as milliseconds, so the rules are tested without a clock.
#pragma once

#include <cstdint>
#include <optional>

namespace rq::core {

struct RequestBudgetOptions {
  double per_second = 10;        // the bucket's refill
  double burst = 40;             // the bucket's size: what a reload sends at once, and more
  int max_in_flight = 16;        // requests waiting for a reply
  int close_after_refusals = 100;  // refusals in a row (no request taken between) before the close
};

class RequestBudget {
 public:
  RequestBudget(RequestBudgetOptions options, std::int64_t now_ms);

  // Takes one request's place when it may run: nullopt. Otherwise the
  // milliseconds after which asking again can succeed (at least 1).
  std::optional<std::int64_t> admit(std::int64_t now_ms);
  // A request admitted earlier got its reply.
  void replied();
  // Refused so often in a row that the client is not listening: close it.
  bool abusive() const { return refusals_in_a_row_ >= options_.close_after_refusals; }
  int in_flight() const { return in_flight_; }

 private:
  void refill(std::int64_t now_ms);

  RequestBudgetOptions options_;
  double tokens_;
  std::int64_t refilled_at_;
  int in_flight_ = 0;
  int refusals_in_a_row_ = 0;
};

}  // namespace rq::core
