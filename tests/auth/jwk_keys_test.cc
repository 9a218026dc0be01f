#include "auth/jwk_keys.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "jwt_test_support.h"

namespace billing::auth {
namespace {

using test_support::TempDir;
using test_support::TestKey;

class JwkKeysTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = new TestKey(TestKey::Rsa());
    ec_ = new TestKey(TestKey::Ec());
  }
  static void TearDownTestSuite() {
    delete rsa_;
    delete ec_;
  }

  static std::string Jwks(const std::vector<std::string>& jwks) {
    std::string joined;
    for (const std::string& jwk : jwks) absl::StrAppend(&joined, joined.empty() ? "" : ",", jwk);
    return absl::StrCat(R"({"keys":[)", joined, "]}");
  }

  static TestKey* rsa_;
  static TestKey* ec_;
};

TestKey* JwkKeysTest::rsa_ = nullptr;
TestKey* JwkKeysTest::ec_ = nullptr;

TEST_F(JwkKeysTest, PemWithSeveralKeysLoadsEachWithItsAlgorithm) {
  absl::StatusOr<std::vector<VerificationKey>> keys =
      ParsePemPublicKeys(rsa_->PublicPem() + "\n" + ec_->PublicPem());
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].algorithm, KeyAlgorithm::kRs256);
  EXPECT_EQ((*keys)[1].algorithm, KeyAlgorithm::kEs256);
  EXPECT_TRUE((*keys)[0].kid.empty());
}

TEST_F(JwkKeysTest, PemWithoutPublicKeyIsRefused) {
  EXPECT_EQ(ParsePemPublicKeys("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePemPublicKeys("not a key").status().code(), absl::StatusCode::kInvalidArgument);
  std::string pem = rsa_->PublicPem();
  // A damaged body.
  pem[pem.size() / 2] = pem[pem.size() / 2] == 'A' ? 'B' : 'A';
  pem.insert(pem.size() / 2, "!!!!");
  EXPECT_EQ(ParsePemPublicKeys(pem).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(JwkKeysTest, PemBlocksOtherThanPublicKeysAreRefused) {
  // Any block but a public key means the wrong file was configured.
  std::string certificate = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
  EXPECT_EQ(ParsePemPublicKeys(rsa_->PublicPem() + certificate).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::string private_key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
  EXPECT_EQ(ParsePemPublicKeys(private_key + rsa_->PublicPem()).status().code(),
            absl::StatusCode::kInvalidArgument);
  // Text around the blocks (comments, a trailing newline) is fine.
  EXPECT_TRUE(ParsePemPublicKeys("# the IdP's key\n" + rsa_->PublicPem() + "\n\n").ok());
}

TEST_F(JwkKeysTest, WeakOrUnsupportedPemKeysAreRefused) {
  EXPECT_EQ(ParsePemPublicKeys(TestKey::Rsa(1024).PublicPem()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePemPublicKeys(TestKey::Ec("P-384").PublicPem()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(JwkKeysTest, JwksLoadsRsaAndEcKeysWithKids) {
  absl::StatusOr<std::vector<VerificationKey>> keys =
      ParseJwks(Jwks({rsa_->Jwk("r1", R"("use":"sig","alg":"RS256")"),
                      ec_->Jwk("e1", R"("alg":"ES256")")}));
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].kid, "r1");
  EXPECT_EQ((*keys)[0].algorithm, KeyAlgorithm::kRs256);
  EXPECT_EQ((*keys)[1].kid, "e1");
  EXPECT_EQ((*keys)[1].algorithm, KeyAlgorithm::kEs256);
}

TEST_F(JwkKeysTest, JwksSkipsKeysThisServiceNeverUses) {
  absl::StatusOr<std::vector<VerificationKey>> keys = ParseJwks(Jwks({
      rsa_->Jwk("enc", R"("use":"enc")"),
      rsa_->Jwk("rs512", R"("alg":"RS512")"),
      ec_->Jwk("ec-as-rs", R"("alg":"RS256")"),
      TestKey::Ec("P-384").Jwk("p384"),
      R"({"kty":"oct","kid":"hmac","k":"c2VjcmV0"})",
      R"({"kty":"OKP","crv":"Ed25519","kid":"ed",)"
      R"("x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})",
      ec_->Jwk("kept"),
  }));
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].kid, "kept");
}

TEST_F(JwkKeysTest, JwksWithNothingUsableIsRefused) {
  EXPECT_EQ(ParseJwks(R"({"keys":[]})").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseJwks(Jwks({rsa_->Jwk("enc", R"("use":"enc")")})).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(JwkKeysTest, MalformedJwksIsRefused) {
  for (const std::string& bad : {
           std::string("{"),
           std::string("[]"),
           std::string(R"({"keys":{}})"),
           std::string(R"({"nokeys":[]})"),
           Jwks({R"("a string")"}),
           Jwks({R"({"n":"AQAB","e":"AQAB"})"}),               // no kty
           Jwks({R"({"kty":"RSA","e":"AQAB"})"}),              // no n
           Jwks({R"({"kty":"RSA","n":"AQAB","e":"AQAB"})"}),   // a toy modulus
           Jwks({R"({"kty":"RSA","n":"@@@","e":"AQAB"})"}),    // not base64url
           Jwks({R"({"kty":"EC","crv":"P-256","x":"AQAB","y":"AQAB"})"}),  // short
           Jwks({rsa_->Jwk("dup"), ec_->Jwk("dup")}),
           Jwks({rsa_->Jwk("", R"("kid":7)")}),
       }) {
    EXPECT_EQ(ParseJwks(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST_F(JwkKeysTest, EcPointOffTheCurveIsRefused) {
  std::string jwk = ec_->Jwk("e");
  // Replace y by y's neighbour: (x, y') is then not on P-256.
  size_t y_at = jwk.find(R"("y":")") + 5;
  jwk[y_at + 10] = jwk[y_at + 10] == 'A' ? 'B' : 'A';
  EXPECT_EQ(ParseJwks(Jwks({jwk})).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(JwkKeysTest, LoadChoosesTheFormatByContent) {
  TempDir dir;
  absl::StatusOr<std::vector<VerificationKey>> from_pem =
      LoadVerificationKeys(dir.WriteFile("keys.pem", rsa_->PublicPem()));
  ASSERT_TRUE(from_pem.ok()) << from_pem.status();
  EXPECT_EQ(from_pem->size(), 1u);
  absl::StatusOr<std::vector<VerificationKey>> from_jwks =
      LoadVerificationKeys(dir.WriteFile("keys.json", "\n  " + Jwks({ec_->Jwk("e")})));
  ASSERT_TRUE(from_jwks.ok()) << from_jwks.status();
  EXPECT_EQ((*from_jwks)[0].kid, "e");
}

TEST_F(JwkKeysTest, LoadRefusesMissingAndHugeFiles) {
  TempDir dir;
  absl::Status missing = LoadVerificationKeys(dir.PathOf("absent.pem")).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(missing.message()).find("absent.pem"), std::string::npos);
  std::string huge = rsa_->PublicPem() + std::string(2 << 20, '\n');
  EXPECT_EQ(LoadVerificationKeys(dir.WriteFile("huge.pem", huge)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace billing::auth
