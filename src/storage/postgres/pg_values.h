// How domain values are spelled in PostgreSQL parameters and read back:
// instants are timestamptz (sent as UTC text, read as integer microseconds
// since the epoch, exact), days DATE (read with to_char), months 'YYYY-MM'
// text, money BIGINT minor units. A stored value that does not read back is
// INTERNAL: someone else wrote it.
#ifndef BILLING_STORAGE_POSTGRES_PG_VALUES_H_
#define BILLING_STORAGE_POSTGRES_PG_VALUES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/invoice.h"
#include "domain/revenue.h"
#include "storage/sql/values.h"

namespace billing::storage::postgres {

// SQL reading timestamptz column `c` as microseconds; a macro so that
// statements stay literal text.
#define BILLING_PG_MICROS(c) "(EXTRACT(EPOCH FROM " c ") * 1000000)::bigint"
#define BILLING_PG_DAY(c) "to_char(" c ", 'YYYY-MM-DD')"

std::optional<std::string> Int(int64_t value);
std::optional<std::string> Text(std::string_view value);
std::optional<std::string> OptionalText(const std::optional<std::string>& value);
// "" is stored as NULL.
std::optional<std::string> EmptyAsNull(std::string_view value);
std::optional<std::string> Time(absl::Time time);
std::optional<std::string> OptionalTime(const std::optional<absl::Time>& time);
std::optional<std::string> Day(absl::CivilDay day);
std::optional<std::string> OptionalDay(const std::optional<absl::CivilDay>& day);
std::optional<std::string> Month(absl::CivilMonth month);

absl::Time TimeFromMicros(int64_t micros);
std::optional<absl::Time> TimeFromMicros(const std::optional<int64_t>& micros);
// The spellings all databases share (storage/sql/values.h).
using sql::CalculationStatusFromText;
using sql::DayFromText;
using sql::InvoiceStatusFromText;
using sql::MonthFromText;
using sql::OptionalDayFromText;

}  // namespace billing::storage::postgres

#endif  // BILLING_STORAGE_POSTGRES_PG_VALUES_H_
