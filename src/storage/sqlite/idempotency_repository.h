// Recorded answers of idempotent requests (app/ports/idempotency_repository.h).
#ifndef BILLING_STORAGE_SQLITE_IDEMPOTENCY_REPOSITORY_H_
#define BILLING_STORAGE_SQLITE_IDEMPOTENCY_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/ports/idempotency_repository.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

absl::StatusOr<std::optional<app::IdempotencyRecord>> FindIdempotencyRecord(
    Connection& db, std::string_view account_id, std::string_view key);
// ALREADY_EXISTS when (account, key) is taken.
absl::Status InsertIdempotencyRecord(Connection& db, const app::IdempotencyRecord& record);
absl::StatusOr<int64_t> DeleteIdempotencyRecordsBefore(Connection& db, absl::Time cutoff,
                                                       int limit);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_IDEMPOTENCY_REPOSITORY_H_
