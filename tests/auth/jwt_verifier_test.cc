#include "auth/jwt_verifier.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "auth/authorization_header.h"
#include "auth/base64url.h"
#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jwt_test_support.h"

namespace billing::auth {
namespace {

using domain::ErrorCode;
using domain::ErrorCodeOf;
using test_support::Claims;
using test_support::Es256Jwt;
using test_support::Hs256Jwt;
using test_support::Jwt;
using test_support::kAudience;
using test_support::kIssuer;
using test_support::Quoted;
using test_support::Rs256Jwt;
using test_support::SignHs256;
using test_support::SigningInput;
using test_support::StandardClaims;
using test_support::TempDir;
using test_support::TestKey;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// Debian's Abseil has its own absl::string_view (not std::string_view).
absl::string_view Av(std::string_view text) { return {text.data(), text.size()}; }

constexpr char kHsSecret[] = "an HS256 secret of at least thirty-two bytes";
const absl::Time kNow = absl::FromUnixSeconds(1'700'000'000);

class JwtVerifierTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = new TestKey(TestKey::Rsa());
    other_rsa_ = new TestKey(TestKey::Rsa());
    ec_ = new TestKey(TestKey::Ec());
  }
  static void TearDownTestSuite() {
    delete rsa_;
    delete other_rsa_;
    delete ec_;
  }

  JwtConfig Config(std::string keys_file) const {
    JwtConfig config;
    config.keys_file = std::move(keys_file);
    config.issuer = std::string(kIssuer);
    config.audience = std::string(kAudience);
    return config;
  }
  JwtConfig RsaPemConfig() const { return Config(dir_.WriteFile("rsa.pem", rsa_->PublicPem())); }
  JwtConfig EcPemConfig() const { return Config(dir_.WriteFile("ec.pem", ec_->PublicPem())); }
  JwtConfig JwksConfig() const {
    return Config(dir_.WriteFile(
        "keys.json", absl::StrCat(R"({"keys":[)", rsa_->Jwk("rsa-1"), ",",
                                  other_rsa_->Jwk("rsa-2"), ",", ec_->Jwk("ec-1"), "]}")));
  }
  JwtConfig HsConfig() const {
    JwtConfig config = Config("");
    config.hs256_secret = kHsSecret;
    return config;
  }

  static std::unique_ptr<JwtVerifier> Make(const JwtConfig& config) {
    absl::StatusOr<std::unique_ptr<JwtVerifier>> verifier = JwtVerifier::Create(config);
    EXPECT_TRUE(verifier.ok()) << verifier.status();
    return verifier.ok() ? *std::move(verifier) : nullptr;
  }

  // The catalog code of verifying `token` (kInternal if it verifies), after
  // checking that a refusal quotes no part of the token.
  static ErrorCode Refusal(const JwtConfig& config, const std::string& token,
                           absl::Time now = kNow) {
    std::unique_ptr<JwtVerifier> verifier = Make(config);
    if (verifier == nullptr) return ErrorCode::kInternal;
    absl::StatusOr<VerifiedToken> verified = verifier->Verify(token, now);
    if (verified.ok()) return ErrorCode::kInternal;
    std::string message(verified.status().message());
    for (size_t at = 0; at + 12 <= token.size(); at += 12) {
      EXPECT_THAT(message, Not(HasSubstr(token.substr(at, 12))));
    }
    EXPECT_THAT(message, Not(HasSubstr("acme")));
    return ErrorCodeOf(verified.status());
  }

  static void ExpectAccepted(const JwtConfig& config, const std::string& token,
                             absl::Time now = kNow) {
    std::unique_ptr<JwtVerifier> verifier = Make(config);
    ASSERT_NE(verifier, nullptr);
    absl::StatusOr<VerifiedToken> verified = verifier->Verify(token, now);
    EXPECT_TRUE(verified.ok()) << verified.status();
  }

  static std::string Header(std::string_view alg, std::string_view extra = "") {
    return absl::StrCat(R"({"alg":)", Quoted(alg), extra.empty() ? "" : ",", Av(extra), "}");
  }
  static std::string SignedRs256(const std::string& header, const Claims& claims,
                                 const TestKey& key) {
    std::string input = SigningInput(header, claims.Json());
    return Jwt(input, key.Sign(input));
  }

  TempDir dir_;
  static TestKey* rsa_;
  static TestKey* other_rsa_;
  static TestKey* ec_;
};

TestKey* JwtVerifierTest::rsa_ = nullptr;
TestKey* JwtVerifierTest::other_rsa_ = nullptr;
TestKey* JwtVerifierTest::ec_ = nullptr;

// --- Accepted tokens ---------------------------------------------------------

TEST_F(JwtVerifierTest, ValidRs256ViaPem) {
  std::unique_ptr<JwtVerifier> verifier = Make(RsaPemConfig());
  ASSERT_NE(verifier, nullptr);
  std::string token = Rs256Jwt(*rsa_, StandardClaims(kNow));
  // What the service is handed has already passed the header checks.
  ASSERT_TRUE(ParseAuthorizationHeader("Bearer " + token).ok());
  absl::StatusOr<VerifiedToken> verified = verifier->Verify(token, kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->issuer, kIssuer);
  EXPECT_EQ(verified->subject, "user-42");
  EXPECT_EQ(verified->account_id, "acme");
  // calendar:read belongs to another service and is ignored.
  EXPECT_THAT(verified->scopes, ElementsAre(Scope::kInvoicesRead, Scope::kCustomersWrite));
  EXPECT_EQ(verified->expires, kNow + absl::Hours(1));
}

TEST_F(JwtVerifierTest, ValidRs256ViaJwksWithKid) {
  ExpectAccepted(JwksConfig(), Rs256Jwt(*other_rsa_, StandardClaims(kNow), "rsa-2"));
  ExpectAccepted(JwksConfig(), Rs256Jwt(*rsa_, StandardClaims(kNow), "rsa-1"));
}

TEST_F(JwtVerifierTest, KidSelectsTheKey) {
  // Signed by rsa-1 but naming rsa-2: rsa-2 alone is tried.
  EXPECT_EQ(Refusal(JwksConfig(), Rs256Jwt(*rsa_, StandardClaims(kNow), "rsa-2")),
            ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, WithoutKidEveryKeyOfTheAlgorithmIsTried) {
  ExpectAccepted(JwksConfig(), Rs256Jwt(*other_rsa_, StandardClaims(kNow)));
  std::string both = dir_.WriteFile("both.pem", rsa_->PublicPem() + other_rsa_->PublicPem());
  ExpectAccepted(Config(both), Rs256Jwt(*other_rsa_, StandardClaims(kNow)));
  // PEM keys have no kid; a token naming one is still checked against them.
  ExpectAccepted(Config(both), Rs256Jwt(*other_rsa_, StandardClaims(kNow), "idp-key-7"));
}

TEST_F(JwtVerifierTest, ValidEs256) {
  ExpectAccepted(EcPemConfig(), Es256Jwt(*ec_, StandardClaims(kNow)));
  ExpectAccepted(JwksConfig(), Es256Jwt(*ec_, StandardClaims(kNow), "ec-1"));
}

TEST_F(JwtVerifierTest, ValidHs256WithTheConfiguredSecret) {
  ExpectAccepted(HsConfig(), Hs256Jwt(kHsSecret, StandardClaims(kNow)));
  // Keys and a secret may be configured together.
  JwtConfig both = RsaPemConfig();
  both.hs256_secret = kHsSecret;
  ExpectAccepted(both, Hs256Jwt(kHsSecret, StandardClaims(kNow)));
  ExpectAccepted(both, Rs256Jwt(*rsa_, StandardClaims(kNow)));
}

TEST_F(JwtVerifierTest, Hs256WithAnotherSecretIsRefused) {
  EXPECT_EQ(Refusal(HsConfig(), Hs256Jwt("another secret of at least thirty-two bytes!",
                                         StandardClaims(kNow))),
            ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, AcceptedTypesAndMinimalClaims) {
  for (const char* typ : {"JWT", "jwt", "at+jwt", "AT+JWT", "application/at+jwt"}) {
    ExpectAccepted(RsaPemConfig(),
                   SignedRs256(Header("RS256", absl::StrCat(R"("typ":)", Quoted(typ))),
                               StandardClaims(kNow), *rsa_));
  }
  Claims minimal;
  minimal.Set("iss", Quoted(kIssuer))
      .Set("aud", Quoted(kAudience))
      .Set("billing_account", Quoted("acme"))
      .Set("exp", absl::StrCat(absl::ToUnixSeconds(kNow) + 60));
  std::unique_ptr<JwtVerifier> verifier = Make(RsaPemConfig());
  absl::StatusOr<VerifiedToken> verified = verifier->Verify(Rs256Jwt(*rsa_, minimal), kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->subject, "");
  EXPECT_TRUE(verified->scopes.empty());
}

TEST_F(JwtVerifierTest, AccountComesFromTheConfiguredClaim) {
  JwtConfig config = RsaPemConfig();
  config.account_claim = "https://billing.example/account";
  Claims claims = StandardClaims(kNow);
  claims.Set("https://billing.example/account", Quoted("globex"));
  std::unique_ptr<JwtVerifier> verifier = Make(config);
  absl::StatusOr<VerifiedToken> verified = verifier->Verify(Rs256Jwt(*rsa_, claims), kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->account_id, "globex");
  // billing_account is then an ordinary claim.
  claims.Remove("https://billing.example/account");
  EXPECT_EQ(Refusal(config, Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
}

// --- Validity period -----------------------------------------------------------

TEST_F(JwtVerifierTest, ExpiredTokenIsTokenExpired) {
  Claims claims = StandardClaims(kNow - absl::Hours(2));  // expired an hour ago
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kTokenExpired);
}

TEST_F(JwtVerifierTest, ExpiryWithinLeewayIsAccepted) {
  int64_t now = absl::ToUnixSeconds(kNow);
  Claims claims = StandardClaims(kNow);
  claims.Set("exp", absl::StrCat(now - 29));
  ExpectAccepted(RsaPemConfig(), Rs256Jwt(*rsa_, claims));
  claims.Set("exp", absl::StrCat(now - 30));
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kTokenExpired);
  JwtConfig strict = RsaPemConfig();
  strict.leeway = absl::ZeroDuration();
  claims.Set("exp", absl::StrCat(now - 1));
  EXPECT_EQ(Refusal(strict, Rs256Jwt(*rsa_, claims)), ErrorCode::kTokenExpired);
}

TEST_F(JwtVerifierTest, FractionalNumericDatesAreHonoured) {
  int64_t now = absl::ToUnixSeconds(kNow);
  Claims claims = StandardClaims(kNow);
  claims.Set("exp", absl::StrCat(now + 100, ".5"));
  std::unique_ptr<JwtVerifier> verifier = Make(RsaPemConfig());
  absl::StatusOr<VerifiedToken> verified = verifier->Verify(Rs256Jwt(*rsa_, claims), kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->expires, kNow + absl::Milliseconds(100'500));
  claims.Set("exp", "1.7e9");  // an exponent is a number too
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims), absl::FromUnixSeconds(1.7e9 + 31)),
            ErrorCode::kTokenExpired);
}

TEST_F(JwtVerifierTest, MissingExpiryIsRefusedAsInvalid) {
  Claims claims = StandardClaims(kNow);
  claims.Remove("exp");
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, NonNumericDatesAreRefused) {
  int64_t later = absl::ToUnixSeconds(kNow) + 600;
  for (const std::string& bad :
       {Quoted(absl::StrCat(later)), std::string("true"), std::string("null"),
        absl::StrCat("[", later, "]"), std::string("-1"), std::string("1e300")}) {
    Claims claims = StandardClaims(kNow);
    claims.Set("exp", bad);
    EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials)
        << "exp " << bad;
    claims = StandardClaims(kNow);
    claims.Set("nbf", bad);
    EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials)
        << "nbf " << bad;
  }
}

TEST_F(JwtVerifierTest, NotYetValidIsRefused) {
  int64_t now = absl::ToUnixSeconds(kNow);
  Claims claims = StandardClaims(kNow);
  claims.Set("nbf", absl::StrCat(now + 60));
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
  claims.Set("nbf", absl::StrCat(now + 29));  // clock skew within the leeway
  ExpectAccepted(RsaPemConfig(), Rs256Jwt(*rsa_, claims));
}

// --- Issuer, audience, account ------------------------------------------------

TEST_F(JwtVerifierTest, WrongIssuerIsRefused) {
  Claims claims = StandardClaims(kNow);
  claims.Set("iss", Quoted("https://evil.example"));
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
  claims.Set("iss", Quoted(absl::StrCat(Av(kIssuer), "/")));
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
  claims.Set("iss", absl::StrCat("[", Quoted(kIssuer), "]"));
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
  claims.Remove("iss");
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, WrongAudienceIsRefused) {
  Claims claims = StandardClaims(kNow);
  claims.Set("aud", Quoted("another-api"));
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
  claims.Set("aud", R"(["another-api","third-api"])");
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
  claims.Set("aud", "[]");
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
  claims.Set("aud", absl::StrCat("{", Quoted(kAudience), ":1}"));
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
  claims.Remove("aud");
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, AudienceArrayContainingOursIsAccepted) {
  Claims claims = StandardClaims(kNow);
  claims.Set("aud", absl::StrCat(R"(["another-api",7,)", Quoted(kAudience), "]"));
  ExpectAccepted(RsaPemConfig(), Rs256Jwt(*rsa_, claims));
}

TEST_F(JwtVerifierTest, MissingAccountClaimIsRefused) {
  for (const char* bad : {"", R"("")", "42", R"(["acme"])", "null", R"("ac\u0000me")",
                          R"("acme\n")"}) {
    Claims claims = StandardClaims(kNow);
    if (*bad == '\0') {
      claims.Remove("billing_account");
    } else {
      claims.Set("billing_account", bad);
    }
    EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials)
        << bad;
  }
}

TEST_F(JwtVerifierTest, MistypedSubjectOrScopeIsRefused) {
  Claims claims = StandardClaims(kNow);
  claims.Set("sub", "42");
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
  claims = StandardClaims(kNow);
  claims.Set("scope", R"(["invoices:read"])");
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, RepeatedClaimIsRefused) {
  // Two readers could each pick a different account.
  std::string claims = StandardClaims(kNow).Json();
  claims.insert(1, R"("billing_account":"globex",)");
  std::string input = SigningInput(Header("RS256"), claims);
  EXPECT_EQ(Refusal(RsaPemConfig(), Jwt(input, rsa_->Sign(input))),
            ErrorCode::kInvalidCredentials);
}

// --- Algorithms and keys -------------------------------------------------------

TEST_F(JwtVerifierTest, AlgNoneIsRefused) {
  for (const char* alg : {"none", "None", "NONE", ""}) {
    std::string input = SigningInput(Header(alg), StandardClaims(kNow).Json());
    // With a signature part, so that only the algorithm can refuse it.
    EXPECT_EQ(Refusal(RsaPemConfig(), Jwt(input, "sig")), ErrorCode::kInvalidCredentials)
        << alg;
    EXPECT_EQ(Refusal(HsConfig(), Jwt(input, SignHs256(kHsSecret, input))),
              ErrorCode::kInvalidCredentials)
        << alg;
    // And the classic unsigned form, "<header>.<payload>.".
    EXPECT_EQ(Refusal(RsaPemConfig(), input + "."), ErrorCode::kInvalidCredentials) << alg;
  }
}

TEST_F(JwtVerifierTest, OtherAlgorithmsAreRefused) {
  for (const char* alg : {"RS384", "RS512", "PS256", "ES384", "HS512", "EdDSA", "rs256"}) {
    EXPECT_EQ(Refusal(RsaPemConfig(), SignedRs256(Header(alg), StandardClaims(kNow), *rsa_)),
              ErrorCode::kInvalidCredentials)
        << alg;
  }
  std::string input = SigningInput(R"({"typ":"JWT"})", StandardClaims(kNow).Json());
  EXPECT_EQ(Refusal(RsaPemConfig(), Jwt(input, rsa_->Sign(input))),
            ErrorCode::kInvalidCredentials);
  input = SigningInput(R"({"alg":["RS256"]})", StandardClaims(kNow).Json());
  EXPECT_EQ(Refusal(RsaPemConfig(), Jwt(input, rsa_->Sign(input))),
            ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, Hs256SignedWithThePublicKeyIsRefusedWithoutASecret) {
  // The confusion attack: the public key's PEM used as an HMAC secret.
  JwtConfig config = RsaPemConfig();
  std::string token = Hs256Jwt(rsa_->PublicPem(), StandardClaims(kNow));
  EXPECT_EQ(Refusal(config, token), ErrorCode::kInvalidCredentials);
  // Nor with the JWKS text, nor the raw modulus.
  EXPECT_EQ(Refusal(JwksConfig(), Hs256Jwt(rsa_->Jwk("rsa-1"), StandardClaims(kNow))),
            ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, Hs256SignedWithThePublicKeyIsRefusedWithASecret) {
  JwtConfig config = RsaPemConfig();
  config.hs256_secret = kHsSecret;
  EXPECT_EQ(Refusal(config, Hs256Jwt(rsa_->PublicPem(), StandardClaims(kNow))),
            ErrorCode::kInvalidCredentials);
  // The same claims with the real secret pass, so the refusal is the key's.
  ExpectAccepted(config, Hs256Jwt(kHsSecret, StandardClaims(kNow)));
}

TEST_F(JwtVerifierTest, Rs256AgainstAnEcKeyIsRefused) {
  EXPECT_EQ(Refusal(EcPemConfig(), Rs256Jwt(*rsa_, StandardClaims(kNow))),
            ErrorCode::kInvalidCredentials);
  // Nor can a kid steer an RS256 token to an EC key.
  EXPECT_EQ(Refusal(JwksConfig(), Rs256Jwt(*rsa_, StandardClaims(kNow), "ec-1")),
            ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, Es256AgainstAnRsaKeyIsRefused) {
  EXPECT_EQ(Refusal(RsaPemConfig(), Es256Jwt(*ec_, StandardClaims(kNow))),
            ErrorCode::kInvalidCredentials);
  EXPECT_EQ(Refusal(JwksConfig(), Es256Jwt(*ec_, StandardClaims(kNow), "rsa-1")),
            ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, UnknownKidIsRefused) {
  EXPECT_EQ(Refusal(JwksConfig(), Rs256Jwt(*rsa_, StandardClaims(kNow), "rsa-9")),
            ErrorCode::kInvalidCredentials);
  std::string input = SigningInput(Header("RS256", R"("kid":1)"), StandardClaims(kNow).Json());
  EXPECT_EQ(Refusal(JwksConfig(), Jwt(input, rsa_->Sign(input))),
            ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, SignatureBySomeOtherKeyIsRefused) {
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*other_rsa_, StandardClaims(kNow))),
            ErrorCode::kInvalidCredentials);
  EXPECT_EQ(Refusal(EcPemConfig(), Es256Jwt(TestKey::Ec(), StandardClaims(kNow))),
            ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, Es256DerSignatureIsRefused) {
  std::string input = SigningInput(Header("ES256"), StandardClaims(kNow).Json());
  EXPECT_EQ(Refusal(EcPemConfig(), Jwt(input, ec_->SignDer(input))),
            ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, CritAndForeignTypesAreRefused) {
  for (const char* extra : {R"("crit":["exp"],"exp":1)", R"("crit":[])",
                            R"("typ":"logout+jwt")", R"("typ":"JOSE")", R"("typ":1)"}) {
    EXPECT_EQ(Refusal(RsaPemConfig(),
                      SignedRs256(Header("RS256", extra), StandardClaims(kNow), *rsa_)),
              ErrorCode::kInvalidCredentials)
        << extra;
  }
}

TEST_F(JwtVerifierTest, EmbeddedKeysAreIgnored) {
  // A header carrying its own key must still verify against ours.
  std::string header = Header("RS256", absl::StrCat(R"("jwk":)", other_rsa_->Jwk("")));
  EXPECT_EQ(Refusal(RsaPemConfig(), SignedRs256(header, StandardClaims(kNow), *other_rsa_)),
            ErrorCode::kInvalidCredentials);
}

// --- Damaged tokens ------------------------------------------------------------

TEST_F(JwtVerifierTest, TamperedPayloadIsRefused) {
  std::string token = Rs256Jwt(*rsa_, StandardClaims(kNow));
  size_t first_dot = token.find('.');
  size_t second_dot = token.find('.', first_dot + 1);
  Claims forged = StandardClaims(kNow);
  forged.Set("billing_account", Quoted("globex"));
  std::string tampered = absl::StrCat(token.substr(0, first_dot + 1),
                                      Base64UrlEncode(forged.Json()), token.substr(second_dot));
  EXPECT_EQ(Refusal(RsaPemConfig(), tampered), ErrorCode::kInvalidCredentials);
  // A single flipped character in the payload too.
  std::string flipped = token;
  flipped[first_dot + 5] = flipped[first_dot + 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Refusal(RsaPemConfig(), flipped), ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, TamperedHeaderIsRefused) {
  std::string token = Rs256Jwt(*rsa_, StandardClaims(kNow), "rsa-1");
  size_t first_dot = token.find('.');
  std::string tampered = absl::StrCat(
      Base64UrlEncode(R"({"alg":"RS256","typ":"JWT","kid":"rsa-2"})"), token.substr(first_dot));
  EXPECT_EQ(Refusal(JwksConfig(), tampered), ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, TruncatedTokenIsRefused) {
  std::string token = Rs256Jwt(*rsa_, StandardClaims(kNow));
  // Drop 4 characters (3 whole bytes) so that the base64url stays valid and
  // only the signature's length is wrong.
  EXPECT_EQ(Refusal(RsaPemConfig(), token.substr(0, token.size() - 4)),
            ErrorCode::kInvalidCredentials);
  EXPECT_EQ(Refusal(RsaPemConfig(), token.substr(0, token.size() - 1)),
            ErrorCode::kInvalidCredentials);
  EXPECT_EQ(Refusal(RsaPemConfig(), token.substr(0, token.rfind('.'))),
            ErrorCode::kInvalidCredentials);
  EXPECT_EQ(Refusal(RsaPemConfig(), token.substr(0, token.rfind('.') + 1)),
            ErrorCode::kInvalidCredentials);
  std::string es = Es256Jwt(*ec_, StandardClaims(kNow));
  EXPECT_EQ(Refusal(EcPemConfig(), es.substr(0, es.size() - 4)), ErrorCode::kInvalidCredentials);
  std::string hs = Hs256Jwt(kHsSecret, StandardClaims(kNow));
  EXPECT_EQ(Refusal(HsConfig(), hs.substr(0, hs.size() - 4)), ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, OversizedTokenIsRefusedEvenWhenValidlySigned) {
  Claims claims = StandardClaims(kNow);
  claims.Set("padding", Quoted(std::string(kMaxAuthorizationLength, 'x')));
  EXPECT_EQ(Refusal(RsaPemConfig(), Rs256Jwt(*rsa_, claims)), ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, BadBase64IsRefused) {
  std::string token = Rs256Jwt(*rsa_, StandardClaims(kNow));
  size_t first_dot = token.find('.');
  size_t second_dot = token.find('.', first_dot + 1);
  for (size_t at : {size_t{2}, first_dot + 3, second_dot + 3}) {
    std::string bad = token;
    bad[at] = '!';
    EXPECT_EQ(Refusal(RsaPemConfig(), bad), ErrorCode::kInvalidCredentials) << at;
    bad[at] = '+';
    EXPECT_EQ(Refusal(RsaPemConfig(), bad), ErrorCode::kInvalidCredentials) << at;
  }
  EXPECT_EQ(Refusal(RsaPemConfig(), token + "=="), ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, NonCanonicalSignatureSpellingIsRefused) {
  // A 256-byte signature is 342 characters whose last carries 4 unused bits.
  std::string token = Rs256Jwt(*rsa_, StandardClaims(kNow));
  ASSERT_EQ(token.size() - token.rfind('.') - 1, 342u);
  std::string respelled = token;
  // Setting a low (unused) bit leaves the decoded bytes unchanged.
  const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  respelled.back() = alphabet[alphabet.find(token.back()) | 1];
  ASSERT_NE(respelled, token);
  ExpectAccepted(RsaPemConfig(), token);
  EXPECT_EQ(Refusal(RsaPemConfig(), respelled), ErrorCode::kInvalidCredentials);
}

TEST_F(JwtVerifierTest, NotJsonIsRefused) {
  for (const auto& [header, claims] : std::vector<std::pair<std::string, std::string>>{
           {R"({"alg":"RS256")", StandardClaims(kNow).Json()},
           {R"(["RS256"])", StandardClaims(kNow).Json()},
           {Header("RS256"), "not json"},
           {Header("RS256"), "[1,2]"},
           {Header("RS256"), StandardClaims(kNow).Json() + "x"},
           {Header("RS256"), "{\"billing_account\":\"\xff\"}"},
       }) {
    std::string input = SigningInput(header, claims);
    EXPECT_EQ(Refusal(RsaPemConfig(), Jwt(input, rsa_->Sign(input))),
              ErrorCode::kInvalidCredentials)
        << header << " " << claims;
  }
}

TEST_F(JwtVerifierTest, OneVerifierServesManyThreads) {
  std::unique_ptr<JwtVerifier> verifier = Make(JwksConfig());
  ASSERT_NE(verifier, nullptr);
  const std::string good = Rs256Jwt(*rsa_, StandardClaims(kNow), "rsa-1");
  const std::string es = Es256Jwt(*ec_, StandardClaims(kNow), "ec-1");
  const std::string bad = Rs256Jwt(*other_rsa_, StandardClaims(kNow), "rsa-1");
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (!verifier->Verify(good, kNow).ok()) ++wrong;
        if (!verifier->Verify(es, kNow).ok()) ++wrong;
        if (verifier->Verify(bad, kNow).ok()) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

// --- Create ----------------------------------------------------------------------

TEST_F(JwtVerifierTest, CreateRefusesAMissingFile) {
  absl::Status status = JwtVerifier::Create(Config(dir_.PathOf("absent.pem"))).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kValidationError);
  EXPECT_THAT(std::string(status.message()), HasSubstr("absent.pem"));
}

TEST_F(JwtVerifierTest, CreateRefusesAGarbageFile) {
  for (const char* garbage : {"", "garbage", "{\"keys\": 3}", "{not json",
                              "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"}) {
    absl::Status status = JwtVerifier::Create(Config(dir_.WriteFile("bad", garbage))).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << garbage;
  }
}

TEST_F(JwtVerifierTest, CreateRefusesIncompleteConfig) {
  JwtConfig config = RsaPemConfig();
  config.issuer = "";
  EXPECT_EQ(JwtVerifier::Create(config).status().code(), absl::StatusCode::kInvalidArgument);
  config = RsaPemConfig();
  config.audience = "";
  EXPECT_EQ(JwtVerifier::Create(config).status().code(), absl::StatusCode::kInvalidArgument);
  config = RsaPemConfig();
  config.account_claim = "";
  EXPECT_EQ(JwtVerifier::Create(config).status().code(), absl::StatusCode::kInvalidArgument);
  config = RsaPemConfig();
  config.leeway = absl::Seconds(-1);
  EXPECT_EQ(JwtVerifier::Create(config).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(JwtVerifier::Create(Config("")).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(JwtVerifierTest, CreateRefusesWeakOrKeyLikeSecrets) {
  JwtConfig config = HsConfig();
  config.hs256_secret = "short";
  EXPECT_EQ(JwtVerifier::Create(config).status().code(), absl::StatusCode::kInvalidArgument);
  config.hs256_secret = rsa_->PublicPem();
  EXPECT_EQ(JwtVerifier::Create(config).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace billing::auth
