// Revenue calculations in SQLite.
#ifndef BILLING_STORAGE_SQLITE_REVENUE_REPOSITORY_H_
#define BILLING_STORAGE_SQLITE_REVENUE_REPOSITORY_H_

#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/paging.h"
#include "domain/revenue.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

absl::Status InsertRevenueCalculation(Connection& db, const domain::RevenueCalculation& calc);
// Rewrites status, results, failure reason and times.
// REVENUE_CALCULATION_NOT_FOUND when absent.
absl::Status UpdateRevenueCalculation(Connection& db, const domain::RevenueCalculation& calc);
// REVENUE_CALCULATION_NOT_FOUND when absent.
absl::StatusOr<domain::RevenueCalculation> GetRevenueCalculation(Connection& db,
                                                                 std::string_view account_id,
                                                                 std::string_view id);
// Newest first.
absl::StatusOr<domain::Page<domain::RevenueCalculation>> ListRevenueCalculations(
    Connection& db, std::string_view account_id, const domain::PageRequest& page);
// The oldest calculation of any account that is queued or was left running
// by a stopped server, or nullopt: what the worker runs next.
absl::StatusOr<std::optional<domain::RevenueCalculation>> NextUnfinishedRevenueCalculation(
    Connection& db);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_REVENUE_REPOSITORY_H_
