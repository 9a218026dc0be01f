// An invoice's tax: the EN 16931 VAT breakdown (BG-23) computed exactly in
// the currency's minor units, and each line's net and tax share. See
// docs/tax.md for the rounding rules and the BR rules they follow.
#ifndef BILLING_DOMAIN_TAX_CALCULATION_H_
#define BILLING_DOMAIN_TAX_CALCULATION_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/tax_rate.h"

namespace billing::domain {

// One line as the calculation sees it.
struct TaxLine {
  // quantity x unit amount (LineGrossAmount), minor units, >= 0: net of
  // tax for exclusive rates (and lines without a rate), including it for
  // inclusive ones.
  int64_t amount = 0;
  // The line's discount in the same terms as `amount`, 0..amount.
  int64_t discount_amount = 0;
  // At most one rate per line (EN 16931 gives a line one VAT category);
  // none: the line is untaxed and in no breakdown entry.
  std::optional<TaxRateTerms> rate;
};

// One entry per (category, percentage) (BG-23).
struct TaxBreakdownEntry {
  TaxCategory category = TaxCategory::kStandard;
  int64_t percentage = 0;      // 1/10000 percent (BT-119)
  int64_t taxable_amount = 0;  // BT-116, net
  int64_t tax_amount = 0;      // BT-117
  std::string exemption_reason;       // BT-120
  std::string exemption_reason_code;  // BT-121

  friend bool operator==(const TaxBreakdownEntry&, const TaxBreakdownEntry&) = default;
};

struct LineTaxShare {
  int64_t net = 0;  // after discount, without tax: what revenue recognizes
  int64_t tax = 0;  // the line's share of its entry's tax
  std::optional<size_t> entry;  // index into InvoiceTax::breakdown; none if untaxed

  friend bool operator==(const LineTaxShare&, const LineTaxShare&) = default;
};

struct InvoiceTax {
  bool inclusive = false;  // every rate on the invoice is inclusive
  int64_t subtotal = 0;    // sum of line nets = sum of taxable amounts + untaxed lines
  int64_t tax_amount = 0;  // sum of the entries' tax
  int64_t total = 0;       // subtotal + tax_amount: the invoice's amount due
  std::vector<TaxBreakdownEntry> breakdown;  // in order of first appearance
  std::vector<LineTaxShare> lines;           // one per input line, in order
};

// Computes the invoice's tax (all amounts in minor units):
// - exclusive: an entry's taxable amount is the sum of its lines' nets, its
//   tax round_half_up(taxable x percentage / 100), once (BR-CO-17), never a
//   sum of rounded line taxes;
// - inclusive: an entry's gross (sum of its lines' amounts) is split so that
//   net + tax = gross exactly: net = round_half_up(gross x 100 / (100 +
//   percentage)), tax = gross - net; then tax = round_half_up(net x
//   percentage / 100) too (BR-CO-17) whenever any net allows it;
// - each line's share of its entry's tax by largest remainder, weighted by
//   the lines' amounts, so the shares sum to the entry's tax.
// ValidationError naming line_items[i].discount_amount (negative or above
// the line's amount), line_items[i].tax_rate_id (inclusive mixed with
// exclusive, two rates of one (category, percentage) with different
// exemption reasons, or category O beside any other entry, BR-O-11),
// line_items[i].amount (negative); InvalidArgument when
// a sum is past int64.
absl::StatusOr<InvoiceTax> CalculateTax(const std::vector<TaxLine>& lines);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_TAX_CALCULATION_H_
