#include "domain/revenue.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/error.h"
#include "domain/invoice.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

using absl::CivilDay;
using absl::CivilMonth;

RecognizableAmount Item(std::string currency, int64_t amount, CivilDay start, CivilDay end) {
  return {std::move(currency), amount, start, end};
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

// ---- CumulativeRecognized

TEST(CumulativeRecognizedTest, NothingBeforeStartEverythingFromEnd) {
  RecognizableAmount item = Item("USD", 10000, CivilDay(2026, 1, 1), CivilDay(2026, 1, 10));
  EXPECT_EQ(CumulativeRecognized(item, CivilDay(2025, 12, 31)), 0);
  EXPECT_EQ(CumulativeRecognized(item, CivilDay(2020, 1, 1)), 0);
  // 100.00 over 10 days is 10.00 a day, and the start day counts.
  EXPECT_EQ(CumulativeRecognized(item, CivilDay(2026, 1, 1)), 1000);
  EXPECT_EQ(CumulativeRecognized(item, CivilDay(2026, 1, 5)), 5000);
  EXPECT_EQ(CumulativeRecognized(item, CivilDay(2026, 1, 10)), 10000);
  EXPECT_EQ(CumulativeRecognized(item, CivilDay(2030, 1, 1)), 10000);
}

TEST(CumulativeRecognizedTest, RoundsHalfUp) {
  // 0.01 over 2 days: by the end of day one, 0.005 -> rounds up to 0.01.
  RecognizableAmount cent = Item("USD", 1, CivilDay(2026, 1, 1), CivilDay(2026, 1, 2));
  EXPECT_EQ(CumulativeRecognized(cent, CivilDay(2026, 1, 1)), 1);
  // 0.02 over 3 days: 0.0067 -> 0.01, 0.0133 -> 0.01, then 0.02.
  RecognizableAmount two = Item("USD", 2, CivilDay(2026, 1, 1), CivilDay(2026, 1, 3));
  EXPECT_EQ(CumulativeRecognized(two, CivilDay(2026, 1, 1)), 1);
  EXPECT_EQ(CumulativeRecognized(two, CivilDay(2026, 1, 2)), 1);
  EXPECT_EQ(CumulativeRecognized(two, CivilDay(2026, 1, 3)), 2);
}

TEST(CumulativeRecognizedTest, HugeAmountsOverLongPeriodsDoNotOverflow) {
  // amount x days would overflow int64; the result must still be exact:
  // INT64_MAX / 2 rounds half up to 4611686018427387904.
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  RecognizableAmount item = Item("USD", kMax, CivilDay(2000, 1, 1), CivilDay(2000, 1, 2));
  EXPECT_EQ(CumulativeRecognized(item, CivilDay(2000, 1, 1)), 4611686018427387904);
  RecognizableAmount decade = Item("USD", kMax, CivilDay(2000, 1, 1), CivilDay(2009, 12, 31));
  int64_t sum = 0;
  for (const MonthlyAmount& m : MonthlySchedule(decade)) sum += m.amount;
  EXPECT_EQ(sum, kMax);
}

// ---- MonthlySchedule, against cases worked by hand

TEST(MonthlyScheduleTest, LeapYearGivesFebruaryTwentyNineDays) {
  // 366.00 over 2024-01-01..2024-12-31: 366 days, so exactly 1.00 a day,
  // and each month recognizes 1.00 x its days; February 2024 has 29.
  RecognizableAmount item = Item("USD", 36600, CivilDay(2024, 1, 1), CivilDay(2024, 12, 31));
  std::vector<MonthlyAmount> expected = {
      {CivilMonth(2024, 1), 3100}, {CivilMonth(2024, 2), 2900},  {CivilMonth(2024, 3), 3100},
      {CivilMonth(2024, 4), 3000}, {CivilMonth(2024, 5), 3100},  {CivilMonth(2024, 6), 3000},
      {CivilMonth(2024, 7), 3100}, {CivilMonth(2024, 8), 3100},  {CivilMonth(2024, 9), 3000},
      {CivilMonth(2024, 10), 3100}, {CivilMonth(2024, 11), 3000}, {CivilMonth(2024, 12), 3100},
  };
  EXPECT_EQ(MonthlySchedule(item), expected);
}

TEST(MonthlyScheduleTest, OneDayPeriodFallsInItsMonth) {
  // A one-day period on the leap day: all of 10.00 in February 2024.
  RecognizableAmount item = Item("USD", 1000, CivilDay(2024, 2, 29), CivilDay(2024, 2, 29));
  EXPECT_EQ(MonthlySchedule(item), (std::vector<MonthlyAmount>{{CivilMonth(2024, 2), 1000}}));
}

TEST(MonthlyScheduleTest, UnevenAmountOverThreeMonths) {
  // 100.00 over 2026-01-01..2026-03-31: 31 + 28 + 31 = 90 days.
  //   C(Jan 31) = round(10000 x 31/90 = 3444.44) = 3444
  //   C(Feb 28) = round(10000 x 59/90 = 6555.56) = 6556
  //   C(Mar 31) = 10000
  // Pieces: 3444, 6556 - 3444 = 3112, 10000 - 6556 = 3444; sum 10000.
  // Exact shares 3444.44, 3111.11, 3444.44: each within one minor unit.
  RecognizableAmount item = Item("USD", 10000, CivilDay(2026, 1, 1), CivilDay(2026, 3, 31));
  EXPECT_EQ(MonthlySchedule(item),
            (std::vector<MonthlyAmount>{{CivilMonth(2026, 1), 3444},
                                        {CivilMonth(2026, 2), 3112},
                                        {CivilMonth(2026, 3), 3444}}));
}

TEST(MonthlyScheduleTest, UnevenAmountOverThreeDaysAcrossAMonthEnd) {
  // 100.00 over 2026-01-30..2026-02-01: 3 days.
  //   C(Jan 30) = round(3333.33) = 3333, C(Jan 31) = round(6666.67) = 6667
  // January gets 6667 (exact 6666.67), February 3333 (exact 3333.33).
  RecognizableAmount item = Item("USD", 10000, CivilDay(2026, 1, 30), CivilDay(2026, 2, 1));
  EXPECT_EQ(CumulativeRecognized(item, CivilDay(2026, 1, 30)), 3333);
  EXPECT_EQ(MonthlySchedule(item), (std::vector<MonthlyAmount>{{CivilMonth(2026, 1), 6667},
                                                               {CivilMonth(2026, 2), 3333}}));
}

TEST(MonthlyScheduleTest, ZeroDecimalCurrencyStaysInWholeUnits) {
  // 1000 JPY over 2026-01-01..2026-03-31 (90 days):
  //   C(Jan 31) = round(344.44) = 344, C(Feb 28) = round(655.56) = 656.
  RecognizableAmount item = Item("JPY", 1000, CivilDay(2026, 1, 1), CivilDay(2026, 3, 31));
  EXPECT_EQ(MonthlySchedule(item),
            (std::vector<MonthlyAmount>{{CivilMonth(2026, 1), 344},
                                        {CivilMonth(2026, 2), 312},
                                        {CivilMonth(2026, 3), 344}}));
}

// The two promises of the issue, over many awkward amounts and periods:
// the pieces sum exactly, and each is within one unit of its exact share.
TEST(MonthlyScheduleTest, PiecesSumExactlyAndStayWithinOneUnit) {
  const std::vector<std::pair<CivilDay, CivilDay>> periods = {
      {CivilDay(2024, 1, 15), CivilDay(2024, 3, 14)}, {CivilDay(2023, 12, 31), CivilDay(2024, 1, 1)},
      {CivilDay(2024, 2, 1), CivilDay(2025, 2, 28)},  {CivilDay(2026, 5, 7), CivilDay(2031, 11, 3)},
      {CivilDay(2026, 1, 1), CivilDay(2026, 1, 31)},
  };
  for (int64_t amount : {int64_t{1}, int64_t{7}, int64_t{10000}, int64_t{99999}, int64_t{123457},
                         int64_t{1000000007}}) {
    for (const auto& [start, end] : periods) {
      RecognizableAmount item = Item("USD", amount, start, end);
      const int64_t total_days = (end - start) + 1;
      int64_t sum = 0;
      for (const MonthlyAmount& piece : MonthlySchedule(item)) {
        sum += piece.amount;
        const CivilDay from = std::max(CivilDay(piece.month), start);
        const CivilDay to = std::min(CivilDay(piece.month + 1) - 1, end);
        const int64_t days = (to - from) + 1;
        // |piece - amount x days / total_days| <= 1, kept in integers.
        const __int128 error = __int128{piece.amount} * total_days - __int128{amount} * days;
        EXPECT_LE(error < 0 ? -error : error, __int128{total_days})
            << amount << " " << start << ".." << end << " " << piece.month;
      }
      EXPECT_EQ(sum, amount) << amount << " " << start << ".." << end;
    }
  }
}

// ---- CalculateRevenue

TEST(CalculateRevenueTest, SplitsRecognizedAndDeferredAtThePeriodEnd) {
  // 1200.00 over 2026 (365 days); period Q2 = 2026-04-01..2026-06-30.
  //   C(Mar 31) = round(120000 x  90/365 = 29589.04) = 29589
  //   C(Apr 30) = round(120000 x 120/365 = 39452.05) = 39452
  //   C(May 31) = round(120000 x 151/365 = 49643.84) = 49644
  //   C(Jun 30) = round(120000 x 181/365 = 59506.85) = 59507
  // recognized = 59507 - 29589 = 29918 (Apr 9863, May 10192, Jun 9863)
  // deferred   = 120000 - 59507 = 60493
  std::vector<RecognizableAmount> items = {
      Item("USD", 120000, CivilDay(2026, 1, 1), CivilDay(2026, 12, 31))};
  std::vector<CurrencyRevenue> results =
      CalculateRevenue(items, CivilDay(2026, 4, 1), CivilDay(2026, 6, 30));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].currency, "USD");
  EXPECT_EQ(results[0].recognized, 29918);
  EXPECT_EQ(results[0].deferred, 60493);
  EXPECT_EQ(results[0].schedule, (std::vector<MonthlyAmount>{{CivilMonth(2026, 4), 9863},
                                                             {CivilMonth(2026, 5), 10192},
                                                             {CivilMonth(2026, 6), 9863}}));
}

TEST(CalculateRevenueTest, PeriodStartingAndEndingMidMonth) {
  // 1.00 a day through 2024 (366.00 over 366 days); period 2024-02-15..
  // 2024-03-10: February 15-29 is 15 days, March 1-10 is 10 days.
  // recognized 25.00; deferred = 366 - (31 + 29 + 10) = 296.00.
  std::vector<RecognizableAmount> items = {
      Item("USD", 36600, CivilDay(2024, 1, 1), CivilDay(2024, 12, 31))};
  std::vector<CurrencyRevenue> results =
      CalculateRevenue(items, CivilDay(2024, 2, 15), CivilDay(2024, 3, 10));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].recognized, 2500);
  EXPECT_EQ(results[0].deferred, 29600);
  EXPECT_EQ(results[0].schedule, (std::vector<MonthlyAmount>{{CivilMonth(2024, 2), 1500},
                                                             {CivilMonth(2024, 3), 1000}}));
}

TEST(CalculateRevenueTest, ScheduleListsEveryMonthIncludingZeros) {
  // 50.00 recognized on one day in March; period January..April.
  std::vector<RecognizableAmount> items = {
      Item("EUR", 5000, CivilDay(2026, 3, 15), CivilDay(2026, 3, 15))};
  std::vector<CurrencyRevenue> results =
      CalculateRevenue(items, CivilDay(2026, 1, 1), CivilDay(2026, 4, 30));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].recognized, 5000);
  EXPECT_EQ(results[0].deferred, 0);
  EXPECT_EQ(results[0].schedule,
            (std::vector<MonthlyAmount>{{CivilMonth(2026, 1), 0},
                                        {CivilMonth(2026, 2), 0},
                                        {CivilMonth(2026, 3), 5000},
                                        {CivilMonth(2026, 4), 0}}));
}

TEST(CalculateRevenueTest, ItemsBeforeAndAfterThePeriod) {
  // Fully recognized before the period: counts nowhere. Entirely after it:
  // all deferred.
  std::vector<RecognizableAmount> items = {
      Item("USD", 7000, CivilDay(2025, 1, 1), CivilDay(2025, 6, 30)),
      Item("USD", 3000, CivilDay(2026, 9, 1), CivilDay(2026, 9, 30))};
  std::vector<CurrencyRevenue> results =
      CalculateRevenue(items, CivilDay(2026, 1, 1), CivilDay(2026, 3, 31));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].recognized, 0);
  EXPECT_EQ(results[0].deferred, 3000);
}

TEST(CalculateRevenueTest, CurrenciesAreSeparateAndSortedByCode) {
  std::vector<RecognizableAmount> items = {
      Item("USD", 1000, CivilDay(2026, 1, 5), CivilDay(2026, 1, 5)),
      Item("EUR", 2000, CivilDay(2026, 1, 6), CivilDay(2026, 1, 6)),
      Item("JPY", 300, CivilDay(2026, 1, 7), CivilDay(2026, 1, 7)),
      Item("USD", 500, CivilDay(2026, 1, 8), CivilDay(2026, 1, 8)),
  };
  std::vector<CurrencyRevenue> results =
      CalculateRevenue(items, CivilDay(2026, 1, 1), CivilDay(2026, 1, 31));
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].currency, "EUR");
  EXPECT_EQ(results[0].recognized, 2000);
  EXPECT_EQ(results[1].currency, "JPY");
  EXPECT_EQ(results[1].recognized, 300);
  EXPECT_EQ(results[2].currency, "USD");
  EXPECT_EQ(results[2].recognized, 1500);  // never mixed with other currencies
}

TEST(CalculateRevenueTest, NoItemsNoResults) {
  EXPECT_TRUE(CalculateRevenue({}, CivilDay(2026, 1, 1), CivilDay(2026, 12, 31)).empty());
}

// ---- RecognizableAmounts

Invoice ProcessedInvoice(InvoiceStatus status) {
  Invoice invoice;
  invoice.id = "inv_1";
  invoice.currency = "USD";
  invoice.status = status;
  invoice.create_time = absl::FromCivil(absl::CivilSecond(2026, 1, 2, 9, 0, 0), absl::UTCTimeZone());
  // Late in the UTC day: a local-time zone would move it to another date.
  invoice.process_time =
      absl::FromCivil(absl::CivilSecond(2026, 3, 31, 23, 59, 59), absl::UTCTimeZone());
  LineItem with_period;
  with_period.description = "Subscription";
  with_period.quantity = DecimalQuantity::Whole(1);
  with_period.unit_amount = with_period.amount = 12000;
  with_period.service_period_start = CivilDay(2026, 4, 1);
  with_period.service_period_end = CivilDay(2027, 3, 31);
  LineItem without_period;
  without_period.description = "Setup";
  without_period.quantity = DecimalQuantity::Whole(2);
  without_period.unit_amount = 2500;
  without_period.amount = 5000;
  LineItem free_line;
  free_line.description = "Waived";
  free_line.quantity = DecimalQuantity::Whole(1);
  invoice.line_items = {with_period, without_period, free_line};
  invoice.amount = 17000;
  return invoice;
}

TEST(RecognizableAmountsTest, LinesSpreadOverTheirPeriodOrFallOnTheProcessDay) {
  for (InvoiceStatus status : {InvoiceStatus::kPending, InvoiceStatus::kPaid}) {
    std::vector<RecognizableAmount> items = RecognizableAmounts(ProcessedInvoice(status));
    ASSERT_EQ(items.size(), 2u);  // the free line recognizes nothing
    EXPECT_EQ(items[0].currency, "USD");
    EXPECT_EQ(items[0].amount, 12000);
    EXPECT_EQ(items[0].start, CivilDay(2026, 4, 1));
    EXPECT_EQ(items[0].end, CivilDay(2027, 3, 31));
    EXPECT_EQ(items[1].amount, 5000);
    EXPECT_EQ(items[1].start, CivilDay(2026, 3, 31));
    EXPECT_EQ(items[1].end, CivilDay(2026, 3, 31));
  }
}

TEST(RecognizableAmountsTest, InvoiceWithoutLinesFallsOnTheProcessDay) {
  Invoice invoice = ProcessedInvoice(InvoiceStatus::kPaid);
  invoice.line_items.clear();
  std::vector<RecognizableAmount> items = RecognizableAmounts(invoice);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].amount, 17000);
  EXPECT_EQ(items[0].start, CivilDay(2026, 3, 31));
  EXPECT_EQ(items[0].end, CivilDay(2026, 3, 31));
}

TEST(RecognizableAmountsTest, DraftsAndCancelledInvoicesGiveNothing) {
  EXPECT_TRUE(RecognizableAmounts(ProcessedInvoice(InvoiceStatus::kDraft)).empty());
  EXPECT_TRUE(RecognizableAmounts(ProcessedInvoice(InvoiceStatus::kCancelled)).empty());
}

// ---- Calculations

TEST(CalculationStatusTest, NamesRoundTrip) {
  for (CalculationStatus status : {CalculationStatus::kQueued, CalculationStatus::kRunning,
                                   CalculationStatus::kSucceeded, CalculationStatus::kFailed}) {
    EXPECT_EQ(CalculationStatusFromName(CalculationStatusName(status)), status);
  }
  EXPECT_EQ(CalculationStatusName(CalculationStatus::kQueued), "queued");
  EXPECT_EQ(CalculationStatusName(CalculationStatus::kSucceeded), "succeeded");
  EXPECT_EQ(CalculationStatusFromName("done"), std::nullopt);
}

TEST(NewRevenueCalculationTest, QueuesAValidRequest) {
  const absl::Time now = absl::FromUnixSeconds(1'750'000'000);
  RevenueCalculation calculation =
      NewRevenueCalculation("acct", "rcalc_1", {"2026-01-01", "2026-12-31", "cus_1"}, now).value();
  EXPECT_EQ(calculation.account_id, "acct");
  EXPECT_EQ(calculation.id, "rcalc_1");
  EXPECT_EQ(calculation.status, CalculationStatus::kQueued);
  EXPECT_EQ(calculation.period_start, CivilDay(2026, 1, 1));
  EXPECT_EQ(calculation.period_end, CivilDay(2026, 12, 31));
  EXPECT_EQ(calculation.customer_id, "cus_1");
  EXPECT_EQ(calculation.create_time, now);
  EXPECT_TRUE(calculation.results.empty());
  EXPECT_EQ(calculation.start_time, std::nullopt);
  // One day, every customer.
  EXPECT_TRUE(NewRevenueCalculation("a", "r", {"2026-01-01", "2026-01-01", ""}, now).ok());
}

TEST(NewRevenueCalculationTest, RefusesBadPeriods) {
  const absl::Time now = absl::FromUnixSeconds(1'750'000'000);
  EXPECT_EQ(Fields(NewRevenueCalculation("a", "r", {"2026-02-01", "2026-01-31", ""}, now).status()),
            std::vector<std::string>{"period_end"});
  EXPECT_EQ(Fields(NewRevenueCalculation("a", "r", {"2026-02-30", "", "bad id!"}, now).status()),
            (std::vector<std::string>{"period_start", "period_end", "customer_id"}));
  // 3660 days is the longest period: 2026-01-01 + 3659 days = 2036-01-08.
  EXPECT_TRUE(NewRevenueCalculation("a", "r", {"2026-01-01", "2036-01-08", ""}, now).ok());
  absl::Status too_long =
      NewRevenueCalculation("a", "r", {"2026-01-01", "2036-01-09", ""}, now).status();
  EXPECT_EQ(ErrorCodeOf(too_long), ErrorCode::kValidationError);
  EXPECT_EQ(Fields(too_long), std::vector<std::string>{"period_end"});
}

}  // namespace
}  // namespace billing::domain
