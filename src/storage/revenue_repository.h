// Revenue calculations in SQLite.
#ifndef BILLING_STORAGE_REVENUE_REPOSITORY_H_
#define BILLING_STORAGE_REVENUE_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/paging.h"
#include "domain/revenue.h"
#include "storage/connection.h"

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

// Calculations of `account_id` queued or running: what the per-account cap
// counts.
absl::StatusOr<int64_t> CountUnfinishedRevenueCalculations(Connection& db,
                                                           std::string_view account_id);

// The oldest queued calculation of the first account after `after_account`
// (in account order, wrapping around) that has one, or nullopt: round robin
// across accounts. Running ones are not offered (another worker has them).
absl::StatusOr<std::optional<domain::RevenueCalculation>> NextQueuedRevenueCalculationAfter(
    Connection& db, std::string_view after_account);

// Puts calculations left running by a stopped server back in the queue, so
// that a worker starts them again; run once before the workers start.
absl::Status RequeueRunningRevenueCalculations(Connection& db);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_REVENUE_REPOSITORY_H_
