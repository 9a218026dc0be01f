#include "domain/scaled_decimal.h"

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::IsOkAndHolds;
using ::billing::testing::StatusIs;

TEST(ScaledDecimalTest, ParsesUpToThePlaces) {
  EXPECT_THAT(ParseScaledDecimal("7.5", 4), IsOkAndHolds(75000));
  EXPECT_THAT(ParseScaledDecimal("1", 4), IsOkAndHolds(10000));
  EXPECT_THAT(ParseScaledDecimal("0.0001", 4), IsOkAndHolds(1));
  EXPECT_THAT(ParseScaledDecimal("12", 0), IsOkAndHolds(12));
  EXPECT_THAT(ParseScaledDecimal("0", 4), IsOkAndHolds(0));
}

TEST(ScaledDecimalTest, RefusesWhatIsNotAPlainDecimal) {
  for (const char* text : {"", "1.00001", "1e3", "-1", "+1", " 1", "1,5", ".5", "5.", "0x10",
                           "99999999999999999999"}) {
    EXPECT_THAT(ParseScaledDecimal(text, 4), StatusIs(absl::StatusCode::kInvalidArgument))
        << text;
  }
}

TEST(ScaledDecimalTest, FormatsTheShortestExactText) {
  EXPECT_EQ(FormatScaledDecimal(75000, 4), "7.5");
  EXPECT_EQ(FormatScaledDecimal(10000, 4), "1");
  EXPECT_EQ(FormatScaledDecimal(1, 4), "0.0001");
  EXPECT_EQ(FormatScaledDecimal(0, 4), "0");
  EXPECT_EQ(FormatScaledDecimal(1234567, 4), "123.4567");
  EXPECT_EQ(FormatScaledDecimal(42, 0), "42");
}

}  // namespace
}  // namespace billing::domain
