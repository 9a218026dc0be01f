// billing-server backup: a consistent copy of the live database.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "server/commands.h"
#include "server/flags.h"
#include "storage/sqlite/backup.h"

ABSL_FLAG(std::string, to, "", "backup: the new file to write the copy to");

namespace billing::server {

int RunBackup() {
  const std::string source = absl::GetFlag(FLAGS_db);
  const std::string destination = absl::GetFlag(FLAGS_to);
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
