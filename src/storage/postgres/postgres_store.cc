#include "storage/postgres/postgres_store.h"

#include <utility>

#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/postgres/migrations.h"
#include "storage/postgres/pg_error.h"
#include "storage/postgres/pg_session.h"
#include "storage/postgres/repositories.h"
#include "storage/sql/repositories.h"

namespace billing::storage::postgres {
namespace {

ConnectionSettings SettingsOf(const PostgresOptions& options) {
  return ConnectionSettings{.conninfo = options.uri,
                            .connect_timeout = options.connect_timeout,
                            .statement_timeout = options.statement_timeout};
}

class PgTransaction : public app::Transaction {
 public:
  PgTransaction(PgConnection& c, bool write)
      : session_(c, write),
        customers_(session_),
        invoices_(c, write),
        ledger_(session_),
        outbox_(session_),
        events_(session_),
        webhooks_(session_),
        calculations_(session_),
        api_keys_(session_),
        idempotency_(session_),
        document_numbers_(session_),
        payments_(session_),
        credit_notes_(session_) {}
  app::CustomerRepository& customers() override { return customers_; }
  app::InvoiceRepository& invoices() override { return invoices_; }
  app::LedgerRepository& ledger() override { return ledger_; }
  app::OutboxRepository& outbox() override { return outbox_; }
  app::EventRepository& events() override { return events_; }
  app::WebhookRepository& webhooks() override { return webhooks_; }
  app::RevenueCalculationRepository& revenue_calculations() override { return calculations_; }
  app::ApiKeyRepository& api_keys() override { return api_keys_; }
  app::IdempotencyRepository& idempotency() override { return idempotency_; }
  app::DocumentNumberRepository& document_numbers() override { return document_numbers_; }
  app::PaymentRepository& payments() override { return payments_; }
  app::CreditNoteRepository& credit_notes() override { return credit_notes_; }

 private:
  PgSession session_;  // the repositories of storage/sql talk through it
  sql::Customers customers_;
  PgInvoices invoices_;
  sql::Ledger ledger_;
  sql::Outbox outbox_;
  sql::Events events_;
  sql::Webhooks webhooks_;
  sql::RevenueCalculations calculations_;
  sql::ApiKeys api_keys_;
  sql::Idempotency idempotency_;
  sql::DocumentNumbers document_numbers_;
  sql::Payments payments_;
  sql::CreditNotes credit_notes_;
};

// Marks a status as "nothing was done yet": safe to try again at once.
constexpr char kNotStartedUrl[] = "type.billing/postgres.not-started";

}  // namespace

PostgresStore::PostgresStore(const PostgresOptions& options)
    : options_(options),
      pool_(SettingsOf(options), options.pool_size, options.acquire_timeout) {}

absl::StatusOr<std::unique_ptr<PostgresStore>> PostgresStore::Open(
    const PostgresOptions& options) {
  if (options.pool_size < 1) return absl::InvalidArgumentError("pool_size must be at least 1");
  std::unique_ptr<PostgresStore> store(new PostgresStore(options));
  {
    ASSIGN_OR_RETURN(ConnectionPool::Lease conn, store->pool_.Acquire());
    RETURN_IF_ERROR(ApplyMigrations(*conn));
    ASSIGN_OR_RETURN(PgResult secret,
                     conn->Query("SELECT value FROM server_secrets WHERE name = 'page_tokens'", {}));
    if (secret.rows() != 1) return absl::InternalError("server_secrets has no page_tokens row");
    store->page_token_secret_ = secret.Text(0, 0);
  }
  return store;
}

absl::Status PostgresStore::RunOnce(Work work, bool write) {
  ASSIGN_OR_RETURN(ConnectionPool::Lease conn, pool_.Acquire());
  absl::Status begun = conn->Exec(write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                        : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (!begun.ok()) {
    // Typically an idle connection the database dropped (a restart): the
    // lease discards it and the caller may retry on a fresh one.
    begun.SetPayload(kNotStartedUrl, absl::Cord("1"));
    return begun;
  }
  PgTransaction tx(*conn, write);
  absl::Status status = work(tx);
  if (status.ok() && conn->InFailedTransaction()) {
    // A statement failed but its error was swallowed: never commit that.
    status = domain::Error(domain::ErrorCode::kInternal, "transaction failed; rolled back");
  }
  if (status.ok()) return conn->Exec("COMMIT");
  if (!conn->broken()) conn->Exec("ROLLBACK").IgnoreError();
  return status;
}

absl::Status PostgresStore::Write(Work work) {
  absl::Status status;
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    status = RunOnce(work, /*write=*/true);
    const bool retry =
        IsRetryableConflict(status) || status.GetPayload(kNotStartedUrl).has_value();
    if (!retry) break;
  }
  status.ErasePayload(kNotStartedUrl);
  return status;
}

absl::Status PostgresStore::Read(Work work) {
  absl::Status status;
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    status = RunOnce(work, /*write=*/false);
    if (!status.GetPayload(kNotStartedUrl).has_value()) break;
  }
  status.ErasePayload(kNotStartedUrl);
  return status;
}

absl::Status PostgresStore::CheckHealth() {
  ASSIGN_OR_RETURN(ConnectionPool::Lease conn, pool_.Acquire());
  return conn->Query("SELECT 1").status();
}

absl::StatusOr<int> PostgresStore::SchemaVersion() {
  ASSIGN_OR_RETURN(ConnectionPool::Lease conn, pool_.Acquire());
  return AppliedSchemaVersion(*conn);
}

}  // namespace billing::storage::postgres
