// Resource ids: server-generated ones are opaque and unguessable; caller-
// chosen ones (customers only) follow a fixed alphabet.
#ifndef BILLING_DOMAIN_IDS_H_
#define BILLING_DOMAIN_IDS_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace billing::domain {

inline constexpr std::string_view kCustomerIdPrefix = "cus_";
inline constexpr std::string_view kInvoiceIdPrefix = "inv_";
inline constexpr std::string_view kRevenueCalculationIdPrefix = "rcalc_";
inline constexpr std::string_view kEventIdPrefix = "evt_";

// prefix + 128 bits from the OS's cryptographic source, base32 (lowercase,
// no padding): e.g. "inv_k3v9..." (26 characters after the prefix).
std::string NewId(std::string_view prefix);

// 1-64 characters of [A-Za-z0-9_-].
bool IsValidClientId(std::string_view id);

// VALIDATION_ERROR on `field` unless `id` could name a resource: required,
// 1-64 characters of [A-Za-z0-9_-], and starting with `prefix` when given
// (invoices and revenue calculations; customer ids may be chosen by the
// caller, so they have none). Checked before any lookup, so that a huge or
// binary id costs nothing and is never echoed back.
absl::Status CheckId(std::string_view field, std::string_view id, std::string_view prefix);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_IDS_H_
