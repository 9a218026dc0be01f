// Straight-line revenue recognition by day, exact to the minor unit.
#ifndef BILLING_DOMAIN_REVENUE_H_
#define BILLING_DOMAIN_REVENUE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/error.h"
#include "domain/invoice.h"

namespace billing::domain {

// One amount to recognize evenly over [start, end], both days included.
struct RecognizableAmount {
  std::string currency;
  int64_t amount = 0;  // minor units
  absl::CivilDay start;
  absl::CivilDay end;
};

// The pieces of revenue from processed invoices (pending or paid; drafts and
// cancelled ones give none): a line with a service period spreads over it, a
// line without one, or an invoice without lines, falls on the day it was
// processed (UTC).
std::vector<RecognizableAmount> RecognizableAmounts(const Invoice& invoice);

// The same pieces whatever the invoice's status: what it recognizes as
// invoiced, before any cancellation or credit note (see
// revenue_adjustments.h, which cuts them short or corrects them).
std::vector<RecognizableAmount> RecognizableAmountsAsInvoiced(const Invoice& invoice);

// How much of `item` has been recognized by the end of `day`, rounded half
// up: 0 before start, item.amount from end on. Every split of the item is a
// difference of this function, so no piece ever creates or loses a unit.
int64_t CumulativeRecognized(const RecognizableAmount& item, absl::CivilDay day);

struct MonthlyAmount {
  absl::CivilMonth month;
  int64_t amount = 0;

  friend bool operator==(const MonthlyAmount&, const MonthlyAmount&) = default;
};

// The item's whole schedule, one entry per month from start to end: the
// entries sum exactly to item.amount and each is within one minor unit of
// the exact share.
std::vector<MonthlyAmount> MonthlySchedule(const RecognizableAmount& item);

struct CurrencyRevenue {
  std::string currency;
  int64_t recognized = 0;  // within [period_start, period_end]
  int64_t deferred = 0;    // after period_end
  std::vector<MonthlyAmount> schedule;  // each month the period touches

  friend bool operator==(const CurrencyRevenue&, const CurrencyRevenue&) = default;
};

// Revenue of `items` for the period, one entry per currency present, ordered
// by currency code. Schedules list every month of the period (zeros
// included) and sum to `recognized`.
std::vector<CurrencyRevenue> CalculateRevenue(const std::vector<RecognizableAmount>& items,
                                              absl::CivilDay period_start,
                                              absl::CivilDay period_end);

// The same calculation one item at a time, so that the items need not all
// be in memory: its memory is one entry per currency, whatever the count.
class RevenueAccumulator {
 public:
  RevenueAccumulator(absl::CivilDay period_start, absl::CivilDay period_end)
      : period_start_(period_start), period_end_(period_end) {}
  void Add(const RecognizableAmount& item);
  // What CalculateRevenue returns for every item added.
  std::vector<CurrencyRevenue> Results() &&;

 private:
  absl::CivilDay period_start_;
  absl::CivilDay period_end_;
  std::map<std::string, CurrencyRevenue> by_currency_;  // ordered by code
};

enum class CalculationStatus { kQueued, kRunning, kSucceeded, kFailed };

std::string_view CalculationStatusName(CalculationStatus status);
std::optional<CalculationStatus> CalculationStatusFromName(std::string_view name);

struct RevenueCalculation {
  std::string account_id;
  std::string id;
  CalculationStatus status = CalculationStatus::kQueued;
  absl::CivilDay period_start;
  absl::CivilDay period_end;
  std::string customer_id;  // "" = every customer
  std::vector<CurrencyRevenue> results;
  std::string failure_reason;
  absl::Time create_time;
  std::optional<absl::Time> start_time;
  std::optional<absl::Time> complete_time;
};

struct RevenueCalculationInput {
  std::string period_start;
  std::string period_end;
  std::string customer_id;
};

// A report's period, both days included.
struct ReportPeriod {
  absl::CivilDay start;
  absl::CivilDay end;
};

// The period of a report from its YYYY-MM-DD texts: each required and a
// date, start <= end, at most 3660 days (about 10 years). Adds a violation
// naming period_start or period_end to `violations` otherwise (nullopt).
std::optional<ReportPeriod> ParseReportPeriod(std::string_view period_start,
                                              std::string_view period_end,
                                              ViolationCollector& violations);

// A queued calculation; start <= end and a period of at most 10 years
// (ValidationError otherwise).
absl::StatusOr<RevenueCalculation> NewRevenueCalculation(std::string account_id, std::string id,
                                                         const RevenueCalculationInput& input,
                                                         absl::Time now);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_REVENUE_H_
