#include "storage/postgres/connection_pool.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "storage/postgres/pg_error.h"

namespace billing::storage::postgres {

ConnectionPool::Lease::~Lease() {
  if (conn_ != nullptr) pool_->Release(std::move(conn_));
}

ConnectionPool::ConnectionPool(ConnectionSettings settings, int size,
                               absl::Duration acquire_timeout)
    : settings_(std::move(settings)), size_(size), acquire_timeout_(acquire_timeout) {}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  {
    absl::MutexLock lock(&mu_);
    auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < size_;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&available), acquire_timeout_)) {
      return PgError("", absl::StrCat("all ", size_, " database connections stayed busy"));
    }
    if (!idle_.empty()) {
      std::unique_ptr<PgConnection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++open_;
  }
  // Connecting happens outside the lock: it may take up to connect_timeout.
  absl::StatusOr<std::unique_ptr<PgConnection>> conn = PgConnection::Open(settings_);
  if (!conn.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
    return conn.status();
  }
  return Lease(this, *std::move(conn));
}

void ConnectionPool::Release(std::unique_ptr<PgConnection> conn) {
  const bool keep = !conn->broken();
  if (!keep) conn.reset();  // closed outside the lock
  absl::MutexLock lock(&mu_);
  if (keep) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
}

}  // namespace billing::storage::postgres
