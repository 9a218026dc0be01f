#include "domain/bank_account.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/country.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

struct IbanFormat {
  std::string_view country;
  int length;
};

// SWIFT IBAN registry: each country's IBAN length, sorted by country.
// French overseas departments and territories use FR IBANs; XK (Kosovo) is
// SWIFT's code.
constexpr IbanFormat kIbanFormats[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16},
    {"BG", 22}, {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22},
    {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20},
    {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22},
    {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HN", 28}, {"HR", 21},
    {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30},
    {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20},
    {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20},
    {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23},
    {"PK", 24}, {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22},
    {"RU", 33}, {"SA", 24}, {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24},
    {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26},
    {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
};

constexpr bool IsSorted() {
  for (size_t i = 1; i < std::size(kIbanFormats); ++i) {
    if (!(kIbanFormats[i - 1].country < kIbanFormats[i].country)) return false;
  }
  return true;
}
static_assert(IsSorted(), "kIbanFormats must be sorted for binary search");

const IbanFormat* FindIbanFormat(std::string_view country) {
  const IbanFormat* end = std::end(kIbanFormats);
  const IbanFormat* it = std::lower_bound(
      std::begin(kIbanFormats), end, country,
      [](const IbanFormat& f, std::string_view wanted) { return f.country < wanted; });
  return it != end && it->country == country ? it : nullptr;
}

bool IsUpperAlnum(char c) { return absl::ascii_isdigit(c) || absl::ascii_isupper(c); }

// ISO 7064 mod 97-10 over the IBAN with its first four characters moved to
// the end and letters as 10..35; a valid IBAN leaves 1.
int IbanMod97(std::string_view iban) {
  int remainder = 0;
  auto feed = [&](char c) {
    const int value = absl::ascii_isdigit(c) ? c - '0' : c - 'A' + 10;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  };
  for (char c : iban.substr(4)) feed(c);
  for (char c : iban.substr(0, 4)) feed(c);
  return remainder;
}

}  // namespace

absl::StatusOr<std::string> ParseIban(std::string_view text, std::string field) {
  std::string iban;
  for (char c : text) {
    if (c != ' ') iban.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  if (iban.empty()) return ValidationError(std::move(field), "is required");
  if (!std::all_of(iban.begin(), iban.end(), IsUpperAlnum)) {
    return ValidationError(std::move(field),
                           absl::StrCat("must contain only letters and digits (got ",
                                        Quoted(text), ")"));
  }
  const IbanFormat* format = iban.size() >= 2 ? FindIbanFormat(iban.substr(0, 2)) : nullptr;
  if (format == nullptr) {
    return ValidationError(
        std::move(field),
        absl::StrCat("must start with the code of a country that uses IBANs (got ",
                     Quoted(text), ")"));
  }
  if (iban.size() != static_cast<size_t>(format->length)) {
    return ValidationError(std::move(field),
                           absl::StrCat("must have ", format->length, " characters for ",
                                        Av(format->country), " (got ", iban.size(), ")"));
  }
  if (!absl::ascii_isdigit(iban[2]) || !absl::ascii_isdigit(iban[3]) || IbanMod97(iban) != 1) {
    return ValidationError(std::move(field),
                           absl::StrCat("has wrong check digits: it is not a valid IBAN (got ",
                                        Quoted(text), ")"));
  }
  return iban;
}

absl::StatusOr<std::string> ParseBic(std::string_view text, std::string field) {
  const std::string bic = absl::AsciiStrToUpper(Av(text));
  if (bic.empty()) return ValidationError(std::move(field), "is required");
  const bool shape =
      (bic.size() == 8 || bic.size() == 11) &&
      std::all_of(bic.begin(), bic.begin() + 4, [](char c) { return absl::ascii_isupper(c); }) &&
      std::all_of(bic.begin() + 4, bic.begin() + 6, [](char c) { return absl::ascii_isupper(c); }) &&
      std::all_of(bic.begin() + 6, bic.end(), IsUpperAlnum);
  if (!shape) {
    return ValidationError(
        std::move(field),
        absl::StrCat("must be a BIC of 8 or 11 characters: 4 letters, a country code, 2 "
                     "letters or digits and an optional 3-character branch (got ",
                     Quoted(text), ")"));
  }
  const std::string country = bic.substr(4, 2);
  if (!IsCountryCode(country) && country != "XK") {
    return ValidationError(std::move(field),
                           absl::StrCat("has ", Quoted(country),
                                        " in place of an ISO 3166-1 country code (got ",
                                        Quoted(text), ")"));
  }
  return bic;
}

}  // namespace billing::domain
