#include "api/payment_service.h"

#include "api/convert_payment.h"
#include "api/handler_support.h"
#include "api/write_conditions.h"

namespace billing::api {

grpc::Status PaymentServiceImpl::CreatePayment(grpc::ServerContext* context,
                                               const v1::CreatePaymentRequest* request,
                                               v1::Payment* response) {
  absl::StatusOr<app::CallContext> caller = AuthorizeWrite(
      authorizer_, *context, auth::Scope::kInvoicesWrite, *request, request->etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(
      *context, *caller,
      payments_.Create(*caller, request->invoice_id(), ToPaymentInput(request->payment())),
      response, [&](domain::Payment payment) { *response = ToProto(payment); });
}

grpc::Status PaymentServiceImpl::GetPayment(grpc::ServerContext* context,
                                            const v1::GetPaymentRequest* request,
                                            v1::Payment* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kInvoicesRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context, payments_.Get(*caller, request->payment_id()),
               [&](domain::Payment payment) { *response = ToProto(payment); });
}

grpc::Status PaymentServiceImpl::ListPayments(grpc::ServerContext* context,
                                              const v1::ListPaymentsRequest* request,
                                              v1::ListPaymentsResponse* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kInvoicesRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  const app::PaymentFilter filter{.invoice_id = request->invoice_id(),
                                  .customer_id = request->customer_id()};
  return Reply(*context,
               payments_.List(*caller, request->page(), request->page_size(), filter,
                              request->page_token()),
               [&](domain::Page<domain::Payment> page) {
                 for (const domain::Payment& payment : page.items) {
                   *response->add_payments() = ToProto(payment);
                 }
                 FillPaging(page, *response);
               });
}

}  // namespace billing::api
