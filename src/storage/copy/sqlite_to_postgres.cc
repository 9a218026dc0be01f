#include "storage/copy/sqlite_to_postgres.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/postgres/migrations.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_values.h"
#include "storage/sql/schema.h"
#include "storage/sqlite/absl_string_view.h"
#include "storage/sqlite/database.h"

namespace billing::storage {
namespace {

// What copy-data moves: every table of the one schema (storage/sql/schema.h),
// each column as the schema lists it, so that a column or table added later
// is copied without touching this file. The order puts parents before
// children, so foreign keys hold row by row; rowid order keeps the write
// order that ledger and outbox listings follow.
constexpr std::string_view kCopyOrder[] = {
    "customers",          "organizations",
    "tax_rates",          "invoices",
    "invoice_line_items", "invoice_parties",
    "invoice_emails",     "invoice_reminders",
    "ledger_entries",
    "customer_balances",  "document_sequences",
    "payments",           "credit_notes",
    "credit_note_emails",
    "outbox_messages",    "revenue_calculations",
    "revenue_results",    "revenue_schedule_entries",
    "api_keys",
    // Recorded answers move too: a retry after the move still replays.
    "idempotency_keys",   "events",
    "webhook_endpoints",  "webhook_deliveries",
};

// Tables left behind, each for a reason: list_counts is kept by triggers
// on both databases, so the copied rows count themselves; server_secrets
// belong to the servers of one database, and the new one makes its own.
constexpr std::string_view kNotCopied[] = {"list_counts", "server_secrets"};

struct CopiedTable {
  std::string_view name;
  std::vector<sql::Column> columns;  // without the database's own write order
};

// The tables to copy in kCopyOrder, or INTERNAL naming a schema table that
// is in neither list (a table added to the schema and not placed here).
absl::StatusOr<std::vector<CopiedTable>> CopiedTables() {
  std::vector<CopiedTable> tables;
  for (std::string_view name : kCopyOrder) {
    auto found = absl::c_find_if(sql::Tables(),
                                 [&](const sql::Table& t) { return t.name == name; });
    if (found == sql::Tables().end()) {
      return domain::Error(domain::ErrorCode::kInternal,
                           absl::StrCat("copy-data lists table ", Av(name), ", not in the schema"));
    }
    CopiedTable table{.name = name};
    for (const sql::Column& column : found->columns) {
      if (column.type == sql::ColumnType::kWriteOrder) continue;
      table.columns.push_back(column);
    }
    tables.push_back(std::move(table));
  }
  for (const sql::Table& table : sql::Tables()) {
    if (absl::c_linear_search(kCopyOrder, table.name) ||
        absl::c_linear_search(kNotCopied, table.name)) {
      continue;
    }
    return domain::Error(domain::ErrorCode::kInternal,
                         absl::StrCat("copy-data does not know table ", Av(table.name)));
  }
  return tables;
}

// SQLite keeps an instant as integer microseconds in <column>_us.
std::string SqliteColumn(const sql::Column& column) {
  return column.type == sql::ColumnType::kTime ? absl::StrCat(Av(column.name), "_us")
                                               : std::string(column.name);
}

absl::Status CheckEmpty(postgres::PgConnection& pg, const std::vector<CopiedTable>& tables) {
  for (const CopiedTable& table : tables) {
    ASSIGN_OR_RETURN(postgres::PgResult rows,
                     pg.Query(absl::StrCat("SELECT 1 FROM ", Av(table.name), " LIMIT 1")));
    if (rows.rows() > 0) {
      return domain::ValidationError(
          "to", absl::StrCat("the PostgreSQL database already has data (table ", Av(table.name),
                             "); copy into a new, empty database"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> CopyTable(Connection& sqlite, postgres::PgConnection& pg,
                                  const CopiedTable& table) {
  std::vector<std::string> source, target, placeholders;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    source.push_back(SqliteColumn(table.columns[i]));
    target.push_back(std::string(table.columns[i].name));
    placeholders.push_back(absl::StrCat("$", i + 1));
  }
  const std::string insert =
      absl::StrCat("INSERT INTO ", Av(table.name), " (", absl::StrJoin(target, ", "), ") VALUES (",
                   absl::StrJoin(placeholders, ", "), ")");
  ASSIGN_OR_RETURN(Statement select,
                   sqlite.Prepare(absl::StrCat("SELECT ", absl::StrJoin(source, ", "), " FROM ",
                                               Av(table.name), " ORDER BY rowid")));
  int64_t copied = 0;
  while (true) {
    ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return copied;
    postgres::Params params;
    for (size_t i = 0; i < table.columns.size(); ++i) {
      const int column = static_cast<int>(i);
      if (select.ColumnIsNull(column)) {
        params.push_back(std::nullopt);
      } else if (table.columns[i].type == sql::ColumnType::kTime) {
        params.push_back(postgres::Time(absl::FromUnixMicros(select.ColumnInt64(column))));
      } else {
        // Text, integers, 0/1 booleans and YYYY-MM-DD days: PostgreSQL
        // reads each from its text.
        params.push_back(select.ColumnText(column));
      }
    }
    RETURN_IF_ERROR(pg.Query(insert, params).status());
    ++copied;
  }
}

}  // namespace

absl::StatusOr<int64_t> CopySqliteToPostgres(const std::string& sqlite_path,
                                             const std::string& postgres_uri) {
  DatabaseOptions options;
  options.path = sqlite_path;
  options.read_connections = 1;
  ASSIGN_OR_RETURN(std::unique_ptr<Database> sqlite, Database::Open(options));
  ASSIGN_OR_RETURN(std::unique_ptr<postgres::PgConnection> pg,
                   postgres::PgConnection::Open({.conninfo = postgres_uri,
                                                 .statement_timeout = absl::Minutes(10)}));
  ASSIGN_OR_RETURN(const std::vector<CopiedTable> tables, CopiedTables());
  RETURN_IF_ERROR(postgres::ApplyMigrations(*pg));
  RETURN_IF_ERROR(pg->Exec("BEGIN"));
  int64_t total = 0;
  absl::Status status = CheckEmpty(*pg, tables);
  if (status.ok()) {
    // One SQLite snapshot for all tables, one PostgreSQL transaction.
    status = sqlite->Read([&](Connection& conn) -> absl::Status {
      for (const CopiedTable& table : tables) {
        ASSIGN_OR_RETURN(int64_t copied, CopyTable(conn, *pg, table));
        total += copied;
      }
      return absl::OkStatus();
    });
  }
  if (!status.ok()) {
    pg->Exec("ROLLBACK").IgnoreError();
    return status;
  }
  RETURN_IF_ERROR(pg->Exec("COMMIT"));
  return total;
}

}  // namespace billing::storage
