// Shared helpers of the storage tests: a fresh directory (so a real SQLite
// file) per test, sample entities, and status assertions.
#ifndef BILLING_TESTS_STORAGE_TEST_SUPPORT_H_
#define BILLING_TESTS_STORAGE_TEST_SUPPORT_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/customer.h"
#include "domain/error.h"
#include "domain/invoice.h"
#include "domain/revenue.h"
#include "gtest/gtest.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/database.h"
#include "app/ports/store.h"
#include "tests/support/test_backend.h"

#define ASSERT_OK(expr)                                      \
  do {                                                       \
    const absl::Status assert_ok_status_ = (expr);           \
    ASSERT_TRUE(assert_ok_status_.ok()) << assert_ok_status_; \
  } while (false)

#define EXPECT_OK(expr)                                      \
  do {                                                       \
    const absl::Status expect_ok_status_ = (expr);           \
    EXPECT_TRUE(expect_ok_status_.ok()) << expect_ok_status_; \
  } while (false)

namespace billing::storage {

// A customer written or read on one connection of Database::Write/Read,
// through the repository every store uses (storage/sql), for the tests of
// SQLite's own parts (group commit, readers, backup).
absl::Status InsertCustomer(Connection& c, const domain::Customer& customer);
absl::StatusOr<domain::Customer> GetCustomer(Connection& c, std::string_view account_id,
                                             std::string_view customer_id);
absl::Status InsertInvoice(Connection& c, const domain::Invoice& invoice);

}  // namespace billing::storage

namespace billing::storage::testing {

// An empty directory named after the running test, removed at the end.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string File(std::string_view name) const;

 private:
  std::string path_;
};

// Opens `path` with default options, failing the test on error.
std::unique_ptr<Database> OpenOrDie(const std::string& path);

// A fixed instant plus `seconds`, with whole microseconds as SQLite keeps.
absl::Time At(int64_t seconds);

domain::Customer MakeCustomer(std::string account_id, std::string id, absl::Time create_time);
// A draft of 12.00 USD with no line items, due 2026-02-01.
domain::Invoice MakeInvoice(std::string account_id, std::string id, std::string customer_id,
                            absl::Time create_time);
domain::RevenueCalculation MakeCalculation(std::string account_id, std::string id,
                                           absl::Time create_time);

// The catalog code of a failed status ("OK" reads as kInternal: check ok()
// first when that matters).
inline domain::ErrorCode CodeOf(const absl::Status& status) { return domain::ErrorCodeOf(status); }

// Runs `work` (Connection& -> StatusOr<T>) in a read transaction and returns
// its result.
template <typename F>
auto ReadResult(Database& db, F work) -> decltype(work(std::declval<Connection&>())) {
  decltype(work(std::declval<Connection&>())) result = absl::UnknownError("not run");
  absl::Status status = db.Read([&](Connection& c) {
    result = work(c);
    return result.status();
  });
  if (!status.ok()) return status;
  return result;
}

// Counts rows of `table` (a trusted constant) through a reader.
int64_t CountRows(Database& db, std::string_view table);

// Runs `work` (app::Transaction& -> StatusOr<T>) in a read (or write)
// transaction of `store` and returns its result.
template <typename F>
auto ReadResult(app::Store& store, F work) -> decltype(work(std::declval<app::Transaction&>())) {
  decltype(work(std::declval<app::Transaction&>())) result = absl::UnknownError("not run");
  absl::Status status = store.Read([&](app::Transaction& t) {
    result = work(t);
    return result.status();
  });
  if (!status.ok()) return status;
  return result;
}
template <typename F>
auto WriteResult(app::Store& store, F work) -> decltype(work(std::declval<app::Transaction&>())) {
  decltype(work(std::declval<app::Transaction&>())) result = absl::UnknownError("not run");
  absl::Status status = store.Write([&](app::Transaction& t) {
    result = work(t);
    return result.status();
  });
  if (!status.ok()) return status;
  return result;
}

// A test of the repositories through the ports, run once per backend
// (TEST_P) on a fresh database of it.
class StoreTest : public ::testing::TestWithParam<billing::testing::Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Closes and opens the store again, as a restarted server would.
  void Reopen();
  // Rows of `table` (a trusted constant), counted beside the store.
  int64_t CountRows(std::string_view table);

  std::string db_;  // what --db would be
  std::unique_ptr<app::Store> store_;
};

// A test with a freshly opened database in its own directory.
class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  void Reopen();
  std::string db_path() const { return dir_.File("billing.db"); }

  ScratchDir dir_;
  std::unique_ptr<Database> db_;
};

}  // namespace billing::storage::testing

#endif  // BILLING_TESTS_STORAGE_TEST_SUPPORT_H_
