// Customers in SQLite. Every query is scoped by account.
#ifndef BILLING_STORAGE_SQLITE_CUSTOMER_REPOSITORY_H_
#define BILLING_STORAGE_SQLITE_CUSTOMER_REPOSITORY_H_

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/customer.h"
#include "domain/paging.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

// CUSTOMER_NOT_FOUND when absent.
absl::StatusOr<domain::Customer> GetCustomer(Connection& db, std::string_view account_id,
                                             std::string_view customer_id);
// ALREADY_EXISTS when the id is taken in the account.
absl::Status InsertCustomer(Connection& db, const domain::Customer& customer);
// CUSTOMER_NOT_FOUND when absent.
absl::Status UpdateCustomer(Connection& db, const domain::Customer& customer);
// CUSTOMER_NOT_FOUND when absent; CUSTOMER_HAS_INVOICES when it has any.
absl::Status DeleteCustomer(Connection& db, std::string_view account_id,
                            std::string_view customer_id);
// Oldest first (create_time, then id).
absl::StatusOr<domain::Page<domain::Customer>> ListCustomers(Connection& db,
                                                             std::string_view account_id,
                                                             const domain::PageRequest& page);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_CUSTOMER_REPOSITORY_H_
