// A line's quantity: an exact decimal with at most 4 places (7.5 hours),
// held as an integer of ten-thousandths so that it never rounds.
#ifndef BILLING_DOMAIN_DECIMAL_QUANTITY_H_
#define BILLING_DOMAIN_DECIMAL_QUANTITY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace billing::domain {

inline constexpr int kQuantityDecimals = 4;
inline constexpr int64_t kQuantityScale = 10'000;  // units of one whole
// The whole-number bound lines have always had (invoice.cc kMaxQuantity).
inline constexpr int64_t kMaxWholeQuantity = 1'000'000'000;

struct DecimalQuantity {
  int64_t ten_thousandths = 0;  // > 0 once parsed

  // `units` whole units, as the integer quantity of existing clients.
  static constexpr DecimalQuantity Whole(int64_t units) { return {units * kQuantityScale}; }
  // The whole number of units, or nullopt when there is a fraction.
  std::optional<int64_t> WholeUnits() const;

  friend bool operator==(const DecimalQuantity&, const DecimalQuantity&) = default;
};

// "7.5", "1", "0.0001". Refused (InvalidArgument, a message for a person):
// anything DecimalSyntaxProblem refuses (signs, exponents, spaces), more
// than 4 decimals, zero, and more than kMaxWholeQuantity.
absl::StatusOr<DecimalQuantity> ParseQuantity(std::string_view text);

// The shortest exact text: whole quantities read exactly as the integers
// existing clients send ("3"), others without trailing zeros ("7.5").
std::string FormatQuantity(DecimalQuantity quantity);

// A line's gross amount (BT-131 before allowances): quantity x unit amount
// in the currency's minor units, rounded half up once, here. EN 16931 fixes
// the line net amount to the currency's decimals (BR-DEC-23; Peppol BIS 3
// PEPPOL-EN16931-R120 checks it as quantity x price - allowances), so each
// line is rounded once and sums are never rounded again. unit_amount >= 0;
// InvalidArgument when the result is past int64.
absl::StatusOr<int64_t> LineGrossAmount(DecimalQuantity quantity, int64_t unit_amount);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_DECIMAL_QUANTITY_H_
