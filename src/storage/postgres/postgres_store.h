// The PostgreSQL adapter of app::Store: a bounded connection pool; each
// Write is one READ COMMITTED transaction whose single-row reads lock the
// row (storage/sql's {lock:...} clauses, through PgSession), retried a few times on a serialization
// failure or deadlock; each Read one REPEATABLE READ READ ONLY snapshot.
#ifndef BILLING_STORAGE_POSTGRES_POSTGRES_STORE_H_
#define BILLING_STORAGE_POSTGRES_POSTGRES_STORE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/ports/store.h"
#include "storage/postgres/connection_pool.h"

namespace billing::storage::postgres {

struct PostgresOptions {
  // A libpq URI (postgres://user@host:5432/db?sslmode=require); the
  // password comes from PGPASSFILE / ~/.pgpass, not from here.
  std::string uri;
  int pool_size = 8;
  absl::Duration connect_timeout = absl::Seconds(3);
  absl::Duration statement_timeout = absl::Seconds(10);
  // How long a call waits for a free connection before it is UNAVAILABLE.
  absl::Duration acquire_timeout = absl::Seconds(5);
  // Attempts of a Write on 40001 / 40P01 (and on a connection found dead
  // before any work was done).
  int max_attempts = 3;
};

class PostgresStore : public app::Store {
 public:
  // Connects once and applies pending migrations (under an advisory lock).
  static absl::StatusOr<std::unique_ptr<PostgresStore>> Open(const PostgresOptions& options);

  absl::Status Write(Work work) override;
  absl::Status Read(Work work) override;
  absl::Status CheckHealth() override;
  void SetObserver(app::StoreObserver* observer) override { pool_.SetObserver(observer); }
  std::string_view page_token_secret() const override { return page_token_secret_; }

  absl::StatusOr<int> SchemaVersion();

 private:
  explicit PostgresStore(const PostgresOptions& options);
  absl::Status RunOnce(Work work, bool write);

  PostgresOptions options_;
  ConnectionPool pool_;
  std::string page_token_secret_;  // read once at Open
};

}  // namespace billing::storage::postgres

#endif  // BILLING_STORAGE_POSTGRES_POSTGRES_STORE_H_
