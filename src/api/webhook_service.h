#ifndef BILLING_API_WEBHOOK_SERVICE_H_
#define BILLING_API_WEBHOOK_SERVICE_H_

#include "api/authorization.h"
#include "app/webhooks.h"
#include "billing/v1/webhook.grpc.pb.h"

namespace billing::api {

class WebhookEndpointServiceImpl final : public v1::WebhookEndpointService::Service {
 public:
  WebhookEndpointServiceImpl(app::WebhookEndpoints& endpoints, const Authorizer& authorizer)
      : authorizer_(authorizer), endpoints_(endpoints) {}

  grpc::Status CreateWebhookEndpoint(grpc::ServerContext* context,
                                     const v1::CreateWebhookEndpointRequest* request,
                                     v1::WebhookEndpoint* response) override;
  grpc::Status GetWebhookEndpoint(grpc::ServerContext* context,
                                  const v1::GetWebhookEndpointRequest* request,
                                  v1::WebhookEndpoint* response) override;
  grpc::Status ListWebhookEndpoints(grpc::ServerContext* context,
                                    const v1::ListWebhookEndpointsRequest* request,
                                    v1::ListWebhookEndpointsResponse* response) override;
  grpc::Status UpdateWebhookEndpoint(grpc::ServerContext* context,
                                     const v1::UpdateWebhookEndpointRequest* request,
                                     v1::WebhookEndpoint* response) override;
  grpc::Status DeleteWebhookEndpoint(grpc::ServerContext* context,
                                     const v1::DeleteWebhookEndpointRequest* request,
                                     google::protobuf::Empty* response) override;
  grpc::Status RotateWebhookEndpointSecret(grpc::ServerContext* context,
                                           const v1::RotateWebhookEndpointSecretRequest* request,
                                           v1::WebhookEndpoint* response) override;
  grpc::Status ListWebhookDeliveries(grpc::ServerContext* context,
                                     const v1::ListWebhookDeliveriesRequest* request,
                                     v1::ListWebhookDeliveriesResponse* response) override;

 private:
  const Authorizer& authorizer_;
  app::WebhookEndpoints& endpoints_;
};

}  // namespace billing::api

#endif  // BILLING_API_WEBHOOK_SERVICE_H_
