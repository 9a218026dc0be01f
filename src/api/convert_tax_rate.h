// billing.v1.TaxRate <-> domain::TaxRate.
#ifndef BILLING_API_CONVERT_TAX_RATE_H_
#define BILLING_API_CONVERT_TAX_RATE_H_

#include "billing/v1/tax_rate.pb.h"
#include "domain/tax_rate_resource.h"

namespace billing::api {

// The category as its UNCL5305 code: "" when unspecified (the domain says
// it is required), the number itself when unknown (the domain names it).
domain::TaxRateInput ToTaxRateInput(const v1::TaxRate& rate);
v1::TaxRate ToProto(const domain::TaxRate& rate);

}  // namespace billing::api

#endif  // BILLING_API_CONVERT_TAX_RATE_H_
