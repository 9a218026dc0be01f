// billing-server: the billing.v1 gRPC services on a SQLite file.
#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/time.h"
#include "log/json_log.h"
#include "server/billing_server.h"

ABSL_FLAG(std::string, listen, "0.0.0.0:50051", "HOST:PORT to serve gRPC on");
ABSL_FLAG(std::string, db, "billing.db", "path of the SQLite database file");
ABSL_FLAG(absl::Duration, drain_timeout, absl::Seconds(10),
          "on SIGTERM/SIGINT, how long in-flight calls may take to finish");

namespace {

// Blocks SIGTERM and SIGINT in every thread (call before any thread starts)
// so that they are taken only by sigwait below.
sigset_t BlockShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("billing-server --listen=HOST:PORT --db=PATH");
  absl::ParseCommandLine(argc, argv);
  const sigset_t signals = BlockShutdownSignals();

  billing::server::ServerOptions options;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.db_path = absl::GetFlag(FLAGS_db);
  auto server = billing::server::BillingServer::Start(options);
  if (!server.ok()) {
    billing::log::Error("billing-server failed to start",
                        {billing::log::Str("error", server.status().ToString())});
    return EXIT_FAILURE;
  }

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  billing::log::Info("signal received", {billing::log::Int("signal", signal_number)});
  (*server)->Shutdown(absl::GetFlag(FLAGS_drain_timeout));
  return EXIT_SUCCESS;
}
