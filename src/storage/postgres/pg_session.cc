#include "storage/postgres/pg_session.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/text.h"
#include "storage/postgres/pg_error.h"
#include "storage/postgres/pg_values.h"

namespace billing::storage::postgres {
namespace {

// Parameters are sent as text when the statement first steps or runs; the
// rows come back whole (the repositories' queries are bounded by pages).
class PgStatement : public sql::Statement {
 public:
  PgStatement(PgConnection& c, std::string sql) : c_(c), sql_(std::move(sql)) {}

  absl::StatusOr<bool> Step() override {
    RETURN_IF_ERROR(Execute());
    ++row_;
    return row_ < result_->rows();
  }
  absl::Status Run() override {
    RETURN_IF_ERROR(Execute());
    row_ = result_->rows();
    return absl::OkStatus();
  }
  int64_t changed_rows() const override { return result_.has_value() ? result_->affected() : 0; }
  bool IsNull(int column) const override { return result_->IsNull(row_, column); }
  int64_t Int64(int column) const override { return result_->Int64(row_, column); }
  std::string Text(int column) const override { return result_->Text(row_, column); }
  bool Bool(int column) const override { return result_->Text(row_, column) == "t"; }

 protected:
  void DoBindInt64(int index, int64_t value) override { Set(index, Int(value)); }
  void DoBindText(int index, std::string_view value) override { Set(index, postgres::Text(value)); }
  void DoBindNull(int index) override { Set(index, std::nullopt); }
  void DoBindTime(int index, absl::Time value) override { Set(index, postgres::Time(value)); }
  void DoBindBool(int index, bool value) override { Set(index, value ? "true" : "false"); }

 private:
  void Set(int index, std::optional<std::string> value) {
    if (index < 1) return;
    if (params_.size() < static_cast<size_t>(index)) params_.resize(index);
    params_[index - 1] = std::move(value);
  }
  absl::Status Execute() {
    if (result_.has_value()) return absl::OkStatus();
    ASSIGN_OR_RETURN(PgResult result, c_.Query(sql_, params_));
    result_.emplace(std::move(result));
    return absl::OkStatus();
  }

  PgConnection& c_;
  std::string sql_;
  Params params_;
  std::optional<PgResult> result_;
  int row_ = -1;
};

}  // namespace

const PostgresDialect& PostgresDialect::Get() {
  static const PostgresDialect* const dialect = new PostgresDialect();
  return *dialect;
}

std::string_view PostgresDialect::TryTransactionLockSql() const {
  // Two 32-bit halves: a keyspace apart from the migrations' one-bigint
  // lock. A hash collision only makes a request wait for its retry.
  return "SELECT pg_try_advisory_xact_lock(hashtext(?1), hashtext(?2))::int";
}

bool PostgresDialect::IsUniqueViolation(const absl::Status& status) const {
  return postgres::IsUniqueViolation(status);
}

bool PostgresDialect::IsForeignKeyViolation(const absl::Status& status) const {
  return postgres::IsForeignKeyViolation(status);
}

std::string_view PostgresDialect::CatalogColumnsSql() const {
  return "SELECT table_name, column_name, data_type, (is_nullable = 'NO')::int "
         "FROM information_schema.columns "
         "WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'";
}

std::string_view PostgresDialect::CatalogType(sql::ColumnType type) const {
  switch (type) {
    case sql::ColumnType::kText:
      return "text";
    case sql::ColumnType::kInt32:
      return "integer";
    case sql::ColumnType::kInt64:
    case sql::ColumnType::kWriteOrder:
      return "bigint";
    case sql::ColumnType::kBool:
      return "boolean";
    case sql::ColumnType::kTime:
      return "timestamp with time zone";
    case sql::ColumnType::kDay:
      return "date";
    case sql::ColumnType::kCounterShard:
      return "smallint";
  }
  return "";
}

std::string PostgresDialect::Placeholder(int number) const { return absl::StrCat("$", number); }

std::string PostgresDialect::TimeColumn(std::string_view column) const {
  return std::string(column);
}

std::string PostgresDialect::ReadMicros(std::string_view column) const {
  return absl::StrCat("(EXTRACT(EPOCH FROM ", domain::Av(column), ") * 1000000)::bigint");
}

std::string PostgresDialect::ReadDay(std::string_view column) const {
  return absl::StrCat("to_char(", domain::Av(column), ", 'YYYY-MM-DD')");
}

std::string PostgresDialect::SumInt(std::string_view column) const {
  return absl::StrCat("SUM(", domain::Av(column), ")::bigint");
}

std::string PostgresDialect::NotInList(std::string_view column, std::string_view list) const {
  return absl::StrCat("NOT (", domain::Av(column), " = ANY (string_to_array(", domain::Av(list),
                      ", ',')))");
}

std::string PostgresDialect::InJsonList(std::string_view column, std::string_view list) const {
  // ANY of an array (computed once) keeps the index scan of ANY($n::text[]).
  return absl::StrCat(domain::Av(column),
                      " = ANY (ARRAY(SELECT jsonb_array_elements_text(CAST(",
                      domain::Av(list), " AS jsonb))))");
}

std::string PostgresDialect::Lock(sql::RowLock lock, std::string_view of) const {
  const std::string tables = of.empty() ? "" : absl::StrCat(" OF ", domain::Av(of));
  switch (lock) {
    case sql::RowLock::kUpdate:
      return absl::StrCat(" FOR UPDATE", tables);
    case sql::RowLock::kNoKeyUpdate:
      return absl::StrCat(" FOR NO KEY UPDATE", tables);
    case sql::RowLock::kNoKeyUpdateSkipLocked:
      return absl::StrCat(" FOR NO KEY UPDATE", tables, " SKIP LOCKED");
    case sql::RowLock::kKeyShare:
      return absl::StrCat(" FOR KEY SHARE", tables);
  }
  return "";
}

absl::StatusOr<std::unique_ptr<sql::Statement>> PgSession::Prepare(std::string_view sql) {
  return std::make_unique<PgStatement>(c_, PostgresDialect::Get().Expand(sql, write_));
}

}  // namespace billing::storage::postgres
