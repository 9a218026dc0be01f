// Calendar days as the API writes them: "YYYY-MM-DD".
#ifndef BILLING_DOMAIN_DATES_H_
#define BILLING_DOMAIN_DATES_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace billing::domain {

// Exactly YYYY-MM-DD of a real day (no 2026-02-30), years 1000-9999.
absl::StatusOr<absl::CivilDay> ParseDate(std::string_view text);
std::string FormatDate(absl::CivilDay day);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_DATES_H_
