// Webhook endpoint use cases: create (with its secret), read, update, delete,
// rotate the secret, and list what was delivered to an endpoint.
#ifndef BILLING_APP_WEBHOOKS_H_
#define BILLING_APP_WEBHOOKS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "app/call_context.h"
#include "app/ports/notifications.h"
#include "app/ports/store.h"
#include "domain/paging.h"
#include "domain/webhook.h"

namespace billing::app {

class WebhookEndpoints {
 public:
  // `sender` checks each URL (scheme, resolution, public addresses).
  WebhookEndpoints(Store& store, WebhookSender& sender, Clock clock)
      : store_(store), sender_(sender), clock_(std::move(clock)) {}

  // The answer is the only one that holds the secret.
  absl::StatusOr<domain::WebhookEndpoint> Create(const CallContext& ctx,
                                                 const domain::WebhookEndpointInput& input);
  // Without the secrets.
  absl::StatusOr<domain::WebhookEndpoint> Get(const CallContext& ctx, std::string_view id);
  absl::StatusOr<domain::Page<domain::WebhookEndpoint>> List(const CallContext& ctx, int page,
                                                             int page_size);
  // `paths`: url, event_types, description, enabled (VALIDATION_ERROR on
  // update_mask for any other, or none).
  absl::StatusOr<domain::WebhookEndpoint> Update(const CallContext& ctx, std::string_view id,
                                                 const domain::WebhookEndpointInput& input,
                                                 const std::vector<std::string>& paths);
  absl::Status Delete(const CallContext& ctx, std::string_view id);
  // The answer holds the new secret; the old one signs beside it for 24 h.
  absl::StatusOr<domain::WebhookEndpoint> RotateSecret(const CallContext& ctx,
                                                       std::string_view id);
  // page_token: a previous page's next_page_token (app/page_tokens.h).
  absl::StatusOr<domain::Page<domain::WebhookDelivery>> ListDeliveries(
      const CallContext& ctx, std::string_view id, int page, int page_size,
      std::string_view page_token = {});

 private:
  Store& store_;
  WebhookSender& sender_;
  Clock clock_;
};

// The endpoint as shown after creation: without its secrets.
domain::WebhookEndpoint WithoutSecrets(domain::WebhookEndpoint endpoint);

}  // namespace billing::app

#endif  // BILLING_APP_WEBHOOKS_H_
