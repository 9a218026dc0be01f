// Webhook endpoints and deliveries in SQLite.
#ifndef BILLING_STORAGE_SQLITE_WEBHOOK_REPOSITORY_H_
#define BILLING_STORAGE_SQLITE_WEBHOOK_REPOSITORY_H_

#include "app/ports/webhook_repository.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

class SqliteWebhooks : public app::WebhookRepository {
 public:
  explicit SqliteWebhooks(Connection& c) : c_(c) {}
  absl::Status InsertEndpoint(const domain::WebhookEndpoint& endpoint) override;
  absl::Status UpdateEndpoint(const domain::WebhookEndpoint& endpoint) override;
  absl::StatusOr<domain::WebhookEndpoint> GetEndpoint(std::string_view account_id,
                                                      std::string_view endpoint_id) override;
  absl::Status DeleteEndpoint(std::string_view account_id, std::string_view endpoint_id) override;
  absl::StatusOr<domain::Page<domain::WebhookEndpoint>> ListEndpoints(
      std::string_view account_id, const domain::PageRequest& page) override;
  absl::StatusOr<std::vector<domain::WebhookEndpoint>> ListEnabledEndpoints(
      std::string_view account_id) override;
  absl::Status InsertDelivery(const domain::WebhookDelivery& delivery) override;
  absl::Status UpdateDelivery(const domain::WebhookDelivery& delivery) override;
  absl::StatusOr<domain::Page<domain::WebhookDelivery>> ListDeliveries(
      std::string_view account_id, std::string_view endpoint_id,
      const domain::PageRequest& page) override;
  absl::StatusOr<std::optional<domain::WebhookDelivery>> ClaimDueDelivery(
      absl::Time now, absl::Time lease_until,
      const std::vector<std::string>& busy_endpoint_ids) override;

 private:
  Connection& c_;
};

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_WEBHOOK_REPOSITORY_H_
