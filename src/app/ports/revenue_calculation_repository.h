// Port: revenue calculations and the queue the worker takes them from.
#ifndef BILLING_APP_PORTS_REVENUE_CALCULATION_REPOSITORY_H_
#define BILLING_APP_PORTS_REVENUE_CALCULATION_REPOSITORY_H_

#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
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
  // The oldest queued (or left running) calculation of any account that no
  // other transaction holds, locked until this one ends; nullopt when none.
  // Workers in several processes share the queue through this.
  virtual absl::StatusOr<std::optional<domain::RevenueCalculation>> ClaimNext() = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_REVENUE_CALCULATION_REPOSITORY_H_
