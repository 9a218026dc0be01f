// What a customer gains to be an invoice's buyer (EN 16931 BG-7): a legal
// name, a billing address, tax ids, a tax exemption, payment terms and a
// Peppol address; and the rule its tax exemption sets for an invoice's
// lines. Kept apart from Customer so that the customer row and its API
// stay as they are until storage carries these fields.
#ifndef BILLING_DOMAIN_CUSTOMER_IDENTITY_H_
#define BILLING_DOMAIN_CUSTOMER_IDENTITY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/electronic_address.h"
#include "domain/invoice_document.h"
#include "domain/tax_id.h"
#include "domain/tax_rate.h"

namespace billing::domain {

// Stripe allows 5 per customer; a buyer registered in many countries may
// need a few more, a list past 10 is a mistake.
inline constexpr size_t kMaxCustomerTaxIds = 10;

// Stripe's tax_exempt: whether the customer is charged tax.
enum class TaxExempt {
  kNone,     // taxed as the lines' rates say
  kExempt,   // every line exempt (category E)
  kReverse,  // the customer accounts for the tax: reverse charge (AE)
};

// "none", "exempt", "reverse".
std::string_view TaxExemptName(TaxExempt exempt);
std::optional<TaxExempt> TaxExemptFromName(std::string_view name);

struct CustomerIdentity {
  std::string legal_name;        // BT-44; "" -> the customer's name
  PostalAddress billing_address;  // BG-8
  std::vector<TaxId> tax_ids;    // canonical, no two alike
  TaxExempt tax_exempt = TaxExempt::kNone;
  std::optional<int> payment_terms_days;  // none: the organization's default
  std::optional<ElectronicAddress> electronic_address;  // BT-49

  friend bool operator==(const CustomerIdentity&, const CustomerIdentity&) = default;
};

struct TaxIdInput {
  std::string type;  // TaxIdTypeName
  std::string value;
};

// As the caller sent it: empty text is "not set"; tax_exempt "" is none.
struct CustomerIdentityInput {
  std::string legal_name;
  PostalAddress billing_address;
  std::vector<TaxIdInput> tax_ids;
  std::string tax_exempt;
  std::optional<int64_t> payment_terms_days;
  ElectronicAddress electronic_address;  // both parts empty: none
};

CustomerIdentityInput CustomerIdentityToInput(const CustomerIdentity& identity);

// Validates every field at once (one ValidationError naming each):
// legal_name (<= 200 characters), billing_address as ValidatePostalAddress,
// tax_ids (at most 10; tax_ids[i].type and tax_ids[i].value by ParseTaxId;
// the same id twice is named on tax_ids[i]), tax_exempt (none, exempt,
// reverse), payment_terms_days (0 to 365), electronic_address
// (ParseElectronicAddress).
absl::StatusOr<CustomerIdentity> ValidateCustomerIdentity(const CustomerIdentityInput& input);

// Whether an update mask path belongs to these fields: legal_name,
// billing_address and billing_address.{line1,line2,city,postal_code,region,
// country}, tax_ids, tax_exempt, payment_terms_days, electronic_address.
bool IsCustomerIdentityPath(std::string_view path);

// Applies the identity paths among `paths` (AIP-134) and validates the
// result as a whole; other paths are left to UpdateCustomer.
absl::StatusOr<CustomerIdentity> UpdateCustomerIdentity(const CustomerIdentity& current,
                                                        const CustomerIdentityInput& input,
                                                        const std::vector<std::string>& paths);

// The category every line must have for a customer so exempt: AE for
// reverse, E for exempt, none for none.
std::optional<TaxCategory> RequiredTaxCategory(TaxExempt exempt);

// OkStatus when each line's rate (the line's own, else the invoice's
// default; none when untaxed), in line order, has the category
// RequiredTaxCategory asks for; else TAX_EXEMPTION_MISMATCH naming every
// line that does not (line_items[i].tax_rate_id; the first 10, then how
// many more).
absl::Status CheckTaxExemption(TaxExempt exempt,
                               const std::vector<std::optional<TaxRateTerms>>& line_rates);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_CUSTOMER_IDENTITY_H_
