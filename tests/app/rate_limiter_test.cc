// The per-credential token bucket, on a pinned clock.
#include "app/rate_limiter.h"

#include "domain/error.h"
#include "gtest/gtest.h"

namespace billing::app {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

TEST(RateLimiterTest, AllowsABurstThenRefusesWithTheWaitUntilTheNextToken) {
  RateLimiter limiter({.per_second = 2, .burst = 3});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Acquire("key", kStart).ok()) << i;
  absl::Status refused = limiter.Acquire("key", kStart);
  EXPECT_EQ(domain::ErrorCodeOf(refused), domain::ErrorCode::kRateLimited);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  ASSERT_TRUE(domain::RetryDelayOf(refused).has_value());
  EXPECT_EQ(*domain::RetryDelayOf(refused), absl::Seconds(1));  // 0.5 s, rounded up
}

TEST(RateLimiterTest, RefillsAtTheRateAndNeverBeyondTheBurst) {
  RateLimiter limiter({.per_second = 2, .burst = 3});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Acquire("key", kStart).ok());
  EXPECT_TRUE(limiter.Acquire("key", kStart + absl::Milliseconds(500)).ok()) << "one token back";
  EXPECT_FALSE(limiter.Acquire("key", kStart + absl::Milliseconds(500)).ok());

  const absl::Time much_later = kStart + absl::Hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Acquire("key", much_later).ok()) << i;
  EXPECT_FALSE(limiter.Acquire("key", much_later).ok()) << "an idle hour still gives 3 only";
}

TEST(RateLimiterTest, EachCredentialHasItsOwnBucket) {
  RateLimiter limiter({.per_second = 1, .burst = 1});
  EXPECT_TRUE(limiter.Acquire("a", kStart).ok());
  EXPECT_FALSE(limiter.Acquire("a", kStart).ok());
  EXPECT_TRUE(limiter.Acquire("b", kStart).ok());
}

}  // namespace
}  // namespace billing::app
