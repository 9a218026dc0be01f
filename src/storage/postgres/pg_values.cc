#include "storage/postgres/pg_values.h"

#include "absl/strings/str_cat.h"

namespace billing::storage::postgres {

std::optional<std::string> Int(int64_t value) { return absl::StrCat(value); }
std::optional<std::string> Text(std::string_view value) { return std::string(value); }
std::optional<std::string> Time(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", time, absl::UTCTimeZone());
}

}  // namespace billing::storage::postgres
