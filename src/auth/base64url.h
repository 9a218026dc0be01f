// Base64url without padding (RFC 4648 §5), as JWS compact serialization and
// JWK use it. Internal to src/auth.
#ifndef BILLING_AUTH_BASE64URL_H_
#define BILLING_AUTH_BASE64URL_H_

#include <optional>
#include <string>
#include <string_view>

namespace billing::auth {

// True for A-Z a-z 0-9 '-' '_'.
bool IsBase64UrlChar(char c);

std::string Base64UrlEncode(std::string_view bytes);

// The bytes `text` encodes, or nullopt unless `text` is exactly what
// Base64UrlEncode would produce: only the alphabet, no padding, no
// impossible length, and zero bits past the last byte. Refusing the other
// spellings means one token has one spelling, so nothing keyed by the token
// string (a cache, a revocation list) can be dodged by re-encoding it.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace billing::auth

#endif  // BILLING_AUTH_BASE64URL_H_
