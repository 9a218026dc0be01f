#ifndef BILLING_API_CONVERT_REVENUE_H_
#define BILLING_API_CONVERT_REVENUE_H_

#include "billing/v1/revenue.pb.h"
#include "app/revenue_calculations.h"
#include "domain/revenue.h"

namespace billing::api {

domain::RevenueCalculationInput ToRevenueCalculationInput(const v1::RevenueCalculation& calc);
v1::RevenueCalculation ToProto(const domain::RevenueCalculation& calc);
v1::TaxReport ToProto(const app::TaxReport& report);
v1::ReceivablesAging ToProto(const app::ReceivablesAging& report);

}  // namespace billing::api

#endif  // BILLING_API_CONVERT_REVENUE_H_
