// API keys: "bk_<key id>_<secret>". The key id finds the stored record; only
// a SHA-256 hash of the secret is stored, never the secret.
#ifndef BILLING_AUTH_API_KEY_H_
#define BILLING_AUTH_API_KEY_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace billing::auth {

inline constexpr std::string_view kApiKeyPrefix = "bk_";
inline constexpr size_t kApiKeyIdLength = 16;      // base32, 80 bits
inline constexpr size_t kApiKeySecretLength = 52;  // base32, 260 bits

struct ApiKeyParts {
  std::string key_id;  // e.g. "k3v9..." (16 chars of [a-z2-7])
  std::string secret;  // 52 chars of [a-z2-7]
};

struct GeneratedApiKey {
  ApiKeyParts parts;
  std::string key;  // the whole "bk_<id>_<secret>", shown to the user once
};

// A new key from the OS's cryptographic source.
GeneratedApiKey GenerateApiKey();

// Splits "bk_<id>_<secret>"; INVALID_CREDENTIALS unless exactly that shape.
absl::StatusOr<ApiKeyParts> ParseApiKey(std::string_view key);

// Hex SHA-256 of the secret. A 260-bit random secret needs no slow hash.
std::string HashSecret(std::string_view secret);

// Compares in time independent of where the strings differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace billing::auth

#endif  // BILLING_AUTH_API_KEY_H_
