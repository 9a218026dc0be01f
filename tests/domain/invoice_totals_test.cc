#include "domain/invoice_totals.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "domain/error.h"
#include "domain/invoice.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

TaxRateTerms Vat(int64_t percentage, bool inclusive = false) {
  return {percentage, inclusive, TaxCategory::kStandard, "", ""};
}
const TaxRateTerms kReverseCharge{0, false, TaxCategory::kReverseCharge, "Reverse charge",
                                  "VATEX-EU-AE"};

InvoiceTotalsLine Line(int64_t quantity_ten_thousandths, int64_t unit_amount,
                       std::optional<TaxRateTerms> rate = std::nullopt, int64_t discount = 0) {
  return {DecimalQuantity{quantity_ten_thousandths}, unit_amount, discount, std::move(rate)};
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

// The invoice of today, with whole quantities and no rate, keeps its amount.
TEST(InvoiceTotalsTest, AnInvoiceWithoutTaxTotalsExactlyItsAmountToday) {
  InvoiceInput input;
  input.customer_id = "cus_1";
  input.currency = "USD";
  input.due_date = "2026-12-01";
  input.line_items = {{"Consulting", 3, "100.00", "", ""},
                      {"Hosting", 1, "50.25", "2026-01-01", "2026-12-31"},
                      {"Support", 7, "0.07", "", ""}};
  const Invoice invoice =
      NewInvoice("acct", "inv_1", input, "USD", absl::FromUnixSeconds(0)).value();
  absl::StatusOr<InvoiceTotals> totals =
      CalculateInvoiceTotals(UntaxedLines(invoice.line_items), std::nullopt);
  ASSERT_THAT(totals, IsOk());
  EXPECT_EQ(totals->tax.total, invoice.amount);
  EXPECT_EQ(totals->tax.subtotal, invoice.amount);
  EXPECT_EQ(totals->tax.tax_amount, 0);
  EXPECT_TRUE(totals->tax.breakdown.empty());
  for (size_t i = 0; i < invoice.line_items.size(); ++i) {
    EXPECT_EQ(totals->line_amounts[i], invoice.line_items[i].amount);
    EXPECT_EQ(totals->tax.lines[i].net, invoice.line_items[i].amount);
    EXPECT_FALSE(totals->line_rates[i].has_value());
  }
}

TEST(InvoiceTotalsTest, SevenSmallLinesAreTaxedOnceOnTheirSum) {
  std::vector<InvoiceTotalsLine> lines(7, Line(kQuantityScale, 7, Vat(190000)));
  absl::StatusOr<InvoiceTotals> totals = CalculateInvoiceTotals(lines, std::nullopt);
  ASSERT_THAT(totals, IsOk());
  ASSERT_EQ(totals->tax.breakdown.size(), 1u);
  EXPECT_EQ(totals->tax.breakdown[0].taxable_amount, 49);
  EXPECT_EQ(totals->tax.breakdown[0].tax_amount, 9);  // not 7 x round(1.33) = 7
  EXPECT_EQ(totals->tax.subtotal, 49);
  EXPECT_EQ(totals->tax.tax_amount, 9);
  EXPECT_EQ(totals->tax.total, 58);
}

TEST(InvoiceTotalsTest, InclusiveAmountsSplitIntoNetAndTax) {
  absl::StatusOr<InvoiceTotals> big =
      CalculateInvoiceTotals({Line(kQuantityScale, 11900, Vat(190000, true))}, std::nullopt);
  ASSERT_THAT(big, IsOk());
  EXPECT_EQ(big->tax.subtotal, 10000);
  EXPECT_EQ(big->tax.tax_amount, 1900);
  EXPECT_EQ(big->tax.total, 11900);
  absl::StatusOr<InvoiceTotals> small =
      CalculateInvoiceTotals({Line(kQuantityScale, 1000, Vat(190000, true))}, std::nullopt);
  ASSERT_THAT(small, IsOk());
  EXPECT_EQ(small->tax.subtotal, 840);
  EXPECT_EQ(small->tax.tax_amount, 160);
  EXPECT_EQ(small->tax.total, 1000);
}

TEST(InvoiceTotalsTest, CurrenciesWithoutAndWithThreeDecimals) {
  // Amounts are in the currency's minor units: 1000 JPY, 1.000 KWD.
  absl::StatusOr<InvoiceTotals> jpy =
      CalculateInvoiceTotals({Line(kQuantityScale, 1000, Vat(100000))}, std::nullopt);
  ASSERT_THAT(jpy, IsOk());
  EXPECT_EQ(jpy->tax.tax_amount, 100);
  absl::StatusOr<InvoiceTotals> kwd =
      CalculateInvoiceTotals({Line(kQuantityScale, 1000, Vat(50000))}, std::nullopt);
  ASSERT_THAT(kwd, IsOk());
  EXPECT_EQ(kwd->tax.tax_amount, 50);  // 0.050
}

TEST(InvoiceTotalsTest, DecimalQuantityAndDiscountBeforeTax) {
  // 7.5 hours at 40.00, 25.00 off, 19 %: net 275.00, tax 52.25.
  absl::StatusOr<InvoiceTotals> totals =
      CalculateInvoiceTotals({Line(75000, 4000, Vat(190000), 2500)}, std::nullopt);
  ASSERT_THAT(totals, IsOk());
  EXPECT_EQ(totals->line_amounts[0], 30000);
  EXPECT_EQ(totals->tax.lines[0].net, 27500);
  EXPECT_EQ(totals->tax.tax_amount, 5225);
  EXPECT_EQ(totals->tax.total, 32725);
}

TEST(InvoiceTotalsTest, TheDefaultRateAppliesOnlyToLinesWithoutOne) {
  absl::StatusOr<InvoiceTotals> totals = CalculateInvoiceTotals(
      {Line(kQuantityScale, 10000), Line(kQuantityScale, 5000, kReverseCharge)}, Vat(190000));
  ASSERT_THAT(totals, IsOk());
  EXPECT_EQ(totals->line_rates[0], Vat(190000));
  EXPECT_EQ(totals->line_rates[1], kReverseCharge);
  ASSERT_EQ(totals->tax.breakdown.size(), 2u);
  EXPECT_EQ(totals->tax.breakdown[0].category, TaxCategory::kStandard);
  EXPECT_EQ(totals->tax.breakdown[0].tax_amount, 1900);
  EXPECT_EQ(totals->tax.breakdown[1].category, TaxCategory::kReverseCharge);
  EXPECT_EQ(totals->tax.breakdown[1].taxable_amount, 5000);
  EXPECT_EQ(totals->tax.breakdown[1].tax_amount, 0);
  EXPECT_EQ(totals->tax.total, 16900);
}

TEST(InvoiceTotalsTest, BadLinesAreNamed) {
  absl::Status status =
      CalculateInvoiceTotals({Line(0, 100), Line(kQuantityScale, -1),
                              Line(kMaxWholeQuantity * kQuantityScale, int64_t{1} << 62)},
                             std::nullopt)
          .status();
  EXPECT_THAT(status, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_THAT(Fields(status), UnorderedElementsAre("line_items[0].quantity",
                                                   "line_items[1].unit_amount",
                                                   "line_items[2].amount"));
  EXPECT_EQ(Fields(CalculateInvoiceTotals({Line(kQuantityScale, 100, std::nullopt, 101)},
                                          std::nullopt)
                       .status()),
            std::vector<std::string>{"line_items[0].discount_amount"});
  // The default rate counts as the line's: inclusive beside exclusive is refused.
  EXPECT_EQ(Fields(CalculateInvoiceTotals({Line(kQuantityScale, 100, Vat(190000, true)),
                                           Line(kQuantityScale, 100)},
                                          Vat(70000))
                       .status()),
            std::vector<std::string>{"line_items[1].tax_rate_id"});
}

TEST(CheckTaxRateChangeTest, AUsedRateKeepsPercentageInclusiveCategoryAndCountry) {
  const TaxRateTerms current = Vat(190000);
  EXPECT_THAT(CheckTaxRateChange(current, Vat(70000), /*country_changes=*/true, /*in_use=*/false),
              IsOk());
  EXPECT_THAT(CheckTaxRateChange(current, current, false, true), IsOk());
  TaxRateTerms reason_only = current;
  reason_only.exemption_reason = "renamed";
  EXPECT_THAT(CheckTaxRateChange(current, reason_only, false, true), IsOk());

  absl::Status country = CheckTaxRateChange(current, current, true, true);
  EXPECT_THAT(country, HasErrorCode(ErrorCode::kTaxRateInUse));
  EXPECT_THAT(std::string(country.message()), HasSubstr("its country cannot change"));

  absl::Status percentage = CheckTaxRateChange(current, Vat(70000), false, true);
  EXPECT_THAT(percentage, HasErrorCode(ErrorCode::kTaxRateInUse));
  EXPECT_EQ(percentage.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(percentage.message()), HasSubstr("percentage"));
  EXPECT_THAT(std::string(percentage.message()), Not(HasSubstr("category")));
  EXPECT_THAT(CheckTaxRateChange(current, Vat(190000, true), false, true),
              HasErrorCode(ErrorCode::kTaxRateInUse));
  absl::Status category = CheckTaxRateChange(current, kReverseCharge, false, true);
  EXPECT_THAT(category, HasErrorCode(ErrorCode::kTaxRateInUse));
  EXPECT_THAT(std::string(category.message()), HasSubstr("percentage, category"));
}

}  // namespace
}  // namespace billing::domain
