#include "auth/base64url.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace billing::auth {
namespace {

// RFC 4648 §10's vectors, without padding.
TEST(Base64UrlTest, EncodesTheRfcVectors) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("fooba"), "Zm9vYmE");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
}

TEST(Base64UrlTest, UsesTheUrlAlphabet) {
  EXPECT_EQ(Base64UrlEncode("\xfb\xff\xbf"), "-_-_");
  EXPECT_EQ(Base64UrlDecode("-_-_"), std::optional<std::string>("\xfb\xff\xbf"));
}

TEST(Base64UrlTest, DecodesWhatItEncodes) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  for (size_t length = 0; length <= bytes.size(); length += 17) {
    std::string prefix = bytes.substr(0, length);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(prefix)), prefix) << length;
  }
}

TEST(Base64UrlTest, RefusesAnythingButTheCanonicalSpelling) {
  EXPECT_FALSE(Base64UrlDecode("Zg==").has_value());  // padding
  EXPECT_FALSE(Base64UrlDecode("Zm9v+A").has_value());  // standard alphabet
  EXPECT_FALSE(Base64UrlDecode("Zm9v/A").has_value());
  EXPECT_FALSE(Base64UrlDecode("Zm 9v").has_value());
  EXPECT_FALSE(Base64UrlDecode("Zm9vY").has_value());  // 6 bits: no whole byte
  EXPECT_FALSE(Base64UrlDecode("Zh").has_value());     // "f" with stray low bits
  EXPECT_FALSE(Base64UrlDecode("Zm9").has_value());    // "fo" with stray low bits
  EXPECT_FALSE(Base64UrlDecode(std::string("Zm\0v", 4)).has_value());
  EXPECT_TRUE(Base64UrlDecode("Zg").has_value());
  EXPECT_TRUE(Base64UrlDecode("Zm8").has_value());
  EXPECT_EQ(Base64UrlDecode(""), std::optional<std::string>(""));
}

}  // namespace
}  // namespace billing::auth
