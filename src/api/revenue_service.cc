#include "api/revenue_service.h"

#include "api/convert_revenue.h"
#include "api/handler_support.h"
#include "api/write_conditions.h"

namespace billing::api {

using domain::RevenueCalculation;

grpc::Status RevenueCalculationServiceImpl::CreateRevenueCalculation(
    grpc::ServerContext* context, const v1::CreateRevenueCalculationRequest* request,
    v1::RevenueCalculation* response) {
  absl::StatusOr<app::CallContext> caller =
      AuthorizeWrite(authorizer_, *context, auth::Scope::kRevenueWrite, *request);
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(
      *context, *caller,
      calculations_.Create(*caller, ToRevenueCalculationInput(request->revenue_calculation())),
      response, [&](RevenueCalculation calc) { *response = ToProto(calc); });
}

grpc::Status RevenueCalculationServiceImpl::GetRevenueCalculation(
    grpc::ServerContext* context, const v1::GetRevenueCalculationRequest* request,
    v1::RevenueCalculation* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kRevenueRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context,
               calculations_.Get(*caller, request->revenue_calculation_id()),
               [&](RevenueCalculation calc) { *response = ToProto(calc); });
}

grpc::Status RevenueCalculationServiceImpl::ListRevenueCalculations(
    grpc::ServerContext* context, const v1::ListRevenueCalculationsRequest* request,
    v1::ListRevenueCalculationsResponse* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kRevenueRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context,
               calculations_.List(*caller, request->page(), request->page_size(),
                                  request->page_token()),
               [&](domain::Page<RevenueCalculation> page) {
                 for (const RevenueCalculation& calc : page.items) {
                   *response->add_revenue_calculations() = ToProto(calc);
                 }
                 FillPaging(page, *response);
               });
}

grpc::Status RevenueCalculationServiceImpl::GetTaxReport(grpc::ServerContext* context,
                                                         const v1::GetTaxReportRequest* request,
                                                         v1::TaxReport* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kRevenueRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context,
               calculations_.GetTaxReport(*caller, request->period_start(), request->period_end()),
               [&](app::TaxReport report) { *response = ToProto(report); });
}

grpc::Status RevenueCalculationServiceImpl::GetReceivablesAging(
    grpc::ServerContext* context, const v1::GetReceivablesAgingRequest* request,
    v1::ReceivablesAging* response) {
  // invoices:read: it shows what invoices still owe, not revenue.
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kInvoicesRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context,
               calculations_.GetReceivablesAging(*caller, request->as_of(), request->currency()),
               [&](app::ReceivablesAging report) { *response = ToProto(report); });
}

}  // namespace billing::api
