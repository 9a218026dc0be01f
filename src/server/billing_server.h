// The whole service wired together: database, use cases, gRPC services,
// health, reflection, the revenue worker. Used by main() and by tests that
// need a real server on a loopback port.
#ifndef BILLING_SERVER_BILLING_SERVER_H_
#define BILLING_SERVER_BILLING_SERVER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "api/authorization.h"
#include "api/credit_note_service.h"
#include "api/customer_service.h"
#include "api/organization_service.h"
#include "api/tax_rate_service.h"
#include "api/event_service.h"
#include "api/invoice_service.h"
#include "api/resource_encoder.h"
#include "api/ledger_service.h"
#include "api/payment_service.h"
#include "api/revenue_service.h"
#include "api/rpc_metrics.h"
#include "api/webhook_service.h"
#include "app/auth_failure_throttle.h"
#include "app/authenticator.h"
#include "app/credit_notes.h"
#include "app/customer_statements.h"
#include "app/customers.h"
#include "app/events.h"
#include "app/idempotency.h"
#include "app/collections.h"
#include "app/invoice_mail_worker.h"
#include "app/invoices.h"
#include "app/payments.h"
#include "app/rate_limiter.h"
#include "app/revenue_calculations.h"
#include "app/webhook_dispatcher.h"
#include "app/webhooks.h"
#include "auth/jwt_verifier.h"
#include "delivery/curl_invoice_mailer.h"
#include "delivery/curl_webhook_sender.h"
#include "grpcpp/server.h"
#include "app/ports/store.h"
#include "metrics/http_endpoint.h"
#include "metrics/registry.h"
#include "server/call_tracker.h"

namespace billing::server {

// Largest request message accepted (docs/errors.md): gRPC answers a larger
// one RESOURCE_EXHAUSTED without ErrorInfo, before any handler runs.
inline constexpr int kMaxReceiveMessageBytes = 4 * 1024 * 1024;
// All request headers (metadata) of one call: twice the Authorization limit.
inline constexpr int kMaxRequestHeaderBytes = 16 * 1024;

struct AuthOptions {
  // Off only by an explicit, loudly logged flag for local development.
  bool enabled = true;
  // Bearer tokens are accepted when jwt.keys_file or jwt.hs256_secret is set.
  auth::JwtConfig jwt;
  // Per credential; rate_limit.per_second <= 0 turns limiting off.
  app::RateLimit rate_limit;
  // Failed authentication per client address and per API key id;
  // per_second <= 0 turns throttling off.
  app::FailureLimit auth_failures;
};

struct ServerOptions {
  std::string listen = "0.0.0.0:50051";  // port 0 picks a free one
  // A SQLite file path or a postgres:// / postgresql:// URI (libpq).
  std::string db = "billing.db";
  // How often health is re-checked against the database.
  absl::Duration health_check_interval = absl::Seconds(1);
  absl::Duration worker_poll_interval = absl::Seconds(1);
  // How long a write waits for a lock held by another process.
  absl::Duration busy_timeout = absl::Seconds(5);
  // Off only in tests that need calculations to stay queued.
  bool run_revenue_worker = true;
  // Threads running revenue calculations (round robin across accounts).
  int revenue_workers = 1;
  // Calculations one account may have queued or running.
  int revenue_queue_limit = app::kDefaultRevenueQueueLimit;
  AuthOptions auth;
  // Server reflection (what grpcurl uses to discover the API).
  bool reflection = true;
  // HOST:PORT of the Prometheus /metrics endpoint (port 0 picks a free
  // one); empty: not served.
  std::string metrics_listen;
  // Events older than this are deleted (checked every event_purge_interval);
  // never below domain::kMinEventRetention (the flag refuses less).
  absl::Duration event_retention = domain::kMinEventRetention;
  absl::Duration event_purge_interval = absl::Hours(1);
  // Webhook URLs may resolve to loopback, private or link-local addresses
  // (tests, on-premises receivers); refused otherwise, at create and at
  // every attempt.
  bool webhooks_allow_private_networks = false;
  // Off only in tests that need deliveries to stay queued.
  bool run_webhook_dispatcher = true;
  app::DispatcherOptions webhooks;
  delivery::WebhookSenderOptions webhook_sender;
  // The SMTP server invoices are emailed through; smtp.url "" = none (then
  // processed invoices show delivery status not_configured, and the start
  // is logged saying so).
  delivery::SmtpOptions smtp;
  // Off only in tests that need invoice emails to stay queued.
  bool run_mail_worker = true;
  app::MailWorkerOptions mail;
  // The mail worker's documents; null: the renderers GET /pdf and
  // /e-invoice answer with. Tests replace it to make rendering fail.
  std::shared_ptr<const app::DocumentRenderer> mail_renderer;
  // Idempotency keys are kept this long, then purged every purge interval.
  absl::Duration idempotency_key_retention = app::kDefaultIdempotencyKeyRetention;
  absl::Duration idempotency_purge_interval = absl::Minutes(10);
  // Every replica scans for overdue invoices at start and then this often
  // (the claims keep each invoice.overdue event single across replicas).
  bool run_collections = true;
  absl::Duration collections_interval = absl::Hours(1);
};

class BillingServer {
 public:
  static absl::StatusOr<std::unique_ptr<BillingServer>> Start(const ServerOptions& options);
  ~BillingServer();

  // The storage the server runs on (tests read through it).
  app::Store& store() { return *store_; }

  // The port actually bound (useful with port 0).
  int port() const { return port_; }
  // The metrics endpoint's port; 0 when it is not served.
  int metrics_port() const { return metrics_endpoint_ ? metrics_endpoint_->port() : 0; }

  // Drains within `drain`: health turns NOT_SERVING so that clients and
  // load balancers stop sending; every call received meanwhile (in a handler
  // or still queued in gRPC) is served until none has arrived for a short
  // quiet period; then new calls are refused and the server waits for the
  // ones in flight (cancelling what is left at the deadline), stops the
  // worker and closes the database. Idempotent.
  void Shutdown(absl::Duration drain);

 private:
  BillingServer(std::unique_ptr<app::Store> store,
                std::unique_ptr<auth::JwtVerifier> jwt_verifier,
                std::unique_ptr<app::InvoiceMailer> mailer, const ServerOptions& options);
  void MonitorHealth(absl::Duration interval);
  // Returns once no call is in flight and none has started for a quiet
  // period, or at `give_up`.
  void WaitUntilQuiet(absl::Time give_up);
  void SetServing(bool serving);
  // Deletes expired events now and then every `interval` until shutdown.
  void PurgeEvents(absl::Duration retention, absl::Duration interval);

  std::unique_ptr<app::Store> store_;
  std::unique_ptr<auth::JwtVerifier> jwt_verifier_;       // may be null
  std::unique_ptr<app::RateLimiter> rate_limiter_;        // may be null
  std::unique_ptr<app::AuthFailureThrottle> auth_failures_;
  std::unique_ptr<app::Authenticator> authenticator_;     // null: auth off
  api::Authorizer authorizer_;
  api::ProtoResourceEncoder encoder_;
  app::Customers customers_;
  app::Organizations organizations_;
  app::TaxRates tax_rates_;
  std::shared_ptr<const app::DocumentRenderer> renderer_;  // the invoice's PDF and UBL
  std::unique_ptr<app::InvoiceMailer> mailer_;          // null: no SMTP configured
  std::unique_ptr<app::InvoiceMailWorker> mail_worker_;  // with mailer_
  app::Invoices invoices_;
  app::Payments payments_;
  app::CreditNotes credit_notes_;
  app::CustomerStatements statements_;
  app::RevenueWorker worker_;
  app::RevenueCalculations calculations_;
  delivery::CurlWebhookSender webhook_sender_;
  app::WebhookDispatcher dispatcher_;
  app::Events events_;
  app::WebhookEndpoints webhook_endpoints_;
  std::unique_ptr<app::IdempotencyKeyPurger> purger_;  // uses store_
  app::Collections collections_;
  std::unique_ptr<app::CollectionsScanner> collections_scanner_;  // uses collections_
  api::CustomerServiceImpl customer_service_;
  api::InvoiceServiceImpl invoice_service_;
  api::PaymentServiceImpl payment_service_;
  api::CreditNoteServiceImpl credit_note_service_;
  api::LedgerServiceImpl ledger_service_;
  api::RevenueCalculationServiceImpl revenue_service_;
  api::EventServiceImpl event_service_;
  api::WebhookEndpointServiceImpl webhook_service_;
  api::OrganizationServiceImpl organization_service_;
  api::TaxRateServiceImpl tax_rate_service_;
  CallTracker calls_;  // outlives server_, whose interceptors point at it
  metrics::Registry metrics_;
  api::RpcMetrics rpc_metrics_;  // outlives server_ too
  std::unique_ptr<app::StoreObserver> storage_metrics_;  // store_ reports to it until Shutdown
  std::unique_ptr<metrics::HttpEndpoint> metrics_endpoint_;  // reads store_
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  absl::Notification stop_health_;
  std::thread health_thread_;
  absl::Notification stop_purge_;
  std::thread purge_thread_;
  bool shut_down_ = false;
};

}  // namespace billing::server

#endif  // BILLING_SERVER_BILLING_SERVER_H_
