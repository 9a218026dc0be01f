#include "storage/postgres/connection_pool.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "storage/postgres/pg_error.h"

namespace billing::storage::postgres {
namespace {

// The pools this thread holds a lease of, once per lease.
thread_local std::vector<const ConnectionPool*> held_by_thread;

bool HeldByThisThread(const ConnectionPool* pool) {
  return std::find(held_by_thread.begin(), held_by_thread.end(), pool) != held_by_thread.end();
}

}  // namespace

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<PgConnection> conn)
    : pool_(pool), conn_(std::move(conn)) {
  held_by_thread.push_back(pool_);
}

ConnectionPool::Lease::~Lease() {
  if (conn_ == nullptr) return;  // moved from
  auto held = std::find(held_by_thread.begin(), held_by_thread.end(), pool_);
  if (held != held_by_thread.end()) held_by_thread.erase(held);
  pool_->Release(std::move(conn_));
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
    // A second lease for this thread: waiting could mean waiting for itself.
    if (!available() && !HeldByThisThread(this)) {
      const absl::Time start = absl::Now();
      const bool got = mu_.AwaitWithTimeout(absl::Condition(&available), acquire_timeout_);
      if (app::StoreObserver* observer = observer_.load()) observer->ConnectionWaited(absl::Now() - start);
      if (!got) {
        return PgError("", absl::StrCat("all ", size_, " database connections stayed busy"));
      }
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

int ConnectionPool::open() {
  absl::MutexLock lock(&mu_);
  return open_;
}

void ConnectionPool::Release(std::unique_ptr<PgConnection> conn) {
  std::vector<std::unique_ptr<PgConnection>> dropped;  // closed outside the lock
  {
    absl::MutexLock lock(&mu_);
    if (!conn->broken() && open_ <= size_) {
      idle_.push_back(std::move(conn));
      return;
    }
    if (!conn->broken()) {  // one beyond the bound: closed, not kept
      --open_;
      dropped.push_back(std::move(conn));
      return;
    }
    // One dead connection usually means the server went away: the idle
    // ones are dead too, and the next caller should get a fresh one.
    dropped.swap(idle_);
    dropped.push_back(std::move(conn));
    open_ -= static_cast<int>(dropped.size());
  }
}

}  // namespace billing::storage::postgres
