// Money is never a float: amounts live as int64 minor units of an ISO 4217
// currency and cross the API as decimal strings.
#ifndef BILLING_DOMAIN_MONEY_H_
#define BILLING_DOMAIN_MONEY_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace billing::domain {

struct Currency {
  std::string_view code;  // "USD"
  int minor_units;        // 2 for USD, 0 for JPY, 3 for KWD
};

// The ISO 4217 currency with this exact (upper-case) code; InvalidArgument
// naming the code when it is not an active ISO 4217 currency.
absl::StatusOr<Currency> FindCurrency(std::string_view code);

// Why `text` is not a plain decimal ("12.50": digits, an optional '.' and
// more digits; no sign, exponent, space or separator), phrased for a
// person; "" when it is one. Shared by every exact decimal the API takes.
std::string DecimalSyntaxProblem(std::string_view text);

// Parses a plain decimal ("1250", "1250.5", "1250.00") into minor units.
// Refused (InvalidArgument, message for a person): empty text, signs,
// exponents, spaces, more decimals than the currency has, overflow of int64.
// Fewer decimals than the currency has are fine ("12.5" USD is 1250).
absl::StatusOr<int64_t> ParseAmount(std::string_view text, const Currency& currency);

// Formats with exactly the currency's minor units: 1250 USD -> "12.50",
// 1250 JPY -> "1250", -5 USD -> "-0.05".
std::string FormatAmount(int64_t minor_units, const Currency& currency);

// "12.50 USD", for messages; a stored currency missing from the table still
// shows its digits, as whole minor units.
std::string FormatMoneyWithCode(int64_t minor_units, std::string_view currency_code);

// a + b and a * b without silent overflow (InvalidArgument on overflow).
absl::StatusOr<int64_t> CheckedAdd(int64_t a, int64_t b);
absl::StatusOr<int64_t> CheckedMultiply(int64_t a, int64_t b);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_MONEY_H_
