// Verifies OAuth bearer tokens (JWS compact JWTs) against configured keys.
#ifndef BILLING_AUTH_JWT_VERIFIER_H_
#define BILLING_AUTH_JWT_VERIFIER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "auth/scopes.h"

namespace billing::auth {

struct JwtConfig {
  // PEM file with one or more public keys (RSA -> RS256, EC P-256 -> ES256),
  // or a JWKS JSON file ({"keys":[{"kty":"RSA","kid":..,"n":..,"e":..},
  // {"kty":"EC","crv":"P-256","x":..,"y":..}]}). Empty: no asymmetric keys.
  std::string keys_file;
  // HS256 is accepted only when this shared secret is set (non-empty).
  std::string hs256_secret;
  std::string issuer;    // required: `iss` must equal it
  std::string audience;  // required: `aud` (string or array) must contain it
  std::string account_claim = "billing_account";  // the tenant's claim
  absl::Duration leeway = absl::Seconds(30);       // for exp and nbf
};

struct VerifiedToken {
  std::string issuer;
  std::string subject;     // `sub`, may be empty
  std::string account_id;  // the account_claim's value, non-empty
  std::vector<Scope> scopes;  // from the space-separated `scope` claim;
                              // names of other services are ignored
  absl::Time expires;
};

class JwtVerifier {
 public:
  // Loads and checks the keys; InvalidArgument naming the problem when the
  // file cannot be read or parsed, when neither keys nor a secret are given,
  // or when issuer or audience is empty.
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> Create(const JwtConfig& config);
  virtual ~JwtVerifier() = default;

  // `token` is the compact JWS (already shape-checked by
  // ParseAuthorizationHeader). Refuses (domain INVALID_CREDENTIALS unless
  // said otherwise): bad base64url or JSON, `alg` "none" or any algorithm
  // other than RS256/ES256/HS256, an algorithm that does not match the key
  // type it would be verified with (an RS256 public key is never used as an
  // HS256 secret), an unknown `kid` when keys have kids, a bad signature,
  // `exp` missing or past (now - leeway): TOKEN_EXPIRED, `nbf` in the future
  // (beyond leeway), wrong `iss`, `aud` not containing the audience, a
  // missing or empty account claim. Messages never contain token contents.
  virtual absl::StatusOr<VerifiedToken> Verify(std::string_view token, absl::Time now) const = 0;
};

}  // namespace billing::auth

#endif  // BILLING_AUTH_JWT_VERIFIER_H_
