#include "domain/reminder_schedule.h"

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/dates.h"
#include "domain/error.h"
#include "domain/invoice.h"
#include "domain/overdue.h"
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
using ::testing::IsEmpty;

// ---- The schedule.

TEST(ReminderScheduleTest, DefaultIsThreeDaysBeforeThenOneSevenFourteenThirtyAfter) {
  EXPECT_THAT(DefaultReminderSchedule(), ElementsAre(-3, 1, 7, 14, 30));
  EXPECT_THAT(NormalizeReminderSchedule({-3, 1, 7, 14, 30}),
              IsOkAndHolds(DefaultReminderSchedule()));
}

TEST(ReminderScheduleTest, EmptyTurnsRemindersOff) {
  EXPECT_THAT(NormalizeReminderSchedule({}), IsOkAndHolds(IsEmpty()));
}

TEST(ReminderScheduleTest, SortsOffsetsGivenInAnyOrder) {
  EXPECT_THAT(NormalizeReminderSchedule({30, -3, 7, 0}), IsOkAndHolds(ElementsAre(-3, 0, 7, 30)));
  EXPECT_THAT(NormalizeReminderSchedule({365, -365}), IsOkAndHolds(ElementsAre(-365, 365)));
}

TEST(ReminderScheduleTest, NamesEveryOutOfRangeOrRepeatedOffset) {
  absl::StatusOr<std::vector<int>> schedule =
      NormalizeReminderSchedule({7, -366, 7, 366, int64_t{1} << 40, 1});
  EXPECT_THAT(schedule, HasErrorCode(ErrorCode::kValidationError));
  const std::vector<FieldViolation> violations = FieldViolationsOf(schedule.status());
  EXPECT_THAT(violations, ElementsAre(Field(&FieldViolation::field, "reminder_schedule[1]"),
                                      Field(&FieldViolation::field, "reminder_schedule[2]"),
                                      Field(&FieldViolation::field, "reminder_schedule[3]"),
                                      Field(&FieldViolation::field, "reminder_schedule[4]")));
  EXPECT_THAT(violations[0].description, HasSubstr("from -365 to 365"));
  EXPECT_THAT(violations[1].description, HasSubstr("repeats the offset 7 of reminder_schedule[0]"));
}

TEST(ReminderScheduleTest, HoldsAtMostTwelveOffsets) {
  std::vector<int64_t> twelve;
  for (int i = 0; i < 12; ++i) twelve.push_back(i * 10);
  EXPECT_THAT(NormalizeReminderSchedule(twelve), IsOkAndHolds(::testing::SizeIs(12)));
  std::vector<int64_t> thirteen = twelve;
  thirteen.push_back(200);
  absl::StatusOr<std::vector<int>> schedule = NormalizeReminderSchedule(thirteen);
  EXPECT_THAT(schedule, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_THAT(FieldViolationsOf(schedule.status()),
              ElementsAre(Field(&FieldViolation::field, "reminder_schedule")));
}

TEST(ReminderScheduleTest, ReminderDayIsRelativeToTheDueDate) {
  EXPECT_EQ(ReminderDay(absl::CivilDay(2026, 3, 31), -3), absl::CivilDay(2026, 3, 28));
  EXPECT_EQ(ReminderDay(absl::CivilDay(2026, 3, 31), 1), absl::CivilDay(2026, 4, 1));
  EXPECT_EQ(ReminderDay(absl::CivilDay(2026, 12, 31), 30), absl::CivilDay(2027, 1, 30));
}

// ---- Choosing the reminder of one scan.

const absl::CivilDay kDue(2026, 3, 31);

CollectionFacts Pending() {
  return {.status = InvoiceStatus::kPending,
          .amount_due = 12000,
          .issue_date = absl::CivilDay(2026, 3, 1),
          .due_date = kDue};
}

struct SelectCase {
  std::string name;
  CollectionFacts invoice = Pending();
  bool reminders_enabled = true;
  std::vector<int> schedule = DefaultReminderSchedule();
  std::set<int> claimed;
  int today = 0;  // relative to kDue
  std::optional<int> send;
  std::vector<int> skip;
};

CollectionFacts With(InvoiceStatus status) {
  CollectionFacts facts = Pending();
  facts.status = status;
  return facts;
}

CollectionFacts IssuedOn(int day) {
  CollectionFacts facts = Pending();
  facts.issue_date = kDue + day;
  return facts;
}

std::vector<SelectCase> SelectCases() {
  CollectionFacts written_off = Pending();
  written_off.status = InvoiceStatus::kUncollectible;
  CollectionFacts nothing_due = Pending();
  nothing_due.amount_due = 0;
  return {
      {.name = "before the first offset", .today = -4},
      {.name = "three days before the due date", .today = -3, .send = -3},
      {.name = "the day after, already sent", .claimed = {-3}, .today = -2},
      {.name = "on the due date nothing new", .claimed = {-3}, .today = 0},
      {.name = "one day late", .claimed = {-3}, .today = 1, .send = 1},
      {.name = "a later scan the same day", .claimed = {-3, 1}, .today = 1},
      {.name = "missed -3 in an outage", .today = 1, .send = 1, .skip = {-3}},
      {.name = "outage over 1 and 7", .claimed = {-3}, .today = 20, .send = 14, .skip = {1, 7}},
      {.name = "a year late with nothing sent", .today = 400, .send = 30,
       .skip = {-3, 1, 7, 14}},
      {.name = "everything claimed", .claimed = {-3, 1, 7, 14, 30}, .today = 400},
      {.name = "a failed send stays claimed", .claimed = {-3, 1}, .today = 6},
      {.name = "paid", .invoice = With(InvoiceStatus::kPaid), .today = 1},
      {.name = "cancelled", .invoice = With(InvoiceStatus::kCancelled), .today = 1},
      {.name = "draft", .invoice = With(InvoiceStatus::kDraft), .today = 1},
      {.name = "uncollectible", .invoice = written_off, .today = 1},
      {.name = "nothing due", .invoice = nothing_due, .today = 1},
      {.name = "customer opted out", .reminders_enabled = false, .today = 1},
      {.name = "schedule empty", .schedule = {}, .today = 30},
      {.name = "issued on the due date: -3 never", .invoice = IssuedOn(0), .today = 0},
      {.name = "issued on the due date: 1 alone", .invoice = IssuedOn(0), .today = 1, .send = 1},
      {.name = "issued late, 1 came before it", .invoice = IssuedOn(5), .today = 5},
      {.name = "issued late, 7 comes after", .invoice = IssuedOn(5), .today = 7, .send = 7},
      {.name = "an offset on the issue day counts", .invoice = IssuedOn(-3), .today = -3,
       .send = -3},
      {.name = "schedule in any order", .schedule = {30, 7, -3}, .today = 8, .send = 7,
       .skip = {-3}},
      {.name = "offset added below one sent", .claimed = {7}, .today = 8, .skip = {-3, 1}},
      {.name = "then the next one goes out", .claimed = {-3, 1, 7}, .today = 14, .send = 14},
      {.name = "offset added below a later one", .claimed = {7}, .today = 14, .send = 14,
       .skip = {-3, 1}},
  };
}

TEST(SelectReminderTest, Table) {
  for (const SelectCase& c : SelectCases()) {
    const ReminderDecision decision =
        SelectReminder(c.invoice, c.reminders_enabled, c.schedule, c.claimed, kDue + c.today);
    EXPECT_EQ(decision.send, c.send) << c.name;
    EXPECT_EQ(decision.skip, c.skip) << c.name;
  }
}

TEST(SelectReminderTest, TheReminderDayIsTheOrganizationsDay) {
  // At 2026-03-27T11:00Z it is already 03-28 on Kiritimati (UTC+14), the
  // day of the -3 reminder, but still 03-27 in Los Angeles.
  const absl::Time now =
      absl::FromCivil(absl::CivilSecond(2026, 3, 27, 11, 0, 0), absl::UTCTimeZone());
  absl::TimeZone kiritimati;
  absl::TimeZone los_angeles;
  ASSERT_TRUE(absl::LoadTimeZone("Pacific/Kiritimati", &kiritimati));
  ASSERT_TRUE(absl::LoadTimeZone("America/Los_Angeles", &los_angeles));
  const std::vector<int> schedule = DefaultReminderSchedule();
  EXPECT_EQ(SelectReminder(Pending(), true, schedule, {}, absl::ToCivilDay(now, kiritimati)).send,
            -3);
  EXPECT_EQ(SelectReminder(Pending(), true, schedule, {}, absl::ToCivilDay(now, los_angeles)).send,
            std::nullopt);
}

// ---- 60 simulated days of scans.

struct Simulation {
  std::vector<int> schedule;
  CollectionFacts invoice;
  std::optional<absl::CivilDay> paid_on;  // nothing due from that day
  std::vector<absl::CivilDay> scan_days;  // ascending, a day may repeat (two replicas)
};

struct Outcome {
  std::map<int, absl::CivilDay> sent;     // offset -> the day it went out
  std::map<int, absl::CivilDay> skipped;  // offset -> the day it was skipped
};

std::string Describe(const Simulation& s) {
  std::vector<std::string> scans;
  for (absl::CivilDay day : s.scan_days) scans.push_back(FormatDate(day));
  return absl::StrCat("schedule [", absl::StrJoin(s.schedule, ","), "] issued ",
                      FormatDate(s.invoice.issue_date), " due ", FormatDate(s.invoice.due_date),
                      " paid ", s.paid_on ? FormatDate(*s.paid_on) : "never", " scans ",
                      absl::StrJoin(scans, " "));
}

Simulation RandomSimulation(std::mt19937_64& random, bool daily) {
  auto uniform = [&random](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(random);
  };
  Simulation s;
  std::vector<int64_t> offsets;
  const int count = uniform(0, 6);
  std::set<int64_t> chosen;
  while (static_cast<int>(chosen.size()) < count) chosen.insert(uniform(-10, 45));
  // Handed over unsorted, as an API caller might.
  offsets.assign(chosen.rbegin(), chosen.rend());
  s.schedule = NormalizeReminderSchedule(offsets).value();
  const absl::CivilDay start(2026, 1, 1);
  s.invoice = Pending();
  s.invoice.issue_date = start + uniform(0, 10);
  s.invoice.due_date = s.invoice.issue_date + uniform(0, 40);
  if (uniform(0, 2) == 0) s.paid_on = s.invoice.issue_date + uniform(0, 60);
  for (absl::CivilDay day = s.invoice.issue_date; day < start + 60; ++day) {
    if (!daily && uniform(0, 99) < 45) continue;  // gaps of a day to a week or more
    s.scan_days.push_back(day);
    if (uniform(0, 3) == 0) s.scan_days.push_back(day);  // a second replica
  }
  return s;
}

// Each scan claims what it decides, as storage does in one transaction.
Outcome Run(const Simulation& s) {
  Outcome out;
  std::set<int> claimed;
  for (absl::CivilDay today : s.scan_days) {
    CollectionFacts facts = s.invoice;
    if (s.paid_on && today >= *s.paid_on) {
      facts.status = InvoiceStatus::kPaid;
      facts.amount_due = 0;
    }
    const ReminderDecision decision = SelectReminder(facts, true, s.schedule, claimed, today);
    // The same facts give the same decision on another replica: the claim,
    // not the choice, is what storage must make exclusive.
    EXPECT_EQ(decision, SelectReminder(facts, true, s.schedule, claimed, today));
    if (decision.send) {
      EXPECT_FALSE(claimed.contains(*decision.send)) << "sent twice: " << *decision.send;
      EXPECT_LE(ReminderDay(s.invoice.due_date, *decision.send), today);
      EXPECT_GE(ReminderDay(s.invoice.due_date, *decision.send), s.invoice.issue_date);
      EXPECT_TRUE(!s.paid_on || today < *s.paid_on) << "sent after payment";
      claimed.insert(*decision.send);
      out.sent.emplace(*decision.send, today);
    }
    for (int offset : decision.skip) {
      EXPECT_FALSE(claimed.contains(offset)) << "claimed twice: " << offset;
      EXPECT_TRUE(decision.send.has_value() && offset < *decision.send)
          << "skipped " << offset << " without a later reminder";
      claimed.insert(offset);
      out.skipped.emplace(offset, today);
    }
  }
  return out;
}

// The outcome worked out from the rules alone: an offset goes out on the
// first scan on or after its day while the invoice is unpaid, unless a
// later offset is also due by then (it is skipped); one whose day came
// before the invoice was issued never goes out.
Outcome Expected(const Simulation& s) {
  Outcome out;
  for (int offset : s.schedule) {
    const absl::CivilDay day = ReminderDay(s.invoice.due_date, offset);
    if (day < s.invoice.issue_date) continue;
    std::optional<absl::CivilDay> scan;
    for (absl::CivilDay d : s.scan_days) {
      if (d >= day) {
        scan = d;
        break;
      }
    }
    if (!scan || (s.paid_on && *scan >= *s.paid_on)) continue;
    bool later_due = false;
    for (int other : s.schedule) {
      later_due |= other > offset && ReminderDay(s.invoice.due_date, other) <= *scan;
    }
    (later_due ? out.skipped : out.sent).emplace(offset, *scan);
  }
  return out;
}

void CheckSimulations(bool daily, uint64_t first_seed) {
  for (uint64_t seed = first_seed; seed < first_seed + 2000; ++seed) {
    std::mt19937_64 random(seed);
    const Simulation s = RandomSimulation(random, daily);
    const Outcome actual = Run(s);
    const Outcome expected = Expected(s);
    EXPECT_EQ(actual.sent, expected.sent) << "seed " << seed << ": " << Describe(s);
    EXPECT_EQ(actual.skipped, expected.skipped) << "seed " << seed << ": " << Describe(s);
    if (daily) {
      // A scan every day never needs to catch up.
      EXPECT_THAT(actual.skipped, IsEmpty()) << "seed " << seed << ": " << Describe(s);
    }
    if (::testing::Test::HasFailure()) return;  // one seed's story is enough
  }
}

TEST(SelectReminderPropertyTest, DailyScansSendEveryReminderOnItsDayOnce) {
  CheckSimulations(/*daily=*/true, 1);
}

TEST(SelectReminderPropertyTest, IrregularScansCatchUpWithTheLatestReminderOnly) {
  CheckSimulations(/*daily=*/false, 100'000);
}

}  // namespace
}  // namespace billing::domain
