#include "storage/postgres/pg_values.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/dates.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::storage::postgres {
namespace {

absl::Status BadStoredValue(std::string_view what, std::string_view text) {
  return domain::Error(domain::ErrorCode::kInternal,
                       absl::StrCat("stored ", domain::Av(what), " \"", domain::Av(text),
                                    "\" is not valid"));
}

}  // namespace

std::optional<std::string> Int(int64_t value) { return absl::StrCat(value); }
std::optional<std::string> Text(std::string_view value) { return std::string(value); }
std::optional<std::string> OptionalText(const std::optional<std::string>& value) { return value; }
std::optional<std::string> EmptyAsNull(std::string_view value) {
  if (value.empty()) return std::nullopt;
  return std::string(value);
}

std::optional<std::string> Time(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", time, absl::UTCTimeZone());
}
std::optional<std::string> OptionalTime(const std::optional<absl::Time>& time) {
  if (!time.has_value()) return std::nullopt;
  return Time(*time);
}
std::optional<std::string> Day(absl::CivilDay day) { return domain::FormatDate(day); }
std::optional<std::string> OptionalDay(const std::optional<absl::CivilDay>& day) {
  if (!day.has_value()) return std::nullopt;
  return Day(*day);
}
std::optional<std::string> Month(absl::CivilMonth month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

absl::Time TimeFromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }
std::optional<absl::Time> TimeFromMicros(const std::optional<int64_t>& micros) {
  if (!micros.has_value()) return std::nullopt;
  return TimeFromMicros(*micros);
}

absl::StatusOr<absl::CivilDay> DayFromText(std::string_view text) {
  absl::StatusOr<absl::CivilDay> day = domain::ParseDate(text);
  if (!day.ok()) return BadStoredValue("date", text);
  return day;
}

absl::StatusOr<std::optional<absl::CivilDay>> OptionalDayFromText(
    const std::optional<std::string>& text) {
  if (!text.has_value()) return std::optional<absl::CivilDay>();
  absl::StatusOr<absl::CivilDay> day = DayFromText(*text);
  if (!day.ok()) return day.status();
  return std::optional<absl::CivilDay>(*day);
}

absl::StatusOr<absl::CivilMonth> MonthFromText(std::string_view text) {
  absl::StatusOr<absl::CivilDay> first = domain::ParseDate(absl::StrCat(domain::Av(text), "-01"));
  if (text.size() != 7 || !first.ok()) return BadStoredValue("month", text);
  return absl::CivilMonth(*first);
}

absl::StatusOr<domain::InvoiceStatus> InvoiceStatusFromText(std::string_view text) {
  std::optional<domain::InvoiceStatus> status = domain::InvoiceStatusFromName(text);
  if (!status.has_value()) return BadStoredValue("invoice status", text);
  return *status;
}

absl::StatusOr<domain::CalculationStatus> CalculationStatusFromText(std::string_view text) {
  std::optional<domain::CalculationStatus> status = domain::CalculationStatusFromName(text);
  if (!status.has_value()) return BadStoredValue("calculation status", text);
  return *status;
}

}  // namespace billing::storage::postgres
