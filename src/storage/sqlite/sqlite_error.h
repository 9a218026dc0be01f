// How a SQLite failure becomes an absl::Status the rest of the service
// understands: trouble a retry may cure (busy, locked, I/O, disk full, out of
// memory) is DATABASE_UNAVAILABLE, everything else INTERNAL. The SQLite
// message stays in the status for the log; the api layer never shows it.
#ifndef BILLING_STORAGE_SQLITE_SQLITE_ERROR_H_
#define BILLING_STORAGE_SQLITE_SQLITE_ERROR_H_

#include <optional>
#include <string_view>

#include "absl/status/status.h"

struct sqlite3;

namespace billing::storage {

// A status for SQLite's (extended) result code `code`. The code rides along
// as a payload so repositories can recognize constraint violations.
absl::Status SqliteError(int code, std::string_view message);

// The last error of `db`, prefixed with what was being attempted.
absl::Status LastSqliteError(sqlite3* db, std::string_view context);

// The SQLite extended result code a status was made from, if any.
std::optional<int> SqliteCodeOf(const absl::Status& status);

// A PRIMARY KEY or UNIQUE constraint refused the write.
bool IsUniqueViolation(const absl::Status& status);
// A FOREIGN KEY constraint refused the write.
bool IsForeignKeyViolation(const absl::Status& status);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_SQLITE_ERROR_H_
