#include "storage/sqlite/reader_pool.h"

#include <optional>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/time/clock.h"

namespace billing::storage {

ReaderPool::ReaderPool(std::vector<std::unique_ptr<Connection>> connections)
    : connections_(std::move(connections)) {
  absl::MutexLock lock(&mu_);
  for (const auto& connection : connections_) free_.push_back(connection.get());
}

Connection* ReaderPool::Acquire() {
  std::optional<absl::Duration> waited;
  Connection* connection = nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (!HasFree()) {
      const absl::Time start = absl::Now();
      mu_.Await(absl::Condition(this, &ReaderPool::HasFree));
      waited = absl::Now() - start;
    }
    connection = free_.back();
    free_.pop_back();
  }
  if (app::StoreObserver* observer = observer_.load(); observer != nullptr && waited) {
    observer->ConnectionWaited(*waited);
  }
  return connection;
}

void ReaderPool::Release(Connection* connection) {
  // Never hand out a connection still inside a transaction: its old
  // snapshot would hide later commits from the next reader.
  if (connection->InTransaction()) connection->Exec("ROLLBACK").IgnoreError();
  absl::MutexLock lock(&mu_);
  free_.push_back(connection);
}

absl::Status ReaderPool::Read(absl::FunctionRef<absl::Status(Connection&)> work) {
  Connection* connection = Acquire();
  absl::Cleanup release = [this, connection] { Release(connection); };
  // The snapshot starts at the first read and holds until COMMIT, so every
  // query in `work` (a page and its total, say) sees the same data.
  if (absl::Status status = connection->Exec("BEGIN"); !status.ok()) return status;
  absl::Status status = work(*connection);
  if (!status.ok()) return status;  // Release rolls back
  return connection->Exec("COMMIT");
}

}  // namespace billing::storage
