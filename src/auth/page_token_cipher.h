// Page tokens made opaque and bound to their holder: AES-256-GCM over the
// token's text, with the account as associated data, under a key derived
// from a secret every replica shares (kept in the database, see
// Store::page_token_secret). A token from another account, another
// database or with any byte changed does not open.
#ifndef BILLING_AUTH_PAGE_TOKEN_CIPHER_H_
#define BILLING_AUTH_PAGE_TOKEN_CIPHER_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace billing::auth {

class PageTokenCipher {
 public:
  // `secret`: at least 32 bytes of randomness. The AES key is
  // HMAC-SHA256(secret, a fixed label), so the stored secret is never a key
  // by itself and another use of it could derive another key.
  explicit PageTokenCipher(std::string_view secret);

  // base64url(nonce | ciphertext | tag), a fresh random 96-bit nonce each
  // time. INTERNAL only if OpenSSL fails (no CSPRNG).
  absl::StatusOr<std::string> Seal(std::string_view text, std::string_view bound_to) const;

  // The text, or nullopt for anything Seal with the same secret and
  // `bound_to` did not produce.
  std::optional<std::string> Open(std::string_view token, std::string_view bound_to) const;

 private:
  std::string key_;  // 32 bytes
};

}  // namespace billing::auth

#endif  // BILLING_AUTH_PAGE_TOKEN_CIPHER_H_
