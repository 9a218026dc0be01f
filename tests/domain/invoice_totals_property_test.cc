// Property test over what issue 19 adds on top of the tax calculation: for
// random invoices (decimal quantities, discounts, a default rate, rates
// inclusive or exclusive, currencies with 0, 2 and 3 decimals) and random
// credit notes, no minor unit is created or lost between the lines, the
// breakdown, the totals, the documents, the credit notes, the tax report
// and the per-line nets revenue recognizes.
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "domain/credit_note_tax.h"
#include "domain/invoice_document_builder.h"
#include "domain/invoice_totals.h"
#include "domain/revenue.h"
#include "domain/tax_report.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::IsOk;

constexpr int kIterations = 1500;

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  int64_t Between(int64_t low, int64_t high) {  // both included
    return std::uniform_int_distribution<int64_t>(low, high)(engine_);
  }
  bool OneIn(int n) { return Between(1, n) == 1; }

 private:
  std::mt19937_64 engine_;
};

std::optional<TaxRateTerms> RandomRate(Random& random, bool inclusive) {
  switch (random.Between(0, 5)) {
    case 0: return std::nullopt;  // the default rate, if any
    case 1: return TaxRateTerms{190000, inclusive, TaxCategory::kStandard, "", ""};
    case 2: return TaxRateTerms{70000, inclusive, TaxCategory::kStandard, "", ""};
    case 3: return TaxRateTerms{random.Between(1, 1000000), inclusive, TaxCategory::kStandard,
                                "", ""};
    case 4: return TaxRateTerms{0, inclusive, TaxCategory::kZeroRated, "", ""};
    default:
      return TaxRateTerms{0, inclusive, TaxCategory::kReverseCharge, "Reverse charge",
                          "VATEX-EU-AE"};
  }
}

Organization Seller() {
  Organization seller = DefaultOrganization("acct");
  seller.legal_name = "Muster GmbH";
  seller.address.line1 = "Hauptstr. 1";
  seller.address.country = "DE";
  return seller;
}

TEST(InvoiceTotalsPropertyTest, NoMinorUnitIsCreatedOrLost) {
  Random random(20261208);
  const absl::CivilDay issue(2026, 3, 10);
  for (int iteration = 0; iteration < kIterations; ++iteration) {
    SCOPED_TRACE(iteration);
    const int decimals = static_cast<int>(random.Between(0, 2));
    const std::string currency = std::vector<std::string>{"JPY", "EUR", "KWD"}[decimals];
    int64_t max_unit = 1000;
    for (int d = 0; d < (decimals == 0 ? 0 : decimals == 1 ? 2 : 3); ++d) max_unit *= 10;
    const bool inclusive = random.OneIn(3);
    std::optional<TaxRateTerms> default_rate;
    if (random.OneIn(2)) default_rate = RandomRate(random, inclusive);

    std::vector<InvoiceTotalsLine> lines(random.Between(1, 10));
    for (InvoiceTotalsLine& line : lines) {
      line.quantity = DecimalQuantity{random.OneIn(2) ? random.Between(1, 50) * kQuantityScale
                                                      : random.Between(1, 500000)};
      line.unit_amount = random.OneIn(10) ? 0 : random.Between(1, max_unit);
      const int64_t gross = LineGrossAmount(line.quantity, line.unit_amount).value();
      line.discount_amount = random.OneIn(3) ? random.Between(0, gross) : 0;
      line.rate = RandomRate(random, inclusive);
    }
    absl::StatusOr<InvoiceTotals> totals = CalculateInvoiceTotals(lines, default_rate);
    ASSERT_THAT(totals, IsOk());
    const InvoiceTax& tax = totals->tax;

    // Lines -> breakdown -> totals.
    int64_t nets = 0, taxes = 0, after_discounts = 0, untaxed = 0, taxable = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::optional<TaxRateTerms>& applied = lines[i].rate.has_value() ? lines[i].rate
                                                                             : default_rate;
      ASSERT_EQ(totals->line_rates[i], applied);
      ASSERT_EQ(tax.lines[i].entry.has_value(), applied.has_value());
      const int64_t after = totals->line_amounts[i] - lines[i].discount_amount;
      ASSERT_EQ(inclusive && applied.has_value() ? tax.lines[i].net + tax.lines[i].tax
                                                 : tax.lines[i].net,
                after);
      nets += tax.lines[i].net;
      taxes += tax.lines[i].tax;
      after_discounts += after;
      if (!applied.has_value()) untaxed += tax.lines[i].net;
    }
    for (const TaxBreakdownEntry& entry : tax.breakdown) taxable += entry.taxable_amount;
    ASSERT_EQ(nets, tax.subtotal);
    ASSERT_EQ(taxable + untaxed, tax.subtotal);
    ASSERT_EQ(taxes, tax.tax_amount);
    ASSERT_EQ(tax.total, tax.subtotal + tax.tax_amount);
    if (inclusive) {
      ASSERT_EQ(tax.total, after_discounts);
    }

    // The invoice's document shows exactly these figures.
    InvoiceDocumentSource source;
    source.number = "INV-000001";
    source.issue_date = issue;
    source.currency = currency;
    source.seller = Seller();
    for (size_t i = 0; i < lines.size(); ++i) {
      DocumentLine line;
      line.description = "line";
      line.quantity = lines[i].quantity;
      line.unit_amount = lines[i].unit_amount;
      line.discount_amount = lines[i].discount_amount;
      line.tax_rate = totals->line_rates[i];
      source.lines.push_back(line);
    }
    absl::StatusOr<InvoiceDocument> document = BuildInvoiceDocument(source);
    ASSERT_THAT(document, IsOk());
    ASSERT_EQ(document->tax.total, tax.total);
    ASSERT_EQ(document->tax.breakdown, tax.breakdown);
    ASSERT_EQ(document->tax.lines, tax.lines);
    ASSERT_EQ(document->amount_due, tax.total);

    // Revenue recognizes each line's net, spread over a service period.
    int64_t recognized = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      const RecognizableAmount item{currency, tax.lines[i].net, absl::CivilDay(2026, 1, 1),
                                    absl::CivilDay(2026, 1, 1) + random.Between(0, 400)};
      for (const MonthlyAmount& month : MonthlySchedule(item)) recognized += month.amount;
    }
    ASSERT_EQ(recognized, tax.subtotal);  // never the tax
    if (tax.total == 0) continue;

    // Random credit notes; their documents, and the tax report of it all.
    std::vector<std::string> countries(lines.size(), "DE");
    std::vector<TaxReportRecord> records = {{TaxReportEvent::kInvoiceProcessed, issue, currency,
                                             InvoiceReportLines(tax, countries)}};
    CreditedTax credited;
    std::vector<int64_t> amounts;
    int64_t credited_total = 0, credited_net = 0;
    std::vector<CreditNoteTax> notes;
    for (int n = 0; n < 5 && credited_total < tax.total; ++n) {
      const int64_t left = tax.total - credited_total;
      const int64_t amount = random.OneIn(5) ? left : random.Between(1, left);
      absl::StatusOr<CreditNoteTax> note = AllocateCreditNoteTax(tax, credited, amount);
      ASSERT_THAT(note, IsOk());
      absl::StatusOr<InvoiceDocument> note_document = BuildCreditNoteDocument(
          {"CN-000001", issue + n + 1, "", *document, *note});
      ASSERT_THAT(note_document, IsOk());
      int64_t note_lines_net = 0, note_lines_tax = 0, note_entries_tax = 0;
      ASSERT_EQ(note_document->lines.size(), note_document->tax.lines.size());
      for (size_t i = 0; i < note_document->lines.size(); ++i) {
        const LineTaxShare& share = note_document->tax.lines[i];
        const DocumentLine& line = note_document->lines[i];
        note_lines_net += share.net;
        note_lines_tax += share.tax;
        // The line printed is exactly what it reverses, in the line's terms.
        ASSERT_EQ(line.amount - line.discount_amount,
                  tax.inclusive && share.entry.has_value() ? share.net + share.tax : share.net);
      }
      for (const TaxBreakdownEntry& entry : note_document->tax.breakdown) {
        note_entries_tax += entry.tax_amount;
      }
      ASSERT_EQ(note_lines_net, note->subtotal);
      ASSERT_EQ(note_lines_tax, note->tax_amount);
      ASSERT_EQ(note_entries_tax, note->tax_amount);
      ASSERT_EQ(note_document->tax.subtotal + note_document->tax.tax_amount, amount);
      records.push_back({TaxReportEvent::kCreditNote, issue + n + 1, currency,
                         CreditNoteReportLines(tax, *note, countries)});
      credited = AddCredit(tax, credited, *note);
      credited_total += amount;
      credited_net += note->subtotal;
      amounts.push_back(amount);
      notes.push_back(*std::move(note));
      ASSERT_LE(credited_net, tax.subtotal);  // revenue never reverses more than it had
    }
    // Replaying the amounts in issue order rebuilds every note exactly.
    absl::StatusOr<std::vector<CreditNoteTax>> replayed = AllocateCreditNotesTax(tax, amounts);
    ASSERT_THAT(replayed, IsOk());
    ASSERT_EQ(replayed->size(), notes.size());
    for (size_t n = 0; n < notes.size(); ++n) {
      ASSERT_EQ((*replayed)[n].lines, notes[n].lines);
      ASSERT_EQ((*replayed)[n].breakdown, notes[n].breakdown);
    }
    if (credited_total == tax.total) {
      ASSERT_EQ(credited_net, tax.subtotal);
    }

    // The report: invoiced = the breakdown; with the rest cancelled, nothing.
    records.push_back({TaxReportEvent::kCancellation, issue + 30, currency,
                       CancellationLines(tax, credited, countries)});
    absl::StatusOr<std::vector<CurrencyTaxReport>> report =
        CalculateTaxReport(records, issue, issue + 30);
    ASSERT_THAT(report, IsOk());
    int64_t report_taxable = 0, report_tax = 0;
    for (const CurrencyTaxReport& in_currency : *report) {
      ASSERT_EQ(in_currency.currency, currency);
      ASSERT_EQ(in_currency.net, (TaxAmounts{0, 0}));
      for (const TaxReportRow& row : in_currency.rows) {
        report_taxable += row.invoiced.taxable_amount;
        report_tax += row.invoiced.tax_amount;
        ASSERT_EQ(row.net, (TaxAmounts{0, 0}));
        ASSERT_GE(row.cancelled.taxable_amount, 0);
        ASSERT_GE(row.cancelled.tax_amount, 0);
      }
    }
    ASSERT_EQ(report_taxable, taxable);
    ASSERT_EQ(report_tax, tax.tax_amount);
  }
}

}  // namespace
}  // namespace billing::domain
