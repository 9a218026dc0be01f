#include "domain/text.h"

#include <optional>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace billing::domain {
namespace {

TEST(TextTest, RefusesInvalidUtf8) {
  for (const std::string& bad : {std::string("\xff"), std::string("ab\xc3"),   // truncated
                                std::string("\xc0\xaf"),                       // overlong '/'
                                std::string("\xed\xa0\x80"),                   // surrogate
                                std::string("\xf4\x90\x80\x80")}) {            // > U+10FFFF
    EXPECT_FALSE(IsValidUtf8(bad));
    EXPECT_EQ(TextProblem(bad, TextKind::kMultiLine, false), "must be valid UTF-8");
  }
  EXPECT_TRUE(IsValidUtf8("Zoë, 東京, 😀"));
  EXPECT_EQ(TextProblem("Zoë, 東京, 😀", TextKind::kSingleLine, true), std::nullopt);
}

TEST(TextTest, RefusesControlCharactersC0C1AndDel) {
  for (const std::string& bad : {std::string("a\0b", 3), std::string("a\x1b[31m"),
                                std::string("a\x7f"), std::string("a\xc2\x85"),  // NEL
                                std::string("a\xc2\x9b")}) {                     // CSI
    EXPECT_NE(TextProblem(bad, TextKind::kSingleLine, false), std::nullopt);
    EXPECT_NE(TextProblem(bad, TextKind::kMultiLine, false), std::nullopt);
  }
}

TEST(TextTest, LineBreaksAndTabsOnlyInMultiLineText) {
  for (std::string_view text : {"one\ntwo", "one\r\ntwo", "a\tb"}) {
    EXPECT_EQ(TextProblem(text, TextKind::kMultiLine, true), std::nullopt) << text;
    EXPECT_NE(TextProblem(text, TextKind::kSingleLine, true), std::nullopt) << text;
  }
}

TEST(TextTest, InvisibleOnlyTextIsBlank) {
  // BOM, zero-width space/non-joiner/joiner, word joiner, NBSP, ideographic
  // space, em space: each alone and all together.
  for (std::string_view blank :
       {"", "   ", "\xef\xbb\xbf", "\xe2\x80\x8b", "\xe2\x80\x8c", "\xe2\x80\x8d", "\xe2\x81\xa0",
        "\xc2\xa0", "\xe3\x80\x80", "\xe2\x80\x83",
        " \xef\xbb\xbf\xe2\x80\x8b\xc2\xa0\xe2\x81\xa0 "}) {
    EXPECT_EQ(TrimText(blank), "");
    EXPECT_NE(TextProblem(blank, TextKind::kSingleLine, true), std::nullopt);
    EXPECT_EQ(TextProblem(blank, TextKind::kSingleLine, false), std::nullopt)
        << "blank is fine where text is optional";
  }
}

TEST(TextTest, TrimKeepsInnerText) {
  EXPECT_EQ(TrimText("\xc2\xa0 Ada\xe2\x80\x8bLovelace \xef\xbb\xbf"),
            "Ada\xe2\x80\x8bLovelace");
  EXPECT_EQ(TrimText("東京"), "東京");
}

TEST(TextTest, TruncateNeverSplitsACharacter) {
  EXPECT_EQ(TruncateUtf8("short", 10), "short");
  EXPECT_EQ(TruncateUtf8("abcdef", 3), "abc...");
  // "é" is two bytes: cutting at 2 would split it.
  EXPECT_EQ(TruncateUtf8("aé", 2), "a...");
  EXPECT_TRUE(IsValidUtf8(TruncateUtf8("東京東京", 4)));
}

}  // namespace
}  // namespace billing::domain
