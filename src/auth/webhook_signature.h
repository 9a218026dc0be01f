// Signed webhooks, Stripe's scheme: the sender puts
//   Billing-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>[,v1=<hex>]
// on each POST, where the HMAC is over "<t>.<raw body>" keyed with the bytes
// of the endpoint's secret (the whole "whsec_..." text). During a secret
// rotation there is one v1 per live secret, so a receiver holding either one
// verifies. The receiver's check is here too, for tests and for the README.
#ifndef BILLING_AUTH_WEBHOOK_SIGNATURE_H_
#define BILLING_AUTH_WEBHOOK_SIGNATURE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace billing::auth {

inline constexpr std::string_view kWebhookSecretPrefix = "whsec_";
inline constexpr std::string_view kWebhookSignatureHeader = "Billing-Signature";
// Older signatures are refused as replays (and newer ones as forged clocks).
inline constexpr absl::Duration kWebhookSignatureTolerance = absl::Minutes(5);

// "whsec_" + 256 bits from OpenSSL's CSPRNG in base64url (43 characters).
// INTERNAL when the CSPRNG fails: there is no safe fallback for a key.
absl::StatusOr<std::string> NewWebhookSecret();

// Lowercase hex HMAC-SHA256 of "<unix_seconds>.<body>" keyed with `secret`.
std::string WebhookSignatureV1(std::string_view secret, int64_t unix_seconds,
                               std::string_view body);

// The header value for `body` sent at `time`: one v1 per secret, in order.
std::string WebhookSignatureHeader(std::string_view body, absl::Time time,
                                   const std::vector<std::string>& secrets);

// What a receiver does: OK when `header` is well formed, its t lies within
// `tolerance` of `now`, and any v1 equals the HMAC under `secret` (compared
// in constant time). INVALID_CREDENTIALS otherwise, saying which part failed.
absl::Status VerifyWebhookSignature(std::string_view header, std::string_view body,
                                    std::string_view secret, absl::Time now,
                                    absl::Duration tolerance = kWebhookSignatureTolerance);

}  // namespace billing::auth

#endif  // BILLING_AUTH_WEBHOOK_SIGNATURE_H_
