// Checks a JWS signature over the signing input ("<header>.<payload>").
// Each function takes only the key its algorithm uses, so no token can make
// a key serve another algorithm. Internal to src/auth.
#ifndef BILLING_AUTH_JWS_SIGNATURE_H_
#define BILLING_AUTH_JWS_SIGNATURE_H_

#include <openssl/evp.h>

#include <string_view>

namespace billing::auth {

// RSASSA-PKCS1-v1_5 with SHA-256; `key` must be an RSA key.
bool VerifyRs256(EVP_PKEY* key, std::string_view signing_input, std::string_view signature);

// ECDSA P-256 with SHA-256; `signature` is JWS's raw r || s (64 bytes), not
// DER. `key` must be an EC P-256 key.
bool VerifyEs256(EVP_PKEY* key, std::string_view signing_input, std::string_view signature);

// HMAC-SHA-256 with a shared secret, compared in constant time.
bool VerifyHs256(std::string_view secret, std::string_view signing_input,
                 std::string_view signature);

}  // namespace billing::auth

#endif  // BILLING_AUTH_JWS_SIGNATURE_H_
