// Revenue calculations in SQLite.
#ifndef BILLING_STORAGE_SQLITE_REVENUE_REPOSITORY_H_
#define BILLING_STORAGE_SQLITE_REVENUE_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
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
// Calculations of `account_id` queued or running: what the per-account cap
// counts.
absl::StatusOr<int64_t> CountUnfinishedRevenueCalculations(Connection& db,
                                                           std::string_view account_id);
// Of every account.
absl::StatusOr<int64_t> CountAllUnfinishedRevenueCalculations(Connection& db);

// The oldest queued (or running with a claim before `stale_before`, or
// none) calculation of the first account after `after_account` (in account
// order, wrapping around) that has one, or nullopt: round robin across
// accounts.
absl::StatusOr<std::optional<domain::RevenueCalculation>> NextUnfinishedRevenueCalculationAfter(
    Connection& db, std::string_view after_account, absl::Time stale_before);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_REVENUE_REPOSITORY_H_
