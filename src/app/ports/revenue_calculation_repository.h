// Port: revenue calculations and the queue the worker takes them from.
#ifndef BILLING_APP_PORTS_REVENUE_CALCULATION_REPOSITORY_H_
#define BILLING_APP_PORTS_REVENUE_CALCULATION_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/paging.h"
#include "domain/revenue.h"

namespace billing::app {

class RevenueCalculationRepository {
 public:
  virtual ~RevenueCalculationRepository() = default;

  // ALREADY_EXISTS on a taken id.
  virtual absl::Status Insert(const domain::RevenueCalculation& calc) = 0;
  // Rewrites status, results, failure reason and times.
  // REVENUE_CALCULATION_NOT_FOUND when absent.
  virtual absl::Status Update(const domain::RevenueCalculation& calc) = 0;
  // REVENUE_CALCULATION_NOT_FOUND when absent. Locked inside Store::Write.
  virtual absl::StatusOr<domain::RevenueCalculation> Get(std::string_view account_id,
                                                         std::string_view id) = 0;
  // Newest first.
  virtual absl::StatusOr<domain::Page<domain::RevenueCalculation>> List(
      std::string_view account_id, const domain::PageRequest& page) = 0;
  // Calculations of `account_id` queued or running: what the per-account
  // cap (REVENUE_QUEUE_FULL) counts. Call inside Store::Write with the
  // insert, so racing callers cannot both take the last place.
  virtual absl::StatusOr<int64_t> CountUnfinished(std::string_view account_id) = 0;
  // Calculations of every account queued or running: the queue's depth.
  virtual absl::StatusOr<int64_t> CountAllUnfinished() = 0;
  // The next calculation to run that no other transaction holds, locked
  // until this one ends; nullopt when none. To run: queued, or running with
  // a claim (start_time) before `stale_before` or none, left by a worker
  // that stopped; a worker marks its claim running in a transaction of its
  // own, then computes outside any write. Round robin across accounts: the
  // oldest of the first account after `after_account` (in account order,
  // wrapping around) that has one, so one account's thousand calculations
  // cannot hold back another's one. Workers in several processes share the
  // queue through this.
  virtual absl::StatusOr<std::optional<domain::RevenueCalculation>> ClaimNext(
      std::string_view after_account, absl::Time stale_before) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_REVENUE_CALCULATION_REPOSITORY_H_
