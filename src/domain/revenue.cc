#include "domain/revenue.h"

#include "absl/status/status.h"

namespace billing::domain {

// Placeholder so billing_domain links; the real rules land next.
std::vector<RecognizableAmount> RecognizableAmounts(const Invoice&) { return {}; }
int64_t CumulativeRecognized(const RecognizableAmount&, absl::CivilDay) { return 0; }
std::vector<MonthlyAmount> MonthlySchedule(const RecognizableAmount&) { return {}; }
std::vector<CurrencyRevenue> CalculateRevenue(const std::vector<RecognizableAmount>&,
                                              absl::CivilDay, absl::CivilDay) {
  return {};
}
std::string_view CalculationStatusName(CalculationStatus) { return "queued"; }
std::optional<CalculationStatus> CalculationStatusFromName(std::string_view) {
  return std::nullopt;
}
absl::StatusOr<RevenueCalculation> NewRevenueCalculation(std::string, std::string,
                                                         const RevenueCalculationInput&,
                                                         absl::Time) {
  return absl::UnimplementedError("NewRevenueCalculation");
}

}  // namespace billing::domain
