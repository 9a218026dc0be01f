#include "domain/payment_terms.h"

#include <cstdint>
#include <limits>
#include <optional>

#include "absl/time/civil_time.h"
#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOkAndHolds;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Optional;

TEST(PaymentTermsTest, AcceptsDueOnReceiptToAYear) {
  for (int64_t days : {0, 1, 30, 364, 365}) {
    ViolationCollector violations;
    EXPECT_THAT(ValidatePaymentTermsDays("payment_terms_days", days, violations),
                Optional(static_cast<int>(days)));
    EXPECT_TRUE(violations.empty()) << days;
  }
}

TEST(PaymentTermsTest, RefusesNegativeLongOrWrappingTermsNamingTheField) {
  for (int64_t days : {int64_t{-1}, int64_t{366}, int64_t{1} << 32,
       std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
    ViolationCollector violations;
    EXPECT_EQ(ValidatePaymentTermsDays("default_payment_terms_days", days, violations),
              std::nullopt);
    absl::Status status = violations.ToStatus();
    EXPECT_THAT(status, HasErrorCode(ErrorCode::kValidationError)) << days;
    EXPECT_THAT(FieldViolationsOf(status),
                ElementsAre(Field(&FieldViolation::field, "default_payment_terms_days")));
    EXPECT_THAT(FieldViolationsOf(status)[0].description, HasSubstr("from 0 to 365"));
  }
}

TEST(DefaultDueDateTest, CustomerTermsWinOverTheOrganizations) {
  const absl::CivilDay issued(2026, 1, 31);
  EXPECT_EQ(DefaultDueDate(issued, 14, kDefaultPaymentTermsDays), absl::CivilDay(2026, 2, 14));
  EXPECT_EQ(DefaultDueDate(issued, std::nullopt, 45), absl::CivilDay(2026, 3, 17));
  EXPECT_EQ(DefaultDueDate(issued, std::nullopt, kDefaultPaymentTermsDays),
            absl::CivilDay(2026, 3, 2));
  // Zero-day terms on the customer are terms, not "unset".
  EXPECT_EQ(DefaultDueDate(issued, 0, kDefaultPaymentTermsDays), issued);
  EXPECT_EQ(EffectivePaymentTermsDays(0, 30), 0);
  EXPECT_EQ(EffectivePaymentTermsDays(std::nullopt, 30), 30);
}

TEST(DefaultDueDateTest, CountsCalendarDaysAcrossLeapDaysAndYears) {
  EXPECT_EQ(DefaultDueDate(absl::CivilDay(2028, 2, 1), std::nullopt, 30),
            absl::CivilDay(2028, 3, 2));
  EXPECT_EQ(DefaultDueDate(absl::CivilDay(2026, 12, 15), std::nullopt, 30),
            absl::CivilDay(2027, 1, 14));
  EXPECT_EQ(DefaultDueDate(absl::CivilDay(2028, 1, 1), 365, 30), absl::CivilDay(2028, 12, 31));
}

TEST(ResolveDueDateTest, KeepsAGivenDueDateOnOrAfterTheIssueDate) {
  const absl::CivilDay issued(2026, 5, 10);
  EXPECT_THAT(ResolveDueDate(absl::CivilDay(2026, 6, 1), issued, 7, 30),
              IsOkAndHolds(absl::CivilDay(2026, 6, 1)));
  EXPECT_THAT(ResolveDueDate(issued, issued, 7, 30), IsOkAndHolds(issued));
  EXPECT_THAT(ResolveDueDate(std::nullopt, issued, 7, 30),
              IsOkAndHolds(absl::CivilDay(2026, 5, 17)));
  EXPECT_THAT(ResolveDueDate(std::nullopt, issued, std::nullopt, 30),
              IsOkAndHolds(absl::CivilDay(2026, 6, 9)));
}

TEST(ResolveDueDateTest, RefusesADueDateBeforeTheIssueDateOnDueDate) {
  const absl::CivilDay issued(2026, 5, 10);
  absl::StatusOr<absl::CivilDay> due = ResolveDueDate(absl::CivilDay(2026, 5, 9), issued, 7, 30);
  EXPECT_THAT(due, HasErrorCode(ErrorCode::kValidationError));
  ASSERT_THAT(FieldViolationsOf(due.status()),
              ElementsAre(Field(&FieldViolation::field, "due_date")));
  EXPECT_THAT(FieldViolationsOf(due.status())[0].description,
              HasSubstr("before the issue date 2026-05-10 (got 2026-05-09)"));
  EXPECT_THAT(CheckDueDateNotBeforeIssueDate(absl::CivilDay(2025, 12, 31), issued),
              HasErrorCode(ErrorCode::kValidationError));
  EXPECT_TRUE(CheckDueDateNotBeforeIssueDate(issued, issued).ok());
}

}  // namespace
}  // namespace billing::domain
