#include "storage/sqlite/sqlite_session.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/sqlite/absl_string_view.h"
#include "storage/sqlite/sqlite_error.h"
#include "storage/sqlite/statement.h"

namespace billing::storage {
namespace {

class SqliteStatement : public sql::Statement {
 public:
  SqliteStatement(Connection& c, storage::Statement statement)
      : c_(c), statement_(std::move(statement)) {}

  absl::StatusOr<bool> Step() override { return statement_.Step(); }
  absl::Status Run() override {
    RETURN_IF_ERROR(statement_.Run());
    changed_ = c_.ChangedRows();
    return absl::OkStatus();
  }
  int64_t changed_rows() const override { return changed_; }
  bool IsNull(int column) const override { return statement_.ColumnIsNull(column); }
  int64_t Int64(int column) const override { return statement_.ColumnInt64(column); }
  std::string Text(int column) const override { return statement_.ColumnText(column); }
  bool Bool(int column) const override { return statement_.ColumnInt64(column) != 0; }

 protected:
  void DoBindInt64(int index, int64_t value) override { statement_.BindInt64(index, value); }
  void DoBindText(int index, std::string_view value) override {
    // An empty view may have no data pointer, which SQLite binds as NULL.
    statement_.BindText(index, value.data() == nullptr ? std::string_view("") : value);
  }
  void DoBindNull(int index) override { statement_.BindNull(index); }
  void DoBindTime(int index, absl::Time value) override {
    statement_.BindInt64(index, absl::ToUnixMicros(value));
  }
  void DoBindBool(int index, bool value) override { statement_.BindInt64(index, value ? 1 : 0); }

 private:
  Connection& c_;
  storage::Statement statement_;
  int64_t changed_ = 0;
};

}  // namespace

const SqliteDialect& SqliteDialect::Get() {
  static const SqliteDialect* const dialect = new SqliteDialect();
  return *dialect;
}

bool SqliteDialect::IsUniqueViolation(const absl::Status& status) const {
  return storage::IsUniqueViolation(status);
}

bool SqliteDialect::IsForeignKeyViolation(const absl::Status& status) const {
  return storage::IsForeignKeyViolation(status);
}

std::string_view SqliteDialect::CatalogColumnsSql() const {
  return "SELECT m.name, p.name, p.type, p.\"notnull\" "
         "FROM sqlite_schema AS m, pragma_table_info(m.name) AS p "
         "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND m.name <> 'schema_migrations'";
}

std::string_view SqliteDialect::CatalogType(sql::ColumnType type) const {
  switch (type) {
    case sql::ColumnType::kText:
    case sql::ColumnType::kDay:
      return "TEXT";
    case sql::ColumnType::kInt32:
    case sql::ColumnType::kInt64:
    case sql::ColumnType::kBool:
    case sql::ColumnType::kTime:
      return "INTEGER";
    case sql::ColumnType::kWriteOrder:  // the rowid
    case sql::ColumnType::kCounterShard:
      return "";
  }
  return "";
}

std::string SqliteDialect::Placeholder(int number) const { return absl::StrCat("?", number); }

std::string SqliteDialect::TimeColumn(std::string_view column) const {
  return absl::StrCat(Av(column), "_us");
}

std::string SqliteDialect::ReadMicros(std::string_view column) const {
  return TimeColumn(column);
}

std::string SqliteDialect::ReadDay(std::string_view column) const { return std::string(column); }

std::string SqliteDialect::SumInt(std::string_view column) const {
  return absl::StrCat("SUM(", Av(column), ")");
}

std::string SqliteDialect::NotInList(std::string_view column, std::string_view list) const {
  return absl::StrCat("instr(',' || ", Av(list), " || ',', ',' || ", Av(column), " || ',') = 0");
}

std::string SqliteDialect::InJsonList(std::string_view column, std::string_view list) const {
  return absl::StrCat(Av(column), " IN (SELECT value FROM json_each(", Av(list), "))");
}

absl::StatusOr<std::unique_ptr<sql::Statement>> SqliteSession::Prepare(std::string_view sql) {
  ASSIGN_OR_RETURN(storage::Statement statement,
                   c_.Prepare(sql, [](std::string_view text) {
                     return SqliteDialect::Get().Expand(text, /*row_locks=*/false);
                   }));
  return std::make_unique<SqliteStatement>(c_, std::move(statement));
}

}  // namespace billing::storage
