// Both databases' migrations, run to the end, leave the tables of the one
// schema definition (storage/sql/schema.h), each column spelled as its
// dialect says: a column added to one database and not the other fails.
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_session.h"
#include "storage/sql/schema.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_session.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using billing::testing::Backend;
using testing::StoreTest;

// table -> column -> "type NOT NULL" / "type NULL"
using Catalog = std::map<std::string, std::map<std::string, std::string>>;

std::string Describe(std::string_view type, bool not_null) {
  return absl::StrCat(std::string(type), not_null ? " NOT NULL" : " NULL");
}

Catalog Expected(const sql::Dialect& dialect) {
  Catalog expected;
  for (const sql::Table& table : sql::Tables()) {
    auto& columns = expected[std::string(table.name)];
    for (const sql::Column& column : table.columns) {
      std::optional<sql::Dialect::CatalogColumn> spelled = dialect.Catalog(column);
      if (spelled.has_value()) columns[spelled->name] = Describe(spelled->type, spelled->not_null);
    }
  }
  return expected;
}

absl::StatusOr<Catalog> Read(sql::Session& session) {
  absl::StatusOr<std::unique_ptr<sql::Statement>> query =
      session.Prepare(session.dialect().CatalogColumnsSql());
  if (!query.ok()) return query.status();
  Catalog actual;
  while (true) {
    absl::StatusOr<bool> row = (*query)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return actual;
    actual[(*query)->Text(0)][(*query)->Text(1)] =
        Describe((*query)->Text(2), (*query)->Int64(3) != 0);
  }
}

// What differs between the migrated database `db` and the definition, one
// line each ("invoices.tax_minor: bigint NULL, not in the definition").
std::vector<std::string> Differences(Backend backend, const std::string& db) {
  absl::StatusOr<Catalog> actual;
  const sql::Dialect* dialect = nullptr;
  if (backend == Backend::kSqlite) {
    absl::StatusOr<std::unique_ptr<Connection>> c =
        Connection::Open(db, Connection::Mode::kReadWrite);
    if (!c.ok()) return {c.status().ToString()};
    SqliteSession session(**c);
    dialect = &session.dialect();
    actual = Read(session);
  } else {
    absl::StatusOr<std::unique_ptr<postgres::PgConnection>> c =
        postgres::PgConnection::Open({.conninfo = db});
    if (!c.ok()) return {c.status().ToString()};
    postgres::PgSession session(**c, /*write=*/false);
    dialect = &session.dialect();
    actual = Read(session);
  }
  if (!actual.ok()) return {actual.status().ToString()};
  const Catalog expected = Expected(*dialect);
  std::vector<std::string> differences;
  for (const auto& [table, columns] : expected) {
    if (!actual->contains(table)) differences.push_back(absl::StrCat(table, ": missing"));
  }
  for (const auto& [table, columns] : *actual) {
    auto defined = expected.find(table);
    if (defined == expected.end()) {
      differences.push_back(absl::StrCat(table, ": not in the definition"));
      continue;
    }
    for (const auto& [column, description] : defined->second) {
      auto found = columns.find(column);
      if (found == columns.end()) {
        differences.push_back(absl::StrCat(table, ".", column, ": missing"));
      } else if (found->second != description) {
        differences.push_back(absl::StrCat(table, ".", column, ": ", found->second,
                                           ", defined as ", description));
      }
    }
    for (const auto& [column, description] : columns) {
      if (!defined->second.contains(column)) {
        differences.push_back(
            absl::StrCat(table, ".", column, ": ", description, ", not in the definition"));
      }
    }
  }
  return differences;
}

class SchemaTest : public StoreTest {};

TEST_P(SchemaTest, MigrationsLeaveTheOneDefinition) {
  EXPECT_EQ(Differences(GetParam(), db_), std::vector<std::string>());
}

TEST_P(SchemaTest, AColumnAddedToOneDatabaseOnlyIsFound) {
  // (SQLite's STRICT tables know only its own type names.)
  billing::testing::ExecSql(db_, absl::StrCat("ALTER TABLE invoices ADD COLUMN tax_minor ",
                                              GetParam() == Backend::kSqlite ? "INTEGER" : "bigint"));
  const std::vector<std::string> differences = Differences(GetParam(), db_);
  ASSERT_EQ(differences.size(), 1u);
  EXPECT_EQ(differences[0].rfind("invoices.tax_minor: ", 0), 0u) << differences[0];
}

TEST_P(SchemaTest, ATableNotInTheDefinitionIsFound) {
  // (tax_rates, the example once, is a real table now.)
  billing::testing::ExecSql(db_, "CREATE TABLE stray_rates (id TEXT NOT NULL)");
  const std::vector<std::string> differences = Differences(GetParam(), db_);
  EXPECT_EQ(differences, std::vector<std::string>{"stray_rates: not in the definition"});
}

class PostgresSchemaTest : public StoreTest {};

// (SQLite cannot change a column's nullability in place.)
TEST_P(PostgresSchemaTest, ANullabilityDifferentFromTheDefinitionIsFound) {
  billing::testing::ExecSql(db_, "ALTER TABLE invoices ALTER COLUMN notes DROP NOT NULL");
  EXPECT_EQ(Differences(GetParam(), db_),
            std::vector<std::string>{"invoices.notes: text NULL, defined as text NOT NULL"});
}

INSTANTIATE_TEST_SUITE_P(Backends, PostgresSchemaTest, ::testing::Values(Backend::kPostgres),
                         billing::testing::BackendName);

INSTANTIATE_TEST_SUITE_P(Backends, SchemaTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         billing::testing::BackendName);

}  // namespace
}  // namespace billing::storage
