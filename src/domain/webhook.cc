#include "domain/webhook.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "domain/error.h"
#include "domain/event.h"
#include "domain/free_text.h"
#include "domain/text.h"

namespace billing::domain {

absl::Status ValidateWebhookEndpointInput(const WebhookEndpointInput& input, bool create) {
  ViolationCollector violations;
  if (input.url.has_value() || create) {
    const std::string url = input.url.value_or("");
    const std::string lower = absl::AsciiStrToLower(url.substr(0, 8));
    if (url.empty()) {
      violations.Add("url", "is required");
    } else if (url.size() > kMaxWebhookUrlBytes) {
      violations.Add("url", "must be at most 2048 bytes");
    } else if (!absl::StartsWith(lower, "https://") && !absl::StartsWith(lower, "http://")) {
      violations.Add("url", "must be an http:// or https:// URL");
    } else if (TextProblem(url, TextKind::kSingleLine, true).has_value() ||
               url.find(' ') != std::string::npos) {
      violations.Add("url", "must not contain spaces or control characters");
    }
  }
  if (input.event_types.has_value() || create) {
    const std::vector<std::string> types = input.event_types.value_or(std::vector<std::string>{});
    if (types.empty()) {
      violations.Add("event_types", "must list at least one event type, or be [\"*\"]");
    } else if (types.size() > 1 &&
               std::find(types.begin(), types.end(), kAllEventTypes) != types.end()) {
      violations.Add("event_types", "\"*\" stands alone: it already means every type");
    } else {
      for (size_t i = 0; i < types.size(); ++i) {
        const auto first = std::find(types.begin(), types.begin() + i, types[i]);
        if (types[i] != kAllEventTypes && !IsEventType(types[i])) {
          violations.Add("event_types[" + std::to_string(i) + "]",
                         "is not an event type (for example invoice.processed)");
        } else if (first != types.begin() + i) {
          // Refused rather than quietly made a set: what is stored is what
          // was sent, and a repeat is usually a typo for another type.
          violations.Add("event_types[" + std::to_string(i) + "]",
                         "repeats event_types[" + std::to_string(first - types.begin()) +
                             "]: list each type once");
        }
      }
    }
  }
  if (input.description.has_value()) {
    ValidateFreeText("description", *input.description,
                     {.kind = TextKind::kSingleLine, .max_chars = kMaxWebhookDescriptionChars},
                     violations);
  }
  return violations.ToStatus();
}

bool Subscribes(const WebhookEndpoint& endpoint, std::string_view type) {
  for (const std::string& wanted : endpoint.event_types) {
    if (wanted == kAllEventTypes || wanted == type) return true;
  }
  return false;
}

std::vector<std::string> LiveSecrets(const WebhookEndpoint& endpoint, absl::Time now) {
  std::vector<std::string> secrets{endpoint.secret};
  if (!endpoint.previous_secret.empty() && endpoint.previous_secret_expire_time.has_value() &&
      now < *endpoint.previous_secret_expire_time) {
    secrets.push_back(endpoint.previous_secret);
  }
  return secrets;
}

std::string_view DeliveryStatusName(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::kPending: return "pending";
    case DeliveryStatus::kSucceeded: return "succeeded";
    case DeliveryStatus::kFailed: return "failed";
  }
  return "pending";
}

std::optional<DeliveryStatus> DeliveryStatusFromName(std::string_view name) {
  for (DeliveryStatus status :
       {DeliveryStatus::kPending, DeliveryStatus::kSucceeded, DeliveryStatus::kFailed}) {
    if (DeliveryStatusName(status) == name) return status;
  }
  return std::nullopt;
}

}  // namespace billing::domain
