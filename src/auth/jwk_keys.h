// The public keys a JwtVerifier checks signatures with, loaded from a PEM
// or JWKS file. Internal to src/auth.
#ifndef BILLING_AUTH_JWK_KEYS_H_
#define BILLING_AUTH_JWK_KEYS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "auth/openssl_util.h"

namespace billing::auth {

// A key's type fixes the one algorithm it verifies, so a token's `alg`
// can never talk a key into another use.
enum class KeyAlgorithm { kRs256, kEs256 };

struct VerificationKey {
  std::string kid;  // empty when the file gave none (PEM)
  KeyAlgorithm algorithm;
  EvpPkeyPtr key;  // RSA of at least 2048 bits, or EC on P-256
};

// Reads `path`: a JWKS document when its first non-blank character is '{',
// PEM ("-----BEGIN PUBLIC KEY-----" blocks) otherwise. InvalidArgument
// naming the problem when it cannot be read, parsed, holds an unsupported
// or weak key, repeats a kid, or holds no usable key.
// Any other PEM block (a private key, a certificate) is an error: it means
// the file is not the one intended.
absl::StatusOr<std::vector<VerificationKey>> LoadVerificationKeys(const std::string& path);

// The two formats, for callers that hold the text already.
absl::StatusOr<std::vector<VerificationKey>> ParsePemPublicKeys(std::string_view pem);
// Members other than the key's own are ignored. Keys marked for another use
// ("use" other than "sig"), for another algorithm ("alg" other than RS256
// for RSA or ES256 for EC) or of another type (e.g. "oct", "OKP") are
// skipped: a shared JWKS may list them, and this service never uses them.
absl::StatusOr<std::vector<VerificationKey>> ParseJwks(std::string_view json);

}  // namespace billing::auth

#endif  // BILLING_AUTH_JWK_KEYS_H_
