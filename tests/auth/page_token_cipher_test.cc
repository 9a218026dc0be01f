#include "auth/page_token_cipher.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace billing::auth {
namespace {

const std::string kSecret(64, 'a');

TEST(PageTokenCipherTest, ATokenOpensOnlyForWhomItWasSealed) {
  const PageTokenCipher cipher(kSecret);
  absl::StatusOr<std::string> token = cipher.Seal("p1|20|5|inv_42|invoices", "acct_a");
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(cipher.Open(*token, "acct_a"), "p1|20|5|inv_42|invoices");
  // Another account, another server secret.
  EXPECT_EQ(cipher.Open(*token, "acct_b"), std::nullopt);
  EXPECT_EQ(PageTokenCipher(std::string(64, 'b')).Open(*token, "acct_a"), std::nullopt);
  // Another cipher object with the same secret (another replica) opens it.
  EXPECT_EQ(PageTokenCipher(kSecret).Open(*token, "acct_a"), "p1|20|5|inv_42|invoices");
}

TEST(PageTokenCipherTest, ATokenShowsNothingAndEveryEditIsRefused) {
  const PageTokenCipher cipher(kSecret);
  const std::string token = cipher.Seal("p1|20|5|inv_42|invoices", "acct_a").value();
  std::string raw;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(token, &raw));
  EXPECT_EQ(raw.find("inv_42"), std::string::npos);
  // Two seals of one text differ (a fresh nonce each).
  EXPECT_NE(cipher.Seal("p1|20|5|inv_42|invoices", "acct_a").value(), token);
  for (size_t i = 0; i < token.size(); ++i) {
    std::string edited = token;
    edited[i] = edited[i] == 'A' ? 'B' : 'A';
    EXPECT_EQ(cipher.Open(edited, "acct_a"), std::nullopt) << "position " << i;
  }
  EXPECT_EQ(cipher.Open("", "acct_a"), std::nullopt);
  EXPECT_EQ(cipher.Open("not a token", "acct_a"), std::nullopt);
  EXPECT_EQ(cipher.Open(token.substr(0, 20), "acct_a"), std::nullopt);
}

}  // namespace
}  // namespace billing::auth
