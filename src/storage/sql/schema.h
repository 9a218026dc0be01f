// The one definition of the tables the repositories of storage/sql read and
// write: their columns, logical types and nullability. Each database's
// migrations (storage/sqlite/migrations.cc, storage/postgres/migrations.cc)
// stay its history; tests/storage/schema_test.cc checks that both, fully
// migrated, leave exactly these tables, spelled by their Dialect. A column
// added to one database and not to the other, or not here, fails it.
#ifndef BILLING_STORAGE_SQL_SCHEMA_H_
#define BILLING_STORAGE_SQL_SCHEMA_H_

#include <string_view>
#include <vector>

namespace billing::storage::sql {

enum class ColumnType {
  kText,
  kInt32,  // counters that fit (attempts, status codes)
  kInt64,  // money in minor units, sequences, positions
  kBool,
  kTime,  // an instant (dialect.h: how each database keeps it)
  kDay,   // a calendar day
  // Databases without a rowid add a column that orders rows as they were
  // written ({write_order}); those with one have none.
  kWriteOrder,
  // PostgreSQL splits a list counter in shards (by connection), so that
  // concurrent writers do not queue on one row; SQLite has one writer.
  kCounterShard,
};

struct Column {
  std::string_view name;
  ColumnType type;
  bool nullable = false;
};

struct Table {
  std::string_view name;
  std::vector<Column> columns;
};

// Every table but the migration runners' own bookkeeping (schema_migrations).
const std::vector<Table>& Tables();

}  // namespace billing::storage::sql

#endif  // BILLING_STORAGE_SQL_SCHEMA_H_
