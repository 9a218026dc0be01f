// billing-server serve: the gRPC service until SIGTERM or SIGINT.
#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "log/json_log.h"
#include "domain/event.h"
#include "server/billing_server.h"
#include "server/commands.h"
#include "server/flags.h"

ABSL_FLAG(std::string, listen, "0.0.0.0:50051", "HOST:PORT to serve gRPC on");
ABSL_FLAG(absl::Duration, drain_timeout, absl::Seconds(10),
          "on SIGTERM/SIGINT, how long in-flight calls may take to finish");
ABSL_FLAG(std::string, metrics_listen, "",
          "HOST:PORT to serve Prometheus metrics on (GET /metrics, plain HTTP), e.g. "
          "0.0.0.0:9090; empty: not served");
ABSL_FLAG(bool, reflection, true, "serve gRPC server reflection (for grpcurl)");
ABSL_FLAG(bool, insecure_disable_auth, false,
          "LOCAL DEVELOPMENT ONLY: accept every call without a credential, as acct_default");
ABSL_FLAG(std::string, jwt_keys_file, "",
          "PEM public keys or a JWKS file to verify bearer tokens with (RS256, ES256)");
ABSL_FLAG(std::string, jwt_hs256_secret_file, "",
          "file holding a shared secret: enables HS256 bearer tokens");
ABSL_FLAG(std::string, jwt_issuer, "", "required `iss` of bearer tokens");
ABSL_FLAG(std::string, jwt_audience, "", "required `aud` of bearer tokens");
ABSL_FLAG(std::string, jwt_account_claim, "billing_account",
          "the bearer-token claim that names the caller's account");
ABSL_FLAG(absl::Duration, jwt_leeway, absl::Seconds(30), "clock skew allowed for exp and nbf");
ABSL_FLAG(double, rate_limit_per_second, 50,
          "calls a second allowed per credential on average (0: no limit)");
ABSL_FLAG(double, rate_limit_burst, 100, "calls allowed at once per credential");
ABSL_FLAG(int, revenue_workers, 1,
          "threads running revenue calculations (served round robin across accounts)");
ABSL_FLAG(int, revenue_queue_limit, 100,
          "revenue calculations one account may have queued or running; more is "
          "REVENUE_QUEUE_FULL");
ABSL_FLAG(absl::Duration, event_retention, absl::Hours(24 * 30),
          "how long events are kept (at least 720h, 30 days); older ones are purged hourly");
ABSL_FLAG(bool, webhooks_allow_private_networks, false,
          "deliver webhooks to URLs resolving to loopback, private or link-local addresses "
          "(tests, on-premises receivers); refused otherwise");
ABSL_FLAG(int, webhook_workers, 8,
          "threads sending webhooks; at most 2 attempts run at once per endpoint");
ABSL_FLAG(absl::Duration, webhook_attempt_lease, absl::Seconds(60),
          "how long a claimed webhook delivery is held before another worker (or replica) may "
          "retry it, should this one die mid-attempt; keep it above the 10s attempt timeout");
ABSL_FLAG(absl::Duration, idempotency_key_retention, absl::Hours(24),
          "how long an Idempotency-Key's recorded answer is kept (then purged in the background)");
ABSL_FLAG(double, auth_failure_burst, 100,
          "failed authentications allowed per client address and per API key id before "
          "RATE_LIMITED");
ABSL_FLAG(double, auth_failure_per_second, 1,
          "failed authentications allowed per second per client and key once the burst is "
          "spent (0: no throttling)");

ABSL_FLAG(std::string, smtp_url, "",
          "smtp://HOST:PORT (STARTTLS when offered) or smtps://HOST:PORT (TLS) to email "
          "processed invoices through; empty: invoices are not emailed (deliveryStatus "
          "not_configured)");
ABSL_FLAG(std::string, smtp_from, "", "the sender address of invoice emails (needed with --smtp_url)");
ABSL_FLAG(std::string, smtp_credentials_file, "",
          "a file holding the SMTP login as `user:password` on one line, or the user on the "
          "first line and the password on the second; empty: no AUTH");
ABSL_FLAG(int, mail_workers, 2, "invoice emails sent at once by this replica");

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

absl::StatusOr<std::string> ReadSecretFile(const std::string& path) {
  if (path.empty()) return std::string();
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::InvalidArgumentError("cannot read --jwt_hs256_secret_file " + path);
  std::string secret((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  // Secrets mounted from files usually end in a newline that is not part of them.
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.empty()) return absl::InvalidArgumentError("--jwt_hs256_secret_file is empty");
  return secret;
}

absl::StatusOr<AuthOptions> AuthOptionsFromFlags() {
  AuthOptions auth;
  auth.enabled = !absl::GetFlag(FLAGS_insecure_disable_auth);
  auth.jwt.keys_file = absl::GetFlag(FLAGS_jwt_keys_file);
  absl::StatusOr<std::string> secret = ReadSecretFile(absl::GetFlag(FLAGS_jwt_hs256_secret_file));
  if (!secret.ok()) return secret.status();
  auth.jwt.hs256_secret = *std::move(secret);
  auth.jwt.issuer = absl::GetFlag(FLAGS_jwt_issuer);
  auth.jwt.audience = absl::GetFlag(FLAGS_jwt_audience);
  auth.jwt.account_claim = absl::GetFlag(FLAGS_jwt_account_claim);
  auth.jwt.leeway = absl::GetFlag(FLAGS_jwt_leeway);
  auth.rate_limit.per_second = absl::GetFlag(FLAGS_rate_limit_per_second);
  auth.rate_limit.burst = absl::GetFlag(FLAGS_rate_limit_burst);
  auth.auth_failures.burst = absl::GetFlag(FLAGS_auth_failure_burst);
  auth.auth_failures.per_second = absl::GetFlag(FLAGS_auth_failure_per_second);
  return auth;
}

}  // namespace

int RunServe() {
  const sigset_t signals = BlockShutdownSignals();
  ServerOptions options;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.db = absl::GetFlag(FLAGS_db);
  options.reflection = absl::GetFlag(FLAGS_reflection);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  options.revenue_workers = absl::GetFlag(FLAGS_revenue_workers);
  options.revenue_queue_limit = absl::GetFlag(FLAGS_revenue_queue_limit);
  options.event_retention = absl::GetFlag(FLAGS_event_retention);
  options.webhooks_allow_private_networks = absl::GetFlag(FLAGS_webhooks_allow_private_networks);
  options.webhooks.workers = absl::GetFlag(FLAGS_webhook_workers);
  options.webhooks.lease = absl::GetFlag(FLAGS_webhook_attempt_lease);
  options.smtp.url = absl::GetFlag(FLAGS_smtp_url);
  options.smtp.from = absl::GetFlag(FLAGS_smtp_from);
  options.smtp.credentials_file = absl::GetFlag(FLAGS_smtp_credentials_file);
  options.mail.workers = absl::GetFlag(FLAGS_mail_workers);
  if (options.event_retention < domain::kMinEventRetention) {
    log::Error("billing-server failed to start",
               {log::Str("error", "--event_retention must be at least 720h (30 days)")});
    return EXIT_FAILURE;
  }
  options.idempotency_key_retention = absl::GetFlag(FLAGS_idempotency_key_retention);
  absl::StatusOr<AuthOptions> auth = AuthOptionsFromFlags();
  if (!auth.ok()) {
    log::Error("billing-server failed to start", {log::Str("error", auth.status().ToString())});
    return EXIT_FAILURE;
  }
  options.auth = *std::move(auth);
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
