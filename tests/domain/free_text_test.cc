#include "domain/free_text.h"

#include <string>
#include <vector>

#include "domain/error.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

std::vector<FieldViolation> Check(std::string_view text, FreeTextRule rule) {
  ViolationCollector violations;
  const bool ok = ValidateFreeText("memo", text, rule, violations);
  std::vector<FieldViolation> found = FieldViolationsOf(violations.ToStatus());
  EXPECT_EQ(ok, found.empty());
  return found;
}

constexpr FreeTextRule kOneLine{.kind = TextKind::kSingleLine, .max_chars = 100};
constexpr FreeTextRule kLines{.kind = TextKind::kMultiLine, .max_chars = 100};

TEST(FreeTextTest, AcceptsEmptyAndTextUpToTheLimitInCharacters) {
  const FreeTextRule three{.kind = TextKind::kMultiLine, .max_chars = 3};
  EXPECT_TRUE(Check("", three).empty());
  EXPECT_TRUE(Check("abc", three).empty());
  // e-acute, euro sign, A: three characters in six bytes.
  EXPECT_TRUE(Check("\xC3\xA9\xE2\x82\xAC\x41", three).empty());
  EXPECT_TRUE(Check("line one\nline two\ttab\r\n", kLines).empty());
}

TEST(FreeTextTest, RefusesTooLong) {
  std::vector<FieldViolation> violations =
      Check("abcd", {.kind = TextKind::kSingleLine, .max_chars = 3});
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "memo");
  EXPECT_EQ(violations[0].description, "must be at most 3 characters");
}

TEST(FreeTextTest, TrimmedFieldsAreCountedTrimmed) {
  const FreeTextRule name{.kind = TextKind::kSingleLine, .required = true, .max_chars = 3,
                          .trimmed = true};
  EXPECT_TRUE(Check("  Ada \xC2\xA0", name).empty());
  EXPECT_EQ(Check("Adam", name).size(), 1u);
  EXPECT_EQ(Check(" \xE2\x80\x8B ", name).size(), 1u) << "blank";
  EXPECT_TRUE(Check(" ", kOneLine).empty()) << "blank is fine where text is optional";
}

TEST(FreeTextTest, RefusesInvalidUtf8AndNul) {
  for (std::string text : {std::string("\xFF"), std::string("\xC0\xAF"),  // overlong '/'
                           std::string("\xED\xA0\x80"),                    // a surrogate
                           std::string("\xF4\x90\x80\x80"),                // past U+10FFFF
                           std::string("\x80"), std::string("\xF0\x9F\x98"),  // cut short
                           std::string("a\0b", 3)}) {
    std::vector<FieldViolation> violations = Check(text, kLines);
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].field, "memo");
  }
}

// The tester's four: SOH, ESC, DEL and NEL (C1), refused in every kind.
TEST(FreeTextTest, RefusesC0DelAndC1InEveryKind) {
  for (std::string text : {std::string("ref\x01"), std::string("\x1b[31mred"),
                           std::string("a\x7f"), std::string("a\xC2\x85" "b"),
                           std::string("a\xC2\x9B" "b")}) {
    for (const FreeTextRule& rule : {kOneLine, kLines}) {
      std::vector<FieldViolation> violations = Check(text, rule);
      ASSERT_EQ(violations.size(), 1u) << text;
      EXPECT_EQ(violations[0].description.rfind("must not contain control characters", 0), 0u)
          << violations[0].description;
    }
  }
}

TEST(FreeTextTest, LineBreaksAndTabsOnlyWhereSeveralLinesAre) {
  for (std::string_view text : {"a\nb", "a\r\nb", "a\tb"}) {
    EXPECT_TRUE(Check(text, kLines).empty()) << text;
    EXPECT_EQ(Check(text, kOneLine).size(), 1u) << text;
  }
}

}  // namespace
}  // namespace billing::domain
