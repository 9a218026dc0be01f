// billing-server backup: a consistent copy of the live database.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "server/commands.h"
#include "server/flags.h"
#include "server/store_factory.h"
#include "storage/sqlite/backup.h"


namespace billing::server {

int RunBackup() {
  const std::string source = absl::GetFlag(FLAGS_db);
  const std::string destination = absl::GetFlag(FLAGS_to);
  if (IsPostgresUri(source)) {
    // A copy taken through the service would be neither consistent across
    // tables nor restorable like the database's own backups.
    std::fprintf(stderr,
                 "backup: --db is a PostgreSQL database; back it up with PostgreSQL's own "
                 "tools instead:\n"
                 "  pg_dump --format=custom --file=billing.dump 'URI'  (logical, one moment)\n"
                 "  pg_basebackup -D DIR -X stream  (physical; with WAL archiving, "
                 "point-in-time recovery)\n"
                 "or your managed service's snapshots. Nothing was written.\n");
    return EXIT_FAILURE;
  }
  if (destination.empty()) {
    std::fprintf(stderr, "backup needs --to=FILE\n");
    return EXIT_FAILURE;
  }
  absl::Status status = storage::BackupDatabase(source, destination);
  if (!status.ok()) {
    std::fprintf(stderr, "backup failed: %s\n", std::string(status.message()).c_str());
    return EXIT_FAILURE;
  }
  std::printf("backed up %s to %s\n", source.c_str(), destination.c_str());
  return EXIT_SUCCESS;
}

}  // namespace billing::server
