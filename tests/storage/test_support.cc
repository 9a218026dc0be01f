#include "test_support.h"

#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "storage/sql/repositories.h"
#include "storage/sqlite/sqlite_session.h"

namespace billing::storage {

absl::Status InsertCustomer(Connection& c, const domain::Customer& customer) {
  SqliteSession session(c);
  return sql::Customers(session).Insert(customer);
}

absl::StatusOr<domain::Customer> GetCustomer(Connection& c, std::string_view account_id,
                                             std::string_view customer_id) {
  SqliteSession session(c);
  return sql::Customers(session).Get(account_id, customer_id);
}

absl::Status InsertInvoice(Connection& c, const domain::Invoice& invoice) {
  SqliteSession session(c);
  return sql::Invoices(session).Insert(invoice);
}

}  // namespace billing::storage

namespace billing::storage::testing {

ScratchDir::ScratchDir() {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  // The pid keeps parallel ctest runs of the same test apart.
  path_ = absl::StrCat(::testing::TempDir(), "storage_test.", test->test_suite_name(), ".",
                       test->name(), ".", getpid());
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string ScratchDir::File(std::string_view name) const {
  return absl::StrCat(path_, "/", std::string(name));
}

std::unique_ptr<Database> OpenOrDie(const std::string& path) {
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open({.path = path});
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? *std::move(db) : nullptr;
}

absl::Time At(int64_t seconds) {
  // 2026-01-01T00:00:00Z plus an odd microsecond count, so that a unit
  // mix-up (seconds, milliseconds) shows.
  return absl::FromUnixSeconds(1767225600 + seconds) + absl::Microseconds(123457);
}

domain::Customer MakeCustomer(std::string account_id, std::string id, absl::Time create_time) {
  return domain::Customer{
      .account_id = std::move(account_id),
      .id = std::move(id),
      .name = "Ada Lovelace",
      .email = "ada@example.com",
      .default_currency = "EUR",
      .create_time = create_time,
      .update_time = create_time,
  };
}

domain::Invoice MakeInvoice(std::string account_id, std::string id, std::string customer_id,
                            absl::Time create_time) {
  domain::Invoice invoice;
  invoice.account_id = std::move(account_id);
  invoice.id = std::move(id);
  invoice.customer_id = std::move(customer_id);
  invoice.currency = "USD";
  invoice.amount = 1200;
  invoice.status = domain::InvoiceStatus::kDraft;
  invoice.due_date = absl::CivilDay(2026, 2, 1);
  invoice.create_time = create_time;
  invoice.update_time = create_time;
  return invoice;
}

domain::RevenueCalculation MakeCalculation(std::string account_id, std::string id,
                                           absl::Time create_time) {
  domain::RevenueCalculation calc;
  calc.account_id = std::move(account_id);
  calc.id = std::move(id);
  calc.status = domain::CalculationStatus::kQueued;
  calc.period_start = absl::CivilDay(2026, 1, 1);
  calc.period_end = absl::CivilDay(2026, 3, 31);
  calc.create_time = create_time;
  return calc;
}

int64_t CountRows(Database& db, std::string_view table) {
  absl::StatusOr<int64_t> count = ReadResult(db, [&](Connection& c) {
    return c.QueryInt64(absl::StrCat("SELECT COUNT(*) FROM ", std::string(table)));
  });
  EXPECT_TRUE(count.ok()) << count.status();
  return count.ok() ? *count : -1;
}

void DatabaseTest::SetUp() {
  db_ = OpenOrDie(db_path());
  ASSERT_NE(db_, nullptr);
}

void DatabaseTest::TearDown() { db_.reset(); }

void DatabaseTest::Reopen() {
  db_.reset();
  db_ = OpenOrDie(db_path());
  ASSERT_NE(db_, nullptr);
}

void StoreTest::SetUp() {
  db_ = billing::testing::FreshDatabase(GetParam());
  store_ = billing::testing::OpenTestStore(db_);
  ASSERT_NE(store_, nullptr);
}

void StoreTest::TearDown() { store_.reset(); }

void StoreTest::Reopen() {
  store_.reset();
  store_ = billing::testing::OpenTestStore(db_);
  ASSERT_NE(store_, nullptr);
}

int64_t StoreTest::CountRows(std::string_view table) {
  return billing::testing::QueryInt(db_, absl::StrCat("SELECT COUNT(*) FROM ", std::string(table)));
}

}  // namespace billing::storage::testing
