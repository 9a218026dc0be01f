#include "storage/migration.h"

#include <cstddef>

#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::storage {

absl::StatusOr<absl::Span<const Migration>> PendingMigrations(
    absl::Span<const Migration> migrations, int applied) {
  if (applied > static_cast<int>(migrations.size())) {
    return domain::Error(domain::ErrorCode::kInternal,
                         absl::StrCat("database schema version ", applied,
                                      " is newer than this server knows (", migrations.size(),
                                      ")"));
  }
  return migrations.subspan(static_cast<size_t>(applied));
}

absl::Status MigrationFailed(const Migration& migration, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat("migration ", migration.version, " (",
                                                  domain::Av(migration.name),
                                                  "): ", status.message()));
}

}  // namespace billing::storage
