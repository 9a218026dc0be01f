// The schema's history: an ordered list of migrations, each applied once, in
// its own transaction, and recorded in schema_migrations.
#ifndef BILLING_STORAGE_SQLITE_MIGRATIONS_H_
#define BILLING_STORAGE_SQLITE_MIGRATIONS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "storage/migration.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

// Every migration this binary knows, oldest first. Append only: an applied
// migration is never edited, a change to the schema is a new migration.
absl::Span<const Migration> Migrations();

// Applies the migrations `db` has not seen yet. Refuses a database whose
// schema is newer than this binary knows, rather than run against it.
absl::Status ApplyMigrations(Connection& db, absl::Span<const Migration> migrations);

// The highest applied version (0 for an empty database).
absl::StatusOr<int> AppliedSchemaVersion(Connection& db);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_MIGRATIONS_H_
