#include "storage/sqlite/group_commit_writer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/error.h"

namespace billing::storage {
namespace {

constexpr char kSavepoint[] = "SAVEPOINT write_job";
constexpr char kRelease[] = "RELEASE write_job";
constexpr char kRollbackTo[] = "ROLLBACK TO write_job";

}  // namespace

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)), thread_([this] { Run(); }) {}

GroupCommitWriter::~GroupCommitWriter() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
  // The thread has marked every job done, but their callers may still be
  // waking up inside Write (slowly, on a loaded machine): destroying mu_
  // under them would be a use after free.
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(this, &GroupCommitWriter::NoCallers));
}

absl::Status GroupCommitWriter::Write(Work work) {
  if (std::this_thread::get_id() == thread_.get_id()) {
    // The writer thread would wait for itself forever.
    return domain::Error(domain::ErrorCode::kInternal, "Write called from inside a write job");
  }
  Job job{work};
  absl::MutexLock lock(&mu_);
  if (stopping_) {
    return domain::Error(domain::ErrorCode::kDatabaseUnavailable, "the database is closing");
  }
  ++callers_;
  queue_.push_back(&job);
  mu_.Await(absl::Condition(&job.done));
  --callers_;
  return job.status;
}

int GroupCommitWriter::queued_jobs() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(queue_.size());
}

int64_t GroupCommitWriter::commits() const {
  absl::MutexLock lock(&mu_);
  return commits_;
}

bool GroupCommitWriter::HasJobsOrStopping() const { return !queue_.empty() || stopping_; }

bool GroupCommitWriter::NoCallers() const { return callers_ == 0; }

void GroupCommitWriter::Run() {
  std::vector<Job*> batch;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &GroupCommitWriter::HasJobsOrStopping));
      // Stopping still drains: a caller already queued gets its answer.
      if (queue_.empty()) return;
      batch.assign(queue_.begin(), queue_.end());
      queue_.clear();
    }
    RunBatch(batch);
    absl::MutexLock lock(&mu_);
    // After `done` is set the caller may return and destroy its Job, so no
    // job is touched past this point.
    for (Job* job : batch) job->done = true;
  }
}

void GroupCommitWriter::RunBatch(absl::Span<Job* const> batch) {
  size_t next = 0;
  while (next < batch.size()) next = RunTransaction(batch, next);
}

// Runs batch[first..] in one transaction. Returns the index of the first job
// not run: the batch's end, or earlier if SQLite abandoned the transaction
// (then the rest go into a fresh one).
size_t GroupCommitWriter::RunTransaction(absl::Span<Job* const> batch, size_t first) {
  // IMMEDIATE takes the write lock now; a deferred BEGIN could fail halfway
  // through the batch when another process holds it.
  if (absl::Status begin = connection_->Exec("BEGIN IMMEDIATE"); !begin.ok()) {
    for (size_t i = first; i < batch.size(); ++i) batch[i]->status = begin;
    return batch.size();
  }
  for (size_t i = first; i < batch.size(); ++i) {
    batch[i]->status = RunInSavepoint(batch[i]->work);
    if (!connection_->InTransaction()) {
      // SQLite rolled the whole transaction back (disk full, I/O error) or a
      // job ended it: every write so far in this batch is gone, so no job
      // that looked fine may report success.
      absl::Status lost = domain::Error(
          domain::ErrorCode::kDatabaseUnavailable,
          absl::StrCat("the write transaction was rolled back: ", batch[i]->status.message()));
      for (size_t j = first; j <= i; ++j) {
        if (batch[j]->status.ok()) batch[j]->status = lost;
      }
      return i + 1;
    }
  }
  absl::Status commit = connection_->Exec("COMMIT");
  if (!commit.ok()) {
    if (connection_->InTransaction()) connection_->Exec("ROLLBACK").IgnoreError();
    // A job that failed on its own keeps its own, more precise, error.
    for (size_t i = first; i < batch.size(); ++i) {
      if (batch[i]->status.ok()) batch[i]->status = commit;
    }
    return batch.size();
  }
  if (app::StoreObserver* observer = observer_.load()) {
    observer->WriteBatchCommitted(batch.size() - first);
  }
  absl::MutexLock lock(&mu_);
  ++commits_;
  return batch.size();
}

absl::Status GroupCommitWriter::RunInSavepoint(Work work) {
  if (absl::Status status = connection_->Exec(kSavepoint); !status.ok()) return status;
  absl::Status status = work(*connection_);
  if (status.ok()) status = connection_->Exec(kRelease);
  if (status.ok()) return status;
  // Undo this job's writes only; the rest of the batch still commits.
  absl::Status undo = connection_->Exec(kRollbackTo);
  if (undo.ok()) undo = connection_->Exec(kRelease);
  if (!undo.ok() && connection_->InTransaction()) {
    // The job's writes could not be undone alone: undo everything rather
    // than commit them. RunTransaction sees the transaction gone.
    connection_->Exec("ROLLBACK").IgnoreError();
  }
  return status;
}

}  // namespace billing::storage
