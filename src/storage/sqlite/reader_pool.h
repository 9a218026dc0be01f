// Read-only connections for concurrent readers. In WAL mode a reader sees
// the last committed snapshot and never waits for the writer.
#ifndef BILLING_STORAGE_SQLITE_READER_POOL_H_
#define BILLING_STORAGE_SQLITE_READER_POOL_H_

#include <atomic>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "app/ports/store.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

class ReaderPool {
 public:
  explicit ReaderPool(std::vector<std::unique_ptr<Connection>> connections);

  ReaderPool(const ReaderPool&) = delete;
  ReaderPool& operator=(const ReaderPool&) = delete;

  // Runs `work` in one read transaction on a free connection, waiting for
  // one if all are busy. A Read must not start another Read on the same
  // thread: with every connection taken it would wait forever.
  absl::Status Read(absl::FunctionRef<absl::Status(Connection&)> work);

  // Told of every wait for a free connection from now on.
  void SetObserver(app::StoreObserver* observer) { observer_.store(observer); }

 private:
  Connection* Acquire();
  void Release(Connection* connection);
  bool HasFree() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !free_.empty(); }

  std::vector<std::unique_ptr<Connection>> connections_;
  absl::Mutex mu_;
  std::vector<Connection*> free_ ABSL_GUARDED_BY(mu_);
  std::atomic<app::StoreObserver*> observer_{nullptr};
};

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_READER_POOL_H_
