// If-Match conditions: which entity tags a condition admits.
#include "domain/etag.h"

#include "domain/error.h"

#include "gtest/gtest.h"

namespace billing::domain {
namespace {

TEST(EtagTest, IfMatchAdmitsTheCurrentTagQuotedOrBare) {
  EXPECT_TRUE(IfMatchAdmits("\"abc\"", "abc"));
  EXPECT_TRUE(IfMatchAdmits("abc", "abc")) << "the gRPC etag field holds it bare";
  EXPECT_TRUE(IfMatchAdmits("\"old\", \"abc\"", "abc")) << "any tag of a list";
  EXPECT_TRUE(IfMatchAdmits("*", "abc")) << "any current version";
  EXPECT_FALSE(IfMatchAdmits("\"old\"", "abc"));
  EXPECT_FALSE(IfMatchAdmits("\"ab\"", "abc"));
}

TEST(EtagTest, WeakAndMalformedTagsNeverMatch) {
  EXPECT_FALSE(IfMatchAdmits("W/\"abc\"", "abc")) << "If-Match compares strongly";
  EXPECT_FALSE(IfMatchAdmits("\"abc", "abc"));
  EXPECT_FALSE(IfMatchAdmits("\"\"", "")) << "no resource has an empty tag";
  EXPECT_FALSE(IfMatchAdmits(" , ", "abc"));
}

TEST(EtagTest, EtagMismatchCarriesTheCurrentTag) {
  absl::Status status = EtagMismatchError("invoice", "abc");
  EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kEtagMismatch);
  EXPECT_EQ(CurrentEtagOf(status), "abc");
  EXPECT_EQ(CurrentEtagOf(absl::InternalError("x")), "");
}

}  // namespace
}  // namespace billing::domain
