#include "auth/authorization_header.h"

#include <string>
#include <string_view>

#include "auth/api_key.h"
#include "auth/base64url.h"
#include "domain/error.h"

namespace billing::auth {
namespace {

constexpr std::string_view kExpectedShape =
    "expected \"Apikey <key>\" or \"Bearer <token>\"";

absl::Status Invalid(std::string_view message) {
  return domain::Error(domain::ErrorCode::kInvalidCredentials, message);
}

// Printable ASCII only: control characters could forge log lines and
// non-ASCII has no place in either credential.
bool IsPrintableAscii(std::string_view text) {
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) return false;
  }
  return true;
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

bool IsBase64UrlSegment(std::string_view segment) {
  if (segment.empty()) return false;
  for (char c : segment) {
    if (!IsBase64UrlChar(c)) return false;
  }
  return true;
}

// header.payload.signature, each part non-empty base64url.
bool IsCompactJws(std::string_view token) {
  size_t first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return false;
  size_t second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos) return false;
  return IsBase64UrlSegment(token.substr(0, first_dot)) &&
         IsBase64UrlSegment(token.substr(first_dot + 1, second_dot - first_dot - 1)) &&
         IsBase64UrlSegment(token.substr(second_dot + 1));
}

}  // namespace

absl::StatusOr<PresentedCredential> ParseAuthorizationHeader(std::string_view header) {
  if (header.empty()) {
    return domain::Error(domain::ErrorCode::kMissingCredentials,
                         "credentials required: send an Authorization header, " +
                             std::string(kExpectedShape));
  }
  if (header.size() > kMaxAuthorizationLength) {
    return Invalid("the Authorization header is too long");
  }
  if (!IsPrintableAscii(header)) {
    return Invalid("the Authorization header may contain only printable ASCII characters");
  }
  size_t space = header.find(' ');
  if (space == std::string_view::npos) return Invalid(kExpectedShape);
  std::string_view scheme = header.substr(0, space);
  std::string_view token = header.substr(space + 1);
  // A second space anywhere (doubled, trailing, inside the token) is refused
  // by the shape checks below, which allow no spaces in the token.
  if (EqualsIgnoringAsciiCase(scheme, "Apikey")) {
    if (!ParseApiKey(token).ok()) {
      return Invalid("malformed API key: expected \"Apikey bk_<16 characters>_<52 characters>\"");
    }
    return PresentedCredential{CredentialScheme::kApiKey, std::string(token)};
  }
  if (EqualsIgnoringAsciiCase(scheme, "Bearer")) {
    if (!IsCompactJws(token)) {
      return Invalid(
          "malformed bearer token: expected a JWT of three base64url parts joined by '.'");
    }
    return PresentedCredential{CredentialScheme::kBearer, std::string(token)};
  }
  return Invalid(kExpectedShape);
}

}  // namespace billing::auth
