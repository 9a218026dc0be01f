#ifndef BILLING_API_TAX_RATE_SERVICE_H_
#define BILLING_API_TAX_RATE_SERVICE_H_

#include "api/authorization.h"
#include "app/tax_rates.h"
#include "billing/v1/tax_rate.grpc.pb.h"

namespace billing::api {

class TaxRateServiceImpl final : public v1::TaxRateService::Service {
 public:
  TaxRateServiceImpl(app::TaxRates& tax_rates, const Authorizer& authorizer)
      : authorizer_(authorizer), tax_rates_(tax_rates) {}

  grpc::Status CreateTaxRate(grpc::ServerContext* context,
                             const v1::CreateTaxRateRequest* request,
                             v1::TaxRate* response) override;
  grpc::Status GetTaxRate(grpc::ServerContext* context, const v1::GetTaxRateRequest* request,
                          v1::TaxRate* response) override;
  grpc::Status ListTaxRates(grpc::ServerContext* context,
                            const v1::ListTaxRatesRequest* request,
                            v1::ListTaxRatesResponse* response) override;
  grpc::Status UpdateTaxRate(grpc::ServerContext* context,
                             const v1::UpdateTaxRateRequest* request,
                             v1::TaxRate* response) override;

 private:
  const Authorizer& authorizer_;
  app::TaxRates& tax_rates_;
};

}  // namespace billing::api

#endif  // BILLING_API_TAX_RATE_SERVICE_H_
