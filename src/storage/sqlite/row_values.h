// How domain values are spelled in SQLite columns: instants as INTEGER
// microseconds since the Unix epoch, days as TEXT 'YYYY-MM-DD', months as
// 'YYYY-MM', statuses by their domain names. A stored value that does not
// read back is reported as INTERNAL: the file was written by someone else.
#ifndef BILLING_STORAGE_SQLITE_ROW_VALUES_H_
#define BILLING_STORAGE_SQLITE_ROW_VALUES_H_

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

namespace billing::storage {

// Sub-microsecond precision is dropped: a stored time reads back truncated.
int64_t TimeToMicros(absl::Time time);
std::optional<int64_t> TimeToMicros(const std::optional<absl::Time>& time);
absl::Time TimeFromMicros(int64_t micros);
std::optional<absl::Time> TimeFromMicros(const std::optional<int64_t>& micros);

std::string DayToText(absl::CivilDay day);
std::optional<std::string> DayToText(const std::optional<absl::CivilDay>& day);

std::string MonthToText(absl::CivilMonth month);


// The spellings all databases share (storage/sql/values.h).
using sql::CalculationStatusFromText;
using sql::DayFromText;
using sql::InvoiceStatusFromText;
using sql::MonthFromText;
using sql::OptionalDayFromText;

// An empty id ("none") is stored as NULL.
std::optional<std::string_view> EmptyAsNull(std::string_view text);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_ROW_VALUES_H_
