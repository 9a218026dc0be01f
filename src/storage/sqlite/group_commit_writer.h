// The single write path: one connection, one thread, a queue. Jobs that
// arrive while a commit is in flight are committed together in the next
// transaction (group commit), each inside its own savepoint so that one
// failing job rolls back alone and the others still commit. One fsync then
// serves many callers.
#ifndef BILLING_STORAGE_SQLITE_GROUP_COMMIT_WRITER_H_
#define BILLING_STORAGE_SQLITE_GROUP_COMMIT_WRITER_H_

#include <cstdint>
#include <atomic>
#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "app/ports/store.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

class GroupCommitWriter {
 public:
  using Work = absl::FunctionRef<absl::Status(Connection&)>;

  // Starts the writer thread; `connection` is used only by that thread.
  explicit GroupCommitWriter(std::unique_ptr<Connection> connection);
  // Commits every job already queued, then stops the thread and closes the
  // connection. Callers still inside Write get their answer first.
  ~GroupCommitWriter();

  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Runs `work` in a write transaction and returns once its writes are
  // committed, or once they are undone if `work` or the commit failed.
  absl::Status Write(Work work);

  // Jobs waiting for the writer thread (not counting the batch in flight).
  int queued_jobs() const;
  // Transactions committed so far: fewer than jobs when batching happens.
  int64_t commits() const;
  // Told the size of every batch committed from now on.
  void SetObserver(app::StoreObserver* observer) { observer_.store(observer); }

 private:
  struct Job {
    Work work;
    absl::Status status;
    bool done = false;
  };

  void Run();
  bool HasJobsOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool NoCallers() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RunBatch(absl::Span<Job* const> batch);
  size_t RunTransaction(absl::Span<Job* const> batch, size_t first);
  absl::Status RunInSavepoint(Work work);

  std::unique_ptr<Connection> connection_;  // writer thread only
  mutable absl::Mutex mu_;
  std::deque<Job*> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Threads inside Write. A caller whose job is done may not have woken up
  // yet; mu_ must outlive its wake-up, so the destructor waits for zero.
  int callers_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t commits_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<app::StoreObserver*> observer_{nullptr};
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_GROUP_COMMIT_WRITER_H_
