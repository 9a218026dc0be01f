#include "domain/country.h"

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

// ISO 3166-1 officially assigned alpha-2 codes, sorted for binary search.
constexpr std::string_view kCountries[] = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
    "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
    "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK",
    "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
    "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR",
    "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
    "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
    "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
    "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV",
    "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ",
    "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI",
    "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
    "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC",
    "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
    "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
    "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
};
static_assert(std::size(kCountries) == 249, "ISO 3166-1 assigns 249 alpha-2 codes");

constexpr bool IsSorted() {
  for (size_t i = 1; i < std::size(kCountries); ++i) {
    if (!(kCountries[i - 1] < kCountries[i])) return false;
  }
  return true;
}
static_assert(IsSorted(), "kCountries must be sorted for binary search");

}  // namespace

bool IsCountryCode(std::string_view code) {
  return std::binary_search(std::begin(kCountries), std::end(kCountries), code);
}

absl::Status ValidateCountryCode(std::string_view code, std::string field) {
  if (IsCountryCode(code)) return absl::OkStatus();
  if (code.empty()) {
    return ValidationError(std::move(field), "is required (an ISO 3166-1 alpha-2 code like DE)");
  }
  const std::string upper = absl::AsciiStrToUpper(Av(code));
  if (upper != code && IsCountryCode(upper)) {
    return ValidationError(std::move(field), absl::StrCat(Quoted(code), " must be written in upper case: ",
                                                          Quoted(upper)));
  }
  if (upper == "UK") {
    return ValidationError(std::move(field),
                           "\"UK\" is not an ISO 3166-1 code: the United Kingdom is \"GB\"");
  }
  if (upper == "EL") {
    return ValidationError(std::move(field),
                           "\"EL\" is Greece's VAT prefix, not its ISO 3166-1 code: use \"GR\"");
  }
  return ValidationError(std::move(field), absl::StrCat(Quoted(code),
                                                        " is not an ISO 3166-1 alpha-2 country code like DE"));
}

}  // namespace billing::domain
