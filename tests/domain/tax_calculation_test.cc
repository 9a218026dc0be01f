#include "domain/tax_calculation.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using ::billing::testing::StatusIs;
using ::testing::ElementsAre;

TaxRateTerms Standard(int64_t percentage, bool inclusive = false) {
  return TaxRateTerms{percentage, inclusive, TaxCategory::kStandard, "", ""};
}

TaxRateTerms ReverseCharge() {
  return TaxRateTerms{0, false, TaxCategory::kReverseCharge, "Reverse charge", "VATEX-EU-AE"};
}

TaxLine Line(int64_t amount, std::optional<TaxRateTerms> rate, int64_t discount = 0) {
  return TaxLine{amount, discount, std::move(rate)};
}

std::vector<std::string> FieldsOf(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

// Worked case 1 (BR-CO-17): 7 lines of 0.07 EUR at 19 %. Tax is computed
// once on 0.49 (0.0931 -> 0.09); adding per-line rounded taxes
// (0.0133 -> 0.01, seven times) would give 0.07.
TEST(CalculateTaxTest, SevenLinesOfSevenCentsAtNineteenPercent) {
  std::vector<TaxLine> lines(7, Line(7, Standard(190000)));
  absl::StatusOr<InvoiceTax> tax = CalculateTax(lines);
  ASSERT_THAT(tax, IsOk());
  ASSERT_EQ(tax->breakdown.size(), 1u);
  EXPECT_EQ(tax->breakdown[0].taxable_amount, 49);
  EXPECT_EQ(tax->breakdown[0].tax_amount, 9);
  EXPECT_EQ(tax->subtotal, 49);
  EXPECT_EQ(tax->tax_amount, 9);
  EXPECT_EQ(tax->total, 58);
  // The line shares add up to the entry: two lines carry 2 cents, five 1.
  int64_t shares = 0;
  for (const LineTaxShare& line : tax->lines) {
    EXPECT_EQ(line.net, 7);
    EXPECT_EQ(line.entry, 0u);
    shares += line.tax;
  }
  EXPECT_EQ(shares, 9);
  EXPECT_EQ(tax->lines[0].tax, 2);
  EXPECT_EQ(tax->lines[1].tax, 2);
  EXPECT_EQ(tax->lines[6].tax, 1);
}

// Worked case 2: 119.00 EUR inclusive of 19 % is 100.00 net and 19.00 tax.
TEST(CalculateTaxTest, InclusiveHundredNineteen) {
  absl::StatusOr<InvoiceTax> tax = CalculateTax({Line(11900, Standard(190000, true))});
  ASSERT_THAT(tax, IsOk());
  EXPECT_TRUE(tax->inclusive);
  EXPECT_EQ(tax->breakdown[0].taxable_amount, 10000);
  EXPECT_EQ(tax->breakdown[0].tax_amount, 1900);
  EXPECT_EQ(tax->subtotal, 10000);
  EXPECT_EQ(tax->total, 11900);
  EXPECT_EQ(tax->lines[0], (LineTaxShare{10000, 1900, 0}));
}

// Worked case 3: 10.00 inclusive of 19 %: 8.4034 -> net 8.40, tax 1.60,
// and 8.40 x 19 % = 1.596 -> 1.60 agrees (BR-CO-17).
TEST(CalculateTaxTest, InclusiveTen) {
  absl::StatusOr<InvoiceTax> tax = CalculateTax({Line(1000, Standard(190000, true))});
  ASSERT_THAT(tax, IsOk());
  EXPECT_EQ(tax->breakdown[0].taxable_amount, 840);
  EXPECT_EQ(tax->breakdown[0].tax_amount, 160);
  EXPECT_EQ(tax->total, 1000);
}

// Worked case 4: 1000 JPY at 10 %: 100, no decimals to round.
TEST(CalculateTaxTest, YenHasNoMinorUnits) {
  absl::StatusOr<InvoiceTax> tax = CalculateTax({Line(1000, Standard(100000))});
  ASSERT_THAT(tax, IsOk());
  EXPECT_EQ(tax->tax_amount, 100);
  EXPECT_EQ(tax->total, 1100);
}

// Worked case 5: 1.000 KWD (1000 fils) at 5 %: 0.050.
TEST(CalculateTaxTest, KuwaitiDinarHasThreeDecimals) {
  absl::StatusOr<InvoiceTax> tax = CalculateTax({Line(1000, Standard(50000))});
  ASSERT_THAT(tax, IsOk());
  EXPECT_EQ(tax->tax_amount, 50);
  EXPECT_EQ(tax->total, 1050);
}

TEST(CalculateTaxTest, TaxRoundsHalfUpOncePerEntry) {
  // 0.50 at 1 % = 0.005 -> 0.01; 0.49 at 1 % = 0.0049 -> 0.00.
  EXPECT_EQ(CalculateTax({Line(50, Standard(10000))})->tax_amount, 1);
  EXPECT_EQ(CalculateTax({Line(49, Standard(10000))})->tax_amount, 0);
  // 7.7 % (Swiss) on 12.34 = 0.95018 -> 0.95; 8.875 % on 100.00 = 8.875 -> 8.88.
  EXPECT_EQ(CalculateTax({Line(1234, Standard(77000))})->tax_amount, 95);
  EXPECT_EQ(CalculateTax({Line(10000, Standard(88750))})->tax_amount, 888);
}

TEST(CalculateTaxTest, InclusiveSplitKeepsBrCo17WhenANetCan) {
  // 0.06 inclusive of 19 %: 0.0504 back-calculates to net 0.05, tax 0.01,
  // and 0.05 x 19 % = 0.0095 -> 0.01 agrees.
  absl::StatusOr<InvoiceTax> tax = CalculateTax({Line(6, Standard(190000, true))});
  ASSERT_THAT(tax, IsOk());
  EXPECT_EQ(tax->breakdown[0].taxable_amount + tax->breakdown[0].tax_amount, 6);
  // Every gross from 0.01 to 50.00: net + tax = gross exactly, and the tax
  // is round(net x 19 %) whenever some net gives that gross.
  for (int64_t gross = 1; gross <= 5000; ++gross) {
    absl::StatusOr<InvoiceTax> split = CalculateTax({Line(gross, Standard(190000, true))});
    ASSERT_THAT(split, IsOk());
    const int64_t net = split->breakdown[0].taxable_amount;
    const int64_t t = split->breakdown[0].tax_amount;
    ASSERT_EQ(net + t, gross);
    bool reachable = false;
    for (int64_t n = 0; n <= gross; ++n) {
      if (n + (n * 190000 * 2 + 1000000) / 2000000 == gross) reachable = true;
    }
    if (reachable) {
      ASSERT_EQ(t, (net * 190000 * 2 + 1000000) / 2000000) << gross;
    }
  }
}

TEST(CalculateTaxTest, OneEntryPerCategoryAndPercentageInOrderOfAppearance) {
  absl::StatusOr<InvoiceTax> tax =
      CalculateTax({Line(10000, Standard(190000)), Line(5000, ReverseCharge()),
                    Line(2000, Standard(70000)), Line(3000, Standard(190000)),
                    Line(400, std::nullopt)});
  ASSERT_THAT(tax, IsOk());
  ASSERT_EQ(tax->breakdown.size(), 3u);
  EXPECT_EQ(tax->breakdown[0],
            (TaxBreakdownEntry{TaxCategory::kStandard, 190000, 13000, 2470, "", ""}));
  EXPECT_EQ(tax->breakdown[1], (TaxBreakdownEntry{TaxCategory::kReverseCharge, 0, 5000, 0,
                                                  "Reverse charge", "VATEX-EU-AE"}));
  EXPECT_EQ(tax->breakdown[2],
            (TaxBreakdownEntry{TaxCategory::kStandard, 70000, 2000, 140, "", ""}));
  EXPECT_EQ(tax->lines[3], (LineTaxShare{3000, 570, 0}));
  // An untaxed line is in no entry but in the subtotal.
  EXPECT_EQ(tax->lines[4], (LineTaxShare{400, 0, std::nullopt}));
  EXPECT_EQ(tax->subtotal, 20400);
  EXPECT_EQ(tax->tax_amount, 2610);
  EXPECT_EQ(tax->total, 23010);
}

TEST(CalculateTaxTest, AnInvoiceWithoutRatesIsUnchanged) {
  absl::StatusOr<InvoiceTax> tax = CalculateTax({Line(1250, std::nullopt), Line(1, std::nullopt)});
  ASSERT_THAT(tax, IsOk());
  EXPECT_TRUE(tax->breakdown.empty());
  EXPECT_EQ(tax->subtotal, 1251);
  EXPECT_EQ(tax->tax_amount, 0);
  EXPECT_EQ(tax->total, 1251);
  EXPECT_FALSE(tax->inclusive);
}

TEST(CalculateTaxTest, DiscountsComeOffBeforeTax) {
  absl::StatusOr<InvoiceTax> tax = CalculateTax(
      {Line(10000, Standard(190000), 2500), Line(2000, Standard(190000), 2000)});
  ASSERT_THAT(tax, IsOk());
  EXPECT_EQ(tax->breakdown[0].taxable_amount, 7500);
  EXPECT_EQ(tax->breakdown[0].tax_amount, 1425);
  EXPECT_EQ(tax->lines[1], (LineTaxShare{0, 0, 0}));
  EXPECT_EQ(tax->total, 8925);
  // Inclusive: the discount is off the gross.
  tax = CalculateTax({Line(11900, Standard(190000, true), 1900)});
  ASSERT_THAT(tax, IsOk());
  EXPECT_EQ(tax->breakdown[0].taxable_amount, 8403);
  EXPECT_EQ(tax->breakdown[0].tax_amount, 1597);
}

TEST(CalculateTaxTest, ADiscountAboveItsLineIsRefusedNamingIt) {
  absl::StatusOr<InvoiceTax> tax =
      CalculateTax({Line(100, Standard(190000)), Line(100, Standard(190000), 101),
                    Line(100, std::nullopt, -1)});
  EXPECT_THAT(tax, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_THAT(FieldsOf(tax.status()),
              ElementsAre("line_items[1].discount_amount", "line_items[2].discount_amount"));
}

TEST(CalculateTaxTest, MixingInclusiveAndExclusiveIsRefused) {
  absl::StatusOr<InvoiceTax> tax =
      CalculateTax({Line(100, std::nullopt), Line(100, Standard(190000, true)),
                    Line(100, Standard(70000, false))});
  EXPECT_THAT(tax, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_THAT(FieldsOf(tax.status()), ElementsAre("line_items[2].tax_rate_id"));
}

TEST(CalculateTaxTest, OneEntryCannotCarryTwoExemptionReasons) {
  TaxRateTerms exempt_a{0, false, TaxCategory::kExempt, "Medical care", "VATEX-EU-132-1B"};
  TaxRateTerms exempt_b{0, false, TaxCategory::kExempt, "Insurance", "VATEX-EU-132"};
  EXPECT_THAT(FieldsOf(CalculateTax({Line(1, exempt_a), Line(1, exempt_b)}).status()),
              ElementsAre("line_items[1].tax_rate_id"));
  EXPECT_THAT(CalculateTax({Line(1, exempt_a), Line(1, exempt_a)}), IsOk());
}

TEST(CalculateTaxTest, OutsideScopeStandsAlone_BR_O_11) {
  TaxRateTerms outside{0, false, TaxCategory::kOutsideScope, "Not subject to VAT", "VATEX-EU-O"};
  EXPECT_THAT(CalculateTax({Line(100, outside), Line(100, outside), Line(5, std::nullopt)}),
              IsOk());
  EXPECT_THAT(FieldsOf(CalculateTax({Line(100, outside), Line(100, Standard(190000))}).status()),
              ElementsAre("line_items[1].tax_rate_id"));
  EXPECT_THAT(FieldsOf(CalculateTax({Line(100, ReverseCharge()), Line(100, outside)}).status()),
              ElementsAre("line_items[1].tax_rate_id"));
}

TEST(CalculateTaxTest, TotalsPastInt64AreRefused) {
  EXPECT_THAT(CalculateTax({Line(INT64_MAX, Standard(190000))}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(CalculateTax({Line(INT64_MAX, std::nullopt), Line(1, std::nullopt)}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(CalculateTax({Line(INT64_MAX, Standard(190000, true))}), IsOk());
}

TEST(CalculateTaxTest, AHundredPercentRate) {
  absl::StatusOr<InvoiceTax> tax = CalculateTax({Line(1001, Standard(1000000, true))});
  ASSERT_THAT(tax, IsOk());
  EXPECT_EQ(tax->breakdown[0].taxable_amount + tax->breakdown[0].tax_amount, 1001);
  EXPECT_EQ(CalculateTax({Line(1001, Standard(1000000))})->total, 2002);
}

}  // namespace
}  // namespace billing::domain
