// A party's tax identifiers (Stripe's customer tax ids): a type and a value
// checked by that type's format, kept in one canonical spelling.
#ifndef BILLING_DOMAIN_TAX_ID_H_
#define BILLING_DOMAIN_TAX_ID_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace billing::domain {

enum class TaxIdType { kEuVat, kGbVat, kChVat, kNoVat, kUsEin, kAuAbn, kOther };

// "eu_vat", "gb_vat", "ch_vat", "no_vat", "us_ein", "au_abn", "other".
std::string_view TaxIdTypeName(TaxIdType type);
std::optional<TaxIdType> TaxIdTypeFromName(std::string_view name);

struct TaxId {
  TaxIdType type = TaxIdType::kOther;
  std::string value;  // canonical: see ParseTaxId

  friend bool operator==(const TaxId&, const TaxId&) = default;
};

// Parses `value` by `type`'s format. Spaces, dots and hyphens between the
// characters are accepted and letters may be lower case; the value kept is:
//   eu_vat  the country prefix and number, compact ("DE811907980"): each EU
//           member state's VIES format, Greece as EL (not GR), Northern
//           Ireland as XI;
//   gb_vat  "GB" and 9 or 12 digits, or GBGD000-499 / GBHA500-999;
//   ch_vat  "CHE-123.456.789 MWST" (or TVA, IVA);
//   no_vat  9 digits and "MVA" ("123456789MVA");
//   us_ein  "12-3456789";
//   au_abn  11 digits passing the ABN checksum ("51824753556");
//   other   the text as given, 1 to 64 printable characters.
// A ValidationError names `type_field` for an unknown type and
// `value_field` for a value that does not fit it.
absl::StatusOr<TaxId> ParseTaxId(std::string_view type, std::string_view value,
                                 std::string type_field = "type",
                                 std::string value_field = "value");

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_TAX_ID_H_
