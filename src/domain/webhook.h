// Webhook endpoints (where events are POSTed) and their deliveries (one
// event to one endpoint, tried until a 2xx or the retry deadline).
#ifndef BILLING_DOMAIN_WEBHOOK_H_
#define BILLING_DOMAIN_WEBHOOK_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace billing::domain {

inline constexpr std::string_view kWebhookEndpointIdPrefix = "we_";
inline constexpr std::string_view kWebhookDeliveryIdPrefix = "whd_";
// eventTypes ["*"]: every type, present and future.
inline constexpr std::string_view kAllEventTypes = "*";
// A rotated-out secret keeps signing beside the new one this long.
inline constexpr absl::Duration kSecretRotationOverlap = absl::Hours(24);
// An endpoint that has failed every delivery this long is disabled.
inline constexpr absl::Duration kDisableAfterFailing = absl::Hours(72);
inline constexpr size_t kMaxWebhookUrlBytes = 2048;
inline constexpr size_t kMaxWebhookDescriptionChars = 500;

struct WebhookEndpoint {
  std::string account_id;
  std::string id;  // we_…
  std::string url;
  std::vector<std::string> event_types;  // known types, or just "*"
  std::string description;
  bool enabled = true;
  // The signing secret (whsec_…); shown only when created or rotated.
  std::string secret;
  // The secret before the last rotation, signing too until it expires.
  std::string previous_secret;
  std::optional<absl::Time> previous_secret_expire_time;
  // Since when every delivery has failed; unset after any success.
  std::optional<absl::Time> failing_since;
  // Set when the dispatcher disabled the endpoint (not when a caller did).
  std::string disabled_reason;
  std::optional<absl::Time> disable_time;
  absl::Time create_time;
  absl::Time update_time;
};

// What a caller may set; unset optionals are left alone by an update.
struct WebhookEndpointInput {
  std::optional<std::string> url;
  std::optional<std::vector<std::string>> event_types;
  std::optional<std::string> description;
  std::optional<bool> enabled;
};

// VALIDATION_ERROR naming each bad field: url (required on create; http or
// https, at most 2048 bytes), event_types (required on create; non-empty,
// each a known type listed once, or exactly ["*"]), description (one line, at most 500
// characters). Whether the URL's host is public is the sender's check.
absl::Status ValidateWebhookEndpointInput(const WebhookEndpointInput& input, bool create);

// Whether `endpoint` wants events of `type`.
bool Subscribes(const WebhookEndpoint& endpoint, std::string_view type);

// The secrets that sign at `now`, newest first.
std::vector<std::string> LiveSecrets(const WebhookEndpoint& endpoint, absl::Time now);

enum class DeliveryStatus { kPending, kSucceeded, kFailed };
std::string_view DeliveryStatusName(DeliveryStatus status);  // "pending", ...
std::optional<DeliveryStatus> DeliveryStatusFromName(std::string_view name);

struct WebhookDelivery {
  std::string account_id;
  std::string id;  // whd_…
  std::string endpoint_id;
  std::string event_id;  // the same on every attempt
  std::string event_type;
  DeliveryStatus status = DeliveryStatus::kPending;
  int attempts = 0;
  int last_status_code = 0;  // 0: no response (or not tried yet)
  std::string last_error;
  // When it is due (pending); while an attempt is running, when it may be
  // taken over if the worker died. Unset once succeeded or failed.
  std::optional<absl::Time> next_attempt_time;
  absl::Time create_time;
  std::optional<absl::Time> complete_time;
};

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_WEBHOOK_H_
