// A connection's request budget: the bucket, the cap on requests in flight,
// and the close for a client that keeps sending while refused.
#include <gtest/gtest.h>

#include "core/protocol/request_budget.hpp"

namespace request_budget_test {

using namespace rq::core;

RequestBudgetOptions options(double per_second, double burst, int in_flight = 100, int refusals = 5) {
  return {per_second, burst, in_flight, refusals};
}

TEST(RequestBudget, ABurstIsTakenAtOnceThenTheRateHolds) {
  RequestBudget b(options(10, 3), 0);
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(b.admit(0)) << i;
    b.replied();
  }
  EXPECT_EQ(b.admit(0), 100);   // one token comes every 100 ms
  EXPECT_EQ(b.admit(40), 60);   // 0.4 of a token has come
  EXPECT_FALSE(b.admit(100));
}

TEST(RequestBudget, TheBucketNeverHoldsMoreThanItsBurst) {
  RequestBudget b(options(10, 2), 0);
  EXPECT_FALSE(b.admit(0));
  EXPECT_FALSE(b.admit(0));
  b.replied();
  b.replied();
  // An hour idle refills two tokens, not 36,000.
  EXPECT_FALSE(b.admit(3'600'000));
  EXPECT_FALSE(b.admit(3'600'000));
  EXPECT_TRUE(b.admit(3'600'000));
}

TEST(RequestBudget, RequestsWaitingForRepliesAreCapped) {
  RequestBudget b(options(1000, 1000, 2), 0);
  EXPECT_FALSE(b.admit(0));
  EXPECT_FALSE(b.admit(0));
  EXPECT_EQ(b.admit(0), 50);
  EXPECT_EQ(b.in_flight(), 2);
  b.replied();
  EXPECT_FALSE(b.admit(0));
}

TEST(RequestBudget, AClientThatKeepsSendingWhileRefusedIsAbusive) {
  RequestBudget b(options(1, 1, 100, 3), 0);
  EXPECT_FALSE(b.admit(0));
  EXPECT_TRUE(b.admit(0));
  EXPECT_TRUE(b.admit(0));
  EXPECT_FALSE(b.abusive());
  EXPECT_TRUE(b.admit(0));
  EXPECT_TRUE(b.abusive());
}

TEST(RequestBudget, ARequestTakenBetweenRefusalsStartsTheCountAgain) {
  RequestBudget b(options(1, 1, 100, 3), 0);
  EXPECT_FALSE(b.admit(0));
  EXPECT_TRUE(b.admit(0));
  EXPECT_TRUE(b.admit(0));
  EXPECT_FALSE(b.admit(1000));  // backed off as told
  EXPECT_TRUE(b.admit(1000));
  EXPECT_TRUE(b.admit(1000));
  EXPECT_FALSE(b.abusive());
}

}  // namespace request_budget_test
