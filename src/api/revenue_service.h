#ifndef BILLING_API_REVENUE_SERVICE_H_
#define BILLING_API_REVENUE_SERVICE_H_

#include "api/authorization.h"
#include "app/revenue_calculations.h"
#include "billing/v1/revenue.grpc.pb.h"

namespace billing::api {

class RevenueCalculationServiceImpl final : public v1::RevenueCalculationService::Service {
 public:
  RevenueCalculationServiceImpl(app::RevenueCalculations& calculations,
                                const Authorizer& authorizer)
      : authorizer_(authorizer), calculations_(calculations) {}

  grpc::Status CreateRevenueCalculation(grpc::ServerContext* context,
                                        const v1::CreateRevenueCalculationRequest* request,
                                        v1::RevenueCalculation* response) override;
  grpc::Status GetRevenueCalculation(grpc::ServerContext* context,
                                     const v1::GetRevenueCalculationRequest* request,
                                     v1::RevenueCalculation* response) override;
  grpc::Status ListRevenueCalculations(grpc::ServerContext* context,
                                       const v1::ListRevenueCalculationsRequest* request,
                                       v1::ListRevenueCalculationsResponse* response) override;
  grpc::Status GetTaxReport(grpc::ServerContext* context, const v1::GetTaxReportRequest* request,
                            v1::TaxReport* response) override;
  grpc::Status GetReceivablesAging(grpc::ServerContext* context,
                                   const v1::GetReceivablesAgingRequest* request,
                                   v1::ReceivablesAging* response) override;

 private:
  const Authorizer& authorizer_;
  app::RevenueCalculations& calculations_;
};

}  // namespace billing::api

#endif  // BILLING_API_REVENUE_SERVICE_H_
