#include "api/convert_revenue.h"

#include <utility>

#include "absl/strings/str_format.h"
#include "api/convert_common.h"
#include "api/etag.h"
#include "domain/dates.h"

namespace billing::api {
namespace {

v1::RevenueCalculationStatus ToProtoStatus(domain::CalculationStatus status) {
  switch (status) {
    case domain::CalculationStatus::kQueued: return v1::REVENUE_CALCULATION_STATUS_QUEUED;
    case domain::CalculationStatus::kRunning: return v1::REVENUE_CALCULATION_STATUS_RUNNING;
    case domain::CalculationStatus::kSucceeded: return v1::REVENUE_CALCULATION_STATUS_SUCCEEDED;
    case domain::CalculationStatus::kFailed: return v1::REVENUE_CALCULATION_STATUS_FAILED;
  }
  return v1::REVENUE_CALCULATION_STATUS_UNSPECIFIED;
}

void AddResult(const domain::CurrencyRevenue& result, v1::RevenueCalculation& out) {
  v1::CurrencyRevenue* revenue = out.add_results();
  revenue->set_currency(result.currency);
  revenue->set_recognized_amount(FormatMoney(result.recognized, result.currency));
  revenue->set_deferred_amount(FormatMoney(result.deferred, result.currency));
  for (const domain::MonthlyAmount& month : result.schedule) {
    v1::MonthlyRevenue* entry = revenue->add_schedule();
    entry->set_month(absl::StrFormat("%04d-%02d", month.month.year(), month.month.month()));
    entry->set_amount(FormatMoney(month.amount, result.currency));
  }
}

}  // namespace

domain::RevenueCalculationInput ToRevenueCalculationInput(const v1::RevenueCalculation& calc) {
  return {.period_start = calc.period_start(),
          .period_end = calc.period_end(),
          .customer_id = calc.customer_id()};
}

v1::RevenueCalculation ToProto(const domain::RevenueCalculation& calc) {
  v1::RevenueCalculation out;
  out.set_id(calc.id);
  out.set_status(ToProtoStatus(calc.status));
  out.set_period_start(domain::FormatDate(calc.period_start));
  out.set_period_end(domain::FormatDate(calc.period_end));
  out.set_customer_id(calc.customer_id);
  for (const domain::CurrencyRevenue& result : calc.results) AddResult(result, out);
  out.set_failure_reason(calc.failure_reason);
  SetTimestamp(calc.create_time, out.mutable_create_time());
  if (calc.start_time) SetTimestamp(*calc.start_time, out.mutable_start_time());
  if (calc.complete_time) SetTimestamp(*calc.complete_time, out.mutable_complete_time());
  return WithEtag(std::move(out));
}

}  // namespace billing::api
