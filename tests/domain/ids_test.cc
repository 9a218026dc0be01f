#include "domain/ids.h"

#include <set>
#include <string>

#include "absl/status/status.h"
#include "domain/error.h"

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

TEST(CheckIdTest, ShapeIsCheckedBeforeAnyLookup) {
  EXPECT_TRUE(CheckId("invoice_id", NewId(kInvoiceIdPrefix), kInvoiceIdPrefix).ok());
  EXPECT_TRUE(CheckId("customer_id", "my-customer_1", "").ok());
  for (const std::string& bad : {std::string(""), std::string(65, 'a'), std::string(900'000, 'a'),
                                std::string("inv_\xff"), std::string("inv_a/b"),
                                std::string("inv_a b"), std::string("cus_1")}) {
    absl::Status status = CheckId("invoice_id", bad, kInvoiceIdPrefix);
    EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kValidationError);
    ASSERT_EQ(FieldViolationsOf(status).size(), 1u);
    EXPECT_EQ(FieldViolationsOf(status)[0].field, "invoice_id");
    EXPECT_LT(status.message().size(), 120u) << "the id is never echoed";
  }
}

}  // namespace
}  // namespace billing::domain
