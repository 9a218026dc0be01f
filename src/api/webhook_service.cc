#include "api/webhook_service.h"

#include "api/convert_common.h"
#include "api/convert_webhook.h"
#include "api/handler_support.h"
#include "api/write_conditions.h"

namespace billing::api {

using domain::WebhookDelivery;
using domain::WebhookEndpoint;

#define BILLING_AUTHORIZE(scope)                                                      \
  absl::StatusOr<app::CallContext> caller = authorizer_.Authorize(*context, (scope)); \
  if (!caller.ok()) return Reply(*context, caller.status())

// The same for a write: its idempotency key and `etag` (or if-match).
#define BILLING_AUTHORIZE_WRITE(etag)                                                    \
  absl::StatusOr<app::CallContext> caller = AuthorizeWrite(                              \
      authorizer_, *context, auth::Scope::kWebhooksWrite, *request, (etag));             \
  if (!caller.ok()) return Reply(*context, caller.status())

grpc::Status WebhookEndpointServiceImpl::CreateWebhookEndpoint(
    grpc::ServerContext* context, const v1::CreateWebhookEndpointRequest* request,
    v1::WebhookEndpoint* response) {
  BILLING_AUTHORIZE_WRITE("");
  // `enabled` has presence: unset is enabled (WebhookEndpoints::Create),
  // an explicit false is honoured.
  const domain::WebhookEndpointInput input = ToWebhookEndpointInput(request->webhook_endpoint());
  return ReplyWrite(*context, *caller, endpoints_.Create(*caller, input), response,
                    [&](WebhookEndpoint endpoint) { *response = ToProto(endpoint); });
}

grpc::Status WebhookEndpointServiceImpl::GetWebhookEndpoint(
    grpc::ServerContext* context, const v1::GetWebhookEndpointRequest* request,
    v1::WebhookEndpoint* response) {
  BILLING_AUTHORIZE(auth::Scope::kWebhooksRead);
  return Reply(*context, endpoints_.Get(*caller, request->webhook_endpoint_id()),
               [&](WebhookEndpoint endpoint) { *response = ToProto(endpoint); });
}

grpc::Status WebhookEndpointServiceImpl::ListWebhookEndpoints(
    grpc::ServerContext* context, const v1::ListWebhookEndpointsRequest* request,
    v1::ListWebhookEndpointsResponse* response) {
  BILLING_AUTHORIZE(auth::Scope::kWebhooksRead);
  return Reply(*context, endpoints_.List(*caller, request->page(), request->page_size()),
               [&](domain::Page<WebhookEndpoint> page) {
                 for (const WebhookEndpoint& e : page.items) {
                   *response->add_webhook_endpoints() = ToProto(e);
                 }
                 FillPaging(page, *response);
               });
}

grpc::Status WebhookEndpointServiceImpl::UpdateWebhookEndpoint(
    grpc::ServerContext* context, const v1::UpdateWebhookEndpointRequest* request,
    v1::WebhookEndpoint* response) {
  BILLING_AUTHORIZE_WRITE(request->webhook_endpoint().etag());
  return ReplyWrite(*context, *caller,
                    endpoints_.Update(*caller, request->webhook_endpoint_id(),
                                      ToWebhookEndpointInput(request->webhook_endpoint()),
                                      MaskPaths(request->update_mask())),
                    response, [&](WebhookEndpoint endpoint) { *response = ToProto(endpoint); });
}

grpc::Status WebhookEndpointServiceImpl::DeleteWebhookEndpoint(
    grpc::ServerContext* context, const v1::DeleteWebhookEndpointRequest* request,
    google::protobuf::Empty* /*response*/) {
  BILLING_AUTHORIZE_WRITE(request->etag());
  return ReplyWrite(*context, *caller, endpoints_.Delete(*caller, request->webhook_endpoint_id()));
}

grpc::Status WebhookEndpointServiceImpl::RotateWebhookEndpointSecret(
    grpc::ServerContext* context, const v1::RotateWebhookEndpointSecretRequest* request,
    v1::WebhookEndpoint* response) {
  BILLING_AUTHORIZE_WRITE(request->etag());
  return ReplyWrite(*context, *caller,
                    endpoints_.RotateSecret(*caller, request->webhook_endpoint_id()), response,
                    [&](WebhookEndpoint endpoint) { *response = ToProto(endpoint); });
}

grpc::Status WebhookEndpointServiceImpl::ListWebhookDeliveries(
    grpc::ServerContext* context, const v1::ListWebhookDeliveriesRequest* request,
    v1::ListWebhookDeliveriesResponse* response) {
  BILLING_AUTHORIZE(auth::Scope::kWebhooksRead);
  return Reply(*context,
               endpoints_.ListDeliveries(*caller, request->webhook_endpoint_id(), request->page(),
                                         request->page_size(), request->page_token()),
               [&](domain::Page<WebhookDelivery> page) {
                 for (const WebhookDelivery& d : page.items) {
                   *response->add_webhook_deliveries() = ToProto(d);
                 }
                 FillPaging(page, *response);
               });
}

}  // namespace billing::api
