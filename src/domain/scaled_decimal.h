// Exact decimals with a fixed number of places (quantities, percentages),
// held as integers of 10^-places: "7.5" with 4 places is 75000.
#ifndef BILLING_DOMAIN_SCALED_DECIMAL_H_
#define BILLING_DOMAIN_SCALED_DECIMAL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace billing::domain {

// 10^places for places in [0, 18].
int64_t PowerOfTen(int places);

// Parses a plain decimal ("7.5", "1", "0.0001") with at most `places`
// decimals into units of 10^-places. Refused (InvalidArgument, a message for
// a person): DecimalSyntaxProblem (signs, exponents, spaces, ...), more
// decimals than `places`, and values past int64.
absl::StatusOr<int64_t> ParseScaledDecimal(std::string_view text, int places);

// The shortest exact text: trailing zeros of the fraction dropped, and the
// '.' with them, so whole values read as integers (75000 -> "7.5",
// 10000 -> "1", 1 -> "0.0001" with 4 places). value >= 0.
std::string FormatScaledDecimal(int64_t value, int places);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_SCALED_DECIMAL_H_
