#include "domain/scaled_decimal.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "domain/money.h"
#include "domain/text.h"

namespace billing::domain {

int64_t PowerOfTen(int places) {
  int64_t power = 1;
  for (int i = 0; i < places; ++i) power *= 10;
  return power;
}

absl::StatusOr<int64_t> ParseScaledDecimal(std::string_view text, int places) {
  if (std::string problem = DecimalSyntaxProblem(text); !problem.empty()) {
    return absl::InvalidArgumentError(problem);
  }
  const size_t dot = text.find('.');
  const std::string_view integer = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (fraction.size() > static_cast<size_t>(places)) {
    return absl::InvalidArgumentError(absl::StrCat("must have at most ", places,
                                                   " decimal places (got ", Quoted(text), ")"));
  }
  const std::string digits = absl::StrCat(Av(integer), Av(fraction),
                                          std::string(places - fraction.size(), '0'));
  int64_t value = 0;
  for (char c : digits) {
    if (__builtin_mul_overflow(value, 10, &value) ||
        __builtin_add_overflow(value, c - '0', &value)) {
      return absl::InvalidArgumentError(absl::StrCat("is too large (got ", Quoted(text), ")"));
    }
  }
  return value;
}

std::string FormatScaledDecimal(int64_t value, int places) {
  const int64_t scale = PowerOfTen(places);
  std::string out = absl::StrCat(value / scale);
  int64_t fraction = value % scale;
  if (fraction == 0) return out;
  std::string digits = absl::StrCat(fraction);
  digits.insert(0, static_cast<size_t>(places) - digits.size(), '0');
  while (digits.back() == '0') digits.pop_back();
  return absl::StrCat(out, ".", digits);
}

}  // namespace billing::domain
