// billing-server collections run: one collections scan on the database
// directly, like `keys` (the service may be running: the claims keep every
// event single). --as-of runs it as if today were that day everywhere, to
// catch up after an outage and in tests.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "api/resource_encoder.h"
#include "app/collections.h"
#include "domain/dates.h"
#include "server/commands.h"
#include "server/flags.h"
#include "server/store_factory.h"

ABSL_FLAG(std::string, as_of, "",
          "collections run: YYYY-MM-DD, the day taken as today in every organization "
          "(default: today in each organization's time zone)");

namespace billing::server {

int RunCollections(const std::vector<std::string>& args) {
  if (args != std::vector<std::string>{"run"}) {
    std::fprintf(stderr, "usage: billing-server collections run --db=PATH [--as-of=YYYY-MM-DD]\n");
    return EXIT_FAILURE;
  }
  std::optional<absl::CivilDay> as_of;
  if (const std::string text = absl::GetFlag(FLAGS_as_of); !text.empty()) {
    absl::StatusOr<absl::CivilDay> day = domain::ParseDate(text);
    if (!day.ok()) {
      std::fprintf(stderr, "error: --as-of must be a date YYYY-MM-DD, not %s\n", text.c_str());
      return EXIT_FAILURE;
    }
    as_of = *day;
  }
  absl::StatusOr<std::unique_ptr<app::Store>> store =
      OpenStore(absl::GetFlag(FLAGS_db), {.connections = 1});
  if (!store.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(store.status().message()).c_str());
    return EXIT_FAILURE;
  }
  api::ProtoResourceEncoder encoder;
  app::Collections collections(**store, encoder, app::SystemClock());
  absl::StatusOr<app::CollectionsRun> run = collections.Run(as_of);
  if (!run.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(run.status().message()).c_str());
    return EXIT_FAILURE;
  }
  std::printf("invoice.overdue events recorded: %lld\n",
              static_cast<long long>(run->overdue_events));
  // Queued only: the mail worker of a running billing-server sends them.
  std::printf("reminders queued: %lld\n", static_cast<long long>(run->reminders_queued));
  if (run->failures > 0) {
    // The rest was done; a non-zero exit tells an operator's script to look.
    std::fprintf(stderr, "error: %lld invoices failed and are left for the next run; first: %s\n",
                 static_cast<long long>(run->failures),
                 std::string(run->first_failure.message()).c_str());
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}

}  // namespace billing::server
