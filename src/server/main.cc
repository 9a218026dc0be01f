// billing-server: the billing.v1 gRPC services on a SQLite file or a
// PostgreSQL database, and the operator commands that work on it.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/synchronization/mutex.h"
#include "server/commands.h"
#include "server/flags.h"

ABSL_FLAG(std::string, db, "billing.db",
          "path of the SQLite database file, or a postgres:// (postgresql://) libpq URI; "
          "the password comes from PGPASSFILE / ~/.pgpass, never from this flag");
ABSL_FLAG(std::string, to, "",
          "backup: the new SQLite file to write the copy to; copy-data: the PostgreSQL URI");

namespace {

constexpr char kUsage[] =
    "billing-server [serve] --listen=HOST:PORT --db=PATH|postgres://USER@HOST:PORT/DB\n"
    "  billing-server backup --db=PATH --to=FILE\n"
    "  billing-server copy-data --from=SQLITE_PATH --to=postgres://USER@HOST:PORT/DB\n"
    "  billing-server keys create --db=PATH --account=ACCOUNT --scopes=invoices:read,...\n"
    "  billing-server keys list --db=PATH [--account=ACCOUNT]\n"
    "  billing-server keys revoke --db=PATH KEY_ID\n"
    "  billing-server numbering set-prefix --db=PATH --account=ACCOUNT "
    "--kind=invoice|credit_note --prefix=PREFIX\n"
    "  billing-server collections run --db=PATH [--as-of=YYYY-MM-DD]";

}  // namespace

int main(int argc, char** argv) {
  // Debian builds Abseil without NDEBUG, which leaves Mutex deadlock
  // detection on: every lock then updates a global lock graph under a global
  // lock (GraphCycles::GetId showed in perf on GetInvoice). The tests keep it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(kUsage);
  // `collections run --as-of=D` is spelled as the issue has it; absl flags
  // name it as_of.
  std::vector<std::string> renamed;
  renamed.reserve(static_cast<size_t>(argc));  // argv points into it
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.substr(0, 8) == "--as-of=" || arg == "--as-of") {
      renamed.push_back("--as_of" + std::string(arg.substr(7)));
      argv[i] = renamed.back().data();
    }
  }
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  const std::vector<std::string> command(positional.begin() + 1, positional.end());
  if (command.empty() || command == std::vector<std::string>{"serve"}) {
    return billing::server::RunServe();
  }
  if (command == std::vector<std::string>{"backup"}) return billing::server::RunBackup();
  if (command == std::vector<std::string>{"copy-data"}) return billing::server::RunCopyData();
  if (command.front() == "keys") {
    return billing::server::RunKeys({command.begin() + 1, command.end()});
  }
  if (command.front() == "collections") {
    return billing::server::RunCollections({command.begin() + 1, command.end()});
  }
  if (command.front() == "numbering") {
    return billing::server::RunNumbering({command.begin() + 1, command.end()});
  }
  std::fprintf(stderr, "unknown command\nusage: %s\n", kUsage);
  return EXIT_FAILURE;
}
