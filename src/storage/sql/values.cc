#include "storage/sql/values.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/dates.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::storage::sql {
namespace {

using domain::Av;

absl::Status BadStoredValue(std::string_view what, std::string_view text) {
  return domain::Error(domain::ErrorCode::kInternal,
                       absl::StrCat("stored ", Av(what), " \"", Av(text), "\" is not valid"));
}

}  // namespace

std::string DayText(absl::CivilDay day) { return domain::FormatDate(day); }

std::string MonthText(absl::CivilMonth month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
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
  // Reuses the strict day parser on the first of the month.
  absl::StatusOr<absl::CivilDay> first = domain::ParseDate(absl::StrCat(Av(text), "-01"));
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

}  // namespace billing::storage::sql
