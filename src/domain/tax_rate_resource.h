// A tax rate as an account keeps it (Stripe Tax Rates, Lago taxes): its
// rules (tax_rate.h) with a name, a place, and whether it may still be put
// on new invoices. A rate is never deleted, only archived (active false):
// issued invoices keep pointing at it.
#ifndef BILLING_DOMAIN_TAX_RATE_RESOURCE_H_
#define BILLING_DOMAIN_TAX_RATE_RESOURCE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/tax_rate.h"

namespace billing::domain {

struct TaxRate {
  std::string account_id;
  std::string id;  // "txr_..."
  std::string display_name;
  std::string country;  // ISO 3166-1 alpha-2 or ""
  std::string region;
  TaxRateTerms terms;
  bool active = true;
  absl::Time create_time;
  absl::Time update_time;
};

// A new, active rate from `input` (ValidateTaxRate's rules, every bad field
// named at once).
absl::StatusOr<TaxRate> NewTaxRate(std::string account_id, std::string id,
                                   const TaxRateInput& input, absl::Time now);

// The rate as a caller would send it back: what an update starts from.
TaxRateInput InputOf(const TaxRate& rate);

// Applies the fields named in `paths` (display_name, percentage, inclusive,
// country, region, category, exemption_reason, exemption_reason_code,
// active) and validates the result as a whole, as NewTaxRate does. Unknown
// or read-only paths, or none: ValidationError on "update_mask". When the
// rate is `in_use` (on an invoice already), TAX_RATE_IN_USE if percentage,
// inclusive, category or country would change (CheckTaxRateChange).
absl::StatusOr<TaxRate> UpdateTaxRate(const TaxRate& current, const TaxRateInput& input,
                                      std::optional<bool> active,
                                      const std::vector<std::string>& paths, bool in_use,
                                      absl::Time now);

// Only an active rate may be put on an invoice being written: a
// ValidationError naming `field` otherwise.
absl::Status CheckUsable(const TaxRate& rate, const std::string& field);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_TAX_RATE_RESOURCE_H_
