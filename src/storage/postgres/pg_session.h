// PostgreSQL's side of the SQL layer (storage/sql): its dialect, and a
// sql::Session over one pooled connection inside the transaction
// PostgresStore began.
#ifndef BILLING_STORAGE_POSTGRES_PG_SESSION_H_
#define BILLING_STORAGE_POSTGRES_PG_SESSION_H_

#include <memory>
#include <string_view>

#include "storage/postgres/pg_connection.h"
#include "storage/sql/dialect.h"
#include "storage/sql/session.h"

namespace billing::storage::postgres {

// $N parameters, timestamptz times, the seq identity as write order, row
// locks in write transactions, transaction-scoped advisory locks.
class PostgresDialect : public sql::Dialect {
 public:
  static const PostgresDialect& Get();

  std::string_view name() const override { return "postgresql"; }
  std::string_view TryTransactionLockSql() const override;
  bool IsUniqueViolation(const absl::Status& status) const override;
  bool IsForeignKeyViolation(const absl::Status& status) const override;
  std::string_view CatalogColumnsSql() const override;

 protected:
  std::string_view CatalogType(sql::ColumnType type) const override;
  std::string Placeholder(int number) const override;
  std::string TimeColumn(std::string_view column) const override;
  std::string ReadMicros(std::string_view column) const override;
  std::string ReadDay(std::string_view column) const override;
  // SUM of bigint is numeric; the cast back fails loudly rather than wrap.
  std::string SumInt(std::string_view column) const override;
  std::string NotInList(std::string_view column, std::string_view list) const override;
  std::string InJsonList(std::string_view column, std::string_view list) const override;
  std::string_view TimeType() const override { return "timestamptz"; }
  std::string_view WriteOrder() const override { return "seq"; }
  std::string_view RowKey() const override { return "(account_id, id)"; }
  std::string_view RowKeyColumns() const override { return "account_id, id"; }
  std::string Lock(sql::RowLock lock, std::string_view of) const override;
};

class PgSession : public sql::Session {
 public:
  // `write`: inside Store::Write, where {lock:...} clauses take row locks.
  PgSession(PgConnection& c, bool write) : c_(c), write_(write) {}
  const sql::Dialect& dialect() const override { return PostgresDialect::Get(); }
  absl::StatusOr<std::unique_ptr<sql::Statement>> Prepare(std::string_view sql) override;

 private:
  PgConnection& c_;
  bool write_;
};

}  // namespace billing::storage::postgres

#endif  // BILLING_STORAGE_POSTGRES_PG_SESSION_H_
