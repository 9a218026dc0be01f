#include "auth/scopes.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::auth {

using domain::Av;

namespace {

bool IsSeparator(char c) { return c == ',' || c == ' '; }

// The words of `text`, split on any run of commas and spaces.
std::vector<std::string_view> SplitWords(std::string_view text) {
  std::vector<std::string_view> words;
  size_t start = 0;
  while (start < text.size()) {
    if (IsSeparator(text[start])) {
      ++start;
      continue;
    }
    size_t end = start;
    while (end < text.size() && !IsSeparator(text[end])) ++end;
    words.push_back(text.substr(start, end - start));
    start = end;
  }
  return words;
}

bool Contains(const std::vector<Scope>& scopes, Scope scope) {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

}  // namespace

std::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kCustomersRead: return "customers:read";
    case Scope::kCustomersWrite: return "customers:write";
    case Scope::kInvoicesRead: return "invoices:read";
    case Scope::kInvoicesWrite: return "invoices:write";
    case Scope::kRevenueRead: return "revenue:read";
    case Scope::kRevenueWrite: return "revenue:write";
    case Scope::kEventsRead: return "events:read";
    case Scope::kWebhooksRead: return "webhooks:read";
    case Scope::kWebhooksWrite: return "webhooks:write";
    case Scope::kOrganizationRead: return "organization:read";
    case Scope::kOrganizationWrite: return "organization:write";
    case Scope::kTaxRatesRead: return "tax_rates:read";
    case Scope::kTaxRatesWrite: return "tax_rates:write";
  }
  return "";
}

std::optional<Scope> ScopeFromName(std::string_view name) {
  for (Scope scope : kAllScopes) {
    if (ScopeName(scope) == name) return scope;
  }
  return std::nullopt;
}

absl::StatusOr<std::vector<Scope>> ParseScopes(std::string_view text, bool strict) {
  std::vector<Scope> scopes;
  std::vector<std::string> unknown;
  for (std::string_view word : SplitWords(text)) {
    std::optional<Scope> scope = ScopeFromName(word);
    if (!scope.has_value()) {
      unknown.emplace_back(word);
      continue;
    }
    // A repeated name grants nothing more; keep the first occurrence.
    if (!Contains(scopes, *scope)) scopes.push_back(*scope);
  }
  if (strict && !unknown.empty()) {
    std::vector<std::string_view> known;
    for (Scope scope : kAllScopes) known.push_back(ScopeName(scope));
    return domain::ValidationError(
        "scopes", absl::StrCat("unknown scope(s) ", absl::StrJoin(unknown, ", "),
                               "; known scopes are ",
                               absl::StrJoin(known, ", ", [](std::string* out, std::string_view s) {
                                 absl::StrAppend(out, Av(s));
                               })));
  }
  return scopes;
}

std::string FormatScopes(const std::vector<Scope>& scopes) {
  std::string out;
  for (Scope scope : kAllScopes) {
    if (!Contains(scopes, scope)) continue;
    if (!out.empty()) out.push_back(',');
    out.append(ScopeName(scope));
  }
  return out;
}

}  // namespace billing::auth
