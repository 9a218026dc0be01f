#include "domain/revenue.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/error.h"
#include "domain/ids.h"
#include "domain/invoice_totals.h"
#include "domain/rounding.h"

namespace billing::domain {
namespace {


// Ten years of the longest kind (three leap days) with room to spare.
constexpr int64_t kMaxPeriodDays = 3660;

absl::CivilDay FirstDay(absl::CivilMonth month) { return absl::CivilDay(month); }
absl::CivilDay LastDay(absl::CivilMonth month) { return absl::CivilDay(month + 1) - 1; }

// The day an invoice was processed, in UTC; an invoice read back without a
// process time (it should not happen for pending or paid) falls back to its
// creation day rather than vanishing from revenue.
absl::CivilDay ProcessDay(const Invoice& invoice) {
  absl::Time when = invoice.process_time.value_or(invoice.create_time);
  return absl::ToCivilDay(when, absl::UTCTimeZone());
}

}  // namespace

std::vector<RecognizableAmount> RecognizableAmounts(const Invoice& invoice) {
  // A write-off is an expense: the sale of an uncollectible invoice stands.
  if (invoice.status != InvoiceStatus::kPending && invoice.status != InvoiceStatus::kPaid &&
      invoice.status != InvoiceStatus::kUncollectible) {
    return {};
  }
  return RecognizableAmountsAsInvoiced(invoice);
}

std::vector<RecognizableAmount> RecognizableAmountsAsInvoiced(const Invoice& invoice) {
  const absl::CivilDay process_day = ProcessDay(invoice);
  std::vector<RecognizableAmount> items;
  if (invoice.line_items.empty()) {
    items.push_back({invoice.currency, invoice.amount, process_day, process_day});
    return items;
  }
  // Revenue is each line's net: after its discount, without tax (which is
  // owed to the tax authority). Without tax or discount it is the amount.
  absl::StatusOr<InvoiceTotals> totals = TotalsOfLines(invoice.line_items);
  items.reserve(invoice.line_items.size());
  for (size_t i = 0; i < invoice.line_items.size(); ++i) {
    const LineItem& line = invoice.line_items[i];
    const int64_t net = totals.ok() ? totals->tax.lines[i].net : line.amount;
    if (net == 0) continue;  // a free line recognizes nothing
    if (line.service_period_start.has_value() && line.service_period_end.has_value()) {
      items.push_back({invoice.currency, net, *line.service_period_start,
                       *line.service_period_end});
    } else {
      items.push_back({invoice.currency, net, process_day, process_day});
    }
  }
  return items;
}

int64_t CumulativeRecognized(const RecognizableAmount& item, absl::CivilDay day) {
  if (day < item.start) return 0;
  if (day >= item.end) return item.amount;
  // Both ends inclusive: a period from the 1st to the 3rd has 3 days, and by
  // the end of the 1st one of them has elapsed.
  const __int128 total_days = (item.end - item.start) + 1;
  const __int128 days_elapsed = (day - item.start) + 1;
  return static_cast<int64_t>(DivideRoundingHalfUp(__int128{item.amount} * days_elapsed, total_days));
}

std::vector<MonthlyAmount> MonthlySchedule(const RecognizableAmount& item) {
  std::vector<MonthlyAmount> schedule;
  for (absl::CivilMonth month(item.start); month <= absl::CivilMonth(item.end); ++month) {
    // Differences of the cumulative function: the pieces telescope to the
    // whole amount, so rounding never creates or loses a minor unit.
    const int64_t amount = CumulativeRecognized(item, std::min(LastDay(month), item.end)) -
                           CumulativeRecognized(item, FirstDay(month) - 1);
    schedule.push_back({month, amount});
  }
  return schedule;
}

void RevenueAccumulator::Add(const RecognizableAmount& item) {
  auto [it, inserted] = by_currency_.try_emplace(item.currency);
  CurrencyRevenue& revenue = it->second;
  if (inserted) {
    revenue.currency = item.currency;
    const absl::CivilMonth last_month(period_end_);
    for (absl::CivilMonth month(period_start_); month <= last_month; ++month) {
      revenue.schedule.push_back({month, 0});
    }
  }
  const int64_t by_end = CumulativeRecognized(item, period_end_);
  revenue.recognized += by_end - CumulativeRecognized(item, period_start_ - 1);
  revenue.deferred += item.amount - by_end;
  for (MonthlyAmount& entry : revenue.schedule) {
    const absl::CivilDay from = std::max(FirstDay(entry.month), period_start_);
    const absl::CivilDay to = std::min(LastDay(entry.month), period_end_);
    entry.amount += CumulativeRecognized(item, to) - CumulativeRecognized(item, from - 1);
  }
}

std::vector<CurrencyRevenue> RevenueAccumulator::Results() && {
  std::vector<CurrencyRevenue> results;
  results.reserve(by_currency_.size());
  for (auto& [currency, revenue] : by_currency_) results.push_back(std::move(revenue));
  return results;
}

std::vector<CurrencyRevenue> CalculateRevenue(const std::vector<RecognizableAmount>& items,
                                              absl::CivilDay period_start,
                                              absl::CivilDay period_end) {
  RevenueAccumulator accumulator(period_start, period_end);
  for (const RecognizableAmount& item : items) accumulator.Add(item);
  return std::move(accumulator).Results();
}

std::string_view CalculationStatusName(CalculationStatus status) {
  switch (status) {
    case CalculationStatus::kQueued: return "queued";
    case CalculationStatus::kRunning: return "running";
    case CalculationStatus::kSucceeded: return "succeeded";
    case CalculationStatus::kFailed: return "failed";
  }
  return "queued";
}

std::optional<CalculationStatus> CalculationStatusFromName(std::string_view name) {
  for (CalculationStatus status : {CalculationStatus::kQueued, CalculationStatus::kRunning,
                                   CalculationStatus::kSucceeded, CalculationStatus::kFailed}) {
    if (CalculationStatusName(status) == name) return status;
  }
  return std::nullopt;
}

std::optional<ReportPeriod> ParseReportPeriod(std::string_view period_start,
                                              std::string_view period_end,
                                              ViolationCollector& violations) {
  auto parse = [&](const char* field, std::string_view text) -> std::optional<absl::CivilDay> {
    if (text.empty()) {
      violations.Add(field, "is required (YYYY-MM-DD)");
      return std::nullopt;
    }
    absl::StatusOr<absl::CivilDay> day = ParseDate(text);
    if (!day.ok()) {
      violations.AddStatus(field, day.status());
      return std::nullopt;
    }
    return *day;
  };
  std::optional<absl::CivilDay> start = parse("period_start", period_start);
  std::optional<absl::CivilDay> end = parse("period_end", period_end);
  if (!start.has_value() || !end.has_value()) return std::nullopt;
  if (*end < *start) {
    violations.Add("period_end", absl::StrCat("must not be before period_start (",
                                              FormatDate(*start), ")"));
    return std::nullopt;
  }
  if ((*end - *start) + 1 > kMaxPeriodDays) {
    violations.Add("period_end",
                   absl::StrCat("must be at most ", kMaxPeriodDays,
                                " days (about 10 years) after period_start"));
    return std::nullopt;
  }
  return ReportPeriod{*start, *end};
}

absl::StatusOr<RevenueCalculation> NewRevenueCalculation(std::string account_id, std::string id,
                                                         const RevenueCalculationInput& input,
                                                         absl::Time now) {
  ViolationCollector violations;
  const std::optional<ReportPeriod> period =
      ParseReportPeriod(input.period_start, input.period_end, violations);
  if (!input.customer_id.empty() && !IsValidClientId(input.customer_id)) {
    violations.Add("customer_id",
                   "must be empty (every customer) or a customer id: 1-64 characters of "
                   "A-Z, a-z, 0-9, _ and -");
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;

  RevenueCalculation calculation;
  calculation.account_id = std::move(account_id);
  calculation.id = std::move(id);
  calculation.status = CalculationStatus::kQueued;
  calculation.period_start = period->start;
  calculation.period_end = period->end;
  calculation.customer_id = input.customer_id;
  calculation.create_time = now;
  return calculation;
}

}  // namespace billing::domain
