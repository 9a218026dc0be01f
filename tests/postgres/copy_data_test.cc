// billing-server copy-data moves a SQLite installation to PostgreSQL with
// every row equal; a database that already holds data is refused untouched.
// billing-server backup on a PostgreSQL URI points to pg_dump/pg_basebackup,
// and no command takes a password inside --db.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/resource_encoder.h"
#include "app/api_keys.h"
#include "tests/support/organization_seed.h"
#include "app/customers.h"
#include "app/invoices.h"
#include "app/revenue_calculations.h"
#include "auth/scopes.h"
#include "gtest/gtest.h"
#include "tests/support/test_backend.h"

namespace billing::testing {
namespace {

const api::ProtoResourceEncoder encoder;

using Rows = std::vector<std::string>;  // each row joined with '|'

// Each table's rows in a canonical order, spelled the same on both sides:
// instants as integer microseconds, days as YYYY-MM-DD, NULL as "∅".
struct TableQuery {
  const char* sqlite;
  const char* postgres;
};

#define PG_US(c) "(EXTRACT(EPOCH FROM " c ") * 1000000)::bigint"
#define PG_DAY(c) "to_char(" c ", 'YYYY-MM-DD')"

const TableQuery kTables[] = {
    {"SELECT account_id, id, name, email, default_currency, create_time_us, update_time_us "
     "FROM customers ORDER BY account_id, id",
     "SELECT account_id, id, name, email, default_currency, " PG_US("create_time") ", " PG_US(
         "update_time") " FROM customers ORDER BY account_id, id"},
    {"SELECT account_id, id, customer_id, currency, amount_minor, status, due_date, notes, "
     "create_time_us, update_time_us, process_time_us, pay_time_us, cancel_time_us "
     "FROM invoices ORDER BY account_id, id",
     "SELECT account_id, id, customer_id, currency, amount_minor, status, " PG_DAY(
         "due_date") ", notes, " PG_US("create_time") ", " PG_US("update_time") ", " PG_US(
         "process_time") ", " PG_US("pay_time") ", " PG_US("cancel_time")
     " FROM invoices ORDER BY account_id, id"},
    {"SELECT account_id, invoice_id, position, description, quantity, unit_amount_minor, "
     "amount_minor, service_period_start, service_period_end FROM invoice_line_items "
     "ORDER BY account_id, invoice_id, position",
     "SELECT account_id, invoice_id, position, description, quantity, unit_amount_minor, "
     "amount_minor, " PG_DAY("service_period_start") ", " PG_DAY("service_period_end")
     " FROM invoice_line_items ORDER BY account_id, invoice_id, position"},
    {"SELECT account_id, id, customer_id, invoice_id, kind, amount_minor, currency, "
     "create_time_us FROM ledger_entries ORDER BY account_id, id",
     "SELECT account_id, id, customer_id, invoice_id, kind, amount_minor, currency, " PG_US(
         "create_time") " FROM ledger_entries ORDER BY account_id, id"},
    {"SELECT account_id, id, topic, payload, create_time_us, delivered_time_us "
     "FROM outbox_messages ORDER BY account_id, id",
     "SELECT account_id, id, topic, payload, " PG_US("create_time") ", " PG_US(
         "delivered_time") " FROM outbox_messages ORDER BY account_id, id"},
    {"SELECT account_id, id, status, period_start, period_end, customer_id, failure_reason, "
     "create_time_us, start_time_us, complete_time_us FROM revenue_calculations "
     "ORDER BY account_id, id",
     "SELECT account_id, id, status, " PG_DAY("period_start") ", " PG_DAY(
         "period_end") ", customer_id, failure_reason, " PG_US("create_time") ", " PG_US(
         "start_time") ", " PG_US("complete_time")
     " FROM revenue_calculations ORDER BY account_id, id"},
    {"SELECT account_id, calculation_id, position, currency, recognized_minor, deferred_minor "
     "FROM revenue_results ORDER BY account_id, calculation_id, position",
     "SELECT account_id, calculation_id, position, currency, recognized_minor, deferred_minor "
     "FROM revenue_results ORDER BY account_id, calculation_id, position"},
    {"SELECT account_id, calculation_id, result_position, position, month, amount_minor "
     "FROM revenue_schedule_entries ORDER BY 1, 2, 3, 4",
     "SELECT account_id, calculation_id, result_position, position, month, amount_minor "
     "FROM revenue_schedule_entries ORDER BY 1, 2, 3, 4"},
    {"SELECT id, account_id, scopes, secret_sha256, create_time_us, revoke_time_us "
     "FROM api_keys ORDER BY id",
     "SELECT id, account_id, scopes, secret_sha256, " PG_US("create_time") ", " PG_US(
         "revoke_time") " FROM api_keys ORDER BY id"},
    {"SELECT account_id, id, type, resource_id, data_json, create_time_us FROM events "
     "ORDER BY account_id, id",
     "SELECT account_id, id, type, resource_id, data_json, " PG_US(
         "create_time") " FROM events ORDER BY account_id, id"},
};

Rows SqliteRows(const std::string& path, const char* sql) {
  Rows rows;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
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

Rows PostgresRows(const std::string& uri, const char* sql) {
  Rows rows;
  PGconn* conn = PQconnectdb(uri.c_str());
  PGresult* result = PQexec(conn, sql);
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
  ASSERT_EQ(Shell(absl::StrCat(BILLING_SERVER_BINARY, " copy-data --from=", sqlite, " --to='",
                             postgres, "'")),
            0);
  size_t total = 0;
  for (const TableQuery& table : kTables) {
    const Rows from = SqliteRows(sqlite, table.sqlite);
    EXPECT_EQ(PostgresRows(postgres, table.postgres), from) << table.sqlite;
    total += from.size();
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
  EXPECT_NE(Shell(absl::StrCat(BILLING_SERVER_BINARY, " copy-data --from=", sqlite, " --to='",
                             postgres, "' 2>/dev/null")),
            0);
  EXPECT_EQ(QueryInt(postgres, "SELECT COUNT(*) FROM customers"), 1);
  EXPECT_EQ(QueryInt(postgres, "SELECT COUNT(*) FROM invoices"), 0);
}

TEST(BackupCommandTest, OnPostgresItPointsToTheDatabasesOwnTools) {
  const std::string postgres = FreshDatabase(Backend::kPostgres);
  const std::string out = TempSqlite() + ".out";
  const int status = Shell(absl::StrCat(BILLING_SERVER_BINARY, " backup --db='", postgres,
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
    EXPECT_NE(Shell(absl::StrCat(BILLING_SERVER_BINARY, " keys list --db='", uri, "' 2>", out)), 0);
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
