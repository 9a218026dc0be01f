// Group commit: jobs that queue up while the writer is busy are committed
// together, each still all-or-nothing on its own.
#include "storage/sqlite/group_commit_writer.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using testing::ScratchDir;

class GroupCommitWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("g.db");
    absl::StatusOr<std::unique_ptr<Connection>> setup =
        Connection::Open(path_, Connection::Mode::kReadWriteCreate);
    ASSERT_OK(setup.status());
    ASSERT_OK((*setup)->QueryText("PRAGMA journal_mode = WAL").status());
    ASSERT_OK((*setup)->Exec("CREATE TABLE t (k TEXT PRIMARY KEY) STRICT"));
    absl::StatusOr<std::unique_ptr<Connection>> connection =
        Connection::Open(path_, Connection::Mode::kReadWrite);
    ASSERT_OK(connection.status());
    writer_ = std::make_unique<GroupCommitWriter>(*std::move(connection));
  }

  static absl::Status Insert(Connection& c, const std::string& key) {
    absl::StatusOr<Statement> insert = c.Prepare("INSERT INTO t (k) VALUES (?1)");
    if (!insert.ok()) return insert.status();
    insert->BindText(1, key);
    return insert->Run();
  }

  // The committed keys, seen from a separate connection.
  std::vector<std::string> CommittedKeys() {
    absl::StatusOr<std::unique_ptr<Connection>> reader =
        Connection::Open(path_, Connection::Mode::kReadWrite);
    EXPECT_TRUE(reader.ok());
    absl::StatusOr<Statement> query = (*reader)->Prepare("SELECT k FROM t ORDER BY k");
    EXPECT_TRUE(query.ok());
    std::vector<std::string> keys;
    while (*query->Step()) keys.push_back(query->ColumnText(0));
    return keys;
  }

  // Occupies the writer thread until `release` is notified, so that the
  // jobs queued meanwhile form the next batch.
  std::thread BlockWriter(absl::Notification& running, absl::Notification& release) {
    std::thread blocker([&] {
      EXPECT_OK(writer_->Write([&](Connection& c) {
        running.Notify();
        release.WaitForNotification();
        return Insert(c, "blocker");
      }));
    });
    running.WaitForNotification();
    return blocker;
  }

  void WaitUntilQueued(int jobs) {
    absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (writer_->queued_jobs() < jobs && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(1));
    }
    ASSERT_EQ(writer_->queued_jobs(), jobs);
  }

  ScratchDir dir_;
  std::string path_;
  std::unique_ptr<GroupCommitWriter> writer_;
};

TEST_F(GroupCommitWriterTest, JobsQueuedDuringACommitShareTheNextOne) {
  constexpr int kJobs = 6;
  absl::Notification running, release;
  std::thread blocker = BlockWriter(running, release);
  std::vector<absl::Status> statuses(kJobs);
  std::vector<std::thread> callers;
  for (int i = 0; i < kJobs; ++i) {
    callers.emplace_back([&, i] {
      statuses[i] = writer_->Write([i](Connection& c) { return Insert(c, absl::StrCat("k", i)); });
    });
  }
  WaitUntilQueued(kJobs);
  release.Notify();
  blocker.join();
  for (std::thread& caller : callers) caller.join();

  for (const absl::Status& status : statuses) EXPECT_OK(status);
  EXPECT_EQ(CommittedKeys().size(), kJobs + 1);
  EXPECT_EQ(writer_->commits(), 2);  // the blocker's, then one for all six
}

TEST_F(GroupCommitWriterTest, AFailingJobRollsBackAloneAndTheOthersCommit) {
  absl::Notification running, release;
  std::thread blocker = BlockWriter(running, release);
  absl::Status first, failing, last;
  std::thread a([&] { first = writer_->Write([](Connection& c) { return Insert(c, "a"); }); });
  WaitUntilQueued(1);
  std::thread b([&] {
    failing = writer_->Write([](Connection& c) -> absl::Status {
      if (absl::Status s = Insert(c, "b1"); !s.ok()) return s;
      if (absl::Status s = Insert(c, "b2"); !s.ok()) return s;
      return absl::FailedPreconditionError("changed my mind");
    });
  });
  WaitUntilQueued(2);
  std::thread c([&] { last = writer_->Write([](Connection& c) { return Insert(c, "c"); }); });
  WaitUntilQueued(3);
  release.Notify();
  for (std::thread* t : {&blocker, &a, &b, &c}) t->join();

  EXPECT_OK(first);
  EXPECT_EQ(failing.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_OK(last);
  EXPECT_EQ(CommittedKeys(), (std::vector<std::string>{"a", "blocker", "c"}));
  EXPECT_EQ(writer_->commits(), 2);
}

TEST_F(GroupCommitWriterTest, NoJobReportsSuccessForWritesTheTransactionLost) {
  // A job that ends the shared transaction (as SQLite itself does on a full
  // disk) takes the batch's earlier writes with it: those callers must hear
  // about it, and later jobs still run in a fresh transaction.
  absl::Notification running, release;
  std::thread blocker = BlockWriter(running, release);
  absl::Status before, breaker, after;
  std::thread a([&] { before = writer_->Write([](Connection& c) { return Insert(c, "a"); }); });
  WaitUntilQueued(1);
  std::thread b([&] {
    breaker = writer_->Write([](Connection& c) { return c.Exec("ROLLBACK"); });
  });
  WaitUntilQueued(2);
  std::thread c([&] { after = writer_->Write([](Connection& c) { return Insert(c, "c"); }); });
  WaitUntilQueued(3);
  release.Notify();
  for (std::thread* t : {&blocker, &a, &b, &c}) t->join();

  EXPECT_EQ(before.code(), absl::StatusCode::kUnavailable) << before;
  EXPECT_FALSE(breaker.ok());
  EXPECT_OK(after);
  EXPECT_EQ(CommittedKeys(), (std::vector<std::string>{"blocker", "c"}));
}

TEST_F(GroupCommitWriterTest, ShuttingDownCommitsWhatIsAlreadyQueued) {
  absl::Notification running, release;
  std::thread blocker = BlockWriter(running, release);
  absl::Status queued;
  std::thread a([&] { queued = writer_->Write([](Connection& c) { return Insert(c, "a"); }); });
  WaitUntilQueued(1);
  std::thread closer([&] { writer_.reset(); });
  release.Notify();
  for (std::thread* t : {&blocker, &a, &closer}) t->join();
  EXPECT_OK(queued);
  EXPECT_EQ(CommittedKeys(), (std::vector<std::string>{"a", "blocker"}));
}

}  // namespace
}  // namespace billing::storage
