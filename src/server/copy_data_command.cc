// billing-server copy-data --from=SQLITE_PATH --to=POSTGRES_URI: moves an
// installation from SQLite to PostgreSQL (stop the service first).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "server/commands.h"
#include "server/flags.h"
#include "server/store_factory.h"
#include "storage/copy/sqlite_to_postgres.h"

ABSL_FLAG(std::string, from, "", "copy-data: the SQLite file to copy from");


namespace billing::server {

int RunCopyData() {
  const std::string from = absl::GetFlag(FLAGS_from);
  const std::string to = absl::GetFlag(FLAGS_to);
  if (from.empty() || IsPostgresUri(from) || !IsPostgresUri(to)) {
    std::fprintf(stderr,
                 "usage: billing-server copy-data --from=SQLITE_PATH --to=postgres://...\n");
    return EXIT_FAILURE;
  }
  absl::StatusOr<int64_t> copied = storage::CopySqliteToPostgres(from, to);
  if (!copied.ok()) {
    std::fprintf(stderr, "copy-data failed, nothing was copied: %s\n",
                 std::string(copied.status().message()).c_str());
    return EXIT_FAILURE;
  }
  std::printf("copied %lld rows from %s to PostgreSQL\n", static_cast<long long>(*copied),
              from.c_str());
  return EXIT_SUCCESS;
}

}  // namespace billing::server
