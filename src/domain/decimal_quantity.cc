#include "domain/decimal_quantity.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/rounding.h"
#include "domain/scaled_decimal.h"
#include "domain/text.h"

namespace billing::domain {

std::optional<int64_t> DecimalQuantity::WholeUnits() const {
  if (ten_thousandths % kQuantityScale != 0) return std::nullopt;
  return ten_thousandths / kQuantityScale;
}

absl::StatusOr<DecimalQuantity> ParseQuantity(std::string_view text) {
  // A sign gets its own message: "-1" is a wrong quantity, not bad syntax.
  if (!text.empty() && text.front() == '-') {
    return absl::InvalidArgumentError(
        absl::StrCat("must be greater than 0 (got ", Quoted(text), ")"));
  }
  absl::StatusOr<int64_t> value = ParseScaledDecimal(text, kQuantityDecimals);
  if (!value.ok()) {
    if (absl::StrContains(value.status().message(), "too large")) {
      return absl::InvalidArgumentError(
          absl::StrCat("must be at most ", kMaxWholeQuantity, " (got ", Quoted(text), ")"));
    }
    return value.status();
  }
  if (*value == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("must be greater than 0 (got ", Quoted(text), ")"));
  }
  if (*value > kMaxWholeQuantity * kQuantityScale) {
    return absl::InvalidArgumentError(
        absl::StrCat("must be at most ", kMaxWholeQuantity, " (got ", Quoted(text), ")"));
  }
  return DecimalQuantity{*value};
}

std::string FormatQuantity(DecimalQuantity quantity) {
  return FormatScaledDecimal(quantity.ten_thousandths, kQuantityDecimals);
}

absl::StatusOr<int64_t> LineGrossAmount(DecimalQuantity quantity, int64_t unit_amount) {
  const __int128 gross = DivideRoundingHalfUp(
      __int128{quantity.ten_thousandths} * unit_amount, kQuantityScale);
  if (gross > std::numeric_limits<int64_t>::max() || gross < 0) {
    return absl::InvalidArgumentError("quantity times unit amount is too large");
  }
  return static_cast<int64_t>(gross);
}

}  // namespace billing::domain
