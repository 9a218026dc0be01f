#include "server/billing_server.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "api/call_interceptor.h"
#include "common/status_macros.h"
#include "documents/pdf/invoice_pdf.h"
#include "documents/ubl/ubl_invoice.h"
#include "grpc/health/v1/health.pb.h"
#include "grpc/grpc.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/impl/server_builder_option.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "log/json_log.h"
#include "metrics/process_metrics.h"
#include "server/reflection_v1.h"
#include "server/store_factory.h"

namespace billing::server {
namespace {

// The mail worker's documents: the same renderers as GET /pdf and
// /e-invoice, so an attachment is byte for byte what those answer.
class DocumentsRenderer final : public app::DocumentRenderer {
 public:
  absl::StatusOr<std::string> Pdf(const domain::InvoiceDocument& document) const override {
    return documents::RenderInvoicePdf(document);
  }
  absl::StatusOr<std::string> EInvoice(const domain::InvoiceDocument& document) const override {
    return documents::WriteUblInvoice(document);
  }
};

// The storage adapter's reports as Prometheus metrics.
class StorageMetrics : public app::StoreObserver {
 public:
  explicit StorageMetrics(metrics::Registry& registry)
      : batch_size_(registry.AddHistogram(
            "billing_storage_write_batch_size",
            "Writes committed together in one transaction by SQLite's group commit.", {},
            {1, 2, 4, 8, 16, 32, 64, 128})),
        waits_(registry.AddCounter(
            "billing_storage_connection_waits_total",
            "Times a caller found every database connection busy (SQLite readers, "
            "PostgreSQL pool) and waited.")),
        wait_seconds_(registry.AddCounter("billing_storage_connection_wait_seconds_total",
                                          "Time spent in those waits.")) {}

  void WriteBatchCommitted(size_t writes) override {
    batch_size_.Observe({}, static_cast<double>(writes));
  }
  void ConnectionWaited(absl::Duration waited) override {
    waits_.Increment({});
    wait_seconds_.Increment({}, absl::ToDoubleSeconds(waited));
  }

 private:
  metrics::HistogramFamily& batch_size_;
  metrics::CounterFamily& waits_;
  metrics::CounterFamily& wait_seconds_;
};

// Health is reported for the server as a whole ("") and for each service.
constexpr const char* kHealthNames[] = {
    "", "billing.v1.CustomerService", "billing.v1.InvoiceService",
    "billing.v1.RevenueCalculationService", "billing.v1.PaymentService", "billing.v1.CreditNoteService",
    "billing.v1.LedgerService", "billing.v1.EventService", "billing.v1.WebhookEndpointService",
    "billing.v1.OrganizationService", "billing.v1.TaxRateService"};

// Decides reflection (v1alpha from gRPC, v1 ours) for this one server. Linking
// gRPC's reflection library registers its plugin for every server in the
// process, so the option first removes whatever is there and then adds both
// back only when wanted.
class ReflectionOption : public grpc::ServerBuilderOption {
 public:
  explicit ReflectionOption(bool enabled) : enabled_(enabled) {}
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    const std::string v1alpha = grpc::reflection::ProtoServerReflectionPlugin().name();
    const std::string v1 = ReflectionV1Plugin().name();
    std::erase_if(*plugins, [&](const std::unique_ptr<grpc::ServerBuilderPlugin>& plugin) {
      return plugin->name() == v1alpha || plugin->name() == v1;
    });
    if (enabled_) {
      plugins->push_back(std::make_unique<grpc::reflection::ProtoServerReflectionPlugin>());
      plugins->push_back(std::make_unique<ReflectionV1Plugin>());
    }
  }

 private:
  bool enabled_;
};

// The bearer-token verifier, or null when no JWT keys are configured (bearer
// tokens are then refused, API keys still work).
absl::StatusOr<std::unique_ptr<auth::JwtVerifier>> MakeJwtVerifier(const AuthOptions& options) {
  if (!options.enabled) return nullptr;
  if (options.jwt.keys_file.empty() && options.jwt.hs256_secret.empty()) return nullptr;
  return auth::JwtVerifier::Create(options.jwt);
}

// The database for the log: a URI's query (which may carry options) and any
// password someone put in it anyway are left out.
std::string RedactedDb(const std::string& db) {
  if (!IsPostgresUri(db)) return db;
  std::string shown = db.substr(0, db.find('?'));
  const size_t scheme_end = shown.find("://") + 3;
  const size_t at = shown.find('@', scheme_end);
  const size_t colon = shown.find(':', scheme_end);
  if (at != std::string::npos && colon != std::string::npos && colon < at) {
    shown = shown.substr(0, colon) + ":***" + shown.substr(at);
  }
  return shown;
}

}  // namespace

absl::StatusOr<std::unique_ptr<BillingServer>> BillingServer::Start(
    const ServerOptions& options) {
  StoreOptions store_options;
  store_options.busy_timeout = options.busy_timeout;
  absl::StatusOr<std::unique_ptr<app::Store>> store = OpenStore(options.db, store_options);
  if (!store.ok()) return store.status();
  absl::StatusOr<std::unique_ptr<auth::JwtVerifier>> jwt = MakeJwtVerifier(options.auth);
  if (!jwt.ok()) return jwt.status();
  std::unique_ptr<app::InvoiceMailer> mailer;
  if (!options.smtp.url.empty()) {
    absl::StatusOr<std::unique_ptr<delivery::CurlInvoiceMailer>> curl =
        delivery::CurlInvoiceMailer::Create(options.smtp);
    if (!curl.ok()) return curl.status();
    mailer = *std::move(curl);
  }

  std::unique_ptr<BillingServer> server(
      new BillingServer(*std::move(store), *std::move(jwt), std::move(mailer), options));

  // Touching the health descriptor links it in, so reflection can describe
  // the built-in health service to grpcurl.
  grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  // Reflection and health stay open without credentials: they reveal the
  // contract and liveness, never data.
  builder.SetOption(std::make_unique<ReflectionOption>(options.reflection));
  // gRPC sets SO_REUSEPORT by default, which lets a second server bind the
  // same port and silently take part of the traffic: refuse instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  // The documented receive limit (docs/errors.md): gRPC refuses a larger
  // message with RESOURCE_EXHAUSTED before any handler runs.
  builder.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
  // The synchronous server keeps at most MAX_POLLERS idle threads (default
  // 2) and starts a thread whenever none is idle: with calls that wait (a
  // durable write waits for its group commit), nearly every call started a
  // thread and ended it afterwards (an strace of CreateInvoice x 32 saw
  // ~3,800 threads in 5 s). Keeping up to 64 idle threads reuses them.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 64);
  // gRPC's default request header list limit (8 KiB in all) is less than
  // an Authorization value at its documented limit (8192 bytes) plus the
  // other headers: such a call would die in the transport instead of
  // getting INVALID_CREDENTIALS. Room for the header and the rest.
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, kMaxRequestHeaderBytes);
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(), &server->port_);
  builder.RegisterService(&server->customer_service_);
  builder.RegisterService(&server->invoice_service_);
  builder.RegisterService(&server->payment_service_);
  builder.RegisterService(&server->credit_note_service_);
  builder.RegisterService(&server->ledger_service_);
  builder.RegisterService(&server->revenue_service_);
  builder.RegisterService(&server->event_service_);
  builder.RegisterService(&server->webhook_service_);
  builder.RegisterService(&server->organization_service_);
  builder.RegisterService(&server->tax_rate_service_);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<CallTracker::Factory>(server->calls_));
  interceptors.push_back(std::make_unique<api::CallInterceptorFactory>());
  interceptors.push_back(std::make_unique<api::RpcMetricsInterceptorFactory>(server->rpc_metrics_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen,
                     ": the address is not valid or already in use (another billing-server?)"));
  }

  if (!options.metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<metrics::HttpEndpoint>> endpoint =
        metrics::HttpEndpoint::Start(options.metrics_listen, server->metrics_);
    if (!endpoint.ok()) return endpoint.status();
    server->metrics_endpoint_ = *std::move(endpoint);
  }

  if (options.run_revenue_worker) server->worker_.Start();
  if (options.run_webhook_dispatcher) server->dispatcher_.Start();
  if (server->mail_worker_ && options.run_mail_worker) server->mail_worker_->Start();
  server->purge_thread_ = std::thread([s = server.get(), retention = options.event_retention,
                                       interval = options.event_purge_interval] {
    s->PurgeEvents(retention, interval);
  });
  server->purger_ = std::make_unique<app::IdempotencyKeyPurger>(
      *server->store_, options.idempotency_key_retention, options.idempotency_purge_interval);
  if (options.run_collections) {
    server->collections_scanner_ = std::make_unique<app::CollectionsScanner>(
        server->collections_, options.collections_interval);
  }
  server->SetServing(server->store_->CheckHealth().ok());
  server->health_thread_ = std::thread(
      [s = server.get(), interval = options.health_check_interval] { s->MonitorHealth(interval); });
  log::Info("billing-server listening",
            {log::Str("listen", options.listen), log::Int("port", server->port_),
             log::Str("db", RedactedDb(options.db)),
             log::Str("auth", options.auth.enabled ? "on" : "OFF"),
             log::Str("bearer_tokens", server->jwt_verifier_ ? "accepted" : "refused"),
             log::Str("reflection", options.reflection ? "on" : "off"),
             log::Str("metrics_listen", options.metrics_listen),
             log::Str("webhooks_to_private_networks",
                      options.webhooks_allow_private_networks ? "allowed" : "refused"),
             log::Int("metrics_port", server->metrics_port()),
             log::Str("invoice_email", server->mailer_ ? "smtp" : "not configured")});
  if (!server->mailer_) {
    log::Warning(
        "no SMTP server configured (--smtp_url): processed invoices are not emailed to "
        "customers and show deliveryStatus not_configured");
  }
  if (!options.auth.enabled) {
    log::Error(
        "AUTHENTICATION IS DISABLED: every caller acts as account acct_default without a "
        "credential. This is for local development only; never run it like this with real data.");
  }
  return server;
}

BillingServer::BillingServer(std::unique_ptr<app::Store> store,
                             std::unique_ptr<auth::JwtVerifier> jwt_verifier,
                             std::unique_ptr<app::InvoiceMailer> mailer,
                             const ServerOptions& options)
    : store_(std::move(store)),
      jwt_verifier_(std::move(jwt_verifier)),
      rate_limiter_(options.auth.rate_limit.per_second > 0
                        ? std::make_unique<app::RateLimiter>(options.auth.rate_limit)
                        : nullptr),
      auth_failures_(std::make_unique<app::AuthFailureThrottle>(options.auth.auth_failures)),
      authenticator_(options.auth.enabled
                         ? std::make_unique<app::Authenticator>(
                               *store_, jwt_verifier_.get(), rate_limiter_.get(), app::SystemClock(),
                               auth_failures_.get())
                         : nullptr),
      authorizer_(authenticator_.get()),
      customers_(*store_, encoder_, app::SystemClock()),
      organizations_(*store_, app::SystemClock()),
      tax_rates_(*store_, app::SystemClock()),
      renderer_(options.mail_renderer != nullptr
                    ? options.mail_renderer
                    : std::make_shared<const DocumentsRenderer>()),
      mailer_(std::move(mailer)),
      mail_worker_(mailer_ ? std::make_unique<app::InvoiceMailWorker>(
                                 *store_, *mailer_, *renderer_, app::SystemClock(), options.mail)
                           : nullptr),
      invoices_(*store_, encoder_, app::SystemClock(), mailer_ != nullptr),
      payments_(*store_, encoder_, app::SystemClock()),
      credit_notes_(*store_, encoder_, app::SystemClock(), mailer_ != nullptr),
      statements_(*store_),
      worker_(*store_, encoder_, app::SystemClock(), options.worker_poll_interval,
              options.revenue_workers),
      calculations_(*store_, app::SystemClock(), &worker_, options.revenue_queue_limit),
      webhook_sender_([&options] {
        delivery::WebhookSenderOptions sender = options.webhook_sender;
        sender.allow_private_networks = options.webhooks_allow_private_networks;
        return sender;
      }()),
      dispatcher_(*store_, webhook_sender_, encoder_, app::SystemClock(), options.webhooks),
      events_(*store_, app::SystemClock(), [this] { dispatcher_.Notify(); }),
      webhook_endpoints_(*store_, webhook_sender_, app::SystemClock()),
      collections_(*store_, encoder_, app::SystemClock()),
      customer_service_(customers_, authorizer_),
      invoice_service_(invoices_, authorizer_),
      payment_service_(payments_, authorizer_),
      credit_note_service_(credit_notes_, authorizer_),
      ledger_service_(statements_, authorizer_),
      revenue_service_(calculations_, authorizer_),
      event_service_(events_, authorizer_),
      webhook_service_(webhook_endpoints_, authorizer_),
      organization_service_(organizations_, authorizer_),
      tax_rate_service_(tax_rates_, authorizer_),
      rpc_metrics_(metrics_, {kHealthNames[1], kHealthNames[2], kHealthNames[3], kHealthNames[4],
                              kHealthNames[5], kHealthNames[6], kHealthNames[7], kHealthNames[8],
                              kHealthNames[9], kHealthNames[10],
                              "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                              "grpc.reflection.v1alpha.ServerReflection"}) {
  storage_metrics_ = std::make_unique<StorageMetrics>(metrics_);
  store_->SetObserver(storage_metrics_.get());
  metrics_.AddGauge("billing_storage_write_queue_depth",
                    "Writes waiting for SQLite's writer thread (0 on PostgreSQL).",
                    [this]() -> std::optional<double> {
                      return static_cast<double>(store_->QueuedWrites());
                    });
  metrics_.AddGauge("billing_revenue_queue_depth",
                    "Revenue calculations queued or running, every account's (left out when "
                    "the database cannot be read).",
                    [this]() -> std::optional<double> {
                      int64_t depth = 0;
                      const absl::Status read = store_->Read([&](app::Transaction& t) {
                        ASSIGN_OR_RETURN(depth, t.revenue_calculations().CountAllUnfinished());
                        return absl::OkStatus();
                      });
                      if (!read.ok()) return std::nullopt;
                      return static_cast<double>(depth);
                    });
  // What the Prometheus client libraries export for every process, and
  // which build this is.
  metrics::AddProcessMetrics(metrics_);
  metrics::AddBuildInfo(metrics_);
}

BillingServer::~BillingServer() { Shutdown(absl::ZeroDuration()); }

void BillingServer::SetServing(bool serving) {
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  for (const char* name : kHealthNames) health->SetServingStatus(name, serving);
}

void BillingServer::MonitorHealth(absl::Duration interval) {
  bool serving = true;
  while (!stop_health_.WaitForNotificationWithTimeout(interval)) {
    const absl::Status health = store_->CheckHealth();
    if (health.ok() != serving) {
      serving = health.ok();
      log::Warning(serving ? "database usable again" : "database unusable",
                   {log::Str("error", health.ToString())});
    }
    SetServing(serving);
  }
}

void BillingServer::PurgeEvents(absl::Duration retention, absl::Duration interval) {
  // At start too: a server that is restarted often still purges.
  do {
    absl::StatusOr<int64_t> purged = events_.Purge(absl::Now() - retention);
    if (!purged.ok()) {
      log::Warning("event purge failed; retried later", {log::Str("error", purged.status().ToString())});
    } else if (*purged > 0) {
      log::Info("purged old events", {log::Int("events", *purged)});
    }
  } while (!stop_purge_.WaitForNotificationWithTimeout(interval));
}

void BillingServer::WaitUntilQuiet(absl::Time give_up) {
  // A call gRPC has received but not yet matched to a handler is invisible
  // here; it is matched within milliseconds, so a quiet period much longer
  // than that, with nothing in flight, means everything received is done.
  constexpr absl::Duration kQuietPeriod = absl::Milliseconds(200);
  constexpr absl::Duration kPoll = absl::Milliseconds(10);
  const absl::Time started = absl::Now();
  if (started >= give_up) return;  // no drain time: nothing to wait for
  while (absl::Now() < give_up) {
    const absl::Time last = std::max(calls_.last_start(), started);
    if (calls_.in_flight() == 0 && absl::Now() - last >= kQuietPeriod) return;
    absl::SleepFor(kPoll);
  }
  log::Warning("calls still arriving or running at the drain deadline",
               {log::Int("in_flight", calls_.in_flight())});
}

void BillingServer::Shutdown(absl::Duration drain) {
  if (shut_down_) return;
  shut_down_ = true;
  log::Info("billing-server shutting down",
            {log::Num("drain_seconds", absl::ToDoubleSeconds(drain))});
  stop_health_.Notify();
  if (health_thread_.joinable()) health_thread_.join();
  stop_purge_.Notify();
  if (purge_thread_.joinable()) purge_thread_.join();
  if (server_ != nullptr) {
    const absl::Time deadline = absl::Now() + drain;
    // Health answers NOT_SERVING while in-flight calls drain.
    if (grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService()) {
      health->Shutdown();
    }
    WaitUntilQuiet(deadline - drain / 2);
    // From here gRPC refuses new calls (GOAWAY) and cancels any it has
    // received but not handed to a handler, hence the wait above.
    server_->Shutdown(absl::ToChronoTime(deadline));
    server_->Wait();
  }
  // Served through the drain; stopped before the store its gauge reads.
  if (metrics_endpoint_) metrics_endpoint_->Stop();
  worker_.Stop();
  dispatcher_.Stop();
  if (mail_worker_) mail_worker_->Stop();
  purger_.reset();
  collections_scanner_.reset();
  store_.reset();
  log::Info("billing-server stopped");
}

}  // namespace billing::server
