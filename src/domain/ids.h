// Resource ids: server-generated ones are opaque and unguessable; caller-
// chosen ones (customers only) follow a fixed alphabet.
#ifndef BILLING_DOMAIN_IDS_H_
#define BILLING_DOMAIN_IDS_H_

#include <string>
#include <string_view>

namespace billing::domain {

inline constexpr std::string_view kCustomerIdPrefix = "cus_";
inline constexpr std::string_view kInvoiceIdPrefix = "inv_";
inline constexpr std::string_view kRevenueCalculationIdPrefix = "rcalc_";

// prefix + 128 bits from the OS's cryptographic source, base32 (lowercase,
// no padding): e.g. "inv_k3v9..." (26 characters after the prefix).
std::string NewId(std::string_view prefix);

// 1-64 characters of [A-Za-z0-9_-].
bool IsValidClientId(std::string_view id);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_IDS_H_
