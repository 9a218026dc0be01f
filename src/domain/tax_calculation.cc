#include "domain/tax_calculation.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "domain/rounding.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

// Percentages are held in 1/10000 percent: x% of an amount is
// amount x percentage / kPercentOfWhole.
constexpr __int128 kPercentOfWhole = 100 * kPercentageScale;

bool FitsInt64(__int128 value) {
  return value >= std::numeric_limits<int64_t>::min() &&
         value <= std::numeric_limits<int64_t>::max();
}

__int128 ExclusiveTax(__int128 taxable, int64_t percentage) {
  return DivideRoundingHalfUp(taxable * percentage, kPercentOfWhole);
}

// The net part of an inclusive gross, rounded half up. Whenever some net
// n has n + round(n x rate) = gross (BR-CO-17 holding with net + tax =
// gross), this is one (tax_calculation_test checks every gross to 50.00);
// for a gross no net reaches, BR-CO-17 is off by one minor unit.
__int128 InclusiveNet(__int128 gross, int64_t percentage) {
  return DivideRoundingHalfUp(gross * kPercentOfWhole, kPercentOfWhole + percentage);
}

struct EntryWork {
  std::vector<size_t> lines;
};

}  // namespace

absl::StatusOr<InvoiceTax> CalculateTax(const std::vector<TaxLine>& lines) {
  ViolationCollector violations;
  InvoiceTax result;
  std::vector<EntryWork> work;
  std::optional<bool> inclusive;  // of the first line with a rate
  result.lines.resize(lines.size());

  for (size_t i = 0; i < lines.size(); ++i) {
    const TaxLine& line = lines[i];
    const std::string prefix = absl::StrCat("line_items[", i, "].");
    if (line.amount < 0) {
      violations.Add(prefix + "amount", "must not be negative");
    } else if (line.discount_amount < 0) {
      violations.Add(prefix + "discount_amount", "must not be negative");
    } else if (line.discount_amount > line.amount) {
      violations.Add(prefix + "discount_amount",
                     absl::StrCat("must not exceed the line's amount (", line.amount,
                                  " minor units; the discount is ", line.discount_amount, ")"));
    }
    if (!line.rate.has_value()) continue;
    const TaxRateTerms& rate = *line.rate;
    if (!inclusive.has_value()) inclusive = rate.inclusive;
    if (*inclusive != rate.inclusive) {
      violations.Add(prefix + "tax_rate_id",
                     absl::StrCat("is ", rate.inclusive ? "inclusive" : "exclusive",
                                  " while an earlier line's rate is ",
                                  *inclusive ? "inclusive" : "exclusive",
                                  ": one invoice cannot mix inclusive and exclusive rates"));
      continue;
    }
    size_t entry = 0;
    while (entry < result.breakdown.size() &&
           !(result.breakdown[entry].category == rate.category &&
             result.breakdown[entry].percentage == rate.percentage)) {
      ++entry;
    }
    const bool outside_scope_conflict =
        entry == result.breakdown.size() && !result.breakdown.empty() &&
        (rate.category == TaxCategory::kOutsideScope ||
         result.breakdown.front().category == TaxCategory::kOutsideScope);
    if (outside_scope_conflict) {
      violations.Add(prefix + "tax_rate_id",
                     "an invoice with category O (outside the scope of VAT) cannot have any "
                     "other category or percentage (EN 16931 BR-O-11)");
      continue;
    }
    if (entry == result.breakdown.size()) {
      result.breakdown.push_back({rate.category, rate.percentage, 0, 0, rate.exemption_reason,
                                  rate.exemption_reason_code});
      work.emplace_back();
    } else if (result.breakdown[entry].exemption_reason != rate.exemption_reason ||
               result.breakdown[entry].exemption_reason_code != rate.exemption_reason_code) {
      // EN 16931 has one breakdown entry, with one reason, per category and rate.
      violations.Add(prefix + "tax_rate_id",
                     absl::StrCat("has another exemption reason than an earlier line's rate of "
                                  "category ", Av(TaxCategoryCode(rate.category)),
                                  ": lines of one category and percentage share one reason"));
      continue;
    }
    work[entry].lines.push_back(i);
    result.lines[i].entry = entry;
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  result.inclusive = inclusive.value_or(false);

  __int128 subtotal = 0;
  __int128 tax_total = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!result.lines[i].entry.has_value()) {
      result.lines[i].net = lines[i].amount - lines[i].discount_amount;
      subtotal += result.lines[i].net;
    }
  }
  for (size_t e = 0; e < result.breakdown.size(); ++e) {
    TaxBreakdownEntry& entry = result.breakdown[e];
    std::vector<int64_t> weights;
    __int128 sum = 0;
    for (size_t i : work[e].lines) {
      weights.push_back(lines[i].amount - lines[i].discount_amount);
      sum += weights.back();
    }
    if (!FitsInt64(sum)) return absl::InvalidArgumentError("the line amounts are too large");
    __int128 net = sum;
    __int128 tax = 0;
    if (result.inclusive) {
      net = InclusiveNet(sum, entry.percentage);
      tax = sum - net;
    } else {
      tax = ExclusiveTax(sum, entry.percentage);
    }
    if (!FitsInt64(tax)) return absl::InvalidArgumentError("the tax is too large");
    entry.taxable_amount = static_cast<int64_t>(net);
    entry.tax_amount = static_cast<int64_t>(tax);
    const std::vector<int64_t> shares = AllocateLargestRemainder(entry.tax_amount, weights);
    for (size_t k = 0; k < work[e].lines.size(); ++k) {
      LineTaxShare& share = result.lines[work[e].lines[k]];
      share.tax = shares[k];
      share.net = result.inclusive ? weights[k] - shares[k] : weights[k];
    }
    subtotal += net;
    tax_total += tax;
  }
  if (!FitsInt64(subtotal + tax_total)) {
    return absl::InvalidArgumentError("the invoice total is too large");
  }
  result.subtotal = static_cast<int64_t>(subtotal);
  result.tax_amount = static_cast<int64_t>(tax_total);
  result.total = static_cast<int64_t>(subtotal + tax_total);
  return result;
}

}  // namespace billing::domain
