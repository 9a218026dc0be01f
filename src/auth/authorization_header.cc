#include "auth/authorization_header.h"

#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "auth/api_key.h"
#include "auth/base64url.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::auth {

using domain::Av;

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
  if (absl::EqualsIgnoreCase(Av(scheme), "Apikey")) {
    if (!ParseApiKey(token).ok()) {
      return Invalid("malformed API key: expected \"Apikey bk_<16 characters>_<52 characters>\"");
    }
    return PresentedCredential{CredentialScheme::kApiKey, std::string(token)};
  }
  if (absl::EqualsIgnoreCase(Av(scheme), "Bearer")) {
    if (!IsCompactJws(token)) {
      return Invalid(
          "malformed bearer token: expected a JWT of three base64url parts joined by '.'");
    }
    return PresentedCredential{CredentialScheme::kBearer, std::string(token)};
  }
  return Invalid(kExpectedShape);
}

}  // namespace billing::auth
