#include "domain/electronic_address.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

// CEF EAS code list v13 (the EN 16931 registry), without the withdrawn
// codes (9901-9958's deprecated ones such as 9908, 9909, 9956, 9958).
// Sorted for binary search.
constexpr std::string_view kSchemes[] = {
    "0002", "0007", "0009", "0037", "0060", "0088", "0096", "0097", "0106", "0130", "0135",
    "0142", "0147", "0151", "0170", "0183", "0184", "0188", "0190", "0191", "0192", "0193",
    "0194", "0195", "0196", "0198", "0199", "0200", "0201", "0202", "0203", "0204", "0205",
    "0208", "0209", "0210", "0211", "0212", "0213", "0215", "0216", "0217", "0218", "0221",
    "0230", "9901", "9910", "9913", "9914", "9915", "9918", "9919", "9920", "9922", "9923",
    "9924", "9925", "9926", "9927", "9928", "9929", "9930", "9931", "9932", "9933", "9934",
    "9935", "9936", "9937", "9938", "9939", "9940", "9941", "9942", "9943", "9944", "9945",
    "9946", "9947", "9948", "9949", "9950", "9951", "9952", "9953", "9957", "9959", "AN",
    "AQ",   "AS",   "AU",   "EM",
};

constexpr bool IsSorted() {
  for (size_t i = 1; i < std::size(kSchemes); ++i) {
    if (!(kSchemes[i - 1] < kSchemes[i])) return false;
  }
  return true;
}
static_assert(IsSorted(), "kSchemes must be sorted for binary search");

// GS1 mod 10: from the right, digits weigh 3, 1, 3, ... before the check digit.
bool Gs1CheckDigitHolds(std::string_view digits) {
  int sum = 0;
  for (size_t i = 0; i + 1 < digits.size(); ++i) {
    const size_t from_right = digits.size() - 2 - i;
    sum += (digits[i] - '0') * (from_right % 2 == 0 ? 3 : 1);
  }
  return (10 - sum % 10) % 10 == digits.back() - '0';
}

}  // namespace

bool IsElectronicAddressScheme(std::string_view scheme) {
  return std::binary_search(std::begin(kSchemes), std::end(kSchemes), scheme);
}

absl::StatusOr<ElectronicAddress> ParseElectronicAddress(std::string_view scheme,
                                                         std::string_view value,
                                                         std::string field) {
  ViolationCollector violations;
  const std::string scheme_field = absl::StrCat(field, ".scheme");
  const std::string value_field = absl::StrCat(field, ".value");
  if (scheme.empty()) {
    violations.Add(scheme_field, "is required (an EAS code such as 0088 or 9930)");
  } else if (!IsElectronicAddressScheme(scheme)) {
    violations.Add(scheme_field, absl::StrCat(Quoted(scheme),
                                              " is not on the Electronic Address Scheme (EAS) "
                                              "code list, like 0088 (GLN) or 9930 (German VAT)"));
  }
  const bool printable = std::all_of(value.begin(), value.end(), [](char c) {
    return absl::ascii_isgraph(static_cast<unsigned char>(c));
  });
  if (value.empty()) {
    violations.Add(value_field, "is required");
  } else if (!printable) {
    violations.Add(value_field, "must be printable ASCII without spaces");
  } else if (value.size() > kMaxElectronicAddressChars) {
    violations.Add(value_field,
                   absl::StrCat("must be at most ", kMaxElectronicAddressChars, " characters"));
  } else if (scheme == "0088" &&
             (value.size() != 13 ||
              !std::all_of(value.begin(), value.end(),
                           [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }) ||
              !Gs1CheckDigitHolds(value))) {
    violations.Add(value_field, absl::StrCat("must be a GLN of 13 digits with a valid check digit (got ",
                                             Quoted(value), ")"));
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  return ElectronicAddress{std::string(scheme), std::string(value)};
}

}  // namespace billing::domain
