// What a credential may do. Each RPC needs exactly one scope.
#ifndef BILLING_AUTH_SCOPES_H_
#define BILLING_AUTH_SCOPES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace billing::auth {

enum class Scope {
  kCustomersRead,
  kCustomersWrite,
  kInvoicesRead,
  kInvoicesWrite,
  kRevenueRead,
  kRevenueWrite,
  kEventsRead,
  kWebhooksRead,
  kWebhooksWrite,
  kOrganizationRead,
  kOrganizationWrite,
  kTaxRatesRead,
  kTaxRatesWrite,
};

inline constexpr Scope kAllScopes[] = {
    Scope::kCustomersRead, Scope::kCustomersWrite, Scope::kInvoicesRead,
    Scope::kInvoicesWrite, Scope::kRevenueRead,    Scope::kRevenueWrite,
    Scope::kEventsRead,    Scope::kWebhooksRead,   Scope::kWebhooksWrite,
    Scope::kOrganizationRead, Scope::kOrganizationWrite, Scope::kTaxRatesRead,
    Scope::kTaxRatesWrite};

// "customers:read", "invoices:write", ...
std::string_view ScopeName(Scope scope);
std::optional<Scope> ScopeFromName(std::string_view name);

// Parses a list separated by commas and/or spaces ("invoices:read,invoices:write"
// or the JWT `scope` claim's "invoices:read invoices:write"). Unknown names
// are an InvalidArgument error naming them, when `strict`; otherwise they
// are skipped (a token may carry scopes of other services).
absl::StatusOr<std::vector<Scope>> ParseScopes(std::string_view text, bool strict);

// "customers:read,invoices:write" in a fixed order.
std::string FormatScopes(const std::vector<Scope>& scopes);

}  // namespace billing::auth

#endif  // BILLING_AUTH_SCOPES_H_
