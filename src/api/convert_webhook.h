#ifndef BILLING_API_CONVERT_WEBHOOK_H_
#define BILLING_API_CONVERT_WEBHOOK_H_

#include "billing/v1/webhook.pb.h"
#include "domain/webhook.h"

namespace billing::api {

// Every writable field; the use case picks those the mask names.
domain::WebhookEndpointInput ToWebhookEndpointInput(const v1::WebhookEndpoint& endpoint);
// `secret` is set only when the endpoint carries one (create, rotate).
v1::WebhookEndpoint ToProto(const domain::WebhookEndpoint& endpoint);
v1::WebhookDelivery ToProto(const domain::WebhookDelivery& delivery);

}  // namespace billing::api

#endif  // BILLING_API_CONVERT_WEBHOOK_H_
