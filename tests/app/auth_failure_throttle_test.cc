#include "app/auth_failure_throttle.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::app {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;

const absl::Time kStart = absl::FromUnixSeconds(1'700'000'000);

TEST(AuthFailureThrottleTest, RefusesAfterTheBurstUntilAFailureIsAllowedAgain) {
  AuthFailureThrottle throttle({.per_second = 0.5, .burst = 3});
  const std::vector<std::string> client = {"client:10.0.0.7"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(throttle.Check(client, kStart), IsOk()) << i;
    throttle.RecordFailure(client, kStart);
  }
  absl::Status refused = throttle.Check(client, kStart);
  EXPECT_THAT(refused, HasErrorCode(domain::ErrorCode::kRateLimited));
  EXPECT_EQ(domain::RetryDelayOf(refused), absl::Seconds(2));
  EXPECT_THAT(throttle.Check({"client:10.0.0.8"}, kStart), IsOk()) << "others are unaffected";
  EXPECT_THAT(throttle.Check(client, kStart + absl::Seconds(2)), IsOk());
}

TEST(AuthFailureThrottleTest, AnyThrottledKeyRefusesTheAttempt) {
  AuthFailureThrottle throttle({.per_second = 1, .burst = 2});
  // One key id tried from many addresses is stopped by its key id.
  for (int i = 0; i < 2; ++i) {
    throttle.RecordFailure({absl::StrCat("client:10.0.0.", i), "apikey:abc"}, kStart);
  }
  EXPECT_THAT(throttle.Check({"client:10.0.0.99", "apikey:abc"}, kStart),
              HasErrorCode(domain::ErrorCode::kRateLimited));
  EXPECT_THAT(throttle.Check({"client:10.0.0.99", "apikey:other"}, kStart), IsOk());
}

TEST(AuthFailureThrottleTest, MemoryIsBounded) {
  AuthFailureThrottle throttle({.per_second = 1, .burst = 5, .max_tracked = 100});
  for (int i = 0; i < 10'000; ++i) {
    throttle.RecordFailure({absl::StrCat("apikey:", i)}, kStart);
    ASSERT_LE(throttle.tracked(), 100u);
  }
}

TEST(AuthFailureThrottleTest, ZeroRateTurnsItOff) {
  AuthFailureThrottle throttle({.per_second = 0, .burst = 1});
  for (int i = 0; i < 10; ++i) throttle.RecordFailure({"client:x"}, kStart);
  EXPECT_THAT(throttle.Check({"client:x"}, kStart), IsOk());
}

}  // namespace
}  // namespace billing::app
