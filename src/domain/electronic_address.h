// A party's electronic address (EN 16931 BT-34 seller, BT-49 buyer): the
// Peppol participant identifier, a scheme from the EAS code list and a value.
#ifndef BILLING_DOMAIN_ELECTRONIC_ADDRESS_H_
#define BILLING_DOMAIN_ELECTRONIC_ADDRESS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace billing::domain {

// The most a Peppol participant identifier's value may hold (Peppol Policy
// for use of Identifiers, 4.2: 50 characters).
inline constexpr size_t kMaxElectronicAddressChars = 50;

struct ElectronicAddress {
  std::string scheme;  // EAS code: "0088" GLN, "9930" German VAT, "EM" e-mail, ...
  std::string value;   // "4035811991021"

  friend bool operator==(const ElectronicAddress&, const ElectronicAddress&) = default;
};

// True for the codes of the CEF Electronic Address Scheme list (version 13)
// that are not withdrawn.
bool IsElectronicAddressScheme(std::string_view scheme);

// Checks both parts (ValidationError naming `field`.scheme / `field`.value):
// the scheme is on the EAS list; the value has 1 to 50 printable ASCII
// characters without spaces, and for 0088 (GLN) 13 digits with a valid GS1
// check digit. Returns the address unchanged.
absl::StatusOr<ElectronicAddress> ParseElectronicAddress(std::string_view scheme,
                                                         std::string_view value,
                                                         std::string field = "electronic_address");

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_ELECTRONIC_ADDRESS_H_
