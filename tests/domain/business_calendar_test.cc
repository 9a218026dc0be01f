#include "domain/business_calendar.h"

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

absl::TimeZone Zone(const std::string& name) {
  absl::StatusOr<absl::TimeZone> zone = LoadOrganizationTimeZone(name);
  EXPECT_TRUE(zone.ok()) << name << ": " << zone.status();
  return zone.value_or(absl::UTCTimeZone());
}

absl::Time Utc(int y, int m, int d, int hh, int mm) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, hh, mm), absl::UTCTimeZone());
}

TEST(LoadOrganizationTimeZoneTest, EmptyMeansUtc) {
  absl::TimeZone zone = Zone("");
  EXPECT_EQ(zone.name(), "UTC");
  EXPECT_EQ(LocalDay(Utc(2026, 3, 10, 23, 59), zone), absl::CivilDay(2026, 3, 10));
}

TEST(LoadOrganizationTimeZoneTest, KnowsIanaNames) {
  for (const char* name : {"UTC", "Europe/Paris", "America/Los_Angeles", "Pacific/Kiritimati",
                           "America/Argentina/ComodRivadavia", "Etc/GMT+5", "Etc/GMT-14"}) {
    EXPECT_EQ(Zone(name).name(), name);
  }
}

TEST(LoadOrganizationTimeZoneTest, RefusesWhatIsNotAZoneNamingTheField) {
  for (const char* name : {"Mars/Olympus_Mons", "europe/paris", "PST ", "+02:00", "UTC+2",
                           "localtime", "../../etc/passwd", "/usr/share/zoneinfo/UTC",
                           "Europe//Paris", "Europe/", ".hidden", "Europe/Paris\n",
                           "Fixed/UTC+05:00:00"}) {
    absl::StatusOr<absl::TimeZone> zone = LoadOrganizationTimeZone(name);
    EXPECT_THAT(zone, HasErrorCode(ErrorCode::kValidationError)) << name;
    EXPECT_THAT(FieldViolationsOf(zone.status()),
                ElementsAre(Field(&FieldViolation::field, "time_zone")))
        << name;
  }
  EXPECT_THAT(LoadOrganizationTimeZone(std::string(65, 'A')),
              HasErrorCode(ErrorCode::kValidationError));
  EXPECT_THAT(LoadOrganizationTimeZone("Europe/Pariss").status().message(),
              HasSubstr("IANA time zone"));
}

TEST(LocalDayTest, TodayDependsOnTheOrganizationsZone) {
  // 10:00 UTC on the 10th is already the 11th on Kiritimati (UTC+14) and
  // still the 10th in Los Angeles.
  const absl::Time now = Utc(2026, 3, 10, 10, 0);
  EXPECT_EQ(LocalDay(now, Zone("Pacific/Kiritimati")), absl::CivilDay(2026, 3, 11));
  EXPECT_EQ(LocalDay(now, Zone("UTC")), absl::CivilDay(2026, 3, 10));
  EXPECT_EQ(LocalDay(now, Zone("America/Los_Angeles")), absl::CivilDay(2026, 3, 10));
  // 06:59 UTC on the 11th is 23:59 PDT on the 10th; a minute later the 11th.
  EXPECT_EQ(LocalDay(Utc(2026, 3, 11, 6, 59), Zone("America/Los_Angeles")),
            absl::CivilDay(2026, 3, 10));
  EXPECT_EQ(LocalDay(Utc(2026, 3, 11, 7, 0), Zone("America/Los_Angeles")),
            absl::CivilDay(2026, 3, 11));
  // Kiritimati's day starts at 10:00 UTC the day before.
  EXPECT_EQ(LocalDay(Utc(2026, 3, 10, 9, 59), Zone("Pacific/Kiritimati")),
            absl::CivilDay(2026, 3, 10));
}

TEST(StartOfDayTest, DaysAroundDstChangesInLosAngeles) {
  const absl::TimeZone la = Zone("America/Los_Angeles");
  // 2026-03-08 springs forward at 02:00: the day has 23 hours.
  const absl::CivilDay spring(2026, 3, 8);
  EXPECT_EQ(StartOfDay(spring, la), Utc(2026, 3, 8, 8, 0));
  EXPECT_EQ(EndOfDay(spring, la), Utc(2026, 3, 9, 7, 0));
  EXPECT_EQ(EndOfDay(spring, la) - StartOfDay(spring, la), absl::Hours(23));
  // 2026-11-01 falls back at 02:00: the day has 25 hours.
  const absl::CivilDay fall(2026, 11, 1);
  EXPECT_EQ(EndOfDay(fall, la) - StartOfDay(fall, la), absl::Hours(25));
  // The last instant of each day is still that day, the end is the next.
  for (absl::CivilDay day : {spring, fall}) {
    EXPECT_EQ(LocalDay(EndOfDay(day, la) - absl::Nanoseconds(1), la), day);
    EXPECT_EQ(LocalDay(EndOfDay(day, la), la), day + 1);
    EXPECT_EQ(LocalDay(StartOfDay(day, la), la), day);
  }
}

TEST(StartOfDayTest, MidnightInsideADstGapStartsTheDayAtTheTransition) {
  // Santiago springs forward at 24:00: 2026-09-06 00:00 does not exist, the
  // day starts at 01:00 local (04:00 UTC).
  const absl::TimeZone santiago = Zone("America/Santiago");
  const absl::CivilDay day(2026, 9, 6);
  EXPECT_EQ(StartOfDay(day, santiago), Utc(2026, 9, 6, 4, 0));
  EXPECT_EQ(LocalDay(StartOfDay(day, santiago), santiago), day);
  EXPECT_EQ(LocalDay(StartOfDay(day, santiago) - absl::Nanoseconds(1), santiago), day - 1);
}

TEST(StartOfDayTest, ADaySkippedAcrossTheDateLineIsEmpty) {
  // Samoa moved west of the date line: 2011-12-29 was followed by 12-31.
  const absl::TimeZone apia = Zone("Pacific/Apia");
  const absl::CivilDay skipped(2011, 12, 30);
  EXPECT_EQ(StartOfDay(skipped, apia), EndOfDay(skipped, apia));
  EXPECT_EQ(EndOfDay(absl::CivilDay(2011, 12, 29), apia), Utc(2011, 12, 30, 10, 0));
  EXPECT_EQ(LocalDay(Utc(2011, 12, 30, 10, 0), apia), absl::CivilDay(2011, 12, 31));
  EXPECT_EQ(LocalDay(Utc(2011, 12, 30, 9, 59), apia), absl::CivilDay(2011, 12, 29));
}

}  // namespace
}  // namespace billing::domain
