#include "api/customer_service.h"

#include "api/convert_common.h"
#include "api/convert_customer.h"
#include "api/handler_support.h"
#include "api/write_conditions.h"

namespace billing::api {

using domain::Customer;

grpc::Status CustomerServiceImpl::CreateCustomer(grpc::ServerContext* context,
                                                 const v1::CreateCustomerRequest* request,
                                                 v1::Customer* response) {
  absl::StatusOr<app::CallContext> caller =
      AuthorizeWrite(authorizer_, *context, auth::Scope::kCustomersWrite, *request);
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(
      *context, *caller,
      customers_.Create(*caller, request->customer().id(), ToCustomerInput(request->customer())),
      response, [&](Customer customer) { *response = ToProto(customer); });
}

grpc::Status CustomerServiceImpl::GetCustomer(grpc::ServerContext* context,
                                              const v1::GetCustomerRequest* request,
                                              v1::Customer* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kCustomersRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context, customers_.Get(*caller, request->customer_id()),
               [&](Customer customer) { *response = ToProto(customer); });
}

grpc::Status CustomerServiceImpl::ListCustomers(grpc::ServerContext* context,
                                                const v1::ListCustomersRequest* request,
                                                v1::ListCustomersResponse* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kCustomersRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context,
               customers_.List(*caller, request->page(), request->page_size(),
                               request->page_token()),
               [&](domain::Page<Customer> page) {
                 for (const Customer& customer : page.items) {
                   *response->add_customers() = ToProto(customer);
                 }
                 FillPaging(page, *response);
               });
}

grpc::Status CustomerServiceImpl::ReplaceCustomer(grpc::ServerContext* context,
                                                  const v1::ReplaceCustomerRequest* request,
                                                  v1::ReplaceCustomerResponse* response) {
  absl::StatusOr<app::CallContext> caller = AuthorizeWrite(
      authorizer_, *context, auth::Scope::kCustomersWrite, *request, request->customer().etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(
      *context, *caller,
      customers_.Replace(*caller, request->customer_id(), ToCustomerInput(request->customer())),
      response, [&](app::ReplacedCustomer result) {
        *response->mutable_customer() = ToProto(result.customer);
        response->set_created(result.created);
      });
}

grpc::Status CustomerServiceImpl::UpdateCustomer(grpc::ServerContext* context,
                                                 const v1::UpdateCustomerRequest* request,
                                                 v1::Customer* response) {
  absl::StatusOr<app::CallContext> caller = AuthorizeWrite(
      authorizer_, *context, auth::Scope::kCustomersWrite, *request, request->customer().etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(
      *context, *caller,
      customers_.Update(*caller, request->customer_id(), ToCustomerInput(request->customer()),
                        MaskPaths(request->update_mask())),
      response, [&](Customer customer) { *response = ToProto(customer); });
}

grpc::Status CustomerServiceImpl::DeleteCustomer(grpc::ServerContext* context,
                                                 const v1::DeleteCustomerRequest* request,
                                                 google::protobuf::Empty* /*response*/) {
  absl::StatusOr<app::CallContext> caller = AuthorizeWrite(
      authorizer_, *context, auth::Scope::kCustomersWrite, *request, request->etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(*context, *caller, customers_.Delete(*caller, request->customer_id()));
}

}  // namespace billing::api
