#include "storage/postgres/postgres_store.h"

#include <utility>

#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/postgres/migrations.h"
#include "storage/postgres/pg_error.h"
#include "storage/postgres/pg_session.h"
#include "storage/sql/transaction.h"

namespace billing::storage::postgres {
namespace {

ConnectionSettings SettingsOf(const PostgresOptions& options) {
  return ConnectionSettings{.conninfo = options.uri,
                            .connect_timeout = options.connect_timeout,
                            .statement_timeout = options.statement_timeout};
}

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
  // In a write, single-row reads lock their row ({lock:...}).
  PgSession session(*conn, write);
  sql::SqlTransaction tx(session);
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
