// billing-server copy-data moves a SQLite installation to PostgreSQL with
// every row equal; a database that already holds data is refused untouched.
// billing-server backup on a PostgreSQL URI points to pg_dump/pg_basebackup,
// and no command takes a password inside --db.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/resource_encoder.h"
#include "app/api_keys.h"
#include "app/customers.h"
#include "app/invoices.h"
#include "app/revenue_calculations.h"
#include "auth/scopes.h"
#include "gtest/gtest.h"
#include "storage/sql/schema.h"
#include "tests/support/organization_seed.h"
#include "tests/support/server_binary.h"
#include "tests/support/test_backend.h"

namespace billing::testing {
namespace {

const api::ProtoResourceEncoder encoder;

using Rows = std::vector<std::string>;  // each row joined with '|'

// Each copied table's rows read with every column the schema lists, spelled
// the same on both sides (instants as integer microseconds, days as
// YYYY-MM-DD, booleans as 0/1, NULL as "∅") and sorted here, so that the
// comparison covers a column added later without this test knowing it.
struct TableQuery {
  std::string table;
  std::string sqlite;
  std::string postgres;
};

std::vector<TableQuery> CopiedTableQueries() {
  std::vector<TableQuery> queries;
  for (const storage::sql::Table& table : storage::sql::Tables()) {
    // Counted by triggers on each side, and one database's own secrets.
    if (table.name == "list_counts" || table.name == "server_secrets") continue;
    std::vector<std::string> sqlite, postgres;
    for (const storage::sql::Column& column : table.columns) {
      const std::string c(column.name);
      switch (column.type) {
        case storage::sql::ColumnType::kWriteOrder:
        case storage::sql::ColumnType::kCounterShard:
          continue;
        case storage::sql::ColumnType::kTime:
          sqlite.push_back(c + "_us");
          postgres.push_back(absl::StrCat("(EXTRACT(EPOCH FROM ", c, ") * 1000000)::bigint"));
          break;
        case storage::sql::ColumnType::kDay:
          sqlite.push_back(c);
          postgres.push_back(absl::StrCat("to_char(", c, ", 'YYYY-MM-DD')"));
          break;
        case storage::sql::ColumnType::kBool:
          sqlite.push_back(c);
          postgres.push_back(absl::StrCat(c, "::int"));
          break;
        default:
          sqlite.push_back(c);
          postgres.push_back(c);
      }
    }
    const std::string from = absl::StrCat(" FROM ", std::string(table.name));
    queries.push_back({std::string(table.name),
                       absl::StrCat("SELECT ", absl::StrJoin(sqlite, ", "), from),
                       absl::StrCat("SELECT ", absl::StrJoin(postgres, ", "), from)});
  }
  return queries;
}

Rows SqliteRows(const std::string& path, const std::string& sql) {
  Rows rows;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  while (stmt != nullptr && sqlite3_step(stmt) == SQLITE_ROW) {
    std::vector<std::string> values;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const unsigned char* text = sqlite3_column_text(stmt, i);
      values.push_back(text == nullptr ? "∅" : reinterpret_cast<const char*>(text));
    }
    rows.push_back(absl::StrJoin(values, "|"));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

Rows PostgresRows(const std::string& uri, const std::string& sql) {
  Rows rows;
  PGconn* conn = PQconnectdb(uri.c_str());
  PGresult* result = PQexec(conn, sql.c_str());
  EXPECT_EQ(PQresultStatus(result), PGRES_TUPLES_OK) << PQresultErrorMessage(result);
  for (int row = 0; row < PQntuples(result); ++row) {
    std::vector<std::string> values;
    for (int i = 0; i < PQnfields(result); ++i) {
      values.push_back(PQgetisnull(result, row, i) ? "∅" : PQgetvalue(result, row, i));
    }
    rows.push_back(absl::StrJoin(values, "|"));
  }
  PQclear(result);
  PQfinish(conn);
  return rows;
}

int Shell(const std::string& command) { return std::system(command.c_str()); }

// An installation with every kind of row: two accounts, customers, drafts,
// processed, paid and cancelled invoices with and without service periods,
// finished revenue calculations, active and revoked API keys.
void FillSqlite(const std::string& path) {
  std::unique_ptr<app::Store> store = OpenTestStore(path);
  ASSERT_NE(store, nullptr);
  app::Customers customers(*store, encoder, app::SystemClock());
  app::Invoices invoices(*store, encoder, app::SystemClock());
  app::RevenueWorker worker(*store, encoder, app::SystemClock());
  app::RevenueCalculations calculations(*store, app::SystemClock(), nullptr);
  app::ApiKeys keys(*store, app::SystemClock());
  for (const char* account : {"acct_a", "acct_b"}) {
    app::CallContext ctx{.account_id = account};
    ASSERT_TRUE(SeedOrganization(*store, account).ok());
    auto customer = customers.Create(ctx, "", {"Acme Corp", "ap@acme.example", "KWD"});
    ASSERT_TRUE(customer.ok()) << customer.status();
    for (int i = 0; i < 4; ++i) {
      domain::InvoiceInput input{.customer_id = customer->id, .due_date = "2099-12-31",
                                 .notes = "net 30"};
      input.line_items.push_back({"Hosting", 3, "10.125", "2026-01-15", "2026-04-14"});
      input.line_items.push_back({"Setup", 1, "5.000", "", ""});
      auto invoice = invoices.Create(ctx, input);
      ASSERT_TRUE(invoice.ok()) << invoice.status();
      if (i >= 1) {
        ASSERT_TRUE(invoices.Process(ctx, invoice->id).ok());
      }
      if (i == 2) {
        domain::InvoiceInput paid{.status = domain::InvoiceStatus::kPaid};
        ASSERT_TRUE(invoices.Update(ctx, invoice->id, paid, {"status"}).ok());
      }
      if (i == 3) {
        ASSERT_TRUE(invoices.Cancel(ctx, invoice->id).ok());
      }
    }
    ASSERT_TRUE(calculations.Create(ctx, {"2026-01-01", "2026-06-30", ""}).ok());
    ASSERT_TRUE(calculations.Create(ctx, {"2026-02-01", "2026-02-28", customer->id}).ok());
    ASSERT_TRUE(worker.RunPending().ok());
    auto key = keys.Create(account, {auth::Scope::kInvoicesRead});
    ASSERT_TRUE(key.ok());
    ASSERT_TRUE(keys.Create(account, {auth::Scope::kCustomersRead}).ok());
    ASSERT_TRUE(keys.Revoke(key->record.id).ok());
  }
}

std::string TempSqlite() { return FreshDatabase(Backend::kSqlite); }

TEST(CopyDataTest, EveryRowArrivesEqual) {
  const std::string sqlite = TempSqlite();
  FillSqlite(sqlite);
  const std::string postgres = FreshDatabase(Backend::kPostgres);
  ASSERT_EQ(Shell(absl::StrCat(ServerBinary(), " copy-data --from=", sqlite, " --to='", postgres,
                               "'")),
            0);
  size_t total = 0;
  for (const TableQuery& table : CopiedTableQueries()) {
    Rows from = SqliteRows(sqlite, table.sqlite);
    Rows to = PostgresRows(postgres, table.postgres);
    absl::c_sort(from);
    absl::c_sort(to);
    EXPECT_EQ(to, from) << table.table;
    total += from.size();
    if (table.table == "customer_balances") {
      EXPECT_FALSE(from.empty()) << "the sample must book the ledger";
    }
  }
  EXPECT_GT(total, 40u) << "the sample must exercise every table";
  // And the service reads it: the store opens and finds what was copied.
  std::unique_ptr<app::Store> store = OpenTestStore(postgres);
  ASSERT_NE(store, nullptr);
  app::Customers customers(*store, encoder, app::SystemClock());
  auto listed = customers.List({.account_id = "acct_b"}, 1, 10);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->total_items, 1);
}

TEST(CopyDataTest, ADatabaseWithDataIsRefusedAndLeftAlone) {
  const std::string sqlite = TempSqlite();
  FillSqlite(sqlite);
  const std::string postgres = FreshDatabase(Backend::kPostgres);
  {
    std::unique_ptr<app::Store> store = OpenTestStore(postgres);
    ASSERT_NE(store, nullptr);
    app::Customers customers(*store, encoder, app::SystemClock());
    ASSERT_TRUE(customers.Create({.account_id = "acct_x"}, "", {"X", "x@x.example", "USD"}).ok());
  }
  EXPECT_NE(Shell(absl::StrCat(ServerBinary(), " copy-data --from=", sqlite, " --to='", postgres,
                               "' 2>/dev/null")),
            0);
  EXPECT_EQ(QueryInt(postgres, "SELECT COUNT(*) FROM customers"), 1);
  EXPECT_EQ(QueryInt(postgres, "SELECT COUNT(*) FROM invoices"), 0);
}

TEST(BackupCommandTest, OnPostgresItPointsToTheDatabasesOwnTools) {
  const std::string postgres = FreshDatabase(Backend::kPostgres);
  const std::string out = TempSqlite() + ".out";
  const int status = Shell(absl::StrCat(ServerBinary(), " backup --db='", postgres,
                                        "' --to=/tmp/never-written.db 2>", out));
  EXPECT_NE(status, 0);
  FILE* file = std::fopen(out.c_str(), "r");
  ASSERT_NE(file, nullptr);
  char buffer[2048] = {};
  const size_t n = std::fread(buffer, 1, sizeof(buffer) - 1, file);
  std::fclose(file);
  const std::string message(buffer, n);
  EXPECT_NE(message.find("pg_dump"), std::string::npos) << message;
  EXPECT_NE(message.find("pg_basebackup"), std::string::npos) << message;
}

TEST(DbFlagTest, APasswordInThePostgresUriIsRefused) {
  for (const char* uri : {"postgresql://billing:secret@127.0.0.1:1/billing",
                          "postgres://billing@127.0.0.1:1/billing?sslmode=disable&password=secret"}) {
    const std::string out = TempSqlite() + ".out";
    EXPECT_NE(Shell(absl::StrCat(ServerBinary(), " keys list --db='", uri, "' 2>", out)), 0);
    FILE* file = std::fopen(out.c_str(), "r");
    ASSERT_NE(file, nullptr);
    char buffer[1024] = {};
    const std::string message(buffer, std::fread(buffer, 1, sizeof(buffer) - 1, file));
    std::fclose(file);
    EXPECT_NE(message.find("PGPASSFILE"), std::string::npos) << uri << ": " << message;
  }
}

}  // namespace
}  // namespace billing::testing
