#include "domain/money.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

// Active ISO 4217 currencies (list one) with their minor units, sorted by
// code for binary search. Codes whose minor units are "N.A." (gold, SDR,
// test and "no currency" codes such as XAU, XDR, XTS, XXX) are left out: an
// invoice cannot be priced in them. Withdrawn codes (HRK, VEF, SLL, ...) are
// left out too. ANG/XCG and ZWL/ZWG both appear while each pair overlaps.
constexpr Currency kCurrencies[] = {
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2},
    {"ARS", 2}, {"AUD", 2}, {"AWG", 2}, {"AZN", 2}, {"BAM", 2}, {"BBD", 2},
    {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0}, {"BMD", 2}, {"BND", 2},
    {"BOB", 2}, {"BOV", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2},
    {"BYN", 2}, {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHE", 2}, {"CHF", 2},
    {"CHW", 2}, {"CLF", 4}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"COU", 2},
    {"CRC", 2}, {"CUC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2}, {"DJF", 0},
    {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2}, {"ERN", 2}, {"ETB", 2},
    {"EUR", 2}, {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2},
    {"GIP", 2}, {"GMD", 2}, {"GNF", 0}, {"GTQ", 2}, {"GYD", 2}, {"HKD", 2},
    {"HNL", 2}, {"HTG", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2},
    {"IQD", 3}, {"IRR", 2}, {"ISK", 0}, {"JMD", 2}, {"JOD", 3}, {"JPY", 0},
    {"KES", 2}, {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0},
    {"KWD", 3}, {"KYD", 2}, {"KZT", 2}, {"LAK", 2}, {"LBP", 2}, {"LKR", 2},
    {"LRD", 2}, {"LSL", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2}, {"MGA", 2},
    {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2},
    {"MVR", 2}, {"MWK", 2}, {"MXN", 2}, {"MXV", 2}, {"MYR", 2}, {"MZN", 2},
    {"NAD", 2}, {"NGN", 2}, {"NIO", 2}, {"NOK", 2}, {"NPR", 2}, {"NZD", 2},
    {"OMR", 3}, {"PAB", 2}, {"PEN", 2}, {"PGK", 2}, {"PHP", 2}, {"PKR", 2},
    {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2},
    {"RWF", 0}, {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2},
    {"SGD", 2}, {"SHP", 2}, {"SLE", 2}, {"SOS", 2}, {"SRD", 2}, {"SSP", 2},
    {"STN", 2}, {"SVC", 2}, {"SYP", 2}, {"SZL", 2}, {"THB", 2}, {"TJS", 2},
    {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2}, {"TWD", 2},
    {"TZS", 2}, {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"USN", 2}, {"UYI", 0},
    {"UYU", 2}, {"UYW", 4}, {"UZS", 2}, {"VED", 2}, {"VES", 2}, {"VND", 0},
    {"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XCG", 2}, {"XOF", 0},
    {"XPF", 0}, {"YER", 2}, {"ZAR", 2}, {"ZMW", 2}, {"ZWG", 2}, {"ZWL", 2},
};

constexpr bool IsSortedByCode() {
  for (size_t i = 1; i < std::size(kCurrencies); ++i) {
    if (!(kCurrencies[i - 1].code < kCurrencies[i].code)) return false;
  }
  return true;
}
static_assert(IsSortedByCode(), "kCurrencies must be sorted for binary search");

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string DecimalSyntaxProblem(std::string_view text) {
  if (text.empty()) return "must not be empty";
  if (text.front() == '-' || text.front() == '+') {
    return absl::StrCat("must be a plain decimal without a sign, like 12.50 (got ",
                        Quoted(text), ")");
  }
  size_t dot = text.find('.');
  std::string_view integer = text.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  bool digits_only = std::all_of(integer.begin(), integer.end(), IsDigit) &&
                     std::all_of(fraction.begin(), fraction.end(), IsDigit);
  // "12." and ".5" are refused too: a caller that sends them has most likely
  // built the string wrongly, and strictness keeps every client honest.
  if (!digits_only || integer.empty() || (dot != std::string_view::npos && fraction.empty())) {
    return absl::StrCat(
        "must be a plain decimal like 12.50: digits with an optional '.' and "
        "more digits, no sign, exponent, spaces or separators (got ",
        Quoted(text), ")");
  }
  return "";
}

absl::StatusOr<Currency> FindCurrency(std::string_view code) {
  const Currency* end = std::end(kCurrencies);
  const Currency* it = std::lower_bound(
      std::begin(kCurrencies), end, code,
      [](const Currency& c, std::string_view wanted) { return c.code < wanted; });
  if (it != end && it->code == code) return *it;
  // Missing, not wrong: said as every other missing field is.
  if (code.empty()) {
    return absl::InvalidArgumentError("is required (an ISO 4217 currency code like USD)");
  }
  std::string upper = absl::AsciiStrToUpper(Av(code));
  if (upper != code && FindCurrency(upper).ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        Quoted(code), " must be written in upper case: ", Quoted(upper)));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(Quoted(code), " is not an active ISO 4217 currency code like USD"));
}

// Strict on purpose: "12.500" is refused for USD even though the extra digit
// is a zero. A caller sending more decimals than the currency has is usually
// confused about the currency, and refusing is cheaper than guessing.
absl::StatusOr<int64_t> ParseAmount(std::string_view text, const Currency& currency) {
  if (std::string problem = DecimalSyntaxProblem(text); !problem.empty()) {
    return absl::InvalidArgumentError(problem);
  }
  size_t dot = text.find('.');
  std::string_view integer = text.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (fraction.size() > static_cast<size_t>(currency.minor_units)) {
    if (currency.minor_units == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "must be a whole number for ", Av(currency.code), ", which has no minor units (got ",
          Quoted(text), ")"));
    }
    return absl::InvalidArgumentError(
        absl::StrCat("must have at most ", currency.minor_units, " decimal places for ",
                     Av(currency.code), " (got ", Quoted(text), ")"));
  }
  // Integer digits, then the fraction padded with zeros to the minor units.
  std::string digits = absl::StrCat(Av(integer), Av(fraction),
                                    std::string(currency.minor_units - fraction.size(), '0'));
  int64_t value = 0;
  for (char c : digits) {
    if (__builtin_mul_overflow(value, 10, &value) ||
        __builtin_add_overflow(value, c - '0', &value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("is too large (got ", Quoted(text), ")"));
    }
  }
  return value;
}

std::string FormatAmount(int64_t minor_units, const Currency& currency) {
  // Work on the magnitude as unsigned so INT64_MIN formats correctly.
  bool negative = minor_units < 0;
  uint64_t magnitude = negative ? ~static_cast<uint64_t>(minor_units) + 1
                                : static_cast<uint64_t>(minor_units);
  std::string digits = absl::StrCat(magnitude);
  size_t scale = static_cast<size_t>(currency.minor_units);
  if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
  std::string out = negative ? "-" : "";
  if (scale == 0) return out + digits;
  absl::StrAppend(&out, absl::string_view(digits).substr(0, digits.size() - scale), ".",
                  absl::string_view(digits).substr(digits.size() - scale));
  return out;
}

absl::StatusOr<int64_t> CheckedAdd(int64_t a, int64_t b) {
  int64_t sum;
  if (__builtin_add_overflow(a, b, &sum)) {
    return absl::InvalidArgumentError("the total is too large");
  }
  return sum;
}

absl::StatusOr<int64_t> CheckedMultiply(int64_t a, int64_t b) {
  int64_t product;
  if (__builtin_mul_overflow(a, b, &product)) {
    return absl::InvalidArgumentError("the product is too large");
  }
  return product;
}

std::string FormatMoneyWithCode(int64_t minor_units, std::string_view currency_code) {
  absl::StatusOr<Currency> currency = FindCurrency(currency_code);
  if (!currency.ok()) return absl::StrCat(minor_units, " ", Av(currency_code));
  return absl::StrCat(FormatAmount(minor_units, *currency), " ", Av(currency_code));
}

}  // namespace billing::domain
