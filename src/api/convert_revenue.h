#ifndef BILLING_API_CONVERT_REVENUE_H_
#define BILLING_API_CONVERT_REVENUE_H_

#include "billing/v1/revenue.pb.h"
#include "domain/revenue.h"

namespace billing::api {

domain::RevenueCalculationInput ToRevenueCalculationInput(const v1::RevenueCalculation& calc);
v1::RevenueCalculation ToProto(const domain::RevenueCalculation& calc);

}  // namespace billing::api

#endif  // BILLING_API_CONVERT_REVENUE_H_
