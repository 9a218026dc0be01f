#include "auth/scopes.h"

#include <string>
#include <vector>

#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace billing::auth {
namespace {

using domain::ErrorCode;
using domain::ErrorCodeOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ScopesTest, NamesRoundTrip) {
  for (Scope scope : kAllScopes) {
    std::optional<Scope> back = ScopeFromName(ScopeName(scope));
    ASSERT_TRUE(back.has_value()) << ScopeName(scope);
    EXPECT_EQ(*back, scope);
  }
  EXPECT_EQ(ScopeName(Scope::kCustomersRead), "customers:read");
  EXPECT_EQ(ScopeName(Scope::kCustomersWrite), "customers:write");
  EXPECT_EQ(ScopeName(Scope::kInvoicesRead), "invoices:read");
  EXPECT_EQ(ScopeName(Scope::kInvoicesWrite), "invoices:write");
  EXPECT_EQ(ScopeName(Scope::kRevenueRead), "revenue:read");
  EXPECT_EQ(ScopeName(Scope::kRevenueWrite), "revenue:write");
  EXPECT_EQ(ScopeName(Scope::kEventsRead), "events:read");
  EXPECT_EQ(ScopeName(Scope::kWebhooksRead), "webhooks:read");
  EXPECT_EQ(ScopeName(Scope::kWebhooksWrite), "webhooks:write");
  EXPECT_EQ(ScopeName(Scope::kOrganizationRead), "organization:read");
  EXPECT_EQ(ScopeName(Scope::kOrganizationWrite), "organization:write");
  EXPECT_EQ(ScopeName(Scope::kTaxRatesRead), "tax_rates:read");
  EXPECT_EQ(ScopeName(Scope::kTaxRatesWrite), "tax_rates:write");
}

TEST(ScopesTest, NamesAreExact) {
  EXPECT_FALSE(ScopeFromName("Invoices:read").has_value());
  EXPECT_FALSE(ScopeFromName("invoices:read ").has_value());
  EXPECT_FALSE(ScopeFromName("invoices").has_value());
  EXPECT_FALSE(ScopeFromName("").has_value());
}

TEST(ScopesTest, ParsesCommasAndSpaces) {
  absl::StatusOr<std::vector<Scope>> scopes =
      ParseScopes("invoices:read,invoices:write  revenue:read, customers:read", true);
  ASSERT_TRUE(scopes.ok()) << scopes.status();
  EXPECT_THAT(*scopes, ElementsAre(Scope::kInvoicesRead, Scope::kInvoicesWrite,
                                   Scope::kRevenueRead, Scope::kCustomersRead));
}

TEST(ScopesTest, EmptyTextIsNoScopes) {
  absl::StatusOr<std::vector<Scope>> scopes = ParseScopes(" , ", true);
  ASSERT_TRUE(scopes.ok());
  EXPECT_THAT(*scopes, IsEmpty());
}

TEST(ScopesTest, RepeatedNamesCountOnce) {
  absl::StatusOr<std::vector<Scope>> scopes =
      ParseScopes("revenue:write revenue:write,revenue:write", true);
  ASSERT_TRUE(scopes.ok());
  EXPECT_THAT(*scopes, ElementsAre(Scope::kRevenueWrite));
}

TEST(ScopesTest, StrictRefusesUnknownNamesNamingThem) {
  absl::StatusOr<std::vector<Scope>> scopes =
      ParseScopes("invoices:read,invoices:delete,admin", true);
  ASSERT_FALSE(scopes.ok());
  EXPECT_EQ(scopes.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeOf(scopes.status()), ErrorCode::kValidationError);
  std::string message(scopes.status().message());
  EXPECT_NE(message.find("invoices:delete"), std::string::npos) << message;
  EXPECT_NE(message.find("admin"), std::string::npos) << message;
}

TEST(ScopesTest, LenientSkipsUnknownNames) {
  absl::StatusOr<std::vector<Scope>> scopes =
      ParseScopes("openid calendar:read invoices:write profile", false);
  ASSERT_TRUE(scopes.ok());
  EXPECT_THAT(*scopes, ElementsAre(Scope::kInvoicesWrite));
}

TEST(ScopesTest, FormatUsesAFixedOrderWithoutRepeats) {
  EXPECT_EQ(FormatScopes({Scope::kRevenueWrite, Scope::kCustomersRead, Scope::kInvoicesRead,
                          Scope::kCustomersRead}),
            "customers:read,invoices:read,revenue:write");
  EXPECT_EQ(FormatScopes({}), "");
  std::vector<Scope> all(std::begin(kAllScopes), std::end(kAllScopes));
  EXPECT_EQ(FormatScopes(all),
            "customers:read,customers:write,invoices:read,invoices:write,revenue:read,"
            "revenue:write,events:read,webhooks:read,webhooks:write,organization:read,"
            "organization:write,tax_rates:read,tax_rates:write");
}

TEST(ScopesTest, FormatParsesBack) {
  std::vector<Scope> scopes = {Scope::kInvoicesWrite, Scope::kCustomersRead};
  absl::StatusOr<std::vector<Scope>> back = ParseScopes(FormatScopes(scopes), true);
  ASSERT_TRUE(back.ok());
  EXPECT_THAT(*back, ElementsAre(Scope::kCustomersRead, Scope::kInvoicesWrite));
}

}  // namespace
}  // namespace billing::auth
