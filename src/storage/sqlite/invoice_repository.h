// Invoices and their line items in SQLite. Every query is scoped by account.
#ifndef BILLING_STORAGE_SQLITE_INVOICE_REPOSITORY_H_
#define BILLING_STORAGE_SQLITE_INVOICE_REPOSITORY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "app/ports/invoice_repository.h"
#include "domain/invoice.h"
#include "domain/ledger.h"
#include "domain/paging.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

using app::InvoiceFilter;

// INVOICE_NOT_FOUND when absent. Line items in their original order.
absl::StatusOr<domain::Invoice> GetInvoice(Connection& db, std::string_view account_id,
                                           std::string_view invoice_id);
// ALREADY_EXISTS on a taken id; CUSTOMER_NOT_FOUND if the customer is absent.
absl::Status InsertInvoice(Connection& db, const domain::Invoice& invoice);
// Rewrites the row, its line items and its email. INVOICE_NOT_FOUND when absent.
absl::Status UpdateInvoice(Connection& db, const domain::Invoice& invoice);
// INVOICE_NOT_FOUND when absent.
absl::Status DeleteInvoice(Connection& db, std::string_view account_id,
                           std::string_view invoice_id);
// Oldest first (create_time, then id).
absl::StatusOr<domain::Page<domain::Invoice>> ListInvoices(Connection& db,
                                                           std::string_view account_id,
                                                           const InvoiceFilter& filter,
                                                           const domain::PageRequest& page);
// Every invoice ever processed (pending, paid, or cancelled after
// processing), oldest first, read 500 at a time after a cursor and handed
// to `visit`: memory stays bounded. The input of revenue reports.
absl::Status ForEachProcessedInvoice(Connection& db, std::string_view account_id,
                                     std::string_view customer_id,
                                     absl::FunctionRef<absl::Status(const domain::Invoice&)> visit);
// The same, all at once, with line items.
absl::StatusOr<std::vector<domain::Invoice>> ListProcessedInvoices(Connection& db,
                                                                   std::string_view account_id,
                                                                   std::string_view customer_id);
// See app::InvoiceRepository::ClaimDueEmail.
absl::StatusOr<std::optional<domain::Invoice>> ClaimDueInvoiceEmail(Connection& db,
                                                                    absl::Time now,
                                                                    absl::Time lease_until);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_INVOICE_REPOSITORY_H_
