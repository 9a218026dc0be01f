#include "app/authenticator.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "auth/api_key.h"
#include "auth/authorization_header.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"

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

absl::StatusOr<std::optional<Authenticator::CachedKey>> Authenticator::LookUpKey(
    std::string_view key_id) {
  constexpr size_t kMaxCachedKeys = 10000;
  // The wall clock, not clock_: tests freeze clock_, and a frozen cache
  // would never see a revocation.
  const absl::Time now = absl::Now();
  {
    absl::MutexLock lock(&cache_mu_);
    auto it = key_cache_.find(domain::Av(key_id));
    if (it != key_cache_.end() && now - it->second.read_time < kApiKeyCacheTtl &&
        now >= it->second.read_time) {
      return it->second;
    }
  }
  std::optional<StoredApiKey> stored;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(stored, tx.api_keys().Find(key_id));
    return absl::OkStatus();
  }));
  // Unknown ids are not kept: they would let a stranger fill the cache.
  if (!stored.has_value()) return std::nullopt;
  CachedKey entry{.stored = *stored,
                  .scopes = auth::ParseScopes(stored->scopes, /*strict=*/false),
                  .read_time = now};
  absl::MutexLock lock(&cache_mu_);
  if (key_cache_.size() >= kMaxCachedKeys) {
    absl::erase_if(key_cache_, [&](const auto& kv) {
      return now - kv.second.read_time >= kApiKeyCacheTtl;
    });
    if (key_cache_.size() >= kMaxCachedKeys) key_cache_.clear();
  }
  key_cache_.insert_or_assign(std::string(key_id), entry);
  return entry;
}

absl::StatusOr<Principal> Authenticator::AuthenticateApiKey(std::string_view key) {
  absl::StatusOr<auth::ApiKeyParts> parts = auth::ParseApiKey(key);
  if (!parts.ok()) return parts.status();
  ASSIGN_OR_RETURN(std::optional<CachedKey> cached, LookUpKey(parts->key_id));

  // The secret is hashed and compared on every call, cached key or not.
  const std::string presented_hash = auth::HashSecret(parts->secret);
  const bool matches = auth::ConstantTimeEquals(
      presented_hash, cached.has_value() ? std::string_view(cached->stored.secret_sha256)
                                         : kNoSuchKeyHash);
  if (!cached.has_value() || !matches || cached->stored.revoke_time.has_value()) {
    return InvalidApiKey();
  }
  if (!cached->scopes.ok()) return cached->scopes.status();
  return Principal{.account_id = std::move(cached->stored.account_id),
                   .scopes = *std::move(cached->scopes),
                   .credential_id = absl::StrCat("apikey:", cached->stored.id)};
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
