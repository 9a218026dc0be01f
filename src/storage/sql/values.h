// How domain values other than times are spelled in columns, the same in
// every database: days 'YYYY-MM-DD' (PostgreSQL DATE, read with {day:c}),
// months 'YYYY-MM', statuses by their domain names, money INTEGER/bigint
// minor units. A stored value that does not read back is INTERNAL: someone
// else wrote it.
#ifndef BILLING_STORAGE_SQL_VALUES_H_
#define BILLING_STORAGE_SQL_VALUES_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/invoice.h"
#include "domain/revenue.h"

namespace billing::storage::sql {

std::string DayText(absl::CivilDay day);
std::string MonthText(absl::CivilMonth month);

absl::StatusOr<absl::CivilDay> DayFromText(std::string_view text);
absl::StatusOr<std::optional<absl::CivilDay>> OptionalDayFromText(
    const std::optional<std::string>& text);
absl::StatusOr<absl::CivilMonth> MonthFromText(std::string_view text);
absl::StatusOr<domain::InvoiceStatus> InvoiceStatusFromText(std::string_view text);
absl::StatusOr<domain::CalculationStatus> CalculationStatusFromText(std::string_view text);

}  // namespace billing::storage::sql

#endif  // BILLING_STORAGE_SQL_VALUES_H_
