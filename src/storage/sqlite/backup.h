// Consistent copies of a live database, taken with SQLite's online backup
// API while the service keeps serving (a file copy of a live WAL database can
// miss committed pages or tear).
#ifndef BILLING_STORAGE_SQLITE_BACKUP_H_
#define BILLING_STORAGE_SQLITE_BACKUP_H_

#include <string>

#include "absl/status/status.h"

namespace billing::storage {

// Copies the database at `source_path` as of one moment into
// `destination_path`, which must not exist yet. The copy is written next to
// the destination, checked with PRAGMA integrity_check, synced and only then
// renamed into place, so a failed backup never leaves a file that looks good.
absl::Status BackupDatabase(const std::string& source_path, const std::string& destination_path);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_BACKUP_H_
