#include "domain/rounding.h"

#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

using ::testing::ElementsAre;

TEST(DivideRoundingHalfUpTest, HalvesRoundAwayFromZero) {
  EXPECT_EQ(DivideRoundingHalfUp(5, 10), 1);
  EXPECT_EQ(DivideRoundingHalfUp(49, 100), 0);
  EXPECT_EQ(DivideRoundingHalfUp(15, 10), 2);
  EXPECT_EQ(DivideRoundingHalfUp(-5, 10), -1);
  EXPECT_EQ(DivideRoundingHalfUp(-4, 10), 0);
  EXPECT_EQ(DivideRoundingHalfUp(7, 3), 2);
  EXPECT_EQ(DivideRoundingHalfUp(8, 3), 3);
  EXPECT_EQ(DivideRoundingHalfUp(0, 7), 0);
}

TEST(DivideRoundingHalfUpTest, ExactAtTheEdgesOfInt64) {
  const __int128 big = __int128{INT64_MAX} * INT64_MAX;
  EXPECT_EQ(DivideRoundingHalfUp(big, INT64_MAX), INT64_MAX);
  EXPECT_EQ(DivideRoundingHalfUp(-big, INT64_MAX), -__int128{INT64_MAX});
}

TEST(AllocateLargestRemainderTest, LeftoverUnitsGoToTheLargestRemainders) {
  // 10 x 1/3 each = 3.33: the first remainder wins the tie.
  EXPECT_THAT(AllocateLargestRemainder(10, {1, 1, 1}), ElementsAre(4, 3, 3));
  // 9 over 7 equal lines of 7: quotas 1.2857 -> 1 each, two more units.
  EXPECT_THAT(AllocateLargestRemainder(9, {7, 7, 7, 7, 7, 7, 7}),
              ElementsAre(2, 2, 1, 1, 1, 1, 1));
  // Quotas 0.6, 2.4: the larger remainder (0.6) gets the unit.
  EXPECT_THAT(AllocateLargestRemainder(3, {1, 4}), ElementsAre(1, 2));
}

TEST(AllocateLargestRemainderTest, EdgeCases) {
  EXPECT_THAT(AllocateLargestRemainder(5, {}), ElementsAre());
  EXPECT_THAT(AllocateLargestRemainder(5, {0, 0}), ElementsAre(5, 0));
  EXPECT_THAT(AllocateLargestRemainder(0, {3, 4}), ElementsAre(0, 0));
  EXPECT_THAT(AllocateLargestRemainder(7, {0, 7, 0}), ElementsAre(0, 7, 0));
}

TEST(AllocateLargestRemainderTest, SharesSumExactlyAndNeverExceedTheirWeights) {
  std::mt19937_64 random(19);
  for (int iteration = 0; iteration < 2000; ++iteration) {
    std::vector<int64_t> weights(1 + random() % 8);
    for (int64_t& w : weights) w = static_cast<int64_t>(random() % 1000);
    const int64_t total = std::accumulate(weights.begin(), weights.end(), int64_t{0});
    const int64_t amount = total == 0 ? 0 : static_cast<int64_t>(random() % (total + 1));
    const std::vector<int64_t> shares = AllocateLargestRemainder(amount, weights);
    ASSERT_EQ(std::accumulate(shares.begin(), shares.end(), int64_t{0}), amount);
    for (size_t i = 0; i < weights.size(); ++i) {
      ASSERT_GE(shares[i], 0);
      ASSERT_LE(shares[i], weights[i]);
      if (total > 0) {
        // Within one unit of the exact share.
        const __int128 exact_times_total = __int128{amount} * weights[i];
        ASSERT_LE(__int128{shares[i]} * total - exact_times_total, total);
        ASSERT_LE(exact_times_total - __int128{shares[i]} * total, total);
      }
    }
  }
}

}  // namespace
}  // namespace billing::domain
