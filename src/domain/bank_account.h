// Bank details a seller prints for payment: IBAN (ISO 13616) and BIC
// (ISO 9362).
#ifndef BILLING_DOMAIN_BANK_ACCOUNT_H_
#define BILLING_DOMAIN_BANK_ACCOUNT_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace billing::domain {

// The IBAN in its electronic form (upper case, no spaces: "DE89370400440532013000").
// Accepts the print form with single spaces between groups and lower case.
// Refused with a ValidationError on `field`: a country without IBANs (per
// the SWIFT IBAN registry), a length other than that country's, characters
// other than A-Z and 0-9, and check digits that fail ISO 7064 mod 97-10.
absl::StatusOr<std::string> ParseIban(std::string_view text, std::string field = "iban");

// The BIC in upper case. Its shape: 4 letters (the bank), an ISO 3166-1
// country (or XK, which SWIFT uses for Kosovo), 2 letters or digits (the
// location) and an optional 3 (the branch): 8 or 11 characters.
// ValidationError on `field` otherwise.
absl::StatusOr<std::string> ParseBic(std::string_view text, std::string field = "bic");

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_BANK_ACCOUNT_H_
