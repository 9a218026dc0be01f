#include "domain/dates.h"

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

TEST(ParseDateTest, AcceptsRealDays) {
  EXPECT_EQ(ParseDate("2026-12-01").value(), absl::CivilDay(2026, 12, 1));
  EXPECT_EQ(ParseDate("2024-02-29").value(), absl::CivilDay(2024, 2, 29));  // leap year
  EXPECT_EQ(ParseDate("2000-02-29").value(), absl::CivilDay(2000, 2, 29));  // 400 rule
  EXPECT_EQ(ParseDate("1000-01-01").value(), absl::CivilDay(1000, 1, 1));
  EXPECT_EQ(ParseDate("9999-12-31").value(), absl::CivilDay(9999, 12, 31));
}

TEST(ParseDateTest, RefusesDaysThatDoNotExist) {
  EXPECT_FALSE(ParseDate("2026-02-29").ok());  // not a leap year
  EXPECT_FALSE(ParseDate("1900-02-29").ok());  // century, not a leap year
  EXPECT_FALSE(ParseDate("2026-02-30").ok());
  EXPECT_FALSE(ParseDate("2026-04-31").ok());
  EXPECT_FALSE(ParseDate("2026-13-01").ok());
  EXPECT_FALSE(ParseDate("2026-00-10").ok());
  EXPECT_FALSE(ParseDate("2026-01-00").ok());
  EXPECT_FALSE(ParseDate("0999-12-31").ok());
}

TEST(ParseDateTest, RefusesOtherSpellings) {
  for (std::string_view text : {"", "2026-1-01", "2026-01-1", "26-01-01", "2026/01/01",
                                "20260101", "2026-01-01T00:00:00Z", " 2026-01-01",
                                "2026-01-01 ", "+2026-01-01", "10000-01-01", "2026-0a-01",
                                "2026-01-+1"}) {
    absl::StatusOr<absl::CivilDay> day = ParseDate(text);
    EXPECT_FALSE(day.ok()) << "accepted \"" << text << "\"";
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

TEST(FormatDateTest, WritesYyyyMmDd) {
  EXPECT_EQ(FormatDate(absl::CivilDay(2026, 3, 7)), "2026-03-07");
  EXPECT_EQ(FormatDate(absl::CivilDay(1000, 1, 1)), "1000-01-01");
  EXPECT_EQ(FormatDate(ParseDate("2024-02-29").value()), "2024-02-29");
}

}  // namespace
}  // namespace billing::domain
