#include "api/convert_revenue.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_format.h"
#include "api/convert_common.h"
#include "api/etag.h"
#include "domain/aging.h"
#include "domain/dates.h"
#include "domain/tax_report.h"

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

namespace {

v1::TaxAmounts ToProto(const domain::TaxAmounts& amounts, std::string_view currency) {
  v1::TaxAmounts out;
  out.set_taxable_amount(FormatMoney(amounts.taxable_amount, currency));
  out.set_tax_amount(FormatMoney(amounts.tax_amount, currency));
  return out;
}

}  // namespace

v1::TaxReport ToProto(const app::TaxReport& report) {
  v1::TaxReport out;
  out.set_period_start(domain::FormatDate(report.period.start));
  out.set_period_end(domain::FormatDate(report.period.end));
  for (const domain::CurrencyTaxReport& result : report.results) {
    v1::CurrencyTaxReport* currency = out.add_results();
    currency->set_currency(result.currency);
    for (const domain::TaxReportRow& row : result.rows) {
      v1::TaxReportRow* entry = currency->add_rows();
      entry->set_country(row.country);
      entry->set_category(std::string(domain::TaxCategoryCode(row.category)));
      entry->set_percentage(domain::FormatPercentage(row.percentage));
      *entry->mutable_invoiced() = ToProto(row.invoiced, result.currency);
      *entry->mutable_credited() = ToProto(row.credited, result.currency);
      *entry->mutable_cancelled() = ToProto(row.cancelled, result.currency);
      *entry->mutable_net() = ToProto(row.net, result.currency);
    }
    *currency->mutable_net() = ToProto(result.net, result.currency);
  }
  return out;
}

namespace {

v1::AgingAmounts ToProto(const domain::AgingAmounts& amounts, std::string_view currency) {
  v1::AgingAmounts out;
  for (size_t i = 0; i < domain::kAgingBucketCount; ++i) {
    v1::AgingBucketAmount* bucket = out.add_buckets();
    bucket->set_bucket(std::string(domain::AgingBucketName(static_cast<domain::AgingBucket>(i))));
    bucket->set_amount(FormatMoney(amounts.buckets[i], currency));
  }
  out.set_total(FormatMoney(amounts.total, currency));
  return out;
}

}  // namespace

v1::ReceivablesAging ToProto(const app::ReceivablesAging& report) {
  v1::ReceivablesAging out;
  out.set_as_of(domain::FormatDate(report.as_of));
  for (const domain::CurrencyAging& result : report.results) {
    v1::CurrencyAging* currency = out.add_results();
    currency->set_currency(result.currency);
    for (const domain::CustomerAging& customer : result.customers) {
      v1::CustomerAging* entry = currency->add_customers();
      entry->set_customer_id(customer.customer_id);
      *entry->mutable_amounts() = ToProto(customer.amounts, result.currency);
    }
    *currency->mutable_totals() = ToProto(result.totals, result.currency);
  }
  return out;
}

}  // namespace billing::api
