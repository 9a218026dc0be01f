// What differs between the SQL databases the repositories of src/storage/sql
// run on (SQLite, PostgreSQL): the repositories write each statement once,
// in a neutral form, and the database's Dialect spells it.
//
// The neutral form is the database's SQL (both speak the same INSERT ... ON
// CONFLICT ... DO UPDATE upserts and RETURNING) with:
//   ?N                numbered parameters ($N in PostgreSQL);
//   {time:c}          time column c in a predicate, ORDER BY or column list;
//   {micros:c}        time column c read as integer microseconds (select lists);
//   {day:c}           day column c read as 'YYYY-MM-DD' (select lists);
//   {sum_int:c}       SUM of integer column c as a 64-bit integer, failing
//                     rather than wrapping on an overflow;
//   {time_type}       the type of time values (for CAST(?N AS {time_type}));
//   {write_order}     the column that orders rows by when they were written;
//   {row_key}, {row_key_columns}
//                     what names one row of a table keyed by (account_id, id)
//                     cheapest, as `{row_key} IN (SELECT {row_key_columns} ...)`
//                     (SQLite's rowid, which every index carries);
//   {not_in_list:c:N} column c is none of the comma-separated values of text
//                     parameter ?N;
//   {lock:update}, {lock:no_key_update}, {lock:key_share},
//   {lock:no_key_update_skip_locked} (rows another transaction holds are passed
//                     over), each optionally naming the tables it locks of a
//                     join: {lock:no_key_update_skip_locked:e, i};
//   {in_json_list:c:N} column c is one of the strings of the JSON array in text
//                     parameter ?N (one statement text however many values);
//                     a row lock clause, taken in write transactions of a
//                     database with row locks (nothing in SQLite, whose one
//                     writer already excludes every other).
//
// Times: SQLite keeps INTEGER microseconds since the epoch in columns named
// c_us, PostgreSQL timestamptz in c. Both stay as they are (no table rewrite
// of PostgreSQL's largest tables, and psql users keep readable times); the
// dialect is the one place that spells the columns, and Statement::BindTime
// the one place that encodes a value. Both read back exact microseconds.
#ifndef BILLING_STORAGE_SQL_DIALECT_H_
#define BILLING_STORAGE_SQL_DIALECT_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "storage/sql/schema.h"

namespace billing::storage::sql {

enum class RowLock { kUpdate, kNoKeyUpdate, kNoKeyUpdateSkipLocked, kKeyShare };

class Dialect {
 public:
  virtual ~Dialect() = default;

  // "sqlite" / "postgresql", for messages.
  virtual std::string_view name() const = 0;

  // `sql` (the neutral form above) in this database's SQL. `row_locks`:
  // whether {lock:...} clauses are spelled (inside a write transaction).
  std::string Expand(std::string_view sql, bool row_locks) const;

  // A query of one row and one integer column, 1 when this transaction took
  // the lock on (?1, ?2) without waiting (held until it ends), 0 when another
  // holds it. Empty when the database runs one write transaction at a time,
  // so that no other can hold it.
  virtual std::string_view TryTransactionLockSql() const = 0;

  // Error classification of statuses this database's adapter returned
  // (every failure is already DATABASE_UNAVAILABLE or INTERNAL there).
  virtual bool IsUniqueViolation(const absl::Status& status) const = 0;
  virtual bool IsForeignKeyViolation(const absl::Status& status) const = 0;

  // Schema (schema.h). A query of every column of this database's tables
  // but schema_migrations: (table, column, type, 1 if NOT NULL), the type
  // as the catalog spells it.
  virtual std::string_view CatalogColumnsSql() const = 0;
  // How `column` reads in that catalog; nullopt if this database has none.
  struct CatalogColumn {
    std::string name;
    std::string type;
    bool not_null;
  };
  std::optional<CatalogColumn> Catalog(const Column& column) const;

 protected:
  // The catalog's spelling of a column type; empty when it has no column.
  virtual std::string_view CatalogType(ColumnType type) const = 0;
  virtual std::string Placeholder(int number) const = 0;
  virtual std::string TimeColumn(std::string_view column) const = 0;
  virtual std::string ReadMicros(std::string_view column) const = 0;
  virtual std::string ReadDay(std::string_view column) const = 0;
  virtual std::string SumInt(std::string_view column) const = 0;
  virtual std::string NotInList(std::string_view column, std::string_view list) const = 0;
  virtual std::string InJsonList(std::string_view column, std::string_view list) const = 0;
  virtual std::string_view TimeType() const = 0;
  virtual std::string_view WriteOrder() const = 0;
  virtual std::string_view RowKey() const = 0;
  virtual std::string_view RowKeyColumns() const = 0;
  // " FOR ..." with " OF `of`" when `of` is not empty, or "".
  virtual std::string Lock(RowLock lock, std::string_view of) const = 0;
};

}  // namespace billing::storage::sql

#endif  // BILLING_STORAGE_SQL_DIALECT_H_
