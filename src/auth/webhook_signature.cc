#include "auth/webhook_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "auth/base64url.h"
#include "auth/openssl_util.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::auth {
namespace {

using Digest = std::array<unsigned char, 32>;

constexpr int kSecretBytes = 32;
constexpr std::string_view kHexDigits = "0123456789abcdef";

Digest Hmac(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  std::string payload = absl::StrCat(unix_seconds, ".", domain::Av(body));
  Digest digest{};
  unsigned int length = 0;
  // HMAC-SHA256 with an in-memory key cannot fail short of memory
  // exhaustion, which OpenSSL reports by returning null; the digest then
  // stays zero and matches nothing a receiver computes.
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), digest.data(),
       &length);
  return digest;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<Digest> DecodeHexDigest(std::string_view hex) {
  if (hex.size() != 2 * Digest().size()) return std::nullopt;
  Digest digest{};
  for (size_t i = 0; i < digest.size(); ++i) {
    int high = HexValue(hex[2 * i]);
    int low = HexValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    digest[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return digest;
}

absl::Status Invalid(std::string_view why) {
  return domain::Error(domain::ErrorCode::kInvalidCredentials,
                       absl::StrCat("webhook signature: ", domain::Av(why)));
}

}  // namespace

absl::StatusOr<std::string> NewWebhookSecret() {
  std::array<unsigned char, kSecretBytes> bytes;
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return domain::Error(domain::ErrorCode::kInternal,
                         absl::StrCat("no random bytes for a webhook secret: ",
                                      TakeOpenSslError()));
  }
  std::string raw(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  OPENSSL_cleanse(bytes.data(), bytes.size());
  std::string secret = std::string(kWebhookSecretPrefix) + Base64UrlEncode(raw);
  OPENSSL_cleanse(raw.data(), raw.size());
  return secret;
}

std::string WebhookSignatureV1(std::string_view secret, int64_t unix_seconds,
                               std::string_view body) {
  Digest digest = Hmac(secret, unix_seconds, body);
  std::string hex;
  hex.reserve(2 * digest.size());
  for (unsigned char byte : digest) {
    hex.push_back(kHexDigits[byte >> 4]);
    hex.push_back(kHexDigits[byte & 15]);
  }
  return hex;
}

std::string WebhookSignatureHeader(std::string_view body, absl::Time time,
                                   const std::vector<std::string>& secrets) {
  int64_t t = absl::ToUnixSeconds(time);
  std::string header = absl::StrCat("t=", t);
  for (const std::string& secret : secrets) {
    absl::StrAppend(&header, ",v1=", WebhookSignatureV1(secret, t, body));
  }
  return header;
}

absl::Status VerifyWebhookSignature(std::string_view header, std::string_view body,
                                    std::string_view secret, absl::Time now,
                                    absl::Duration tolerance) {
  std::optional<int64_t> t;
  std::vector<Digest> candidates;
  for (absl::string_view item : absl::StrSplit(domain::Av(header), ',')) {
    std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(item, absl::MaxSplits('=', 1));
    if (kv.first == "t") {
      int64_t parsed = 0;
      // One t, digits only: "t=+5" or two t's are someone else's header.
      if (t.has_value() || kv.second.empty() ||
          kv.second.find_first_not_of("0123456789") != absl::string_view::npos ||
          !absl::SimpleAtoi(kv.second, &parsed)) {
        return Invalid("malformed timestamp");
      }
      t = parsed;
    } else if (kv.first == "v1") {
      // A malformed v1 cannot match; other signatures may still.
      if (std::optional<Digest> digest = DecodeHexDigest(domain::Sv(kv.second))) {
        candidates.push_back(*digest);
      }
    }
    // Other schemes (v0, future versions) are not ours to judge.
  }
  if (!t.has_value()) return Invalid("no timestamp");
  if (candidates.empty()) return Invalid("no v1 signature");
  if (absl::AbsDuration(now - absl::FromUnixSeconds(*t)) > tolerance) {
    return Invalid("timestamp outside the tolerance (a replay, or a clock far off)");
  }
  Digest expected = Hmac(secret, *t, body);
  bool matched = false;
  // Every candidate is compared, so that the time taken says nothing about
  // which one (if any) matched.
  for (const Digest& candidate : candidates) {
    matched |= CRYPTO_memcmp(candidate.data(), expected.data(), expected.size()) == 0;
  }
  if (!matched) return Invalid("no v1 signature matches");
  return absl::OkStatus();
}

}  // namespace billing::auth
