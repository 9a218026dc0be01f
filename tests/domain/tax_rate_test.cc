#include "domain/tax_rate.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using ::billing::testing::IsOkAndHolds;
using ::billing::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> FieldsOf(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

std::string DescriptionOf(const absl::Status& status, std::string_view field) {
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    if (v.field == field) return v.description;
  }
  return "";
}

TaxRateInput Vat19() {
  TaxRateInput input;
  input.display_name = "VAT";
  input.percentage = "19";
  input.country = "DE";
  input.category = "S";
  return input;
}

TaxRateInput ZeroRate(std::string category, std::string code) {
  TaxRateInput input;
  input.display_name = "No VAT";
  input.percentage = "0";
  input.category = std::move(category);
  input.exemption_reason_code = std::move(code);
  return input;
}

TEST(TaxCategoryTest, Uncl5305CodesRoundTrip) {
  for (const char* code : {"S", "Z", "E", "AE", "K", "G", "O"}) {
    std::optional<TaxCategory> category = TaxCategoryFromCode(code);
    ASSERT_TRUE(category.has_value()) << code;
    EXPECT_EQ(TaxCategoryCode(*category), code);
  }
  for (const char* code : {"s", "L", "M", "B", "", "IC"}) {
    EXPECT_EQ(TaxCategoryFromCode(code), std::nullopt) << code;
  }
}

TEST(VatexTest, CodesKnowTheirCategory) {
  EXPECT_EQ(VatexCategory("VATEX-EU-AE"), TaxCategory::kReverseCharge);
  EXPECT_EQ(VatexCategory("VATEX-EU-IC"), TaxCategory::kIntraCommunity);
  EXPECT_EQ(VatexCategory("VATEX-EU-G"), TaxCategory::kExport);
  EXPECT_EQ(VatexCategory("VATEX-EU-O"), TaxCategory::kOutsideScope);
  for (const char* code : {"VATEX-EU-79-C", "VATEX-EU-132", "VATEX-EU-132-1A", "VATEX-EU-143",
                           "VATEX-EU-148", "VATEX-EU-151", "VATEX-EU-309", "VATEX-EU-D",
                           "VATEX-EU-F", "VATEX-EU-I", "VATEX-EU-J", "VATEX-FR-FRANCHISE",
                           "VATEX-FR-CNWVAT"}) {
    EXPECT_EQ(VatexCategory(code), TaxCategory::kExempt) << code;
  }
  EXPECT_EQ(VatexCategory("VATEX-EU-999"), std::nullopt);
  EXPECT_EQ(VatexCategory("vatex-eu-ae"), std::nullopt);
  EXPECT_EQ(VatexName("VATEX-EU-AE"), "Reverse charge");
}

TEST(PercentageTest, ParsesZeroToHundredWithFourDecimals) {
  EXPECT_THAT(ParsePercentage("19"), IsOkAndHolds(190000));
  EXPECT_THAT(ParsePercentage("7.7"), IsOkAndHolds(77000));
  EXPECT_THAT(ParsePercentage("0"), IsOkAndHolds(0));
  EXPECT_THAT(ParsePercentage("100"), IsOkAndHolds(1000000));
  EXPECT_THAT(ParsePercentage("8.8750"), IsOkAndHolds(88750));
  EXPECT_THAT(ParsePercentage("0.0001"), IsOkAndHolds(1));
  for (const char* text : {"100.0001", "101", "-1", "19.00001", "1e1", "19%", "", "abc",
                           "99999999999999999999"}) {
    EXPECT_THAT(ParsePercentage(text), StatusIs(absl::StatusCode::kInvalidArgument)) << text;
  }
  EXPECT_EQ(FormatPercentage(190000), "19");
  EXPECT_EQ(FormatPercentage(77000), "7.7");
  EXPECT_EQ(FormatPercentage(88750), "8.875");
  EXPECT_EQ(FormatPercentage(0), "0");
}

TEST(ValidateTaxRateTest, AStandardRate) {
  absl::StatusOr<ValidTaxRate> rate = ValidateTaxRate(Vat19());
  ASSERT_THAT(rate, IsOk());
  EXPECT_EQ(rate->display_name, "VAT");
  EXPECT_EQ(rate->country, "DE");
  EXPECT_EQ(rate->terms, (TaxRateTerms{190000, false, TaxCategory::kStandard, "", ""}));
}

TEST(ValidateTaxRateTest, BadPercentagesNameThePercentage) {
  for (const char* text : {"100.01", "-5", "19.00001", "", "1e2"}) {
    TaxRateInput input = Vat19();
    input.percentage = text;
    absl::StatusOr<ValidTaxRate> rate = ValidateTaxRate(input);
    EXPECT_THAT(rate, HasErrorCode(ErrorCode::kValidationError)) << text;
    EXPECT_THAT(FieldsOf(rate.status()), ElementsAre("percentage")) << text;
  }
}

TEST(ValidateTaxRateTest, StandardRateMustBeAboveZero_BR_S_5) {
  TaxRateInput input = Vat19();
  input.percentage = "0";
  absl::Status status = ValidateTaxRate(input).status();
  EXPECT_THAT(FieldsOf(status), ElementsAre("percentage"));
  EXPECT_THAT(DescriptionOf(status, "percentage"), HasSubstr("BR-S-5"));
}

TEST(ValidateTaxRateTest, StandardAndZeroRatesCarryNoExemptionReason_BR_S_10_BR_Z_10) {
  TaxRateInput input = Vat19();
  input.exemption_reason_code = "VATEX-EU-AE";
  input.exemption_reason = "Reverse charge";
  EXPECT_THAT(FieldsOf(ValidateTaxRate(input).status()),
              ElementsAre("exemption_reason_code", "exemption_reason"));
  TaxRateInput zero = ZeroRate("Z", "VATEX-EU-132");
  EXPECT_THAT(FieldsOf(ValidateTaxRate(zero).status()), ElementsAre("exemption_reason_code"));
  EXPECT_THAT(ValidateTaxRate(ZeroRate("Z", "")), IsOk());
}

TEST(ValidateTaxRateTest, NonStandardCategoriesHaveRateZero) {
  for (const char* category : {"Z", "E", "AE", "K", "G", "O"}) {
    TaxRateInput input = ZeroRate(category, "");
    input.percentage = "5";
    absl::Status status = ValidateTaxRate(input).status();
    EXPECT_THAT(DescriptionOf(status, "percentage"), HasSubstr("must be 0")) << category;
  }
  TaxRateInput e = ZeroRate("E", "VATEX-EU-132");
  e.percentage = "5";
  EXPECT_THAT(DescriptionOf(ValidateTaxRate(e).status(), "percentage"), HasSubstr("BR-E-5"));
  TaxRateInput k = ZeroRate("K", "VATEX-EU-IC");
  k.percentage = "1";
  EXPECT_THAT(DescriptionOf(ValidateTaxRate(k).status(), "percentage"), HasSubstr("BR-IC-5"));
}

TEST(ValidateTaxRateTest, ExemptionCodeRequiredForExemptReverseIntraExportAndOutOfScope) {
  for (const char* category : {"E", "AE", "K", "G", "O"}) {
    absl::Status status = ValidateTaxRate(ZeroRate(category, "")).status();
    EXPECT_THAT(FieldsOf(status), ElementsAre("exemption_reason_code")) << category;
  }
  const std::pair<const char*, const char*> valid[] = {
      {"E", "VATEX-EU-132"}, {"E", "VATEX-EU-79-C"}, {"E", "VATEX-FR-FRANCHISE"},
      {"AE", "VATEX-EU-AE"}, {"K", "VATEX-EU-IC"},   {"G", "VATEX-EU-G"},
      {"O", "VATEX-EU-O"},   {"E", "VATEX-EU-309"},  {"E", "VATEX-EU-143"},
  };
  for (const auto& [category, code] : valid) {
    EXPECT_THAT(ValidateTaxRate(ZeroRate(category, code)), IsOk()) << category << " " << code;
  }
}

TEST(ValidateTaxRateTest, TheReasonTextDefaultsToTheVatexName) {
  absl::StatusOr<ValidTaxRate> rate = ValidateTaxRate(ZeroRate("AE", "VATEX-EU-AE"));
  ASSERT_THAT(rate, IsOk());
  EXPECT_EQ(rate->terms.exemption_reason, "Reverse charge");
  TaxRateInput input = ZeroRate("AE", "VATEX-EU-AE");
  input.exemption_reason = "  Steuerschuldnerschaft des Leistungsempfängers ";
  rate = ValidateTaxRate(input);
  ASSERT_THAT(rate, IsOk());
  EXPECT_EQ(rate->terms.exemption_reason, "Steuerschuldnerschaft des Leistungsempfängers");
}

TEST(ValidateTaxRateTest, UnknownOrMismatchedExemptionCodesAreRefused) {
  absl::Status unknown = ValidateTaxRate(ZeroRate("E", "VATEX-EU-999")).status();
  EXPECT_THAT(FieldsOf(unknown), ElementsAre("exemption_reason_code"));
  EXPECT_THAT(DescriptionOf(unknown, "exemption_reason_code"), HasSubstr("VATEX code list"));
  absl::Status mismatch = ValidateTaxRate(ZeroRate("AE", "VATEX-EU-IC")).status();
  EXPECT_THAT(FieldsOf(mismatch), ElementsAre("exemption_reason_code"));
  EXPECT_THAT(DescriptionOf(mismatch, "exemption_reason_code"), HasSubstr("category K"));
  EXPECT_THAT(FieldsOf(ValidateTaxRate(ZeroRate("E", "VATEX-EU-AE")).status()),
              ElementsAre("exemption_reason_code"));
}

TEST(ValidateTaxRateTest, EveryBadFieldIsNamedAtOnce) {
  TaxRateInput input;
  input.display_name = "  ";
  input.percentage = "101";
  input.country = "UK";
  input.region = "a\x01";
  input.category = "X";
  absl::Status status = ValidateTaxRate(input).status();
  EXPECT_THAT(status, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_THAT(FieldsOf(status),
              ElementsAre("display_name", "country", "region", "percentage", "category"));
  input = ZeroRate("AE", "VATEX-EU-IC");
  input.percentage = "abc";
  EXPECT_THAT(FieldsOf(ValidateTaxRate(input).status()),
              ElementsAre("percentage", "exemption_reason_code"));
  input = Vat19();
  input.category = "";
  EXPECT_THAT(FieldsOf(ValidateTaxRate(input).status()), ElementsAre("category"));
}

TEST(CheckTaxRateTermsTest, TheSameRulesOnParsedTerms) {
  EXPECT_THAT(CheckTaxRateTerms({190000, true, TaxCategory::kStandard, "", ""}), IsOk());
  EXPECT_THAT(CheckTaxRateTerms({0, false, TaxCategory::kReverseCharge, "Reverse charge",
                                 "VATEX-EU-AE"}),
              IsOk());
  EXPECT_THAT(FieldsOf(CheckTaxRateTerms({1000001, false, TaxCategory::kStandard, "", ""})),
              ElementsAre("percentage"));
  EXPECT_THAT(FieldsOf(CheckTaxRateTerms({0, false, TaxCategory::kOutsideScope, "", ""})),
              ElementsAre("exemption_reason_code"));
}

}  // namespace
}  // namespace billing::domain
