#include "api/tax_rate_service.h"

#include <optional>

#include "api/convert_common.h"
#include "api/convert_tax_rate.h"
#include "api/handler_support.h"
#include "api/write_conditions.h"

namespace billing::api {

using domain::TaxRate;

namespace {

// `active` when the caller set it (field presence), else nullopt.
std::optional<bool> ActiveOf(const v1::TaxRate& rate) {
  return rate.has_active() ? std::optional<bool>(rate.active()) : std::nullopt;
}

}  // namespace

grpc::Status TaxRateServiceImpl::CreateTaxRate(grpc::ServerContext* context,
                                               const v1::CreateTaxRateRequest* request,
                                               v1::TaxRate* response) {
  absl::StatusOr<app::CallContext> caller =
      AuthorizeWrite(authorizer_, *context, auth::Scope::kTaxRatesWrite, *request);
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(*context, *caller,
                    tax_rates_.Create(*caller, ToTaxRateInput(request->tax_rate()),
                                      ActiveOf(request->tax_rate())),
                    response, [&](TaxRate rate) { *response = ToProto(rate); });
}

grpc::Status TaxRateServiceImpl::GetTaxRate(grpc::ServerContext* context,
                                            const v1::GetTaxRateRequest* request,
                                            v1::TaxRate* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kTaxRatesRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context, tax_rates_.Get(*caller, request->tax_rate_id()),
               [&](TaxRate rate) { *response = ToProto(rate); });
}

grpc::Status TaxRateServiceImpl::ListTaxRates(grpc::ServerContext* context,
                                              const v1::ListTaxRatesRequest* request,
                                              v1::ListTaxRatesResponse* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kTaxRatesRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  const std::optional<bool> active =
      request->has_active() ? std::optional<bool>(request->active()) : std::nullopt;
  return Reply(*context,
               tax_rates_.List(*caller, request->page(), request->page_size(),
                               request->page_token(), active),
               [&](domain::Page<TaxRate> page) {
                 for (const TaxRate& rate : page.items) *response->add_tax_rates() = ToProto(rate);
                 FillPaging(page, *response);
               });
}

grpc::Status TaxRateServiceImpl::UpdateTaxRate(grpc::ServerContext* context,
                                               const v1::UpdateTaxRateRequest* request,
                                               v1::TaxRate* response) {
  absl::StatusOr<app::CallContext> caller = AuthorizeWrite(
      authorizer_, *context, auth::Scope::kTaxRatesWrite, *request, request->tax_rate().etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(*context, *caller,
                    tax_rates_.Update(*caller, request->tax_rate_id(),
                                      ToTaxRateInput(request->tax_rate()),
                                      ActiveOf(request->tax_rate()),
                                      MaskPaths(request->update_mask())),
                    response, [&](TaxRate rate) { *response = ToProto(rate); });
}

}  // namespace billing::api
