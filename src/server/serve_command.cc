// billing-server serve: the gRPC service until SIGTERM or SIGINT.
#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "log/json_log.h"
#include "server/billing_server.h"
#include "server/commands.h"
#include "server/flags.h"

ABSL_FLAG(std::string, listen, "0.0.0.0:50051", "HOST:PORT to serve gRPC on");
ABSL_FLAG(absl::Duration, drain_timeout, absl::Seconds(10),
          "on SIGTERM/SIGINT, how long in-flight calls may take to finish");

namespace billing::server {
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

int RunServe() {
  const sigset_t signals = BlockShutdownSignals();
  ServerOptions options;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.db_path = absl::GetFlag(FLAGS_db);
  auto server = BillingServer::Start(options);
  if (!server.ok()) {
    log::Error("billing-server failed to start", {log::Str("error", server.status().ToString())});
    return EXIT_FAILURE;
  }
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  log::Info("signal received", {log::Int("signal", signal_number)});
  (*server)->Shutdown(absl::GetFlag(FLAGS_drain_timeout));
  return EXIT_SUCCESS;
}

}  // namespace billing::server
