#include "domain/ids.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace billing::domain {
namespace {

TEST(NewIdTest, PrefixThen26LowercaseBase32Characters) {
  std::string id = NewId(kInvoiceIdPrefix);
  ASSERT_EQ(id.substr(0, 4), "inv_");
  std::string body = id.substr(4);
  EXPECT_EQ(body.size(), 26u);  // ceil(128 / 5)
  for (char c : body) {
    EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')) << id;
  }
  EXPECT_EQ(NewId(kRevenueCalculationIdPrefix).substr(0, 6), "rcalc_");
}

TEST(NewIdTest, IdsDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(NewId(kCustomerIdPrefix));
  EXPECT_EQ(seen.size(), 10000u);
}

// Every character position varies: a body that keeps a constant position
// would mean fewer random bits than promised.
TEST(NewIdTest, EveryPositionVaries) {
  std::string first = NewId("").substr(0, 25);
  std::string varied(first.size(), '.');
  for (int i = 0; i < 200; ++i) {
    std::string next = NewId("");
    for (size_t j = 0; j < first.size(); ++j) {
      if (next[j] != first[j]) varied[j] = 'x';
    }
  }
  EXPECT_EQ(varied, std::string(first.size(), 'x'));
}

TEST(NewIdTest, GeneratedIdsAreValidClientIds) {
  // Storage and callers may treat every customer id alike.
  EXPECT_TRUE(IsValidClientId(NewId(kCustomerIdPrefix)));
}

TEST(IsValidClientIdTest, FixedAlphabetAndLength) {
  EXPECT_TRUE(IsValidClientId("a"));
  EXPECT_TRUE(IsValidClientId("Customer_42-x"));
  EXPECT_TRUE(IsValidClientId(std::string(64, 'z')));
  EXPECT_FALSE(IsValidClientId(""));
  EXPECT_FALSE(IsValidClientId(std::string(65, 'z')));
  EXPECT_FALSE(IsValidClientId("has space"));
  EXPECT_FALSE(IsValidClientId("slash/y"));
  EXPECT_FALSE(IsValidClientId("dot.y"));
  EXPECT_FALSE(IsValidClientId("caf\xc3\xa9"));
}

}  // namespace
}  // namespace billing::domain
