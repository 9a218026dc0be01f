#include "storage/sqlite/row_values.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/dates.h"
#include "domain/error.h"
#include "storage/sqlite/absl_string_view.h"

namespace billing::storage {

int64_t TimeToMicros(absl::Time time) { return absl::ToUnixMicros(time); }

std::optional<int64_t> TimeToMicros(const std::optional<absl::Time>& time) {
  if (!time.has_value()) return std::nullopt;
  return TimeToMicros(*time);
}

absl::Time TimeFromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }

std::optional<absl::Time> TimeFromMicros(const std::optional<int64_t>& micros) {
  if (!micros.has_value()) return std::nullopt;
  return TimeFromMicros(*micros);
}

std::string DayToText(absl::CivilDay day) { return sql::DayText(day); }

std::optional<std::string> DayToText(const std::optional<absl::CivilDay>& day) {
  if (!day.has_value()) return std::nullopt;
  return DayToText(*day);
}

std::string MonthToText(absl::CivilMonth month) { return sql::MonthText(month); }

std::optional<std::string_view> EmptyAsNull(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace billing::storage
