// The ledger's reads: an invoice's entries, a customer's statement pages and
// balances (entries are written with the invoice, in invoice_repository.cc).
// seq breaks ties in insertion order: entries written together share a
// timestamp.
#include "common/status_macros.h"
#include "storage/postgres/list_paging.h"
#include "storage/postgres/pg_values.h"
#include "storage/postgres/repositories.h"

namespace billing::storage::postgres {
namespace {

#define LEDGER_COLUMNS                                                              \
  "account_id, id, customer_id, invoice_id, kind, amount_minor, currency, "         \
  BILLING_PG_MICROS("create_time") ", document_id"

std::vector<domain::LedgerEntry> ReadLedgerEntries(const PgResult& r) {
  std::vector<domain::LedgerEntry> entries;
  for (int row = 0; row < r.rows(); ++row) {
    entries.push_back(domain::LedgerEntry{
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
  return entries;
}

}  // namespace

absl::StatusOr<std::vector<domain::LedgerEntry>> PgLedger::ListForInvoice(
    std::string_view account_id, std::string_view invoice_id) {
  ASSIGN_OR_RETURN(PgResult r, c_.Query("SELECT " LEDGER_COLUMNS " FROM ledger_entries"
                                        " WHERE account_id = $1 AND invoice_id = $2"
                                        " ORDER BY create_time, seq",
                                        {Text(account_id), Text(invoice_id)}));
  return ReadLedgerEntries(r);
}

absl::StatusOr<domain::Page<domain::LedgerEntry>> PgLedger::ListForCustomer(
    std::string_view account_id, std::string_view customer_id,
    const domain::PageRequest& page) {
  ASSIGN_OR_RETURN(OffsetPage found,
                   SelectPage(c_, LEDGER_COLUMNS, "ledger_entries",
                              " WHERE account_id = $1 AND customer_id = $2",
                              /*newest_first=*/false, {Text(account_id), Text(customer_id)}, page,
                              TieBreak::kWriteOrder));
  domain::Page<domain::LedgerEntry> result{.items = ReadLedgerEntries(found.result),
                                           .request = page,
                                           .total_items = found.total_items};
  FinishPage(result);
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
