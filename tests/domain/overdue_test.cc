#include "domain/overdue.h"

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/business_calendar.h"
#include "domain/invoice.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

const absl::CivilDay kIssued(2026, 3, 1);
const absl::CivilDay kDue(2026, 3, 31);

CollectionFacts Pending(int64_t amount_due = 5000) {
  return {.status = InvoiceStatus::kPending,
          .amount_due = amount_due,
          .issue_date = kIssued,
          .due_date = kDue};
}

TEST(OverdueTest, FromTheDayAfterTheDueDate) {
  const CollectionFacts invoice = Pending();
  EXPECT_FALSE(IsOverdue(invoice, kDue - 1));
  EXPECT_FALSE(IsOverdue(invoice, kDue));
  EXPECT_EQ(DaysOverdue(invoice, kDue), 0);
  EXPECT_TRUE(IsOverdue(invoice, kDue + 1));
  EXPECT_EQ(DaysOverdue(invoice, kDue + 1), 1);
  EXPECT_EQ(DaysOverdue(invoice, absl::CivilDay(2026, 6, 29)), 90);
  EXPECT_EQ(FirstOverdueDay(kDue), absl::CivilDay(2026, 4, 1));
}

TEST(OverdueTest, OnlyAPendingInvoiceWithSomethingDue) {
  const absl::CivilDay late = kDue + 10;
  for (InvoiceStatus status :
       {InvoiceStatus::kDraft, InvoiceStatus::kPaid, InvoiceStatus::kCancelled}) {
    CollectionFacts invoice = Pending();
    invoice.status = status;
    EXPECT_FALSE(IsCollectible(invoice)) << InvoiceStatusName(status);
    EXPECT_FALSE(IsOverdue(invoice, late)) << InvoiceStatusName(status);
    EXPECT_EQ(DaysOverdue(invoice, late), 0);
  }
  CollectionFacts written_off = Pending();
  written_off.status = InvoiceStatus::kUncollectible;
  EXPECT_FALSE(IsOverdue(written_off, late));
  EXPECT_FALSE(IsOverdue(Pending(0), late));  // credited down to nothing
  EXPECT_TRUE(IsOverdue(Pending(1), late));   // one cent still counts
}

TEST(OverdueTest, TheEventIsDueOnceFromTheFirstOverdueDayEvenAfterAnOutage) {
  const CollectionFacts invoice = Pending();
  EXPECT_FALSE(OverdueEventDue(invoice, kDue, false));
  EXPECT_TRUE(OverdueEventDue(invoice, kDue + 1, false));
  EXPECT_TRUE(OverdueEventDue(invoice, kDue + 9, false));  // the scan missed 8 days
  EXPECT_FALSE(OverdueEventDue(invoice, kDue + 9, true));
  CollectionFacts paid = Pending();
  paid.status = InvoiceStatus::kPaid;
  EXPECT_FALSE(OverdueEventDue(paid, kDue + 1, false));
}

TEST(OverdueTest, LatenessIsCountedInTheOrganizationsCalendar) {
  // At 2026-04-01T05:00Z an invoice due on 03-31 is overdue for a team on
  // Kiritimati (already 04-01 19:00) but not yet in Los Angeles (03-31 22:00).
  const absl::Time now =
      absl::FromCivil(absl::CivilSecond(2026, 4, 1, 5, 0, 0), absl::UTCTimeZone());
  absl::TimeZone kiritimati;
  absl::TimeZone los_angeles;
  ASSERT_TRUE(absl::LoadTimeZone("Pacific/Kiritimati", &kiritimati));
  ASSERT_TRUE(absl::LoadTimeZone("America/Los_Angeles", &los_angeles));
  EXPECT_EQ(DaysOverdue(Pending(), LocalDay(now, kiritimati)), 1);
  EXPECT_FALSE(IsOverdue(Pending(), LocalDay(now, los_angeles)));
  EXPECT_TRUE(IsOverdue(Pending(), LocalDay(now + absl::Hours(2), los_angeles)));
}

TEST(OverdueTest, DstChangesMoveTheUtcHourOfLocalMidnight) {
  absl::TimeZone los_angeles;
  ASSERT_TRUE(absl::LoadTimeZone("America/Los_Angeles", &los_angeles));
  auto utc = [](int month, int day, int hour, int minute) {
    return absl::FromCivil(absl::CivilMinute(2026, month, day, hour, minute), absl::UTCTimeZone());
  };
  // Due on 03-07 (PST, UTC-8): overdue from 08:00 UTC on 03-08.
  CollectionFacts before_spring = Pending();
  before_spring.due_date = absl::CivilDay(2026, 3, 7);
  EXPECT_FALSE(IsOverdue(before_spring, LocalDay(utc(3, 8, 7, 59), los_angeles)));
  EXPECT_TRUE(IsOverdue(before_spring, LocalDay(utc(3, 8, 8, 0), los_angeles)));
  // Due on 03-08, the day the clocks spring forward (PDT, UTC-7 at its end):
  // overdue from 07:00 UTC on 03-09, one hour earlier in UTC.
  CollectionFacts on_spring = Pending();
  on_spring.due_date = absl::CivilDay(2026, 3, 8);
  EXPECT_FALSE(IsOverdue(on_spring, LocalDay(utc(3, 9, 6, 59), los_angeles)));
  EXPECT_EQ(DaysOverdue(on_spring, LocalDay(utc(3, 9, 7, 0), los_angeles)), 1);
  // Due on 10-31, before the clocks fall back on 11-01 (25 hours long): the
  // 2nd starts at 08:00 UTC, so at 07:30 UTC it is one day late, not two.
  CollectionFacts on_fall = Pending();
  on_fall.due_date = absl::CivilDay(2026, 10, 31);
  EXPECT_EQ(DaysOverdue(on_fall, LocalDay(utc(11, 2, 7, 30), los_angeles)), 1);
  EXPECT_EQ(DaysOverdue(on_fall, LocalDay(utc(11, 2, 8, 0), los_angeles)), 2);
}

}  // namespace
}  // namespace billing::domain
