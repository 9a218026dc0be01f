// How a PostgreSQL failure becomes an absl::Status the service understands:
// trouble a retry may cure (no connection, shutdown, timeouts, serialization
// failures, deadlocks, resource exhaustion) is DATABASE_UNAVAILABLE,
// everything else INTERNAL. The SQLSTATE rides along as a payload so the
// repositories can recognize constraint violations.
#ifndef BILLING_STORAGE_POSTGRES_PG_ERROR_H_
#define BILLING_STORAGE_POSTGRES_PG_ERROR_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace billing::storage::postgres {

// `sqlstate` empty: no answer from the server at all (connection trouble).
absl::Status PgError(std::string_view sqlstate, std::string_view message);

// The SQLSTATE a status was made from ("" if none).
std::string SqlStateOf(const absl::Status& status);

bool IsUniqueViolation(const absl::Status& status);      // 23505
bool IsForeignKeyViolation(const absl::Status& status);  // 23503
// 40001 serialization_failure or 40P01 deadlock_detected: run it again.
bool IsRetryableConflict(const absl::Status& status);

}  // namespace billing::storage::postgres

#endif  // BILLING_STORAGE_POSTGRES_PG_ERROR_H_
