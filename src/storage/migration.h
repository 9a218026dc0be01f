// What the SQLite and PostgreSQL migration runners share: a migration, which
// of a list a database still needs, and how a failed one is reported. How
// each backend applies one (its transaction, its lock) stays with it.
#ifndef BILLING_STORAGE_MIGRATION_H_
#define BILLING_STORAGE_MIGRATION_H_

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace billing::storage {

struct Migration {
  int version;  // 1, 2, 3, ... with no gaps
  std::string_view name;
  std::string_view sql;  // one or more statements
};

// The migrations after version `applied`. Refuses a database whose schema is
// newer than `migrations` know: an older binary must not write to it.
absl::StatusOr<absl::Span<const Migration>> PendingMigrations(
    absl::Span<const Migration> migrations, int applied);

// `status` (a failed `migration`) with the migration named in its message.
absl::Status MigrationFailed(const Migration& migration, const absl::Status& status);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_MIGRATION_H_
