// Port: webhook endpoints and their deliveries (domain/webhook.h).
#ifndef BILLING_APP_PORTS_WEBHOOK_REPOSITORY_H_
#define BILLING_APP_PORTS_WEBHOOK_REPOSITORY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/paging.h"
#include "domain/webhook.h"

namespace billing::app {

class WebhookRepository {
 public:
  virtual ~WebhookRepository() = default;

  virtual absl::Status InsertEndpoint(const domain::WebhookEndpoint& endpoint) = 0;
  // WEBHOOK_ENDPOINT_NOT_FOUND when absent.
  virtual absl::Status UpdateEndpoint(const domain::WebhookEndpoint& endpoint) = 0;
  // WEBHOOK_ENDPOINT_NOT_FOUND when absent; locked until commit in a write.
  virtual absl::StatusOr<domain::WebhookEndpoint> GetEndpoint(std::string_view account_id,
                                                              std::string_view endpoint_id) = 0;
  // Deletes its deliveries too. WEBHOOK_ENDPOINT_NOT_FOUND when absent.
  virtual absl::Status DeleteEndpoint(std::string_view account_id,
                                      std::string_view endpoint_id) = 0;
  // Oldest first.
  virtual absl::StatusOr<domain::Page<domain::WebhookEndpoint>> ListEndpoints(
      std::string_view account_id, const domain::PageRequest& page) = 0;
  // The account's enabled endpoints, for fanning an event out. Read once
  // per transaction: later calls in it give the first read's answer, unless
  // the transaction wrote an endpoint since (so all of its events go to the
  // same endpoints, and a write path may read them before taking its locks).
  virtual absl::StatusOr<std::vector<domain::WebhookEndpoint>> ListEnabledEndpoints(
      std::string_view account_id) = 0;

  virtual absl::Status InsertDelivery(const domain::WebhookDelivery& delivery) = 0;
  virtual absl::Status UpdateDelivery(const domain::WebhookDelivery& delivery) = 0;
  // Newest first.
  virtual absl::StatusOr<domain::Page<domain::WebhookDelivery>> ListDeliveries(
      std::string_view account_id, std::string_view endpoint_id,
      const domain::PageRequest& page) = 0;
  // The pending delivery due longest ago (next_attempt_time <= now) of any
  // account's endpoint whose id is not in `busy_endpoint_ids` (a disabled
  // endpoint's too: the dispatcher fails those, saying why), with
  // its next_attempt_time moved to `lease_until` (so that no other worker,
  // here or in another replica, takes it meanwhile; if this one dies it is
  // due again then). nullopt when none is due. Replicas skip each other's
  // locked rows instead of waiting.
  virtual absl::StatusOr<std::optional<domain::WebhookDelivery>> ClaimDueDelivery(
      absl::Time now, absl::Time lease_until, const std::vector<std::string>& busy_endpoint_ids) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_WEBHOOK_REPOSITORY_H_
