// The claims checks of a JWT whose signature has been verified. Internal to
// src/auth; JwtVerifier is the interface.
#ifndef BILLING_AUTH_JWT_CLAIMS_H_
#define BILLING_AUTH_JWT_CLAIMS_H_

#include <google/protobuf/struct.pb.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "auth/jwt_verifier.h"

namespace billing::auth {

// Checks, in this order, `iss`, `aud`, `exp`, `nbf`, the account claim,
// `sub` and `scope`, as JwtVerifier::Verify documents. `exp` and `nbf` are
// JSON numbers of seconds since the epoch, fractions allowed.
absl::StatusOr<VerifiedToken> CheckClaims(const google::protobuf::Struct& claims,
                                          const JwtConfig& config, absl::Time now);

}  // namespace billing::auth

#endif  // BILLING_AUTH_JWT_CLAIMS_H_
