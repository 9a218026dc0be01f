// An invoice's tax and totals as the API will show them (subtotal,
// taxAmount, total, taxBreakdown and each line's net for revenue), from
// its lines as the invoice holds them: a decimal quantity, a unit amount, a
// discount and at most one rate, with the invoice's default rate for lines
// without one. An invoice without any rate comes out exactly as today:
// total = the sum of quantity x unit amount.
#ifndef BILLING_DOMAIN_INVOICE_TOTALS_H_
#define BILLING_DOMAIN_INVOICE_TOTALS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/decimal_quantity.h"
#include "domain/invoice.h"
#include "domain/tax_calculation.h"
#include "domain/tax_rate.h"

namespace billing::domain {

struct InvoiceTotalsLine {
  DecimalQuantity quantity;     // > 0
  int64_t unit_amount = 0;      // minor units, >= 0
  int64_t discount_amount = 0;  // minor units, 0..quantity x unit_amount
  std::optional<TaxRateTerms> rate;  // none: the invoice's default, if any
};

struct InvoiceTotals {
  // Each line's quantity x unit amount, rounded once (BT-131 before its
  // discount), and the rate that applied to it (its own or the default).
  std::vector<int64_t> line_amounts;
  std::vector<std::optional<TaxRateTerms>> line_rates;
  // subtotal, tax_amount, total (the invoice's amount), breakdown, and each
  // line's net and tax share, as CalculateTax computes them.
  InvoiceTax tax;
};

// ValidationError naming line_items[i].quantity (not positive),
// line_items[i].unit_amount (negative), line_items[i].amount (too large)
// and whatever CalculateTax refuses (discounts, mixed inclusive and
// exclusive rates, reasons, BR-O-11).
absl::StatusOr<InvoiceTotals> CalculateInvoiceTotals(
    const std::vector<InvoiceTotalsLine>& lines, const std::optional<TaxRateTerms>& default_rate);

// The totals of an invoice's lines as it holds them: each with its
// quantity, unit amount, discount and the terms of the rate that applied.
absl::StatusOr<InvoiceTotals> TotalsOfLines(const std::vector<LineItem>& items);

// Today's line items as lines without a rate or discount.
std::vector<InvoiceTotalsLine> UntaxedLines(const std::vector<LineItem>& items);

// TAX_RATE_IN_USE when a rate already used on an invoice would change its
// percentage, inclusive or category, or its country (`country_changes`;
// the tax report files issued invoices under it), each named in the
// message: issued invoices and their credit notes were computed with them.
// Anything else (name, region, reason, active) may change; an unused rate
// may change freely.
absl::Status CheckTaxRateChange(const TaxRateTerms& current, const TaxRateTerms& proposed,
                                bool country_changes, bool in_use);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_INVOICE_TOTALS_H_
