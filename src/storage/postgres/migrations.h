// The PostgreSQL schema as numbered migrations, applied at start under an
// advisory lock so that replicas starting together migrate once.
#ifndef BILLING_STORAGE_POSTGRES_MIGRATIONS_H_
#define BILLING_STORAGE_POSTGRES_MIGRATIONS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "storage/migration.h"
#include "storage/postgres/pg_connection.h"

namespace billing::storage::postgres {

absl::Span<const Migration> Migrations();

// Applies every migration not yet applied, each in its own transaction,
// holding pg_advisory_lock for the whole run.
absl::Status ApplyMigrations(PgConnection& conn);

absl::StatusOr<int> AppliedSchemaVersion(PgConnection& conn);

}  // namespace billing::storage::postgres

#endif  // BILLING_STORAGE_POSTGRES_MIGRATIONS_H_
