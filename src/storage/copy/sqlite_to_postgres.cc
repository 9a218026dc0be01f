#include "storage/copy/sqlite_to_postgres.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/postgres/migrations.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_values.h"
#include "storage/sqlite/database.h"

namespace billing::storage {
namespace {

struct Table {
  const char* name;
  // SQLite's columns; a name ending in "_us" (microseconds) is the
  // timestamptz column without the suffix in PostgreSQL.
  std::vector<std::string> columns;
};

// Parents before children, so foreign keys hold row by row; rowid order
// keeps the write order that ledger and outbox listings follow.
const std::vector<Table>& Tables() {
  static const auto* tables = new std::vector<Table>{
      {"customers",
       {"account_id", "id", "name", "email", "default_currency", "create_time_us",
        "update_time_us", "legal_name", "billing_address_line1", "billing_address_line2",
        "billing_address_city", "billing_address_postal_code", "billing_address_region",
        "billing_address_country", "tax_ids", "tax_exempt", "payment_terms_days",
        "electronic_address_scheme", "electronic_address_value", "attach_e_invoice"}},
      {"organizations",
       {"account_id", "legal_name", "trading_name", "address_line1", "address_line2",
        "address_city", "address_postal_code", "address_region", "address_country",
        "tax_id_type", "tax_id", "company_id", "email", "phone", "iban", "bic", "bank_name",
        "account_name", "payment_note", "default_payment_terms_days", "invoice_number_prefix",
        "credit_note_number_prefix", "electronic_address_scheme", "electronic_address_value",
        "update_time_us", "time_zone"}},
      {"tax_rates",
       {"account_id", "id", "display_name", "percentage_e4", "inclusive", "country", "region",
        "category", "exemption_reason", "exemption_reason_code", "active", "create_time_us",
        "update_time_us"}},
      {"invoices",
       {"account_id", "id", "customer_id", "currency", "amount_minor", "status", "due_date",
        "notes", "create_time_us", "update_time_us", "process_time_us", "pay_time_us",
        "cancel_time_us", "number", "amount_paid_minor", "amount_credited_minor",
        "default_tax_rate_id", "due_date_set"}},
      {"invoice_line_items",
       {"account_id", "invoice_id", "position", "description", "quantity", "unit_amount_minor",
        "amount_minor", "service_period_start", "service_period_end", "quantity_e4",
        "discount_minor", "tax_rate_id", "tax_category", "tax_percentage_e4", "tax_inclusive",
        "tax_exemption_reason", "tax_exemption_reason_code"}},
      {"invoice_parties", {"account_id", "invoice_id", "seller", "buyer", "terms"}},
      {"invoice_emails",
       {"account_id", "invoice_id", "status", "attempts", "queue_time_us",
        "next_attempt_time_us", "sent_time_us", "last_error"}},
      {"ledger_entries",
       {"account_id", "id", "customer_id", "invoice_id", "kind", "amount_minor", "currency",
        "create_time_us", "document_id"}},
      {"document_sequences", {"account_id", "kind", "prefix", "last_sequence"}},
      {"payments",
       {"account_id", "id", "invoice_id", "customer_id", "currency", "amount_minor", "method",
        "reference", "received_date", "create_time_us"}},
      {"credit_notes",
       {"account_id", "id", "number", "invoice_id", "customer_id", "currency", "amount_minor",
        "reason", "memo", "date", "create_time_us", "tax_minor", "tax_breakdown"}},
      {"outbox_messages",
       {"account_id", "id", "topic", "payload", "create_time_us", "delivered_time_us"}},
      {"revenue_calculations",
       {"account_id", "id", "status", "period_start", "period_end", "customer_id",
        "failure_reason", "create_time_us", "start_time_us", "complete_time_us"}},
      {"revenue_results",
       {"account_id", "calculation_id", "position", "currency", "recognized_minor",
        "deferred_minor"}},
      {"revenue_schedule_entries",
       {"account_id", "calculation_id", "result_position", "position", "month",
        "amount_minor"}},
      {"api_keys",
       {"id", "account_id", "scopes", "secret_sha256", "create_time_us", "revoke_time_us"}},
      // Recorded answers move too: a retry after the move still replays.
      {"idempotency_keys", {"account_id", "key", "fingerprint", "answer", "create_time_us"}},
      {"events", {"account_id", "id", "type", "resource_id", "data_json", "create_time_us"}},
      {"webhook_endpoints",
       {"account_id", "id", "url", "event_types", "description", "enabled", "secret",
        "previous_secret", "previous_secret_expire_time_us", "failing_since_us",
        "disabled_reason", "disable_time_us", "create_time_us", "update_time_us"}},
      {"webhook_deliveries",
       {"account_id", "id", "endpoint_id", "event_id", "event_type", "status", "attempts",
        "last_status_code", "last_error", "next_attempt_time_us", "create_time_us",
        "complete_time_us"}},
  };
  return *tables;
}

bool IsMicros(std::string_view column) { return column.ends_with("_us"); }

std::string PostgresColumn(std::string_view column) {
  return std::string(IsMicros(column) ? column.substr(0, column.size() - 3) : column);
}

absl::Status CheckEmpty(postgres::PgConnection& pg) {
  for (const Table& table : Tables()) {
    ASSIGN_OR_RETURN(postgres::PgResult rows,
                     pg.Query(absl::StrCat("SELECT 1 FROM ", table.name, " LIMIT 1")));
    if (rows.rows() > 0) {
      return domain::ValidationError(
          "to", absl::StrCat("the PostgreSQL database already has data (table ", table.name,
                             "); copy into a new, empty database"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> CopyTable(Connection& sqlite, postgres::PgConnection& pg,
                                  const Table& table) {
  const std::vector<std::string>& source = table.columns;
  std::vector<std::string> target, placeholders;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    target.push_back(PostgresColumn(table.columns[i]));
    placeholders.push_back(absl::StrCat("$", i + 1));
  }
  const std::string insert =
      absl::StrCat("INSERT INTO ", table.name, " (", absl::StrJoin(target, ", "), ") VALUES (",
                   absl::StrJoin(placeholders, ", "), ")");
  ASSIGN_OR_RETURN(Statement select,
                   sqlite.Prepare(absl::StrCat("SELECT ", absl::StrJoin(source, ", "), " FROM ",
                                               table.name, " ORDER BY rowid")));
  int64_t copied = 0;
  while (true) {
    ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return copied;
    postgres::Params params;
    for (size_t i = 0; i < table.columns.size(); ++i) {
      const int column = static_cast<int>(i);
      if (select.ColumnIsNull(column)) {
        params.push_back(std::nullopt);
      } else if (IsMicros(table.columns[i])) {
        params.push_back(postgres::Time(absl::FromUnixMicros(select.ColumnInt64(column))));
      } else {
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
  RETURN_IF_ERROR(postgres::ApplyMigrations(*pg));
  RETURN_IF_ERROR(pg->Exec("BEGIN"));
  int64_t total = 0;
  absl::Status status = CheckEmpty(*pg);
  if (status.ok()) {
    // One SQLite snapshot for all tables, one PostgreSQL transaction.
    status = sqlite->Read([&](Connection& conn) -> absl::Status {
      for (const Table& table : Tables()) {
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
