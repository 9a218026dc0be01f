#include "domain/decimal_quantity.h"

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::IsOkAndHolds;
using ::billing::testing::StatusIs;

std::string Message(const absl::Status& status) { return std::string(status.message()); }

TEST(DecimalQuantityTest, ParsesDecimalsUpToFourPlaces) {
  EXPECT_THAT(ParseQuantity("7.5"), IsOkAndHolds(DecimalQuantity{75000}));
  EXPECT_THAT(ParseQuantity("1"), IsOkAndHolds(DecimalQuantity::Whole(1)));
  EXPECT_THAT(ParseQuantity("0.0001"), IsOkAndHolds(DecimalQuantity{1}));
  EXPECT_THAT(ParseQuantity("1000000000"), IsOkAndHolds(DecimalQuantity::Whole(1'000'000'000)));
}

TEST(DecimalQuantityTest, RefusesZeroNegativeFiveDecimalsExponentsAndOverflow) {
  for (const char* text : {"0", "0.0000", "-1", "-0.5", "1.00001", "0.00001", "1e3", "1E3", "",
                           " 1", "1,5", "1000000000.0001", "99999999999999999999999"}) {
    EXPECT_THAT(ParseQuantity(text), StatusIs(absl::StatusCode::kInvalidArgument)) << text;
  }
  EXPECT_NE(Message(ParseQuantity("0").status()).find("greater than 0"), std::string::npos);
  EXPECT_NE(Message(ParseQuantity("-2").status()).find("greater than 0"), std::string::npos);
  EXPECT_NE(Message(ParseQuantity("1.00001").status()).find("4 decimal places"),
            std::string::npos);
  EXPECT_NE(Message(ParseQuantity("99999999999999999999999").status()).find("at most"),
            std::string::npos);
}

TEST(DecimalQuantityTest, WholeQuantitiesFormatAsTheIntegersClientsSendToday) {
  for (int64_t units : {1, 2, 10, 999, 1'000'000'000}) {
    EXPECT_EQ(FormatQuantity(DecimalQuantity::Whole(units)), std::to_string(units));
    EXPECT_EQ(DecimalQuantity::Whole(units).WholeUnits(), units);
  }
  EXPECT_EQ(FormatQuantity(DecimalQuantity{75000}), "7.5");
  EXPECT_EQ(FormatQuantity(DecimalQuantity{1}), "0.0001");
  EXPECT_EQ(DecimalQuantity{75000}.WholeUnits(), std::nullopt);
}

TEST(DecimalQuantityTest, FormatThenParseIsTheSameQuantity) {
  for (int64_t value : {1, 9, 10, 12345, 75000, 10000, 123456789}) {
    const DecimalQuantity quantity{value};
    EXPECT_THAT(ParseQuantity(FormatQuantity(quantity)), IsOkAndHolds(quantity)) << value;
  }
}

TEST(LineGrossAmountTest, QuantityTimesUnitAmountRoundedHalfUpOnce) {
  // 7.5 hours at 100.00.
  EXPECT_THAT(LineGrossAmount(DecimalQuantity{75000}, 10000), IsOkAndHolds(75000));
  // 3 x 0.07: whole quantities are exact, as today.
  EXPECT_THAT(LineGrossAmount(DecimalQuantity::Whole(3), 7), IsOkAndHolds(21));
  // 0.3333 x 1.00 = 0.3333 -> 0.33; 0.0005 x 10.00 = 0.005 -> 0.01 (half up).
  EXPECT_THAT(LineGrossAmount(DecimalQuantity{3333}, 100), IsOkAndHolds(33));
  EXPECT_THAT(LineGrossAmount(DecimalQuantity{5}, 1000), IsOkAndHolds(1));
  EXPECT_THAT(LineGrossAmount(DecimalQuantity{4}, 1000), IsOkAndHolds(0));
  // 1.5 x 1 JPY = 1.5 -> 2.
  EXPECT_THAT(LineGrossAmount(DecimalQuantity{15000}, 1), IsOkAndHolds(2));
  EXPECT_THAT(LineGrossAmount(DecimalQuantity{15000}, 0), IsOkAndHolds(0));
}

TEST(LineGrossAmountTest, OverflowIsRefused) {
  EXPECT_THAT(LineGrossAmount(DecimalQuantity::Whole(1'000'000'000), INT64_MAX / 10),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(LineGrossAmount(DecimalQuantity::Whole(1), INT64_MAX), IsOkAndHolds(INT64_MAX));
}

}  // namespace
}  // namespace billing::domain
