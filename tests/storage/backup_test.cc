// Online backups of a live database: consistent, complete, never clobbering.
#include "storage/sqlite/backup.h"

#include <atomic>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using testing::At;
using testing::CountRows;
using testing::DatabaseTest;
using testing::MakeCustomer;
using testing::OpenOrDie;
using testing::ReadResult;

class BackupTest : public DatabaseTest {
 protected:
  absl::Status InsertCustomerNumbered(int n) {
    return db_->Write([&](Connection& conn) {
      return InsertCustomer(conn, MakeCustomer("acct", absl::StrCat("cus_", n), At(n)));
    });
  }
};

TEST_F(BackupTest, TakenUnderWriteLoadHoldsEveryWriteAcknowledgedBeforeIt) {
  for (int i = 0; i < 50; ++i) ASSERT_OK(InsertCustomerNumbered(i));

  std::atomic<bool> stop{false};
  std::atomic<int> written{50};
  std::thread writer([&] {
    for (int i = 50; !stop && i < 100000; ++i) {
      if (InsertCustomerNumbered(i).ok()) written = i + 1;
    }
  });
  while (written < 100) std::this_thread::yield();
  const int acknowledged_before = written;
  const std::string copy = dir_.File("backup.db");
  absl::Status backed_up = BackupDatabase(db_path(), copy);
  stop = true;
  writer.join();
  ASSERT_OK(backed_up);

  std::unique_ptr<Database> restored = OpenOrDie(copy);
  EXPECT_GE(CountRows(*restored, "customers"), acknowledged_before);
  EXPECT_LE(CountRows(*restored, "customers"), written.load());
  absl::StatusOr<domain::Customer> last_before = ReadResult(*restored, [&](Connection& conn) {
    return GetCustomer(conn, "acct", absl::StrCat("cus_", acknowledged_before - 1));
  });
  EXPECT_TRUE(last_before.ok()) << last_before.status();
  EXPECT_FALSE(std::filesystem::exists(copy + ".partial"));
}

TEST_F(BackupTest, RefusesToOverwriteAnExistingFile) {
  ASSERT_OK(InsertCustomerNumbered(1));
  const std::string copy = dir_.File("backup.db");
  ASSERT_OK(BackupDatabase(db_path(), copy));
  absl::Status again = BackupDatabase(db_path(), copy);
  EXPECT_EQ(domain::ErrorCodeOf(again), domain::ErrorCode::kValidationError);
  EXPECT_EQ(CountRows(*OpenOrDie(copy), "customers"), 1);
}

TEST_F(BackupTest, AMissingSourceIsRefusedAndLeavesNoFile) {
  const std::string copy = dir_.File("backup.db");
  absl::Status status = BackupDatabase(dir_.File("absent.db"), copy);
  EXPECT_FALSE(status.ok());
  EXPECT_FALSE(std::filesystem::exists(copy));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("absent.db")));
}

}  // namespace
}  // namespace billing::storage
