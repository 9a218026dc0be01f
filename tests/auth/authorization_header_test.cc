#include "auth/authorization_header.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "auth/api_key.h"
#include "domain/error.h"
#include "gtest/gtest.h"

namespace billing::auth {
namespace {

using domain::ErrorCode;
using domain::ErrorCodeOf;

constexpr char kKey[] = "bk_abcdefghijklmnop_abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst";
constexpr char kJwt[] = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

// The message of refusing `header` ("" if accepted).
std::string MessageOf(const std::string& header) {
  return std::string(ParseAuthorizationHeader(header).status().message());
}

ErrorCode CodeOf(const std::string& header) {
  absl::StatusOr<PresentedCredential> parsed = ParseAuthorizationHeader(header);
  // An accepted header has no error code; kInternal makes that visible.
  return parsed.ok() ? ErrorCode::kInternal : ErrorCodeOf(parsed.status());
}

TEST(AuthorizationHeaderTest, TestKeyHasTheDocumentedShape) {
  ASSERT_EQ(std::string(kKey).size(), 3 + kApiKeyIdLength + 1 + kApiKeySecretLength);
  ASSERT_TRUE(ParseApiKey(kKey).ok());
}

TEST(AuthorizationHeaderTest, AcceptsAnApiKey) {
  absl::StatusOr<PresentedCredential> parsed =
      ParseAuthorizationHeader(absl::StrCat("Apikey ", kKey));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->scheme, CredentialScheme::kApiKey);
  EXPECT_EQ(parsed->token, kKey);
}

TEST(AuthorizationHeaderTest, AcceptsABearerToken) {
  absl::StatusOr<PresentedCredential> parsed =
      ParseAuthorizationHeader(absl::StrCat("Bearer ", kJwt));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->scheme, CredentialScheme::kBearer);
  EXPECT_EQ(parsed->token, kJwt);
}

TEST(AuthorizationHeaderTest, SchemeIsMatchedWithoutRegardToCase) {
  for (const char* scheme : {"apikey", "APIKEY", "ApiKey", "aPiKeY"}) {
    absl::StatusOr<PresentedCredential> parsed =
        ParseAuthorizationHeader(absl::StrCat(scheme, " ", kKey));
    ASSERT_TRUE(parsed.ok()) << scheme;
    EXPECT_EQ(parsed->scheme, CredentialScheme::kApiKey);
  }
  for (const char* scheme : {"bearer", "BEARER", "bEaReR"}) {
    absl::StatusOr<PresentedCredential> parsed =
        ParseAuthorizationHeader(absl::StrCat(scheme, " ", kJwt));
    ASSERT_TRUE(parsed.ok()) << scheme;
    EXPECT_EQ(parsed->scheme, CredentialScheme::kBearer);
  }
}

TEST(AuthorizationHeaderTest, EmptyHeaderIsMissingCredentials) {
  EXPECT_EQ(CodeOf(""), ErrorCode::kMissingCredentials);
  EXPECT_EQ(ErrorCodeOf(ParseAuthorizationHeader("").status()), ErrorCode::kMissingCredentials);
}

TEST(AuthorizationHeaderTest, RefusesOtherSchemes) {
  EXPECT_EQ(CodeOf(absl::StrCat("Basic ", kJwt)), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(CodeOf(absl::StrCat("Token ", kKey)), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(CodeOf(absl::StrCat("Bearer", kJwt)), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(CodeOf(kKey), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(CodeOf("Bearer"), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(CodeOf("Bearer "), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(CodeOf(" "), ErrorCode::kInvalidCredentials);
}

TEST(AuthorizationHeaderTest, RefusesAnyExtraSpace) {
  EXPECT_EQ(CodeOf(absl::StrCat("Bearer  ", kJwt)), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(CodeOf(absl::StrCat(" Bearer ", kJwt)), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(CodeOf(absl::StrCat("Bearer ", kJwt, " ")), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(CodeOf(absl::StrCat("Apikey  ", kKey)), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(CodeOf(absl::StrCat("Apikey ", kKey, " ")), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(CodeOf(absl::StrCat("Bearer\t", kJwt)), ErrorCode::kInvalidCredentials);
}

TEST(AuthorizationHeaderTest, RefusesAnOversizedHeaderBeforeLookingAtIt) {
  // Well-shaped but too long: only the length can refuse it.
  std::string payload(kMaxAuthorizationLength, 'a');
  std::string header = absl::StrCat("Bearer eyJhbGciOiJSUzI1NiJ9.", payload, ".c2ln");
  ASSERT_GT(header.size(), kMaxAuthorizationLength);
  EXPECT_EQ(CodeOf(header), ErrorCode::kInvalidCredentials);

  // At the limit exactly, the same shape is accepted.
  std::string fits = absl::StrCat("Bearer eyJhbGciOiJSUzI1NiJ9.", "x", ".c2ln");
  fits.insert(fits.find('.') + 1, kMaxAuthorizationLength - fits.size(), 'a');
  ASSERT_EQ(fits.size(), kMaxAuthorizationLength);
  EXPECT_TRUE(ParseAuthorizationHeader(fits).ok());
}

TEST(AuthorizationHeaderTest, TheLimitIsTheDocumentedEightKiB) {
  // docs/errors.md and the gateway say 8192 bytes; a 7 KiB token must work.
  std::string header(8192, 'a');
  header.replace(0, std::string_view("Bearer eyJhbGciOiJSUzI1NiJ9.").size(),
                 "Bearer eyJhbGciOiJSUzI1NiJ9.");
  header.replace(header.size() - 5, 5, ".c2ln");
  EXPECT_TRUE(ParseAuthorizationHeader(header).ok());
  EXPECT_EQ(CodeOf(header + "a"), ErrorCode::kInvalidCredentials);
}

TEST(AuthorizationHeaderTest, RefusesControlCharacters) {
  for (char control : {'\0', '\n', '\r', '\t', '\x1b', '\x7f'}) {
    std::string header = absl::StrCat("Bearer ", kJwt);
    header.insert(header.size() - 2, 1, control);
    EXPECT_EQ(CodeOf(header), ErrorCode::kInvalidCredentials) << static_cast<int>(control);
    // Refused by the character check itself, not only by the token's shape.
    EXPECT_NE(MessageOf(header).find("printable ASCII"), std::string::npos);
  }
  EXPECT_EQ(CodeOf(absl::StrCat("Apikey ", kKey, "\r\nX-Admin: 1")),
            ErrorCode::kInvalidCredentials);
}

TEST(AuthorizationHeaderTest, RefusesNonAscii) {
  EXPECT_EQ(CodeOf(absl::StrCat("Bearer ", kJwt, "\xc3\xa9")), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(CodeOf(absl::StrCat("B\xc3\xa9" "arer ", kJwt)), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(CodeOf(absl::StrCat("Apikey ", kKey, "\xff")), ErrorCode::kInvalidCredentials);
  EXPECT_NE(MessageOf(absl::StrCat("Bearer ", kJwt, "\xc3\xa9")).find("printable ASCII"),
            std::string::npos);
}

TEST(AuthorizationHeaderTest, RefusesMalformedApiKeys) {
  std::string key = kKey;
  for (const std::string& bad : {
           std::string("bk_short"),
           key.substr(0, key.size() - 1),                       // one short
           key + "a",                                           // one long
           "xk_" + key.substr(3),                               // prefix
           "BK_" + key.substr(3),                               // prefix case
           key.substr(0, 19) + "-" + key.substr(20),            // separator
           key.substr(0, 5) + "A" + key.substr(6),              // upper case in id
           key.substr(0, 30) + "1" + key.substr(31),            // '1' not base32
           key.substr(0, 40) + "=" + key.substr(41),            // padding
           std::string(kJwt),                                   // a JWT as a key
       }) {
    EXPECT_EQ(CodeOf("Apikey " + bad), ErrorCode::kInvalidCredentials) << bad;
  }
}

TEST(AuthorizationHeaderTest, RefusesBearerTokensThatAreNotThreeSegments) {
  for (const char* bad : {
           "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0",         // two segments
           "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.",        // empty signature
           ".eyJzdWIiOiJ4In0.c2ln",                        // empty header
           "eyJhbGciOiJSUzI1NiJ9..c2ln",                   // empty payload
           "a.b.c.d",                                      // four segments
           "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln==",  // padding
           "eyJhbGciOiJSUzI1NiJ9.eyJzdWIi+OiJ4In0.c2ln",   // base64, not base64url
           "eyJhbGciOiJSUzI1NiJ9.eyJzdWIi/OiJ4In0.c2ln",
           "...",
           "abc",
       }) {
    EXPECT_EQ(CodeOf(absl::StrCat("Bearer ", bad)), ErrorCode::kInvalidCredentials) << bad;
  }
}

TEST(AuthorizationHeaderTest, MessagesNeverEchoTheCredential) {
  std::string bad_key = std::string(kKey).substr(0, 60);
  std::string bad_jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0";
  for (const std::string& header :
       {"Apikey " + bad_key, "Bearer " + bad_jwt, "Basic " + bad_jwt, "Bearer " + bad_jwt + "\n"}) {
    absl::Status status = ParseAuthorizationHeader(header).status();
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(std::string(status.message()).find(bad_key.substr(3, 16)), std::string::npos);
    EXPECT_EQ(std::string(status.message()).find("eyJ"), std::string::npos);
  }
}

}  // namespace
}  // namespace billing::auth
