// Moves an installation from SQLite to PostgreSQL: every row of every table
// of the SQLite file (read as one snapshot) into an empty, migrated
// PostgreSQL database, in one transaction: all of it or nothing.
#ifndef BILLING_STORAGE_COPY_SQLITE_TO_POSTGRES_H_
#define BILLING_STORAGE_COPY_SQLITE_TO_POSTGRES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace billing::storage {

// Rows copied. VALIDATION_ERROR on "to" when the target already holds data
// (copying is for a fresh database, never a merge).
absl::StatusOr<int64_t> CopySqliteToPostgres(const std::string& sqlite_path,
                                             const std::string& postgres_uri);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_COPY_SQLITE_TO_POSTGRES_H_
