#include "auth/webhook_signature.h"

#include <cctype>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::auth {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The expected values below were computed independently of this code, with
// Python's standard library:
//   import hmac, hashlib
//   hmac.new(secret.encode(), f"{t}.{body}".encode(), hashlib.sha256).hexdigest()
// with t = 1764080136 and the body and secrets written here.
constexpr int64_t kT = 1764080136;
constexpr char kBody[] =
    R"({"id":"evt_test","type":"invoice.processed","data":{"amount":"300.00"}})";
constexpr char kSecret1[] = "whsec_test_secret_1";
constexpr char kSecret2[] = "whsec_rotated_secret_2";
constexpr char kV1Secret1[] = "e0664629bdac816bf62300fb84be2e75ffd588d666ee126930ce115e95ac81b3";
constexpr char kV1Secret2[] = "b27d9667d70d03addd113b77a54885cbd125c7cac64d0260b30aac73b345705f";

const absl::Time kSent = absl::FromUnixSeconds(kT);

TEST(WebhookSignatureTest, MatchesHmacComputedByPython) {
  EXPECT_EQ(WebhookSignatureV1(kSecret1, kT, kBody), kV1Secret1);
  EXPECT_EQ(WebhookSignatureV1(kSecret2, kT, kBody), kV1Secret2);
}

TEST(WebhookSignatureTest, MatchesPythonForRfc4231Key) {
  // RFC 4231's key "Jefe" and message, behind our "<t>." prefix (t = 0):
  // hmac.new(b"Jefe", b"0.what do ya want for nothing?", hashlib.sha256)
  EXPECT_EQ(WebhookSignatureV1("Jefe", 0, "what do ya want for nothing?"),
            "37f471929915ccd2cbbe79feb84ffcff4f2bb25e15fc41c2506687331ae179cc");
}

TEST(WebhookSignatureTest, HeaderCarriesOneV1PerSecretInOrder) {
  EXPECT_EQ(WebhookSignatureHeader(kBody, kSent, {kSecret1}),
            std::string("t=1764080136,v1=") + kV1Secret1);
  EXPECT_EQ(WebhookSignatureHeader(kBody, kSent, {kSecret2, kSecret1}),
            std::string("t=1764080136,v1=") + kV1Secret2 + ",v1=" + kV1Secret1);
}

TEST(WebhookSignatureTest, ReceiverVerifiesWithEitherSecretDuringRotation) {
  std::string header = WebhookSignatureHeader(kBody, kSent, {kSecret2, kSecret1});
  EXPECT_THAT(VerifyWebhookSignature(header, kBody, kSecret1, kSent), IsOk());
  EXPECT_THAT(VerifyWebhookSignature(header, kBody, kSecret2, kSent), IsOk());
  EXPECT_THAT(VerifyWebhookSignature(header, kBody, "whsec_other", kSent),
              HasErrorCode(domain::ErrorCode::kInvalidCredentials));
}

TEST(WebhookSignatureTest, TamperedBodyFails) {
  std::string header = WebhookSignatureHeader(kBody, kSent, {kSecret1});
  std::string tampered = kBody;
  tampered.replace(tampered.find("300.00"), 6, "900.00");
  absl::Status status = VerifyWebhookSignature(header, tampered, kSecret1, kSent);
  EXPECT_THAT(status, HasErrorCode(domain::ErrorCode::kInvalidCredentials));
  EXPECT_THAT(std::string(status.message()), HasSubstr("no v1 signature matches"));
}

TEST(WebhookSignatureTest, ToleranceIsFiveMinutesEitherWay) {
  std::string header = WebhookSignatureHeader(kBody, kSent, {kSecret1});
  EXPECT_THAT(VerifyWebhookSignature(header, kBody, kSecret1, kSent + absl::Minutes(5)), IsOk());
  EXPECT_THAT(VerifyWebhookSignature(header, kBody, kSecret1, kSent - absl::Minutes(5)), IsOk());
  absl::Status replay =
      VerifyWebhookSignature(header, kBody, kSecret1, kSent + absl::Minutes(5) + absl::Seconds(1));
  EXPECT_THAT(replay, HasErrorCode(domain::ErrorCode::kInvalidCredentials));
  EXPECT_THAT(std::string(replay.message()), HasSubstr("tolerance"));
  EXPECT_THAT(
      VerifyWebhookSignature(header, kBody, kSecret1, kSent - absl::Minutes(6)),
      HasErrorCode(domain::ErrorCode::kInvalidCredentials));
}

TEST(WebhookSignatureTest, ReplayedSignatureWithNewTimestampFails) {
  // Moving t forward to dodge the tolerance breaks the HMAC.
  std::string forged = std::string("t=1764080436,v1=") + kV1Secret1;
  EXPECT_THAT(VerifyWebhookSignature(forged, kBody, kSecret1, kSent + absl::Minutes(5)),
              HasErrorCode(domain::ErrorCode::kInvalidCredentials));
}

TEST(WebhookSignatureTest, AcceptsUppercaseHexAndIgnoresOtherSchemes) {
  std::string upper = kV1Secret1;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_THAT(VerifyWebhookSignature("t=1764080136,v0=abc,v1=zz,v1=" + upper, kBody, kSecret1,
                                     kSent),
              IsOk());
}

TEST(WebhookSignatureTest, MalformedHeadersFail) {
  const std::string v1 = std::string("v1=") + kV1Secret1;
  const std::vector<std::string> headers = {
      "", v1, "t=," + v1, "t=+1764080136," + v1, "t=1764080136", "t=1764080136,v1=",
      "t=1764080136,t=1764080136," + v1, "t=17640801x6," + v1};
  for (const std::string& header : headers) {
    EXPECT_THAT(VerifyWebhookSignature(header, kBody, kSecret1, kSent),
                HasErrorCode(domain::ErrorCode::kInvalidCredentials))
        << header;
  }
}

TEST(WebhookSignatureTest, NewSecretsArePrefixedAndDistinct) {
  absl::StatusOr<std::string> a = NewWebhookSecret();
  absl::StatusOr<std::string> b = NewWebhookSecret();
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_THAT(*a, StartsWith("whsec_"));
  EXPECT_EQ(a->size(), 6u + 43u);  // 32 bytes, base64url without padding
  EXPECT_NE(*a, *b);
}

}  // namespace
}  // namespace billing::auth
