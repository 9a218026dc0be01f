// How values are sent to PostgreSQL as text parameters: integers in
// decimal, instants as UTC timestamptz text with microseconds (read back
// exactly through the dialect's {micros:c}).
#ifndef BILLING_STORAGE_POSTGRES_PG_VALUES_H_
#define BILLING_STORAGE_POSTGRES_PG_VALUES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace billing::storage::postgres {

std::optional<std::string> Int(int64_t value);
std::optional<std::string> Text(std::string_view value);
std::optional<std::string> Time(absl::Time time);

}  // namespace billing::storage::postgres

#endif  // BILLING_STORAGE_POSTGRES_PG_VALUES_H_
