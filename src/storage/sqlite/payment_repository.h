// Payments in SQLite. Every query is scoped by account.
#ifndef BILLING_STORAGE_SQLITE_PAYMENT_REPOSITORY_H_
#define BILLING_STORAGE_SQLITE_PAYMENT_REPOSITORY_H_

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "app/ports/payment_repository.h"
#include "domain/paging.h"
#include "domain/payment.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

// ALREADY_EXISTS on a taken id.
absl::Status InsertPayment(Connection& db, const domain::Payment& payment);
// PAYMENT_NOT_FOUND when absent.
absl::StatusOr<domain::Payment> GetPayment(Connection& db, std::string_view account_id,
                                           std::string_view payment_id);
// Oldest first (create_time, then id).
absl::StatusOr<domain::Page<domain::Payment>> ListPayments(Connection& db,
                                                           std::string_view account_id,
                                                           const app::PaymentFilter& filter,
                                                           const domain::PageRequest& page);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_PAYMENT_REPOSITORY_H_
