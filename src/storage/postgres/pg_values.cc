#include "storage/postgres/pg_values.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/dates.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::storage::postgres {

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
std::optional<std::string> Day(absl::CivilDay day) { return sql::DayText(day); }
std::optional<std::string> OptionalDay(const std::optional<absl::CivilDay>& day) {
  if (!day.has_value()) return std::nullopt;
  return Day(*day);
}
std::optional<std::string> Month(absl::CivilMonth month) { return sql::MonthText(month); }

absl::Time TimeFromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }
std::optional<absl::Time> TimeFromMicros(const std::optional<int64_t>& micros) {
  if (!micros.has_value()) return std::nullopt;
  return TimeFromMicros(*micros);
}

}  // namespace billing::storage::postgres
