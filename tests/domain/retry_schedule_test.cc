#include "domain/retry_schedule.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <random>

#include "absl/random/bit_gen_ref.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

// A random source stuck at one end of its range: the delay is then
// exactly the bottom or the top of the interval.
struct StuckBitGen {
  using result_type = uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() { return value; }
  result_type value;
};

const RetryPolicy kPolicy;  // 30 s doubling, capped at 6 h, 3 days in all
const absl::Time kFirst = absl::FromUnixSeconds(1764000000);

TEST(RetryScheduleTest, CeilingDoublesFromThirtySecondsUpToSixHours) {
  EXPECT_EQ(RetryDelayCeiling(kPolicy, 1), absl::Seconds(30));
  EXPECT_EQ(RetryDelayCeiling(kPolicy, 2), absl::Seconds(60));
  EXPECT_EQ(RetryDelayCeiling(kPolicy, 3), absl::Seconds(120));
  EXPECT_EQ(RetryDelayCeiling(kPolicy, 10), absl::Seconds(30 * 512));
  EXPECT_EQ(RetryDelayCeiling(kPolicy, 11), absl::Hours(6));  // 30 s * 1024 > 6 h
  EXPECT_EQ(RetryDelayCeiling(kPolicy, 1000000), absl::Hours(6));
  EXPECT_EQ(RetryDelayCeiling(kPolicy, 0), absl::Seconds(30));
}

TEST(RetryScheduleTest, FullJitterSpansZeroToTheCeiling) {
  const absl::Time now = kFirst + absl::Minutes(10);
  StuckBitGen low{0};
  StuckBitGen high{std::numeric_limits<uint64_t>::max()};
  for (int attempt : {1, 2, 5, 11, 40}) {
    EXPECT_EQ(NextAttemptTime(kPolicy, attempt, kFirst, now, low), now) << attempt;
    EXPECT_EQ(NextAttemptTime(kPolicy, attempt, kFirst, now, high),
              now + RetryDelayCeiling(kPolicy, attempt))
        << attempt;
  }
}

TEST(RetryScheduleTest, DrawsStayWithinBoundsAndSpreadOut) {
  std::mt19937_64 random(20261125);
  const absl::Time now = kFirst + absl::Hours(1);
  for (int attempt = 1; attempt <= 20; ++attempt) {
    const absl::Duration ceiling = RetryDelayCeiling(kPolicy, attempt);
    absl::Duration lowest = absl::InfiniteDuration();
    absl::Duration highest = absl::ZeroDuration();
    for (int draw = 0; draw < 1000; ++draw) {
      std::optional<absl::Time> next = NextAttemptTime(kPolicy, attempt, kFirst, now, random);
      ASSERT_TRUE(next.has_value());
      ASSERT_GE(*next, now);
      ASSERT_LE(*next, now + ceiling);
      lowest = std::min(lowest, *next - now);
      highest = std::max(highest, *next - now);
    }
    // Jitter, not a fixed delay: draws cover most of [0, ceiling].
    EXPECT_LT(lowest, ceiling / 10) << attempt;
    EXPECT_GT(highest, ceiling * 9 / 10) << attempt;
  }
}

TEST(RetryScheduleTest, LastTryFallsOnTheThreeDayDeadline) {
  StuckBitGen high{std::numeric_limits<uint64_t>::max()};
  const absl::Time deadline = kFirst + absl::Hours(72);
  EXPECT_EQ(NextAttemptTime(kPolicy, 30, kFirst, deadline - absl::Hours(1), high), deadline);
}

TEST(RetryScheduleTest, GivesUpAfterThreeDays) {
  std::mt19937_64 random(1);
  EXPECT_EQ(NextAttemptTime(kPolicy, 30, kFirst, kFirst + absl::Hours(72), random), std::nullopt);
  EXPECT_EQ(NextAttemptTime(kPolicy, 30, kFirst, kFirst + absl::Hours(100), random), std::nullopt);
  EXPECT_NE(NextAttemptTime(kPolicy, 30, kFirst, kFirst + absl::Hours(72) - absl::Seconds(1),
                            random),
            std::nullopt);
}

TEST(RetryScheduleTest, PolicyIsAdjustable) {
  RetryPolicy fast{.initial_delay = absl::Milliseconds(100), .max_delay = absl::Seconds(1),
                   .give_up_after = absl::Seconds(5)};
  StuckBitGen high{std::numeric_limits<uint64_t>::max()};
  EXPECT_EQ(NextAttemptTime(fast, 3, kFirst, kFirst, high), kFirst + absl::Milliseconds(400));
  EXPECT_EQ(NextAttemptTime(fast, 9, kFirst, kFirst, high), kFirst + absl::Seconds(1));
  EXPECT_EQ(NextAttemptTime(fast, 9, kFirst, kFirst + absl::Seconds(5), high), std::nullopt);
}

}  // namespace
}  // namespace billing::domain
