#include "domain/free_text.h"

#include <string>
#include <vector>

#include "domain/error.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

std::vector<FieldViolation> Check(std::string_view text, size_t max_chars) {
  ViolationCollector violations;
  ValidateFreeText("memo", text, max_chars, violations);
  return FieldViolationsOf(violations.ToStatus());
}

TEST(FreeTextTest, AcceptsEmptyAndTextUpToTheLimitInCharacters) {
  EXPECT_TRUE(Check("", 3).empty());
  EXPECT_TRUE(Check("abc", 3).empty());
  // e-acute, euro sign, A: three characters in six bytes.
  EXPECT_TRUE(Check("\xC3\xA9\xE2\x82\xAC\x41", 3).empty());
  EXPECT_TRUE(Check("line one\nline two\ttab", 100).empty());
}

TEST(FreeTextTest, RefusesTooLong) {
  std::vector<FieldViolation> violations = Check("abcd", 3);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "memo");
  EXPECT_EQ(violations[0].description, "must be at most 3 characters");
}

TEST(FreeTextTest, RefusesInvalidUtf8AndNul) {
  for (std::string text : {std::string("\xFF"), std::string("\xC0\xAF"),  // overlong '/'
                           std::string("\xED\xA0\x80"),                    // a surrogate
                           std::string("\xF4\x90\x80\x80"),                // past U+10FFFF
                           std::string("\x80"), std::string("\xF0\x9F\x98"),  // cut short
                           std::string("a\0b", 3)}) {
    std::vector<FieldViolation> violations = Check(text, 100);
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].field, "memo");
  }
}

}  // namespace
}  // namespace billing::domain
