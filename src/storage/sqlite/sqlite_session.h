// SQLite's side of the SQL layer (storage/sql): its dialect, and a
// sql::Session over one Connection inside a transaction that Database
// opened (the group-commit writer's savepoint, or a reader's snapshot).
#ifndef BILLING_STORAGE_SQLITE_SQLITE_SESSION_H_
#define BILLING_STORAGE_SQLITE_SQLITE_SESSION_H_

#include <memory>
#include <string_view>

#include "storage/sql/dialect.h"
#include "storage/sql/session.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

// Times are INTEGER microseconds in c_us; rowid is the write order; one
// writer at a time, so no row locks.
class SqliteDialect : public sql::Dialect {
 public:
  static const SqliteDialect& Get();

  std::string_view name() const override { return "sqlite"; }
  std::string_view TryTransactionLockSql() const override { return ""; }
  bool IsUniqueViolation(const absl::Status& status) const override;
  bool IsForeignKeyViolation(const absl::Status& status) const override;
  std::string_view CatalogColumnsSql() const override;

 protected:
  std::string_view CatalogType(sql::ColumnType type) const override;
  std::string Placeholder(int number) const override;
  std::string TimeColumn(std::string_view column) const override;
  std::string ReadMicros(std::string_view column) const override;
  std::string ReadDay(std::string_view column) const override;
  // SQLite's SUM raises "integer overflow" rather than wrapping.
  std::string SumInt(std::string_view column) const override;
  std::string NotInList(std::string_view column, std::string_view list) const override;
  std::string InJsonList(std::string_view column, std::string_view list) const override;
  std::string_view TimeType() const override { return "INTEGER"; }
  std::string_view WriteOrder() const override { return "rowid"; }
  std::string_view RowKey() const override { return "rowid"; }
  std::string_view RowKeyColumns() const override { return "rowid"; }
  std::string Lock(sql::RowLock, std::string_view) const override { return ""; }
};

class SqliteSession : public sql::Session {
 public:
  explicit SqliteSession(Connection& c) : c_(c) {}
  const sql::Dialect& dialect() const override { return SqliteDialect::Get(); }
  absl::StatusOr<std::unique_ptr<sql::Statement>> Prepare(std::string_view sql) override;

 private:
  Connection& c_;
};

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_SQLITE_SESSION_H_
