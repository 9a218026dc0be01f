// ISO 3166-1 alpha-2 country codes, as addresses, tax rates and bank
// details name a country.
#ifndef BILLING_DOMAIN_COUNTRY_H_
#define BILLING_DOMAIN_COUNTRY_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace billing::domain {

// True for the 249 officially assigned ISO 3166-1 alpha-2 codes (upper
// case). User-assigned (XA-XZ, AA, QM-QZ, ZZ) and reserved codes such as
// EU, UK or EL are not countries.
bool IsCountryCode(std::string_view code);

// OkStatus, or a ValidationError on `field` saying why `code` is not an
// ISO 3166-1 alpha-2 code (with a hint for lower case, UK and EL).
absl::Status ValidateCountryCode(std::string_view code, std::string field = "country");

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_COUNTRY_H_
