// The Authorization header (gRPC metadata `authorization`), checked for
// shape before any lookup or cryptography runs on it.
#ifndef BILLING_AUTH_AUTHORIZATION_HEADER_H_
#define BILLING_AUTH_AUTHORIZATION_HEADER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace billing::auth {

// Longest header value accepted, in bytes: the one documented number
// (docs/errors.md) that the gateway enforces too (431 HEADER_TOO_LARGE over
// it). A JWT with a few claims is well under it.
inline constexpr size_t kMaxAuthorizationLength = 8192;

enum class CredentialScheme { kApiKey, kBearer };

struct PresentedCredential {
  CredentialScheme scheme;
  std::string token;  // what follows the scheme and one space
};

// Accepts exactly "Apikey <key>" or "Bearer <jwt>" (scheme matched without
// regard to case, one space, no surrounding white space):
// - an empty header: MISSING_CREDENTIALS;
// - longer than kMaxAuthorizationLength, another scheme, control or
//   non-ASCII characters, an API key not of the form ParseApiKey accepts
//   (auth/api_key.h), a bearer token that is not three base64url segments
//   (header and payload non-empty, signature non-empty) joined by '.':
//   INVALID_CREDENTIALS, with a message that says what shape was expected and
//   never echoes the token.
absl::StatusOr<PresentedCredential> ParseAuthorizationHeader(std::string_view header);

}  // namespace billing::auth

#endif  // BILLING_AUTH_AUTHORIZATION_HEADER_H_
