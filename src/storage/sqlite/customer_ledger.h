// The ledger's reads in SQLite: an invoice's entries, a customer's statement
// pages and balances (entries are written with the invoice, in
// invoice_repository.h).
#ifndef BILLING_STORAGE_SQLITE_CUSTOMER_LEDGER_H_
#define BILLING_STORAGE_SQLITE_CUSTOMER_LEDGER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/ledger.h"
#include "domain/paging.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

// Entries are in the order written (create_time, then rowid).
absl::StatusOr<std::vector<domain::LedgerEntry>> ListLedgerEntries(Connection& db,
                                                                   std::string_view account_id,
                                                                   std::string_view invoice_id);
absl::StatusOr<domain::Page<domain::LedgerEntry>> ListCustomerLedgerEntries(
    Connection& db, std::string_view account_id, std::string_view customer_id,
    const domain::PageRequest& page);
// Sums per currency of the customer's first `first_entries` entries in
// that order, by currency code.
absl::StatusOr<std::vector<domain::CurrencyBalance>> CustomerBalances(
    Connection& db, std::string_view account_id, std::string_view customer_id,
    int64_t first_entries);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_CUSTOMER_LEDGER_H_
