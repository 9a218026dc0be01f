// The calendar of an organization: "today", an invoice's issue date and how
// late it is are calendar days in the organization's IANA time zone (default
// UTC), so that an invoice due on the 10th is late from the 11th where the
// finance team works, not where the server runs.
#ifndef BILLING_DOMAIN_BUSINESS_CALENDAR_H_
#define BILLING_DOMAIN_BUSINESS_CALENDAR_H_

#include <cstddef>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace billing::domain {

inline constexpr std::string_view kDefaultTimeZone = "UTC";
// The longest IANA name is 32 characters; the bound keeps hostile input short.
inline constexpr size_t kMaxTimeZoneNameChars = 64;

// The zone an organization's `time_zone` names ("" = UTC). ValidationError
// on "time_zone" unless it is an IANA name the tz database knows
// ("Europe/Paris", "UTC"): only A-Z a-z 0-9 / _ + - in components that do
// not start with '.', so that the name can never reach another file than a
// zone file, and never "localtime" (the server's zone, not the customer's).
absl::StatusOr<absl::TimeZone> LoadOrganizationTimeZone(std::string_view name);

// The calendar day `time` falls on in `zone`: "today" for time = now.
absl::CivilDay LocalDay(absl::Time time, absl::TimeZone zone);

// The first instant of `day` in `zone`. A day that starts inside a DST gap
// starts at the transition; a day the zone skipped altogether (Pacific/Apia,
// 2011-12-30) starts and ends at the same instant.
absl::Time StartOfDay(absl::CivilDay day, absl::TimeZone zone);

// The first instant after `day` in `zone`: "as of the end of that day"
// covers everything strictly before it.
absl::Time EndOfDay(absl::CivilDay day, absl::TimeZone zone);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_BUSINESS_CALENDAR_H_
