#include "auth/api_key.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::auth {
namespace {

using domain::ErrorCode;
using ::billing::testing::HasErrorCode;

bool IsBase32(const std::string& text) {
  return text.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567") == std::string::npos;
}

TEST(ApiKeyTest, GeneratedKeyHasTheDocumentedShape) {
  GeneratedApiKey generated = GenerateApiKey();
  EXPECT_EQ(generated.parts.key_id.size(), kApiKeyIdLength);
  EXPECT_EQ(generated.parts.secret.size(), kApiKeySecretLength);
  EXPECT_TRUE(IsBase32(generated.parts.key_id));
  EXPECT_TRUE(IsBase32(generated.parts.secret));
  EXPECT_EQ(generated.key,
            absl::StrCat("bk_", generated.parts.key_id, "_", generated.parts.secret));
}

TEST(ApiKeyTest, GeneratedKeyParsesBackToItsParts) {
  GeneratedApiKey generated = GenerateApiKey();
  absl::StatusOr<ApiKeyParts> parsed = ParseApiKey(generated.key);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->key_id, generated.parts.key_id);
  EXPECT_EQ(parsed->secret, generated.parts.secret);
}

TEST(ApiKeyTest, GeneratedKeysAreDistinctAndUseTheWholeAlphabet) {
  std::set<std::string> keys;
  std::set<char> characters;
  for (int i = 0; i < 200; ++i) {
    GeneratedApiKey generated = GenerateApiKey();
    keys.insert(generated.key);
    characters.insert(generated.parts.secret.begin(), generated.parts.secret.end());
  }
  EXPECT_EQ(keys.size(), 200u);
  // 10400 uniform draws from 32 characters miss one with negligible odds;
  // a biased or truncated mapping would not.
  EXPECT_EQ(characters.size(), 32u);
}

TEST(ApiKeyTest, ParseRefusesEveryOtherShape) {
  std::string key = GenerateApiKey().key;
  for (const std::string& bad : {
           std::string(""),
           std::string("bk_"),
           key.substr(0, key.size() - 1),
           key + "a",
           "Bk_" + key.substr(3),
           key.substr(0, 19) + "." + key.substr(20),
           key.substr(0, 10) + "8" + key.substr(11),
           key.substr(0, 50) + "Z" + key.substr(51),
           key.substr(0, 50) + "_" + key.substr(51),
       }) {
    absl::StatusOr<ApiKeyParts> parsed = ParseApiKey(bad);
    ASSERT_THAT(parsed, HasErrorCode(ErrorCode::kInvalidCredentials)) << bad;
    if (bad.size() > 20) {
      EXPECT_EQ(std::string(parsed.status().message()).find(bad.substr(3, 16)),
                std::string::npos);
    }
  }
}

TEST(ApiKeyTest, HashIsHexSha256OfTheSecret) {
  EXPECT_EQ(HashSecret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HashSecret(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ApiKeyTest, HashDiffersForDifferentSecrets) {
  GeneratedApiKey a = GenerateApiKey();
  GeneratedApiKey b = GenerateApiKey();
  EXPECT_EQ(HashSecret(a.parts.secret), HashSecret(a.parts.secret));
  EXPECT_NE(HashSecret(a.parts.secret), HashSecret(b.parts.secret));
  EXPECT_EQ(HashSecret(a.parts.secret).size(), 64u);
}

TEST(ApiKeyTest, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "xbc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("ab", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  std::string hash = HashSecret("secret");
  std::string last_differs = hash;
  last_differs.back() = last_differs.back() == '0' ? '1' : '0';
  EXPECT_TRUE(ConstantTimeEquals(hash, HashSecret("secret")));
  EXPECT_FALSE(ConstantTimeEquals(hash, last_differs));
  // Bytes after an embedded NUL count too.
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace billing::auth
