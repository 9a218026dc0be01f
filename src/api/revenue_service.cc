#include "api/revenue_service.h"

#include "api/convert_revenue.h"
#include "api/handler_support.h"

namespace billing::api {

using domain::RevenueCalculation;

grpc::Status RevenueCalculationServiceImpl::CreateRevenueCalculation(
    grpc::ServerContext* context, const v1::CreateRevenueCalculationRequest* request,
    v1::RevenueCalculation* response) {
  return Reply(*context,
               calculations_.Create(CallContextOf(*context),
                                    ToRevenueCalculationInput(request->revenue_calculation())),
               [&](RevenueCalculation calc) { *response = ToProto(calc); });
}

grpc::Status RevenueCalculationServiceImpl::GetRevenueCalculation(
    grpc::ServerContext* context, const v1::GetRevenueCalculationRequest* request,
    v1::RevenueCalculation* response) {
  return Reply(*context,
               calculations_.Get(CallContextOf(*context), request->revenue_calculation_id()),
               [&](RevenueCalculation calc) { *response = ToProto(calc); });
}

grpc::Status RevenueCalculationServiceImpl::ListRevenueCalculations(
    grpc::ServerContext* context, const v1::ListRevenueCalculationsRequest* request,
    v1::ListRevenueCalculationsResponse* response) {
  return Reply(*context,
               calculations_.List(CallContextOf(*context), request->page(), request->page_size()),
               [&](domain::Page<RevenueCalculation> page) {
                 for (const RevenueCalculation& calc : page.items) {
                   *response->add_revenue_calculations() = ToProto(calc);
                 }
                 FillPaging(page, *response);
               });
}

}  // namespace billing::api
