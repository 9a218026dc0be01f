#include "domain/tax_rate_resource.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::Time kCreated = absl::FromUnixSeconds(1'780'000'000);
const absl::Time kLater = kCreated + absl::Hours(1);

std::vector<std::string> FieldsOf(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

TaxRateInput Vat19() {
  TaxRateInput input;
  input.display_name = "VAT";
  input.percentage = "19";
  input.country = "DE";
  input.category = "S";
  return input;
}

TaxRate Rate() { return NewTaxRate("acct", "txr_1", Vat19(), kCreated).value(); }

TEST(NewTaxRateTest, IsActiveWithItsParsedTerms) {
  absl::StatusOr<TaxRate> rate = NewTaxRate("acct", "txr_1", Vat19(), kCreated);
  ASSERT_THAT(rate, IsOk());
  EXPECT_EQ(rate->id, "txr_1");
  EXPECT_EQ(rate->display_name, "VAT");
  EXPECT_EQ(rate->country, "DE");
  EXPECT_EQ(rate->terms.percentage, 190000);
  EXPECT_EQ(rate->terms.category, TaxCategory::kStandard);
  EXPECT_TRUE(rate->active);
  EXPECT_EQ(rate->create_time, kCreated);
  EXPECT_EQ(rate->update_time, kCreated);
}

// The "Bad input": every bad field named at once, nothing built.
TEST(NewTaxRateTest, RefusesBadFieldsByName) {
  TaxRateInput bad = Vat19();
  bad.percentage = "100.00001";
  bad.country = "UK";
  EXPECT_THAT(FieldsOf(NewTaxRate("acct", "txr_1", bad, kCreated).status()),
              ElementsAre("country", "percentage"));
  TaxRateInput reverse = Vat19();
  reverse.percentage = "0";
  reverse.category = "AE";  // needs a VATEX code
  EXPECT_THAT(FieldsOf(NewTaxRate("acct", "txr_1", reverse, kCreated).status()),
              ElementsAre("exemption_reason_code"));
}

TEST(InputOfTest, RoundTripsThroughNewTaxRate) {
  TaxRateInput reverse;
  reverse.display_name = "Reverse charge";
  reverse.percentage = "0";
  reverse.category = "AE";
  reverse.exemption_reason_code = "VATEX-EU-AE";
  TaxRate rate = NewTaxRate("acct", "txr_2", reverse, kCreated).value();
  TaxRate again = NewTaxRate("acct", "txr_2", InputOf(rate), kCreated).value();
  EXPECT_EQ(again.terms, rate.terms);
  EXPECT_EQ(again.display_name, rate.display_name);
}

TEST(UpdateTaxRateTest, ChangesOnlyTheNamedFields) {
  TaxRateInput input;
  input.display_name = "MwSt";
  input.percentage = "7";  // not named: ignored
  absl::StatusOr<TaxRate> updated =
      UpdateTaxRate(Rate(), input, std::nullopt, {"display_name"}, /*in_use=*/false, kLater);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->display_name, "MwSt");
  EXPECT_EQ(updated->terms.percentage, 190000);
  EXPECT_EQ(updated->update_time, kLater);
  EXPECT_EQ(updated->create_time, kCreated);
}

TEST(UpdateTaxRateTest, AnUnusedRateMayChangeItsTerms) {
  TaxRateInput input;
  input.percentage = "7";
  input.inclusive = true;
  absl::StatusOr<TaxRate> updated = UpdateTaxRate(Rate(), input, std::nullopt,
                                                  {"percentage", "inclusive"}, false, kLater);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->terms.percentage, 70000);
  EXPECT_TRUE(updated->terms.inclusive);
}

// Issued invoices were computed with the rate's terms: once used they are
// frozen with its country (409 TAX_RATE_IN_USE), while its name and
// active flag still change.
TEST(UpdateTaxRateTest, ARateInUseKeepsPercentageInclusiveCategoryAndCountry) {
  TaxRateInput input;
  input.percentage = "7";
  absl::Status refused =
      UpdateTaxRate(Rate(), input, std::nullopt, {"percentage"}, /*in_use=*/true, kLater)
          .status();
  EXPECT_THAT(refused, HasErrorCode(ErrorCode::kTaxRateInUse));
  EXPECT_THAT(refused.message(), HasSubstr("percentage"));
  input.inclusive = true;
  EXPECT_THAT(UpdateTaxRate(Rate(), input, std::nullopt, {"inclusive"}, true, kLater),
              HasErrorCode(ErrorCode::kTaxRateInUse));
  input.display_name = "Umsatzsteuer";
  absl::StatusOr<TaxRate> renamed =
      UpdateTaxRate(Rate(), input, false, {"display_name", "active"}, true, kLater);
  ASSERT_THAT(renamed, IsOk());
  EXPECT_EQ(renamed->display_name, "Umsatzsteuer");
  EXPECT_FALSE(renamed->active) << "archived, never deleted";
  EXPECT_EQ(renamed->terms, Rate().terms);
  // The tax report files the rate's invoices under its country.
  input.country = "AT";
  absl::Status moved =
      UpdateTaxRate(Rate(), input, std::nullopt, {"country"}, true, kLater).status();
  EXPECT_THAT(moved, HasErrorCode(ErrorCode::kTaxRateInUse));
  EXPECT_THAT(moved.message(), HasSubstr("country"));
  EXPECT_THAT(UpdateTaxRate(Rate(), input, std::nullopt, {"country"}, false, kLater), IsOk());
}

TEST(UpdateTaxRateTest, ValidatesTheResultAsAWhole) {
  TaxRateInput input;
  input.category = "E";  // exempt: 0 % and a reason the rate does not have
  EXPECT_THAT(FieldsOf(UpdateTaxRate(Rate(), input, std::nullopt, {"category"}, false, kLater)
                           .status()),
              ElementsAre("percentage", "exemption_reason_code"));
}

TEST(UpdateTaxRateTest, RefusesUnknownReadOnlyOrNoPaths) {
  TaxRateInput input;
  for (const std::vector<std::string>& paths :
       std::vector<std::vector<std::string>>{{}, {"name"}, {"create_time"}}) {
    absl::Status status = UpdateTaxRate(Rate(), input, std::nullopt, paths, false, kLater).status();
    EXPECT_THAT(status, HasErrorCode(ErrorCode::kValidationError));
    EXPECT_THAT(FieldsOf(status), ElementsAre("update_mask"));
  }
  EXPECT_THAT(FieldsOf(UpdateTaxRate(Rate(), input, std::nullopt, {"active"}, false, kLater)
                           .status()),
              ElementsAre("active"));
}

TEST(CheckUsableTest, AnArchivedRateIsNotPutOnInvoices) {
  TaxRate rate = Rate();
  EXPECT_THAT(CheckUsable(rate, "default_tax_rate_id"), IsOk());
  rate.active = false;
  absl::Status refused = CheckUsable(rate, "line_items[2].tax_rate_id");
  EXPECT_THAT(refused, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_THAT(FieldsOf(refused), ElementsAre("line_items[2].tax_rate_id"));
}

}  // namespace
}  // namespace billing::domain
