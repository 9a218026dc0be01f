// The SQLite wrapper: statements, the statement cache, and how SQLite's
// failures become statuses the service can act on.
#include "storage/sqlite/connection.h"

#include <sqlite3.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "storage/sqlite/sqlite_error.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using domain::ErrorCode;
using testing::CodeOf;
using testing::ScratchDir;

std::unique_ptr<Connection> OpenFile(const std::string& path) {
  absl::StatusOr<std::unique_ptr<Connection>> db =
      Connection::Open(path, Connection::Mode::kReadWriteCreate);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? *std::move(db) : nullptr;
}

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenFile(dir_.File("c.db"));
    ASSERT_NE(db_, nullptr);
    ASSERT_OK(db_->Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, s TEXT, n INTEGER) STRICT"));
  }

  ScratchDir dir_;
  std::unique_ptr<Connection> db_;
};

TEST_F(ConnectionTest, BoundValuesReadBackExactly) {
  const std::string text_with_nul("a\0b", 3);
  absl::StatusOr<Statement> insert = db_->Prepare("INSERT INTO t (k, s, n) VALUES (?1, ?2, ?3)");
  ASSERT_OK(insert.status());
  insert->BindInt64(1, 1).BindText(2, text_with_nul).BindInt64(3, std::numeric_limits<int64_t>::min());
  ASSERT_OK(insert->Run());
  insert->Reset();
  insert->BindInt64(1, 2).BindOptionalText(2, std::nullopt).BindOptionalInt64(3, std::nullopt);
  ASSERT_OK(insert->Run());

  absl::StatusOr<Statement> query = db_->Prepare("SELECT s, n FROM t ORDER BY k");
  ASSERT_OK(query.status());
  ASSERT_TRUE(*query->Step());
  EXPECT_EQ(query->ColumnText(0), text_with_nul);
  EXPECT_EQ(query->ColumnInt64(1), std::numeric_limits<int64_t>::min());
  ASSERT_TRUE(*query->Step());
  EXPECT_EQ(query->ColumnOptionalText(0), std::nullopt);
  EXPECT_EQ(query->ColumnOptionalInt64(1), std::nullopt);
  EXPECT_FALSE(*query->Step());
}

TEST_F(ConnectionTest, StrictTablesRefuseARealWhereMoneyGoes) {
  // The schema relies on STRICT so that an amount can never be stored as a
  // floating-point value.
  absl::Status status = db_->Exec("INSERT INTO t (k, n) VALUES (1, 12.5)");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(CodeOf(status), ErrorCode::kInternal);
}

TEST_F(ConnectionTest, NestedUseOfTheSameSqlGetsItsOwnStatement) {
  ASSERT_OK(db_->Exec("INSERT INTO t (k, n) VALUES (1, 10), (2, 20), (3, 30)"));
  constexpr char kSql[] = "SELECT n FROM t WHERE k >= ?1 ORDER BY k";
  absl::StatusOr<Statement> outer = db_->Prepare(kSql);
  ASSERT_OK(outer.status());
  outer->BindInt64(1, 1);
  int64_t sum_of_tails = 0;
  while (*outer->Step()) {
    absl::StatusOr<Statement> inner = db_->Prepare(kSql);
    ASSERT_OK(inner.status());
    inner->BindInt64(1, outer->ColumnInt64(0) / 10);
    while (*inner->Step()) sum_of_tails += inner->ColumnInt64(0);
  }
  // Tails from k=1, 2, 3: 60 + 50 + 30. A shared statement would have reset
  // the outer loop and never ended or summed differently.
  EXPECT_EQ(sum_of_tails, 140);
}

// The write job runs the same marker SQL every time: it is rewritten for
// SQLite once per connection, not on every run (the one writer thread's CPU
// is what bounds durable writes), and still runs as rewritten.
TEST_F(ConnectionTest, SqlWithMarkersIsExpandedOnlyWhenFirstPrepared) {
  ASSERT_OK(db_->Exec("INSERT INTO t (k, n) VALUES (1, 10)"));
  constexpr char kSql[] = "SELECT n FROM {table} WHERE k = ?1";
  int expansions = 0;
  auto expand = [&](std::string_view sql) {
    ++expansions;
    std::string out(sql);
    out.replace(out.find("{table}"), 7, "t");
    return out;
  };
  for (int run = 0; run < 3; ++run) {
    absl::StatusOr<Statement> query = db_->Prepare(kSql, expand);
    ASSERT_OK(query.status());
    query->BindInt64(1, 1);
    ASSERT_TRUE(*query->Step());
    EXPECT_EQ(query->ColumnInt64(0), 10);
  }
  EXPECT_EQ(expansions, 1);
}

TEST_F(ConnectionTest, CachedStatementIsCleanWhenPreparedAgain) {
  ASSERT_OK(db_->Exec("INSERT INTO t (k, n) VALUES (1, 10), (2, 20)"));
  {
    absl::StatusOr<Statement> query = db_->Prepare("SELECT n FROM t WHERE k = ?1");
    ASSERT_OK(query.status());
    query->BindInt64(1, 2);
    ASSERT_TRUE(*query->Step());  // left mid-iteration on purpose
  }
  absl::StatusOr<Statement> again = db_->Prepare("SELECT n FROM t WHERE k = ?1");
  ASSERT_OK(again.status());
  // Unbound parameters are NULL: a leftover binding of 2 would find a row.
  EXPECT_FALSE(*again->Step());
}

TEST_F(ConnectionTest, DuplicateKeyIsRecognizedAsUniqueViolation) {
  ASSERT_OK(db_->Exec("INSERT INTO t (k) VALUES (1)"));
  absl::Status status = db_->Exec("INSERT INTO t (k) VALUES (1)");
  EXPECT_TRUE(IsUniqueViolation(status)) << status;
  EXPECT_FALSE(IsForeignKeyViolation(status));
}

TEST_F(ConnectionTest, SqlErrorIsInternalAndNamesTheStatement) {
  absl::Status status = db_->Exec("SELECT nope FROM t");
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(CodeOf(status), ErrorCode::kInternal);
  EXPECT_NE(status.message().find("no such column: nope"), absl::string_view::npos) << status;
}

TEST_F(ConnectionTest, PrepareRefusesSeveralStatements) {
  absl::StatusOr<Statement> statement =
      db_->Prepare("INSERT INTO t (k) VALUES (1); INSERT INTO t (k) VALUES (2)");
  EXPECT_FALSE(statement.ok());
  EXPECT_EQ(*db_->QueryInt64("SELECT COUNT(*) FROM t"), 0);
}

TEST_F(ConnectionTest, BadParameterIndexIsReportedByStep) {
  absl::StatusOr<Statement> query = db_->Prepare("SELECT n FROM t WHERE k = ?1");
  ASSERT_OK(query.status());
  query->BindInt64(7, 1);
  absl::StatusOr<bool> row = query->Step();
  EXPECT_FALSE(row.ok());
  EXPECT_EQ(SqliteCodeOf(row.status()), SQLITE_RANGE);
}

TEST_F(ConnectionTest, LockHeldByAnotherConnectionIsUnavailable) {
  std::unique_ptr<Connection> other = OpenFile(dir_.File("c.db"));
  ASSERT_NE(other, nullptr);
  ASSERT_OK(other->Exec("BEGIN IMMEDIATE"));
  // No busy timeout on db_: SQLite gives up at once.
  absl::Status status = db_->Exec("BEGIN IMMEDIATE");
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(CodeOf(status), ErrorCode::kDatabaseUnavailable);
  ASSERT_OK(other->Exec("ROLLBACK"));
  EXPECT_OK(db_->Exec("BEGIN IMMEDIATE"));
}

TEST(ConnectionOpenTest, MissingFileWithoutCreateIsUnavailable) {
  ScratchDir dir;
  absl::StatusOr<std::unique_ptr<Connection>> db =
      Connection::Open(dir.File("absent.db"), Connection::Mode::kReadWrite);
  EXPECT_FALSE(db.ok());
  EXPECT_EQ(CodeOf(db.status()), ErrorCode::kDatabaseUnavailable);
}

}  // namespace
}  // namespace billing::storage
