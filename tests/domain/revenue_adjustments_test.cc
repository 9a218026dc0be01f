#include "domain/revenue_adjustments.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/credit_note.h"
#include "domain/invoice.h"
#include "domain/revenue.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

using absl::CivilDay;
using absl::CivilMonth;

absl::Time Utc(int year, int month, int day, int hour = 9) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, 0, 0), absl::UTCTimeZone());
}

LineItem Line(int64_t amount, std::optional<CivilDay> start = std::nullopt,
              std::optional<CivilDay> end = std::nullopt) {
  LineItem line;
  line.description = "line";
  line.quantity = DecimalQuantity::Whole(1);
  line.unit_amount = line.amount = amount;
  line.service_period_start = start;
  line.service_period_end = end;
  return line;
}

Invoice Processed(std::vector<LineItem> lines, absl::Time processed) {
  Invoice invoice;
  invoice.id = "inv_1";
  invoice.currency = "USD";
  invoice.status = InvoiceStatus::kPending;
  invoice.create_time = processed - absl::Hours(1);
  invoice.process_time = processed;
  for (const LineItem& line : lines) invoice.amount += line.amount;
  invoice.line_items = std::move(lines);
  return invoice;
}

Invoice CancelledOn(Invoice invoice, absl::Time when) {
  invoice.status = InvoiceStatus::kCancelled;
  invoice.cancel_time = when;
  invoice.update_time = when;
  return invoice;
}

CreditNote Credit(int64_t amount, CivilDay date, std::string invoice_id = "inv_1") {
  CreditNote note;
  note.id = "cn_1";
  note.invoice_id = std::move(invoice_id);
  note.currency = "USD";
  note.amount = amount;
  note.date = date;
  return note;
}

CurrencyRevenue Report(const Invoice& invoice, const std::vector<CreditNote>& notes,
                       CivilDay start, CivilDay end) {
  std::vector<CurrencyRevenue> results =
      CalculateAdjustedRevenue(RevenuePieces(invoice, notes), start, end);
  EXPECT_EQ(results.size(), 1u);
  return results.empty() ? CurrencyRevenue{} : results[0];
}

int64_t ScheduleSum(const CurrencyRevenue& revenue) {
  int64_t sum = 0;
  for (const MonthlyAmount& month : revenue.schedule) sum += month.amount;
  return sum;
}

// ---- AllocateProportionally

TEST(AllocateProportionallyTest, CumulativeRoundingSumsExactly) {
  // 1.00 over three equal lines: round(33.33) = 33, round(66.67) = 67,
  // 100; shares 33, 34, 33.
  EXPECT_EQ(AllocateProportionally(100, {1, 1, 1}), (std::vector<int64_t>{33, 34, 33}));
  // 100.01 over 900.00 and 300.00: round(7500.75) = 7501, then 2500.
  EXPECT_EQ(AllocateProportionally(10001, {90000, 30000}), (std::vector<int64_t>{7501, 2500}));
  // Free lines get nothing; all-free gives everything to the first.
  EXPECT_EQ(AllocateProportionally(10, {0, 5, 0, 5}), (std::vector<int64_t>{0, 5, 0, 5}));
  EXPECT_EQ(AllocateProportionally(10, {0, 0}), (std::vector<int64_t>{10, 0}));
  EXPECT_TRUE(AllocateProportionally(10, {}).empty());
  // Huge values (line amounts sum to at most INT64_MAX, as an invoice's
  // do): amount x weight overflows 64 bits, the shares do not.
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  std::vector<int64_t> shares = AllocateProportionally(kMax, {kMax / 2, kMax / 2, 1});
  EXPECT_EQ(shares, (std::vector<int64_t>{kMax / 2, kMax / 2, 1}));
  shares = AllocateProportionally(kMax - 1, {kMax / 2, kMax / 2, 1});
  EXPECT_EQ(shares[0] + shares[1] + shares[2], kMax - 1);
}

// ---- Nothing changes without later events

TEST(AdjustedRevenueTest, WithoutEventsEqualsStraightLineRevenue) {
  Invoice invoice = Processed({Line(120000, CivilDay(2026, 1, 1), CivilDay(2026, 12, 31)),
                               Line(5000), Line(0), Line(777, CivilDay(2025, 11, 20),
                                                         CivilDay(2026, 2, 3))},
                              Utc(2026, 1, 15));
  for (InvoiceStatus status : {InvoiceStatus::kPending, InvoiceStatus::kPaid}) {
    invoice.status = status;
    for (auto [start, end] : {std::pair{CivilDay(2026, 1, 1), CivilDay(2026, 1, 31)},
                              std::pair{CivilDay(2025, 12, 5), CivilDay(2026, 6, 17)},
                              std::pair{CivilDay(2026, 4, 1), CivilDay(2027, 3, 31)}}) {
      EXPECT_EQ(CalculateAdjustedRevenue(RevenuePieces(invoice, {}), start, end),
                CalculateRevenue(RecognizableAmounts(invoice), start, end));
    }
  }
}

TEST(AdjustedRevenueTest, DraftsAndCancelledDraftsRecognizeNothing) {
  Invoice draft = Processed({Line(1000)}, Utc(2026, 1, 1));
  draft.status = InvoiceStatus::kDraft;
  draft.process_time.reset();
  EXPECT_TRUE(RevenuePieces(draft, {}).empty());
  EXPECT_TRUE(RevenuePieces(CancelledOn(draft, Utc(2026, 1, 2)), {}).empty());
}

// ---- Cancellation, worked by hand

// 1200.00 over 2026 (365 days), processed 2026-01-01, cancelled 2026-03-15.
//   C(Jan 31) = round(120000 x 31/365 = 10191.78) = 10192
//   C(Feb 28) = round(120000 x 59/365 = 19397.26) = 19397
//   C(Mar 14) = 120000 x 73/365 = 24000 exactly
Invoice YearlyInvoice() {
  return Processed({Line(120000, CivilDay(2026, 1, 1), CivilDay(2026, 12, 31))},
                   Utc(2026, 1, 1));
}

TEST(CancellationRevenueTest, JanuaryIsTheSameBeforeAndAfterACancellationInMarch) {
  const CurrencyRevenue before =
      Report(YearlyInvoice(), {}, CivilDay(2026, 1, 1), CivilDay(2026, 1, 31));
  EXPECT_EQ(before.recognized, 10192);
  EXPECT_EQ(before.deferred, 109808);
  const Invoice cancelled = CancelledOn(YearlyInvoice(), Utc(2026, 3, 15, 16));
  EXPECT_EQ(Report(cancelled, {}, CivilDay(2026, 1, 1), CivilDay(2026, 1, 31)), before);
  // February too: 19397 - 10192 = 9205, deferred 120000 - 19397 = 100603.
  const CurrencyRevenue february =
      Report(cancelled, {}, CivilDay(2026, 2, 1), CivilDay(2026, 2, 28));
  EXPECT_EQ(february.recognized, 9205);
  EXPECT_EQ(february.deferred, 100603);
  // The day before the cancellation still defers the rest of the year.
  EXPECT_EQ(Report(cancelled, {}, CivilDay(2026, 3, 1), CivilDay(2026, 3, 14)).deferred,
            120000 - 24000);
}

TEST(CancellationRevenueTest, NothingFromTheCancellationDayOnAndNothingDeferred) {
  const Invoice cancelled = CancelledOn(YearlyInvoice(), Utc(2026, 3, 15, 16));
  // March: days 1-14 only, 24000 - 19397 = 4603; deferred drops to zero.
  const CurrencyRevenue march = Report(cancelled, {}, CivilDay(2026, 3, 1), CivilDay(2026, 3, 31));
  EXPECT_EQ(march.recognized, 4603);
  EXPECT_EQ(march.deferred, 0);
  EXPECT_EQ(Report(cancelled, {}, CivilDay(2026, 3, 15), CivilDay(2026, 3, 15)).deferred, 0);
  const CurrencyRevenue year = Report(cancelled, {}, CivilDay(2026, 1, 1), CivilDay(2026, 12, 31));
  EXPECT_EQ(year.recognized, 24000);
  EXPECT_EQ(year.deferred, 0);
  std::vector<MonthlyAmount> expected = {{CivilMonth(2026, 1), 10192},
                                         {CivilMonth(2026, 2), 9205},
                                         {CivilMonth(2026, 3), 4603}};
  for (int month = 4; month <= 12; ++month) expected.push_back({CivilMonth(2026, month), 0});
  EXPECT_EQ(year.schedule, expected);
  // Later periods see nothing at all.
  EXPECT_EQ(Report(cancelled, {}, CivilDay(2026, 4, 1), CivilDay(2027, 3, 31)).recognized, 0);
}

TEST(CancellationRevenueTest, CancelledOnTheDayItWasProcessedRecognizesNothing) {
  const Invoice invoice = CancelledOn(Processed({Line(5000)}, Utc(2026, 1, 10, 8)),
                                      Utc(2026, 1, 10, 17));
  const CurrencyRevenue january = Report(invoice, {}, CivilDay(2026, 1, 1), CivilDay(2026, 1, 31));
  EXPECT_EQ(january.recognized, 0);
  EXPECT_EQ(january.deferred, 0);
}

// ---- Credit notes, worked by hand

// Processed 2026-01-01: L1 900.00 over 2026-01-01..03-31 (90 days, 10.00 a
// day: Jan 31000, Feb 28000, Mar 31000) and L2 300.00 without a period (on
// 2026-01-01). Credit 100.01 dated 2026-02-15:
//   allocation: L1 round(10001 x 3/4 = 7500.75) = 7501, L2 2500
//   L1: 45 of 90 days lie before Feb 15: round(7501 x 45/90 = 3750.5) = 3751
//       on Feb 15; the other 3750 over Feb 15..Mar 31 (45 days):
//       Feb round(3750 x 14/45 = 1166.67) = 1167, Mar 2583
//   L2: its one day is long past: all 2500 on Feb 15
// Q1: Jan 61000; Feb 28000 - 3751 - 2500 - 1167 = 20582; Mar 31000 - 2583 =
// 28417. Total 109999 = 120000 - 10001.
Invoice TwoLineInvoice() {
  return Processed({Line(90000, CivilDay(2026, 1, 1), CivilDay(2026, 3, 31)), Line(30000)},
                   Utc(2026, 1, 1));
}

TEST(CreditNoteRevenueTest, CreditInTheMiddleOfAServicePeriod) {
  const std::vector<CreditNote> notes = {Credit(10001, CivilDay(2026, 2, 15))};
  const CurrencyRevenue q1 = Report(TwoLineInvoice(), notes, CivilDay(2026, 1, 1),
                                    CivilDay(2026, 3, 31));
  EXPECT_EQ(q1.schedule, (std::vector<MonthlyAmount>{{CivilMonth(2026, 1), 61000},
                                                     {CivilMonth(2026, 2), 20582},
                                                     {CivilMonth(2026, 3), 28417}}));
  EXPECT_EQ(q1.recognized, 109999);
  EXPECT_EQ(q1.deferred, 0);
  // February's deferred: L1's 31000 less the credit's 2583 still to come.
  const CurrencyRevenue february = Report(TwoLineInvoice(), notes, CivilDay(2026, 2, 1),
                                          CivilDay(2026, 2, 28));
  EXPECT_EQ(february.recognized, 20582);
  EXPECT_EQ(february.deferred, 28417);
}

TEST(CreditNoteRevenueTest, PeriodsClosedBeforeTheCreditDoNotChange) {
  const std::vector<CreditNote> notes = {Credit(10001, CivilDay(2026, 2, 15))};
  for (auto [start, end] : {std::pair{CivilDay(2026, 1, 1), CivilDay(2026, 1, 31)},
                            std::pair{CivilDay(2026, 2, 1), CivilDay(2026, 2, 14)},
                            std::pair{CivilDay(2025, 12, 1), CivilDay(2026, 2, 14)}}) {
    EXPECT_EQ(Report(TwoLineInvoice(), notes, start, end),
              Report(TwoLineInvoice(), {}, start, end));
  }
  // January by hand: 31000 + 30000 recognized, L1's 59000 deferred.
  const CurrencyRevenue january =
      Report(TwoLineInvoice(), notes, CivilDay(2026, 1, 1), CivilDay(2026, 1, 31));
  EXPECT_EQ(january.recognized, 61000);
  EXPECT_EQ(january.deferred, 59000);
}

TEST(CreditNoteRevenueTest, PiecesOfTheCreditWorkedByHand) {
  const Invoice invoice = TwoLineInvoice();
  const CivilDay d(2026, 2, 15);
  EXPECT_EQ(CreditNotePieces(RecognizableAmountsAsInvoiced(invoice), 10001, d),
            (std::vector<RevenuePiece>{
                {{"USD", -3751, d, d}, d, std::nullopt},
                {{"USD", -3750, d, CivilDay(2026, 3, 31)}, d, std::nullopt},
                {{"USD", -2500, d, d}, d, std::nullopt},
            }));
}

TEST(CreditNoteRevenueTest, CreditOnAnInvoiceWhoseServiceEndedLongAgo) {
  // 600.00 over 2025-01-01..2025-06-30, processed 2024-12-20; a credit of
  // 50.00 on 2026-03-10 lands whole on that day.
  const Invoice invoice =
      Processed({Line(60000, CivilDay(2025, 1, 1), CivilDay(2025, 6, 30))}, Utc(2024, 12, 20));
  const std::vector<CreditNote> notes = {Credit(5000, CivilDay(2026, 3, 10))};
  const CurrencyRevenue year2025 = Report(invoice, notes, CivilDay(2025, 1, 1),
                                          CivilDay(2025, 12, 31));
  EXPECT_EQ(year2025, Report(invoice, {}, CivilDay(2025, 1, 1), CivilDay(2025, 12, 31)));
  EXPECT_EQ(year2025.recognized, 60000);
  EXPECT_EQ(year2025.deferred, 0);
  const CurrencyRevenue early2026 = Report(invoice, notes, CivilDay(2026, 1, 1),
                                           CivilDay(2026, 2, 28));
  EXPECT_EQ(early2026.recognized, 0);
  EXPECT_EQ(early2026.deferred, 0);
  const CurrencyRevenue march = Report(invoice, notes, CivilDay(2026, 3, 1),
                                       CivilDay(2026, 3, 31));
  EXPECT_EQ(march.recognized, -5000);
  EXPECT_EQ(march.deferred, 0);
  EXPECT_EQ(march.schedule, (std::vector<MonthlyAmount>{{CivilMonth(2026, 3), -5000}}));
}

TEST(CreditNoteRevenueTest, CreditBeforeTheServiceStartsSpreadsOverAllOfIt) {
  // 310.00 over July 2026, credit 31.00 on 2026-06-10: nothing lies in the
  // past, so 27.90 remains, 0.90 a day; June shows nothing.
  const Invoice invoice =
      Processed({Line(31000, CivilDay(2026, 7, 1), CivilDay(2026, 7, 31))}, Utc(2026, 6, 1));
  const std::vector<CreditNote> notes = {Credit(3100, CivilDay(2026, 6, 10))};
  const CurrencyRevenue summer =
      Report(invoice, notes, CivilDay(2026, 6, 1), CivilDay(2026, 7, 31));
  EXPECT_EQ(summer.schedule, (std::vector<MonthlyAmount>{{CivilMonth(2026, 6), 0},
                                                         {CivilMonth(2026, 7), 27900}}));
  EXPECT_EQ(Report(invoice, notes, CivilDay(2026, 6, 1), CivilDay(2026, 6, 30)).deferred, 27900);
  EXPECT_EQ(Report(invoice, notes, CivilDay(2026, 6, 1), CivilDay(2026, 6, 9)).deferred, 31000);
}

TEST(CreditNoteRevenueTest, CreditsOfOtherInvoicesAreIgnored) {
  EXPECT_EQ(RevenuePieces(TwoLineInvoice(), {Credit(500, CivilDay(2026, 2, 1), "inv_2")}),
            RevenuePieces(TwoLineInvoice(), {}));
}

TEST(CreditNoteRevenueTest, CreditThenCancellation) {
  // The credit of 100.01 on Feb 15 above, then a cancellation on Mar 11.
  // March: L1 Mar 1-10 = 10000; the credit's spread by Mar 10 is
  // round(3750 x 24/45) = 2000, of which 1167 fell in February: -833.
  // March = 9167 and nothing is deferred. January and February stand.
  const Invoice cancelled = CancelledOn(TwoLineInvoice(), Utc(2026, 3, 11, 12));
  const std::vector<CreditNote> notes = {Credit(10001, CivilDay(2026, 2, 15))};
  const CurrencyRevenue q1 = Report(cancelled, notes, CivilDay(2026, 1, 1), CivilDay(2026, 3, 31));
  EXPECT_EQ(q1.schedule, (std::vector<MonthlyAmount>{{CivilMonth(2026, 1), 61000},
                                                     {CivilMonth(2026, 2), 20582},
                                                     {CivilMonth(2026, 3), 9167}}));
  EXPECT_EQ(q1.deferred, 0);
  EXPECT_EQ(Report(cancelled, notes, CivilDay(2026, 2, 1), CivilDay(2026, 2, 28)),
            Report(TwoLineInvoice(), notes, CivilDay(2026, 2, 1), CivilDay(2026, 2, 28)));
}

TEST(CreditNoteRevenueTest, CreditAndCancellationOnTheSameDay) {
  // Credit 100.01 on Mar 11, cancelled the same day. L1's share 7501: 69 of
  // 90 days are past, round(7501 x 69/90 = 5750.77) = 5751 lands on Mar 11;
  // its 1750 spread would start Mar 11 and is stopped. L2's 2500 lands too.
  // March = L1's Mar 1-10 (10000) - 5751 - 2500 = 1749; nothing deferred.
  const Invoice cancelled = CancelledOn(TwoLineInvoice(), Utc(2026, 3, 11, 18));
  const CurrencyRevenue march = Report(cancelled, {Credit(10001, CivilDay(2026, 3, 11))},
                                       CivilDay(2026, 3, 1), CivilDay(2026, 3, 31));
  EXPECT_EQ(march.recognized, 1749);
  EXPECT_EQ(march.deferred, 0);
}

// ---- The promise, over random histories: a report for a period ending on
// day X gives the same figures whether it is run on X (knowing only the
// events up to X) or any time later; and without a cancellation, the whole
// history recognizes exactly the amount less the credits.

TEST(AdjustedRevenuePropertyTest, ClosedPeriodsNeverChangeAndNoUnitIsLost) {
  std::mt19937_64 rng(12);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  const CivilDay origin(2025, 1, 1);
  for (int round = 0; round < 300; ++round) {
    const CivilDay processed = origin + uniform(0, 400);
    std::vector<LineItem> lines;
    for (int64_t i = 0, n = uniform(1, 4); i < n; ++i) {
      if (uniform(0, 3) == 0) {
        lines.push_back(Line(uniform(0, 100000)));
      } else {
        const CivilDay start = processed + uniform(-200, 200);
        lines.push_back(Line(uniform(1, 10'000'000), start, start + uniform(0, 500)));
      }
    }
    Invoice invoice = Processed(lines, absl::FromCivil(processed, absl::UTCTimeZone()));
    if (invoice.amount == 0) continue;
    std::vector<CreditNote> notes;
    CivilDay last_event = processed;
    int64_t credited = 0;
    for (int64_t i = 0, n = uniform(0, 3); i < n && credited < invoice.amount; ++i) {
      last_event = last_event + uniform(0, 200);
      const int64_t amount = uniform(1, invoice.amount - credited);
      credited += amount;
      notes.push_back(Credit(amount, last_event));
    }
    std::optional<CivilDay> cancelled_on;
    Invoice final_invoice = invoice;
    if (uniform(0, 2) == 0) {
      cancelled_on = last_event + uniform(0, 200);
      final_invoice =
          CancelledOn(invoice, absl::FromCivil(*cancelled_on, absl::UTCTimeZone()) +
                                   absl::Hours(uniform(0, 23)));
    }
    // Knowing only what happened by the end of `day`.
    auto as_of = [&](CivilDay day) {
      std::vector<CreditNote> known;
      for (const CreditNote& note : notes) {
        if (note.date <= day) known.push_back(note);
      }
      const Invoice& seen =
          cancelled_on.has_value() && *cancelled_on <= day ? final_invoice : invoice;
      return RevenuePieces(seen, known);
    };
    const std::vector<RevenuePiece> everything = RevenuePieces(final_invoice, notes);
    for (int k = 0; k < 6; ++k) {
      const CivilDay end = processed + uniform(-250, 900);
      const CivilDay start = end - uniform(0, 400);
      std::vector<CurrencyRevenue> later = CalculateAdjustedRevenue(everything, start, end);
      ASSERT_EQ(CalculateAdjustedRevenue(as_of(end), start, end), later)
          << "round " << round << " period " << start << ".." << end;
      ASSERT_EQ(later.size(), 1u);
      ASSERT_EQ(ScheduleSum(later[0]), later[0].recognized);
    }
    if (!cancelled_on.has_value()) {
      const std::vector<CurrencyRevenue> all =
          CalculateAdjustedRevenue(everything, origin - 1000, origin + 3000);
      ASSERT_EQ(all[0].recognized, invoice.amount - credited) << "round " << round;
      ASSERT_EQ(all[0].deferred, 0);
    } else {
      // Recognized before the cancellation day stays, nothing after it.
      const CivilDay day = *cancelled_on;
      const std::vector<CurrencyRevenue> before =
          CalculateAdjustedRevenue(everything, origin - 1000, day - 1);
      const std::vector<CurrencyRevenue> after =
          CalculateAdjustedRevenue(everything, day + 1, origin + 3000);
      const std::vector<CurrencyRevenue> on =
          CalculateAdjustedRevenue(everything, day, day);
      ASSERT_EQ(after[0].recognized, 0);
      ASSERT_EQ(on[0].deferred, 0);
      // On the day itself only credit reversals dated that day can land.
      int64_t lumps_on_day = 0;
      for (const RevenuePiece& piece : everything) {
        if (piece.item.amount < 0 && piece.item.start == day && piece.item.end == day &&
            !piece.stopped_on.has_value()) {
          lumps_on_day += piece.item.amount;
        }
      }
      ASSERT_EQ(on[0].recognized, lumps_on_day);
      ASSERT_EQ(before[0].recognized + on[0].recognized,
                CalculateAdjustedRevenue(everything, origin - 1000, origin + 3000)[0].recognized);
    }
  }
}

}  // namespace
}  // namespace billing::domain

namespace billing::domain {
namespace {

// The accumulator works on day numbers; the reference below is the
// definition, on civil days, through CumulativeRecognized and Deferred. They
// must agree to the minor unit on every kind of piece and period.
TEST(AdjustedRevenueAccumulatorTest, DayNumbersGiveTheDefinitionsFiguresExactly) {
  std::mt19937_64 rng(14);
  auto day_in = [&](CivilDay from, int span) {
    return from + static_cast<int>(rng() % static_cast<uint64_t>(span));
  };
  const CivilDay base(2025, 11, 3);
  for (int round = 0; round < 300; ++round) {
    const CivilDay period_start = day_in(base, 500);
    const CivilDay period_end = day_in(period_start, 800);
    std::vector<RevenuePiece> pieces;
    for (int i = 0; i < 20; ++i) {
      RevenuePiece piece;
      piece.item.currency = rng() % 4 == 0 ? "EUR" : "USD";
      piece.item.amount = static_cast<int64_t>(rng() % 2000003) - 1000000;
      piece.item.start = day_in(base - 200, 1200);
      piece.item.end = day_in(piece.item.start, rng() % 3 == 0 ? 1 : 400);
      if (rng() % 3 == 0) piece.known_from = day_in(base - 100, 1200);
      if (rng() % 3 == 0) piece.stopped_on = day_in(base - 100, 1200);
      pieces.push_back(piece);
    }
    AdjustedRevenueAccumulator accumulator(period_start, period_end);
    std::map<std::string, CurrencyRevenue> expected;
    for (const RevenuePiece& piece : pieces) {
      accumulator.Add(piece);
      CurrencyRevenue& want = expected[piece.item.currency];
      want.currency = piece.item.currency;
      want.recognized += CumulativeRecognized(piece, period_end) -
                         CumulativeRecognized(piece, period_start - 1);
      want.deferred += Deferred(piece, period_end);
      if (want.schedule.empty()) {
        for (CivilMonth month(period_start); month <= CivilMonth(period_end); ++month) {
          want.schedule.push_back({month, 0});
        }
      }
      for (MonthlyAmount& entry : want.schedule) {
        const CivilDay from = std::max(CivilDay(entry.month), period_start);
        const CivilDay to = std::min(CivilDay(entry.month + 1) - 1, period_end);
        entry.amount += CumulativeRecognized(piece, to) - CumulativeRecognized(piece, from - 1);
      }
    }
    std::vector<CurrencyRevenue> got = std::move(accumulator).Results();
    ASSERT_EQ(got.size(), expected.size()) << round;
    size_t i = 0;
    for (const auto& [currency, want] : expected) {
      EXPECT_EQ(got[i].currency, want.currency) << round;
      EXPECT_EQ(got[i].recognized, want.recognized) << round << " " << currency;
      EXPECT_EQ(got[i].deferred, want.deferred) << round << " " << currency;
      EXPECT_EQ(got[i].schedule, want.schedule) << round << " " << currency;
      ++i;
    }
  }
}

}  // namespace
}  // namespace billing::domain
