#include "api/convert_webhook.h"

#include <optional>
#include <utility>

#include "api/convert_common.h"
#include "api/etag.h"

namespace billing::api {

domain::WebhookEndpointInput ToWebhookEndpointInput(const v1::WebhookEndpoint& endpoint) {
  return domain::WebhookEndpointInput{
      .url = endpoint.url(),
      .event_types =
          std::vector<std::string>(endpoint.event_types().begin(), endpoint.event_types().end()),
      .description = endpoint.description(),
      .enabled = endpoint.has_enabled() ? std::optional<bool>(endpoint.enabled()) : std::nullopt,
  };
}

v1::WebhookEndpoint ToProto(const domain::WebhookEndpoint& endpoint) {
  v1::WebhookEndpoint out;
  out.set_id(endpoint.id);
  out.set_url(endpoint.url);
  for (const std::string& type : endpoint.event_types) out.add_event_types(type);
  out.set_description(endpoint.description);
  out.set_enabled(endpoint.enabled);
  out.set_disabled_reason(endpoint.disabled_reason);
  if (endpoint.disable_time.has_value()) {
    SetTimestamp(*endpoint.disable_time, out.mutable_disable_time());
  }
  SetTimestamp(endpoint.create_time, out.mutable_create_time());
  SetTimestamp(endpoint.update_time, out.mutable_update_time());
  // The etag leaves the secret out: the answers that show it (create,
  // rotate-secret) and those that do not name the same version alike.
  out = WithEtag(std::move(out));
  out.set_secret(endpoint.secret);
  return out;
}

v1::WebhookDelivery ToProto(const domain::WebhookDelivery& delivery) {
  v1::WebhookDelivery out;
  out.set_id(delivery.id);
  out.set_webhook_endpoint_id(delivery.endpoint_id);
  out.set_event_id(delivery.event_id);
  out.set_event_type(delivery.event_type);
  switch (delivery.status) {
    case domain::DeliveryStatus::kPending:
      out.set_status(v1::WEBHOOK_DELIVERY_STATUS_PENDING);
      break;
    case domain::DeliveryStatus::kSucceeded:
      out.set_status(v1::WEBHOOK_DELIVERY_STATUS_SUCCEEDED);
      break;
    case domain::DeliveryStatus::kFailed:
      out.set_status(v1::WEBHOOK_DELIVERY_STATUS_FAILED);
      break;
  }
  out.set_attempts(delivery.attempts);
  out.set_last_status_code(delivery.last_status_code);
  out.set_last_error(delivery.last_error);
  if (delivery.status == domain::DeliveryStatus::kPending && delivery.next_attempt_time) {
    SetTimestamp(*delivery.next_attempt_time, out.mutable_next_attempt_time());
  }
  SetTimestamp(delivery.create_time, out.mutable_create_time());
  if (delivery.complete_time.has_value()) {
    SetTimestamp(*delivery.complete_time, out.mutable_complete_time());
  }
  return out;
}

}  // namespace billing::api
