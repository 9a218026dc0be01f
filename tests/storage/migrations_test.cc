// Versioned migrations: each applied once, in its own transaction.
#include "storage/sqlite/migrations.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using testing::ScratchDir;

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Connection>> db =
        Connection::Open(dir_.File("m.db"), Connection::Mode::kReadWriteCreate);
    ASSERT_OK(db.status());
    db_ = *std::move(db);
  }

  bool TableExists(const std::string& name) {
    absl::StatusOr<Statement> query =
        db_->Prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
    EXPECT_TRUE(query.ok());
    query->BindText(1, name);
    absl::StatusOr<bool> row = query->Step();
    return row.ok() && *row;
  }

  ScratchDir dir_;
  std::unique_ptr<Connection> db_;
};

TEST_F(MigrationsTest, AppliesEachVersionInOrderOnce) {
  const Migration first[] = {{1, "a", "CREATE TABLE a (x INTEGER)"}};
  ASSERT_OK(ApplyMigrations(*db_, first));
  EXPECT_EQ(*AppliedSchemaVersion(*db_), 1);

  // Re-running with one more migration applies only the new one (a second
  // CREATE TABLE a would fail).
  const Migration both[] = {{1, "a", "CREATE TABLE a (x INTEGER)"},
                            {2, "b", "CREATE TABLE b (y INTEGER)"}};
  ASSERT_OK(ApplyMigrations(*db_, both));
  ASSERT_OK(ApplyMigrations(*db_, both));
  EXPECT_EQ(*AppliedSchemaVersion(*db_), 2);
  EXPECT_TRUE(TableExists("b"));
  EXPECT_EQ(*db_->QueryInt64("SELECT COUNT(*) FROM schema_migrations"), 2);
}

TEST_F(MigrationsTest, FailingMigrationLeavesNoPartOfItBehind) {
  const Migration migrations[] = {
      {1, "good", "CREATE TABLE a (x INTEGER)"},
      {2, "bad", "CREATE TABLE b (y INTEGER); CREATE TABLE broken (;"},
  };
  absl::Status status = ApplyMigrations(*db_, migrations);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("migration 2 (bad)"), absl::string_view::npos) << status;
  EXPECT_EQ(*AppliedSchemaVersion(*db_), 1);
  EXPECT_TRUE(TableExists("a"));
  EXPECT_FALSE(TableExists("b"));  // rolled back with the rest of migration 2
  EXPECT_FALSE(db_->InTransaction());
}

TEST_F(MigrationsTest, RefusesASchemaNewerThanItKnows) {
  const Migration both[] = {{1, "a", "CREATE TABLE a (x INTEGER)"},
                            {2, "b", "CREATE TABLE b (y INTEGER)"}};
  ASSERT_OK(ApplyMigrations(*db_, both));
  absl::Status status = ApplyMigrations(*db_, absl::MakeSpan(both, 1));
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("newer"), absl::string_view::npos) << status;
}

TEST_F(MigrationsTest, RefusesVersionsWithGaps) {
  const Migration gap[] = {{1, "a", "CREATE TABLE a (x INTEGER)"},
                           {3, "c", "CREATE TABLE c (x INTEGER)"}};
  EXPECT_FALSE(ApplyMigrations(*db_, gap).ok());
  EXPECT_FALSE(TableExists("a"));
}

TEST(ShippedMigrationsTest, AreNumberedFromOneWithoutGaps) {
  absl::Span<const Migration> migrations = Migrations();
  ASSERT_FALSE(migrations.empty());
  for (size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
  }
}

}  // namespace
}  // namespace billing::storage
