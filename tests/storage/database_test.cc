// The database as the service opens and uses it: schema, settings, the
// write path's all-or-nothing rule, concurrency, durability, health.
#include "storage/sqlite/database.h"

#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "storage/sqlite/migrations.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using domain::ErrorCode;
using testing::At;
using testing::CodeOf;
using testing::CountRows;
using testing::DatabaseTest;
using testing::MakeCustomer;
using testing::MakeInvoice;
using testing::ReadResult;
using testing::ScratchDir;

constexpr char kAccount[] = "acct_1";

TEST_F(DatabaseTest, OpenCreatesTheWholeSchemaAtTheLatestVersion) {
  EXPECT_EQ(*db_->SchemaVersion(), static_cast<int>(Migrations().size()));
  for (const char* table :
       {"customers", "invoices", "invoice_line_items", "ledger_entries", "outbox_messages",
        "revenue_calculations", "revenue_results", "revenue_schedule_entries"}) {
    EXPECT_EQ(CountRows(*db_, table), 0) << table;
  }
}

TEST_F(DatabaseTest, EveryTableCarriesTheAccountInItsPrimaryKey) {
  absl::StatusOr<int64_t> tables_without = ReadResult(*db_, [](Connection& c) {
    // pk = 1 marks the first primary-key column. api_keys is the exception:
    // a presented key names only its key id, which is unique across accounts,
    // and the row's account_id is what decides the caller's tenant.
    // server_secrets belong to the servers of the database, not to an account.
    return c.QueryInt64(
        "SELECT COUNT(*) FROM sqlite_schema AS t WHERE t.type = 'table' "
        "AND t.name NOT IN ('schema_migrations', 'api_keys', 'server_secrets') "
        "AND t.name NOT LIKE 'sqlite_%' "
        "AND NOT EXISTS (SELECT 1 FROM pragma_table_info(t.name) AS c "
        "                WHERE c.name = 'account_id' AND c.pk = 1)");
  });
  ASSERT_OK(tables_without.status());
  EXPECT_EQ(*tables_without, 0);
}

TEST_F(DatabaseTest, ReopeningKeepsTheVersionAndAppliesNothingTwice) {
  ASSERT_OK(db_->Write([](Connection& c) { return InsertCustomer(c, MakeCustomer(kAccount, "cus_1", At(0))); }));
  Reopen();
  Reopen();
  EXPECT_EQ(*db_->SchemaVersion(), static_cast<int>(Migrations().size()));
  EXPECT_EQ(CountRows(*db_, "schema_migrations"), static_cast<int64_t>(Migrations().size()));
  EXPECT_EQ(CountRows(*db_, "customers"), 1);
}

TEST_F(DatabaseTest, DurabilityAndIntegritySettingsAreInEffect) {
  auto check = [](Connection& c) -> absl::Status {
    EXPECT_EQ(*c.QueryText("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(*c.QueryInt64("PRAGMA foreign_keys"), 1);
    EXPECT_EQ(*c.QueryInt64("PRAGMA synchronous"), 2);  // FULL
    EXPECT_EQ(*c.QueryInt64("PRAGMA busy_timeout"), 5000);
    return absl::OkStatus();
  };
  ASSERT_OK(db_->Write(check));
  ASSERT_OK(db_->Read(check));
}

TEST_F(DatabaseTest, WriterKeepsSavepointUndoInMemory) {
  // temp_store MEMORY: a batch's savepoint sub-journal never becomes a file.
  ASSERT_OK(db_->Write([](Connection& c) -> absl::Status {
    EXPECT_EQ(*c.QueryInt64("PRAGMA temp_store"), 2);
    return absl::OkStatus();
  }));
}

TEST(DatabaseOptionsTest, OptionsAreAppliedOrRefusedWhenUnusable) {
  ScratchDir dir;
  absl::StatusOr<std::unique_ptr<Database>> normal =
      Database::Open({.path = dir.File("n.db"), .synchronous = "normal"});
  ASSERT_OK(normal.status());
  ASSERT_OK((*normal)->Write([](Connection& c) {
    EXPECT_EQ(*c.QueryInt64("PRAGMA synchronous"), 1);
    return absl::OkStatus();
  }));
  absl::StatusOr<std::unique_ptr<Database>> bogus =
      Database::Open({.path = dir.File("b.db"), .synchronous = "FAST"});
  EXPECT_EQ(bogus.status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::unique_ptr<Database>> patient =
      Database::Open({.path = dir.File("p.db"), .busy_timeout = absl::InfiniteDuration()});
  EXPECT_OK(patient.status());
  absl::StatusOr<std::unique_ptr<Database>> no_readers =
      Database::Open({.path = dir.File("r.db"), .read_connections = 0});
  EXPECT_EQ(no_readers.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DatabaseOpenTest, UnopenablePathIsUnavailable) {
  ScratchDir dir;
  absl::StatusOr<std::unique_ptr<Database>> db =
      Database::Open({.path = dir.File("no/such/dir/billing.db")});
  EXPECT_FALSE(db.ok());
  EXPECT_EQ(CodeOf(db.status()), ErrorCode::kDatabaseUnavailable);
}

TEST_F(DatabaseTest, ReadsCannotWrite) {
  absl::Status status = db_->Read(
      [](Connection& c) { return InsertCustomer(c, MakeCustomer(kAccount, "cus_1", At(0))); });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(CountRows(*db_, "customers"), 0);
}

TEST_F(DatabaseTest, FailedWriteLeavesNothingBehind) {
  absl::Status status = db_->Write([](Connection& c) -> absl::Status {
    for (const char* id : {"cus_1", "cus_2", "cus_3"}) {
      if (absl::Status s = InsertCustomer(c, MakeCustomer(kAccount, id, At(0))); !s.ok()) return s;
    }
    // The fourth step fails: its customer does not exist.
    return InsertInvoice(c, MakeInvoice(kAccount, "inv_1", "cus_missing", At(0)));
  });
  EXPECT_EQ(CodeOf(status), ErrorCode::kCustomerNotFound);
  EXPECT_EQ(CountRows(*db_, "customers"), 0);
  EXPECT_EQ(CountRows(*db_, "invoices"), 0);
  // The write path is still healthy afterwards.
  EXPECT_OK(db_->Write(
      [](Connection& c) { return InsertCustomer(c, MakeCustomer(kAccount, "cus_1", At(0))); }));
  EXPECT_EQ(CountRows(*db_, "customers"), 1);
}

TEST_F(DatabaseTest, WritesFromManyThreadsAllCommit) {
  constexpr int kThreads = 8;
  constexpr int kWritesPerThread = 25;
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        std::string id = absl::StrCat("cus_", t, "_", i);
        absl::Status status = db_->Write(
            [&](Connection& c) { return InsertCustomer(c, MakeCustomer(kAccount, id, At(i))); });
        if (!status.ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(CountRows(*db_, "customers"), kThreads * kWritesPerThread);
}

TEST_F(DatabaseTest, ReadersAreNotBlockedByAnOpenWriteTransaction) {
  absl::Notification write_started;
  absl::Notification reader_done;
  std::thread writer([&] {
    EXPECT_OK(db_->Write([&](Connection& c) -> absl::Status {
      if (absl::Status s = InsertCustomer(c, MakeCustomer(kAccount, "cus_1", At(0))); !s.ok()) return s;
      write_started.Notify();
      // Hold the write transaction open until the reader has finished (or
      // give up, so that a blocked reader fails the test instead of hanging).
      reader_done.WaitForNotificationWithTimeout(absl::Seconds(10));
      return absl::OkStatus();
    }));
  });
  write_started.WaitForNotification();
  int64_t seen_during_write = CountRows(*db_, "customers");
  reader_done.Notify();
  writer.join();
  EXPECT_EQ(seen_during_write, 0);  // the last committed snapshot
  EXPECT_EQ(CountRows(*db_, "customers"), 1);
}

TEST_F(DatabaseTest, ReadSeesOneSnapshotEvenIfAWriteCommitsMeanwhile) {
  absl::Status status = db_->Read([&](Connection& c) -> absl::Status {
    EXPECT_EQ(*c.QueryInt64("SELECT COUNT(*) FROM customers"), 0);
    EXPECT_OK(db_->Write(
        [](Connection& w) { return InsertCustomer(w, MakeCustomer(kAccount, "cus_1", At(0))); }));
    EXPECT_EQ(*c.QueryInt64("SELECT COUNT(*) FROM customers"), 0);
    return absl::OkStatus();
  });
  ASSERT_OK(status);
  EXPECT_EQ(CountRows(*db_, "customers"), 1);
}

TEST_F(DatabaseTest, CommittedDataSurvivesCloseAndReopen) {
  ASSERT_OK(db_->Write(
      [](Connection& c) { return InsertCustomer(c, MakeCustomer(kAccount, "cus_1", At(0))); }));
  Reopen();
  absl::StatusOr<domain::Customer> customer =
      ReadResult(*db_, [](Connection& c) { return GetCustomer(c, kAccount, "cus_1"); });
  ASSERT_OK(customer.status());
  EXPECT_EQ(customer->name, "Ada Lovelace");
}

TEST_F(DatabaseTest, CloseCheckpointsTheWriteAheadLog) {
  ASSERT_OK(db_->Write(
      [](Connection& c) { return InsertCustomer(c, MakeCustomer(kAccount, "cus_1", At(0))); }));
  db_.reset();
  // Everything is in the main file, so copying it alone (a backup) is safe.
  EXPECT_FALSE(std::filesystem::exists(db_path() + "-wal"));
}

TEST_F(DatabaseTest, WriteFromInsideAWriteIsRefusedRatherThanDeadlocking) {
  absl::Status inner;
  ASSERT_OK(db_->Write([&](Connection&) {
    inner = db_->Write([](Connection&) { return absl::OkStatus(); });
    return absl::OkStatus();
  }));
  EXPECT_EQ(CodeOf(inner), ErrorCode::kInternal);
}

TEST(DatabaseLockTest, WriterLockedOutByAnotherProcessIsUnavailable) {
  ScratchDir dir;
  absl::StatusOr<std::unique_ptr<Database>> db =
      Database::Open({.path = dir.File("l.db"), .busy_timeout = absl::Milliseconds(50)});
  ASSERT_OK(db.status());
  // Another program holds the write lock on the same file.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(dir.File("l.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  absl::Status status = (*db)->Write(
      [](Connection& c) { return InsertCustomer(c, MakeCustomer(kAccount, "cus_1", At(0))); });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(CodeOf(status), ErrorCode::kDatabaseUnavailable);
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  // Once the lock is released the same write succeeds.
  EXPECT_OK((*db)->Write(
      [](Connection& c) { return InsertCustomer(c, MakeCustomer(kAccount, "cus_1", At(0))); }));
}

// Two processes opening one file at once (two `collections run`, a replica
// starting): the second waits out the first's lock for its busy timeout,
// from its very first statement, instead of failing "database is locked".
TEST(DatabaseLockTest, OpeningWaitsForAnotherProcessesLock) {
  ScratchDir dir;
  const std::string path = dir.File("o.db");
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread release([other] {
    absl::SleepFor(absl::Milliseconds(300));
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  absl::StatusOr<std::unique_ptr<Database>> db =
      Database::Open({.path = path, .busy_timeout = absl::Seconds(20)});
  release.join();
  sqlite3_close(other);
  EXPECT_OK(db.status());
}

TEST_F(DatabaseTest, HealthyWhileTheFileIsInPlace) {
  EXPECT_OK(db_->CheckHealth());
  std::filesystem::remove(db_path());
  absl::Status status = db_->CheckHealth();
  EXPECT_EQ(CodeOf(status), ErrorCode::kDatabaseUnavailable) << status;
}

}  // namespace
}  // namespace billing::storage
