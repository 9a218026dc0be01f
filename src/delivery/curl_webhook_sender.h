// The webhook sender on libcurl: one signed POST per call, bounded in time
// and in what it reads, to public addresses only (unless configured
// otherwise), never following a redirect.
#ifndef BILLING_DELIVERY_CURL_WEBHOOK_SENDER_H_
#define BILLING_DELIVERY_CURL_WEBHOOK_SENDER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/ports/notifications.h"

namespace billing::delivery {

struct WebhookSenderOptions {
  // The whole attempt, connect to last byte; a 2xx must arrive within it.
  absl::Duration timeout = absl::Seconds(10);
  absl::Duration connect_timeout = absl::Seconds(5);
  // How much of the response is kept; the transfer stops there.
  size_t max_response_bytes = 4096;
  // Loopback, private and link-local destinations (tests, on-premises).
  bool allow_private_networks = false;
  std::string user_agent = "billing-webhooks/1";
};

class CurlWebhookSender final : public app::WebhookSender {
 public:
  explicit CurlWebhookSender(WebhookSenderOptions options);

  absl::Status CheckUrl(std::string_view url) override;
  absl::StatusOr<app::WebhookAttempt> Send(const app::WebhookMessage& message) override;

 private:
  WebhookSenderOptions options_;
};

}  // namespace billing::delivery

#endif  // BILLING_DELIVERY_CURL_WEBHOOK_SENDER_H_
