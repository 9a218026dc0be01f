#include "auth/api_key.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace billing::auth {
namespace {

constexpr std::string_view kBase32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
// "bk_" + id + "_" + secret.
constexpr size_t kApiKeyLength = kApiKeyPrefix.size() + kApiKeyIdLength + 1 + kApiKeySecretLength;

bool IsBase32Char(char c) { return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'); }

bool IsBase32Text(std::string_view text) {
  for (char c : text) {
    if (!IsBase32Char(c)) return false;
  }
  return true;
}

// `length` characters, each from its own random byte: 256 is a multiple of
// 32, so taking the low 5 bits keeps every character uniform.
std::string RandomBase32(size_t length) {
  std::string bytes(length, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(length)) != 1) {
    // No safe fallback exists for a secret that must be unguessable.
    std::fputs("billing: no cryptographic random source for an API key\n", stderr);
    std::abort();
  }
  std::string out(length, '\0');
  for (size_t i = 0; i < length; ++i) {
    out[i] = kBase32Alphabet[static_cast<unsigned char>(bytes[i]) & 31];
  }
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return out;
}

}  // namespace

GeneratedApiKey GenerateApiKey() {
  GeneratedApiKey generated;
  generated.parts.key_id = RandomBase32(kApiKeyIdLength);
  generated.parts.secret = RandomBase32(kApiKeySecretLength);
  generated.key.reserve(kApiKeyLength);
  generated.key.append(kApiKeyPrefix);
  generated.key.append(generated.parts.key_id);
  generated.key.push_back('_');
  generated.key.append(generated.parts.secret);
  return generated;
}

absl::StatusOr<ApiKeyParts> ParseApiKey(std::string_view key) {
  // One message for every failure: which part was wrong would help nobody
  // but someone guessing keys.
  const auto malformed = [] {
    return domain::Error(domain::ErrorCode::kInvalidCredentials,
                         "malformed API key: expected bk_<16 characters>_<52 characters> "
                         "of a-z and 2-7");
  };
  if (key.size() != kApiKeyLength || !key.starts_with(kApiKeyPrefix)) return malformed();
  std::string_view rest = key.substr(kApiKeyPrefix.size());
  std::string_view key_id = rest.substr(0, kApiKeyIdLength);
  std::string_view secret = rest.substr(kApiKeyIdLength + 1);
  if (rest[kApiKeyIdLength] != '_' || !IsBase32Text(key_id) || !IsBase32Text(secret)) {
    return malformed();
  }
  return ApiKeyParts{std::string(key_id), std::string(secret)};
}

std::string HashSecret(std::string_view secret) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest;
  unsigned int digest_length = 0;
  if (EVP_Digest(secret.data(), secret.size(), digest.data(), &digest_length, EVP_sha256(),
                 nullptr) != 1) {
    // SHA-256 cannot fail short of a broken OpenSSL; a wrong hash would
    // silently lock every key out, so stop instead.
    std::fputs("billing: SHA-256 failed\n", stderr);
    std::abort();
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest_length * 2);
  for (unsigned int i = 0; i < digest_length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 15]);
  }
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // A length is no secret (every stored hash has the same one); the bytes
  // are compared without an early exit.
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace billing::auth
