// Who is calling, and may they make this call: API keys and bearer tokens
// checked the same way for gRPC and REST callers.
#ifndef BILLING_APP_AUTHENTICATOR_H_
#define BILLING_APP_AUTHENTICATOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "app/auth_failure_throttle.h"
#include "app/call_context.h"
#include "app/rate_limiter.h"
#include "auth/jwt_verifier.h"
#include "auth/scopes.h"
#include "app/ports/store.h"

namespace billing::app {

struct Principal {
  std::string account_id;
  std::vector<auth::Scope> scopes;
  // Identifies the credential for rate limiting and logs, never the secret:
  // "apikey:<key id>" or "jwt:<issuer>|<subject>|<account>".
  std::string credential_id;
};

class Authenticator {
 public:
  // How long a looked-up API key is trusted without reading it again: a key
  // revoked anywhere (another replica, the `keys` command) is refused at
  // most this long after, well within a second.
  static constexpr absl::Duration kApiKeyCacheTtl = absl::Milliseconds(500);

  // `jwt` may be null: bearer tokens are then refused. `limiter` and
  // `failures` may be null: no rate limit, no throttling of failures.
  Authenticator(Store& store, const auth::JwtVerifier* jwt, RateLimiter* limiter,
                Clock clock, AuthFailureThrottle* failures = nullptr)
      : store_(store), jwt_(jwt), limiter_(limiter), failures_(failures), clock_(std::move(clock)) {}

  // The caller's context if `authorization_header` is a valid credential
  // (MISSING_CREDENTIALS, INVALID_CREDENTIALS, TOKEN_EXPIRED otherwise),
  // within its rate (RATE_LIMITED) and holding `needed` (INSUFFICIENT_SCOPE).
  // A client (`client_address`) or API key id that failed too often is
  // refused RATE_LIMITED before the key is looked up or hashed.
  absl::StatusOr<CallContext> Authorize(std::string_view authorization_header,
                                        auth::Scope needed,
                                        std::string_view client_address = "");

  absl::StatusOr<Principal> Authenticate(std::string_view authorization_header);

 private:
  absl::StatusOr<Principal> AuthenticateApiKey(std::string_view key);
  absl::StatusOr<Principal> AuthenticateBearer(std::string_view token);

  // A key as last read from the store (revoked ones too), with its scopes
  // parsed: every call but one per key and TTL skips the database.
  struct CachedKey {
    StoredApiKey stored;
    absl::StatusOr<std::vector<auth::Scope>> scopes;
    absl::Time read_time;
  };
  absl::StatusOr<std::optional<CachedKey>> LookUpKey(std::string_view key_id);

  absl::Mutex cache_mu_;
  absl::flat_hash_map<std::string, CachedKey> key_cache_ ABSL_GUARDED_BY(cache_mu_);

  Store& store_;
  const auth::JwtVerifier* jwt_;
  RateLimiter* limiter_;
  AuthFailureThrottle* failures_;
  Clock clock_;
};

}  // namespace billing::app

#endif  // BILLING_APP_AUTHENTICATOR_H_
