// A customer's side of the ledger: statement pages and balances.
#include "common/status_macros.h"
#include "storage/postgres/pg_values.h"
#include "storage/postgres/repositories.h"

namespace billing::storage::postgres {

absl::StatusOr<domain::Page<domain::LedgerEntry>> PgLedger::ListForCustomer(
    std::string_view account_id, std::string_view customer_id,
    const domain::PageRequest& page) {
  // seq breaks ties in insertion order: entries written together share a
  // timestamp.
  ASSIGN_OR_RETURN(
      PgResult r,
      c_.Query("SELECT account_id, id, customer_id, invoice_id, kind, amount_minor, currency, " BILLING_PG_MICROS(
                   "create_time") ", document_id FROM ledger_entries"
                                  " WHERE account_id = $1 AND customer_id = $2"
                                  " ORDER BY create_time, seq LIMIT $3 OFFSET $4",
               {Text(account_id), Text(customer_id), Int(page.page_size), Int(page.offset())}));
  domain::Page<domain::LedgerEntry> result{.request = page};
  for (int row = 0; row < r.rows(); ++row) {
    result.items.push_back(domain::LedgerEntry{
        .account_id = r.Text(row, 0),
        .id = r.Text(row, 1),
        .customer_id = r.Text(row, 2),
        .invoice_id = r.Text(row, 3),
        .kind = r.Text(row, 4),
        .amount = r.Int64(row, 5),
        .currency = r.Text(row, 6),
        .create_time = TimeFromMicros(r.Int64(row, 7)),
        .document_id = r.Text(row, 8),
    });
  }
  ASSIGN_OR_RETURN(PgResult count,
                   c_.Query("SELECT COUNT(*) FROM ledger_entries "
                            "WHERE account_id = $1 AND customer_id = $2",
                            {Text(account_id), Text(customer_id)}));
  result.total_items = count.Int64(0, 0);
  return result;
}

absl::StatusOr<std::vector<domain::CurrencyBalance>> PgLedger::Balances(
    std::string_view account_id, std::string_view customer_id, int64_t first_entries) {
  // SUM of bigint is numeric; the cast back fails loudly rather than wrap.
  ASSIGN_OR_RETURN(
      PgResult r,
      c_.Query("SELECT currency, SUM(amount_minor)::bigint FROM ("
               "SELECT currency, amount_minor FROM ledger_entries "
               "WHERE account_id = $1 AND customer_id = $2 "
               "ORDER BY create_time, seq LIMIT $3) AS first_entries "
               "GROUP BY currency ORDER BY currency",
               {Text(account_id), Text(customer_id), Int(first_entries)}));
  std::vector<domain::CurrencyBalance> balances;
  for (int row = 0; row < r.rows(); ++row) {
    balances.push_back({.currency = r.Text(row, 0), .amount = r.Int64(row, 1)});
  }
  return balances;
}

}  // namespace billing::storage::postgres
