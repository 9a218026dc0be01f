#include "storage/sqlite/customer_ledger.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/sqlite/list_paging.h"
#include "storage/sqlite/row_values.h"

namespace billing::storage {
namespace {

// Both reads order by (create_time_us, rowid): rowid breaks ties in insertion
// order, as entries written together share a timestamp.
#define BILLING_LEDGER_COLUMNS                                                          \
  "account_id, id, customer_id, invoice_id, kind, amount_minor, currency, create_time_us, " \
  "document_id"
constexpr char kEntryColumns[] = BILLING_LEDGER_COLUMNS;
constexpr char kSelectEntries[] = "SELECT " BILLING_LEDGER_COLUMNS " FROM ledger_entries ";
#undef BILLING_LEDGER_COLUMNS

absl::StatusOr<std::vector<domain::LedgerEntry>> CollectEntries(Statement& query) {
  std::vector<domain::LedgerEntry> entries;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return entries;
    entries.push_back(domain::LedgerEntry{
        .account_id = query.ColumnText(0),
        .id = query.ColumnText(1),
        .customer_id = query.ColumnText(2),
        .invoice_id = query.ColumnText(3),
        .kind = query.ColumnText(4),
        .amount = query.ColumnInt64(5),
        .currency = query.ColumnText(6),
        .create_time = TimeFromMicros(query.ColumnInt64(7)),
        .document_id = query.ColumnText(8),
    });
  }
}

}  // namespace

absl::StatusOr<std::vector<domain::LedgerEntry>> ListLedgerEntries(Connection& db,
                                                                   std::string_view account_id,
                                                                   std::string_view invoice_id) {
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare(absl::StrCat(kSelectEntries,
                                           "WHERE account_id = ?1 AND invoice_id = ?2 "
                                           "ORDER BY create_time_us, rowid")));
  query.BindText(1, account_id).BindText(2, invoice_id);
  return CollectEntries(query);
}

absl::StatusOr<domain::Page<domain::LedgerEntry>> ListCustomerLedgerEntries(
    Connection& db, std::string_view account_id, std::string_view customer_id,
    const domain::PageRequest& page) {
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare(PagedSelect(kEntryColumns, "ledger_entries",
                                          " WHERE account_id = ?1 AND customer_id = ?2",
                                          /*newest_first=*/false, page, TieBreak::kWriteOrder)));
  query.BindText(1, account_id).BindText(2, customer_id);
  BindPage(query, page);
  domain::Page<domain::LedgerEntry> result{.request = page};
  ASSIGN_OR_RETURN(result.items, CollectEntries(query));
  FinishPage(result);
  ASSIGN_OR_RETURN(Statement count,
                   db.Prepare("SELECT COUNT(*) FROM ledger_entries "
                              "WHERE account_id = ?1 AND customer_id = ?2"));
  count.BindText(1, account_id).BindText(2, customer_id);
  RETURN_IF_ERROR(count.Step().status());
  result.total_items = count.ColumnInt64(0);
  return result;
}

absl::StatusOr<std::vector<domain::CurrencyBalance>> CustomerBalances(
    Connection& db, std::string_view account_id, std::string_view customer_id,
    int64_t first_entries) {
  // SQLite's SUM raises "integer overflow" rather than wrapping.
  ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT currency, SUM(amount_minor) FROM ("
                 "SELECT currency, amount_minor FROM ledger_entries "
                 "WHERE account_id = ?1 AND customer_id = ?2 "
                 "ORDER BY create_time_us, rowid LIMIT ?3) GROUP BY currency ORDER BY currency"));
  query.BindText(1, account_id).BindText(2, customer_id).BindInt64(3, first_entries);
  std::vector<domain::CurrencyBalance> balances;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return balances;
    balances.push_back({.currency = query.ColumnText(0), .amount = query.ColumnInt64(1)});
  }
}

}  // namespace billing::storage
