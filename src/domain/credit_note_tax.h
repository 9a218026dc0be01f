// How a credit note carries tax back: its gross amount split into net and
// tax across the invoice's breakdown entries and lines, so that the credit
// notes on an invoice never reverse more than it charged, per entry and per
// line, and the note that completes the credit reverses exactly the rest.
#ifndef BILLING_DOMAIN_CREDIT_NOTE_TAX_H_
#define BILLING_DOMAIN_CREDIT_NOTE_TAX_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/tax_calculation.h"

namespace billing::domain {

// What the invoice's earlier credit notes reversed, per line of
// InvoiceTax::lines. Empty vectors mean nothing yet.
struct CreditedTax {
  std::vector<int64_t> line_net;
  std::vector<int64_t> line_tax;
};

struct CreditNoteTax {
  int64_t amount = 0;      // gross, = subtotal + tax_amount
  int64_t subtotal = 0;    // net reversed
  int64_t tax_amount = 0;  // tax reversed
  // Aligned with the invoice's breakdown (same index, category, percentage
  // and reason; an entry this note does not touch has zeros).
  std::vector<TaxBreakdownEntry> breakdown;
  // Aligned with the invoice's lines: each line's net (what revenue
  // reverses) and tax reversed by this note.
  std::vector<LineTaxShare> lines;
};

// The allocation of a credit of `amount` (gross, minor units) on `invoice`
// after `before`:
// 1. across the entries, each entry's net and tax apart (and the untaxed
//    lines' net), in proportion to what is still uncredited of each, by
//    largest remainder: every part is within one minor unit of its exact
//    share, none exceeds what is left of it, and a credit of everything left
//    takes each part exactly;
// 2. each entry's net and tax across its lines the same way.
// So the running totals never pass the invoice's figures and the note that
// brings the credited total to the invoice's total reverses exactly the
// rest. ValidationError on "amount" when amount <= 0; CREDIT_EXCEEDS_INVOICE
// when it is more than is left uncredited.
absl::StatusOr<CreditNoteTax> AllocateCreditNoteTax(const InvoiceTax& invoice,
                                                    const CreditedTax& before, int64_t amount);

// `before` plus what `note` reversed.
CreditedTax AddCredit(const InvoiceTax& invoice, const CreditedTax& before,
                      const CreditNoteTax& note);

// Every note's allocation when `amounts` are credited in this order (the
// order the notes were issued): what storage replays to rebuild them.
absl::StatusOr<std::vector<CreditNoteTax>> AllocateCreditNotesTax(
    const InvoiceTax& invoice, const std::vector<int64_t>& amounts);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_CREDIT_NOTE_TAX_H_
