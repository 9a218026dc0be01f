// A bounded pool of PostgreSQL connections, opened on demand. A broken
// connection is dropped when returned, so the pool heals by itself once the
// database is back. Waiting for a free connection is bounded too, and a
// thread that already holds a lease never waits: with every connection on
// loan it could be waiting for its own (its request would starve the pool
// it holds), so it gets one beyond the bound, closed again on return.
#ifndef BILLING_STORAGE_POSTGRES_CONNECTION_POOL_H_
#define BILLING_STORAGE_POSTGRES_CONNECTION_POOL_H_

#include <atomic>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "app/ports/store.h"
#include "storage/postgres/pg_connection.h"

namespace billing::storage::postgres {

class ConnectionPool {
 public:
  // A connection on loan to one thread; goes back to the pool (or away, if
  // broken) on that thread.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<PgConnection> conn);
    Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(std::move(other.conn_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    PgConnection& operator*() { return *conn_; }
    PgConnection* operator->() { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<PgConnection> conn_;
  };

  ConnectionPool(ConnectionSettings settings, int size, absl::Duration acquire_timeout);

  // DATABASE_UNAVAILABLE when no connection can be had within the timeout.
  absl::StatusOr<Lease> Acquire();
  // Connections open now (idle, on loan, being opened), for tests.
  int open() ABSL_LOCKS_EXCLUDED(mu_);
  // Told of every wait for a connection from now on.
  void SetObserver(app::StoreObserver* observer) { observer_.store(observer); }

 private:
  void Release(std::unique_ptr<PgConnection> conn);

  const ConnectionSettings settings_;
  const int size_;
  const absl::Duration acquire_timeout_;
  std::atomic<app::StoreObserver*> observer_{nullptr};
  absl::Mutex mu_;
  std::vector<std::unique_ptr<PgConnection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;  // idle + on loan + being opened
};

}  // namespace billing::storage::postgres

#endif  // BILLING_STORAGE_POSTGRES_CONNECTION_POOL_H_
