#include "app/authenticator.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "auth/api_key.h"
#include "auth/authorization_header.h"
#include "common/status_macros.h"
#include "domain/error.h"

namespace billing::app {
namespace {

using domain::ErrorCode;

// One message for an unknown key, a wrong secret and a revoked key, so a
// refusal tells an attacker nothing about which part was right.
absl::Status InvalidApiKey() {
  return domain::Error(ErrorCode::kInvalidCredentials, "the API key is not valid");
}

// Compared against when no key has the presented id, so that an unknown id
// costs the same hash and comparison as a known one.
constexpr std::string_view kNoSuchKeyHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// What failed attempts are counted against: the client's address and, when
// the header holds a well-formed API key, its key id (found without any
// lookup, so a throttled key costs nothing).
std::vector<std::string> ThrottleKeys(std::string_view authorization_header,
                                      std::string_view client_address) {
  std::vector<std::string> keys;
  if (!client_address.empty()) keys.push_back("client:" + std::string(client_address));
  absl::StatusOr<auth::PresentedCredential> credential =
      auth::ParseAuthorizationHeader(authorization_header);
  if (credential.ok() && credential->scheme == auth::CredentialScheme::kApiKey) {
    if (absl::StatusOr<auth::ApiKeyParts> parts = auth::ParseApiKey(credential->token);
        parts.ok()) {
      keys.push_back(absl::StrCat("apikey:", parts->key_id));
    }
  }
  return keys;
}

bool IsAuthenticationFailure(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnauthenticated;
}

}  // namespace

absl::StatusOr<CallContext> Authenticator::Authorize(std::string_view authorization_header,
                                                     auth::Scope needed,
                                                     std::string_view client_address) {
  std::vector<std::string> throttle_keys;
  if (failures_ != nullptr) {
    throttle_keys = ThrottleKeys(authorization_header, client_address);
    RETURN_IF_ERROR(failures_->Check(throttle_keys, clock_()));
  }
  absl::StatusOr<Principal> principal = Authenticate(authorization_header);
  if (!principal.ok()) {
    if (failures_ != nullptr && IsAuthenticationFailure(principal.status())) {
      failures_->RecordFailure(throttle_keys, clock_());
    }
    return principal.status();
  }
  if (limiter_ != nullptr) {
    if (absl::Status s = limiter_->Acquire(principal->credential_id, clock_()); !s.ok()) return s;
  }
  if (std::find(principal->scopes.begin(), principal->scopes.end(), needed) ==
      principal->scopes.end()) {
    return domain::Error(ErrorCode::kInsufficientScope,
                         absl::StrCat("this call needs the scope ", std::string(auth::ScopeName(needed))));
  }
  return CallContext{.account_id = principal->account_id};
}

absl::StatusOr<Principal> Authenticator::Authenticate(std::string_view authorization_header) {
  absl::StatusOr<auth::PresentedCredential> credential =
      auth::ParseAuthorizationHeader(authorization_header);
  if (!credential.ok()) return credential.status();
  switch (credential->scheme) {
    case auth::CredentialScheme::kApiKey: return AuthenticateApiKey(credential->token);
    case auth::CredentialScheme::kBearer: return AuthenticateBearer(credential->token);
  }
  return InvalidApiKey();
}

absl::StatusOr<Principal> Authenticator::AuthenticateApiKey(std::string_view key) {
  absl::StatusOr<auth::ApiKeyParts> parts = auth::ParseApiKey(key);
  if (!parts.ok()) return parts.status();
  std::optional<StoredApiKey> stored;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(stored, tx.api_keys().Find(parts->key_id));
    return absl::OkStatus();
  }));

  const std::string presented_hash = auth::HashSecret(parts->secret);
  const bool matches = auth::ConstantTimeEquals(
      presented_hash, stored.has_value() ? std::string_view(stored->secret_sha256)
                                         : kNoSuchKeyHash);
  if (!stored.has_value() || !matches || stored->revoke_time.has_value()) {
    return InvalidApiKey();
  }
  absl::StatusOr<std::vector<auth::Scope>> scopes =
      auth::ParseScopes(stored->scopes, /*strict=*/false);
  if (!scopes.ok()) return scopes.status();
  return Principal{.account_id = stored->account_id,
                   .scopes = *std::move(scopes),
                   .credential_id = absl::StrCat("apikey:", stored->id)};
}

absl::StatusOr<Principal> Authenticator::AuthenticateBearer(std::string_view token) {
  if (jwt_ == nullptr) {
    return domain::Error(ErrorCode::kInvalidCredentials,
                         "bearer tokens are not accepted by this server; use an API key");
  }
  absl::StatusOr<auth::VerifiedToken> verified = jwt_->Verify(token, clock_());
  if (!verified.ok()) return verified.status();
  return Principal{
      .account_id = verified->account_id,
      .scopes = verified->scopes,
      .credential_id =
          absl::StrCat("jwt:", verified->issuer, "|", verified->subject, "|", verified->account_id)};
}

}  // namespace billing::app
