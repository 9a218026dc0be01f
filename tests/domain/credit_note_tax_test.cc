#include "domain/credit_note_tax.h"

#include <cstdint>
#include <optional>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;

TaxRateTerms Standard(int64_t percentage, bool inclusive = false) {
  return TaxRateTerms{percentage, inclusive, TaxCategory::kStandard, "", ""};
}

TaxRateTerms ReverseCharge() {
  return TaxRateTerms{0, false, TaxCategory::kReverseCharge, "Reverse charge", "VATEX-EU-AE"};
}

InvoiceTax Invoice(const std::vector<TaxLine>& lines) {
  absl::StatusOr<InvoiceTax> tax = CalculateTax(lines);
  EXPECT_THAT(tax, IsOk());
  return tax.value_or(InvoiceTax{});
}

TEST(CreditNoteTaxTest, AFullCreditReversesEverythingExactly) {
  const InvoiceTax invoice = Invoice({{10000, 0, Standard(190000)},
                                      {5000, 0, ReverseCharge()},
                                      {333, 0, std::nullopt}});
  absl::StatusOr<CreditNoteTax> note = AllocateCreditNoteTax(invoice, {}, invoice.total);
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->subtotal, invoice.subtotal);
  EXPECT_EQ(note->tax_amount, invoice.tax_amount);
  EXPECT_EQ(note->breakdown, invoice.breakdown);
  for (size_t i = 0; i < invoice.lines.size(); ++i) EXPECT_EQ(note->lines[i], invoice.lines[i]);
}

TEST(CreditNoteTaxTest, APartialCreditCarriesTaxBackInProportion) {
  // 100.00 net at 19 % = 119.00; a credit of 11.90 is 10.00 net and 1.90 tax.
  const InvoiceTax invoice = Invoice({{10000, 0, Standard(190000)}});
  absl::StatusOr<CreditNoteTax> note = AllocateCreditNoteTax(invoice, {}, 1190);
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->amount, 1190);
  EXPECT_EQ(note->subtotal, 1000);
  EXPECT_EQ(note->tax_amount, 190);
  ASSERT_EQ(note->breakdown.size(), 1u);
  EXPECT_EQ(note->breakdown[0].taxable_amount, 1000);
  EXPECT_EQ(note->breakdown[0].tax_amount, 190);
  EXPECT_EQ(note->breakdown[0].category, TaxCategory::kStandard);
  EXPECT_EQ(note->lines[0], (LineTaxShare{1000, 190, 0}));
}

TEST(CreditNoteTaxTest, PerEntryAcrossMixedRates) {
  // 19 % entry: 100.00 + 19.00; AE entry: 50.00 + 0. Total 169.00.
  const InvoiceTax invoice = Invoice({{10000, 0, Standard(190000)}, {5000, 0, ReverseCharge()}});
  absl::StatusOr<CreditNoteTax> note = AllocateCreditNoteTax(invoice, {}, 1690);
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->breakdown[0].taxable_amount, 1000);
  EXPECT_EQ(note->breakdown[0].tax_amount, 190);
  EXPECT_EQ(note->breakdown[1].taxable_amount, 500);
  EXPECT_EQ(note->breakdown[1].tax_amount, 0);
  EXPECT_EQ(note->breakdown[1].exemption_reason_code, "VATEX-EU-AE");
}

TEST(CreditNoteTaxTest, ManySmallCreditsNeverReverseMoreTaxThanCharged) {
  // 7 x 0.07 at 19 %: tax 0.09 on 0.49. Credit it one cent at a time: at
  // every step no entry or line passes what was charged, and the last cent
  // leaves nothing.
  const InvoiceTax invoice = Invoice(std::vector<TaxLine>(7, TaxLine{7, 0, Standard(190000)}));
  ASSERT_EQ(invoice.total, 58);
  CreditedTax credited;
  int64_t tax_reversed = 0;
  for (int step = 0; step < 58; ++step) {
    absl::StatusOr<CreditNoteTax> note = AllocateCreditNoteTax(invoice, credited, 1);
    ASSERT_THAT(note, IsOk());
    ASSERT_EQ(note->subtotal + note->tax_amount, 1);
    tax_reversed += note->tax_amount;
    ASSERT_LE(tax_reversed, invoice.tax_amount);
    credited = AddCredit(invoice, credited, *note);
    for (size_t i = 0; i < 7; ++i) {
      ASSERT_LE(credited.line_net[i], invoice.lines[i].net);
      ASSERT_LE(credited.line_tax[i], invoice.lines[i].tax);
      ASSERT_GE(note->lines[i].net, 0);
      ASSERT_GE(note->lines[i].tax, 0);
    }
  }
  EXPECT_EQ(tax_reversed, 9);
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(credited.line_net[i], invoice.lines[i].net);
    EXPECT_EQ(credited.line_tax[i], invoice.lines[i].tax);
  }
}

TEST(CreditNoteTaxTest, TheNoteThatCompletesTheCreditTakesExactlyTheRest) {
  const InvoiceTax invoice = Invoice({{333, 0, Standard(190000)},
                                      {777, 0, Standard(70000)},
                                      {101, 0, std::nullopt}});
  absl::StatusOr<std::vector<CreditNoteTax>> notes =
      AllocateCreditNotesTax(invoice, {100, 1, 333, invoice.total - 434});
  ASSERT_THAT(notes, IsOk());
  int64_t net = 0, tax = 0;
  std::vector<int64_t> entry_tax(invoice.breakdown.size(), 0);
  for (const CreditNoteTax& note : *notes) {
    net += note.subtotal;
    tax += note.tax_amount;
    for (size_t e = 0; e < entry_tax.size(); ++e) entry_tax[e] += note.breakdown[e].tax_amount;
  }
  EXPECT_EQ(net, invoice.subtotal);
  EXPECT_EQ(tax, invoice.tax_amount);
  for (size_t e = 0; e < entry_tax.size(); ++e) {
    EXPECT_EQ(entry_tax[e], invoice.breakdown[e].tax_amount);
  }
}

TEST(CreditNoteTaxTest, InclusiveInvoicesCreditNetAndTaxToo) {
  const InvoiceTax invoice = Invoice({{11900, 0, Standard(190000, true)}});
  absl::StatusOr<CreditNoteTax> note = AllocateCreditNoteTax(invoice, {}, 5950);
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->subtotal, 5000);
  EXPECT_EQ(note->tax_amount, 950);
}

TEST(CreditNoteTaxTest, RefusesNothingOrMoreThanIsLeft) {
  const InvoiceTax invoice = Invoice({{10000, 0, Standard(190000)}});
  EXPECT_THAT(AllocateCreditNoteTax(invoice, {}, 0), HasErrorCode(ErrorCode::kValidationError));
  EXPECT_EQ(FieldViolationsOf(AllocateCreditNoteTax(invoice, {}, -1).status())[0].field,
            "amount");
  EXPECT_THAT(AllocateCreditNoteTax(invoice, {}, 11901),
              HasErrorCode(ErrorCode::kCreditExceedsInvoice));
  EXPECT_THAT(AllocateCreditNotesTax(invoice, {11000, 901}),
              HasErrorCode(ErrorCode::kCreditExceedsInvoice));
  EXPECT_THAT(AllocateCreditNotesTax(invoice, {11000, 900}), IsOk());
}

}  // namespace
}  // namespace billing::domain
