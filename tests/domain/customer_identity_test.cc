#include "domain/customer_identity.h"

#include <optional>
#include <string>
#include <vector>

#include "domain/error.h"
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

CustomerIdentityInput ValidInput() {
  CustomerIdentityInput input;
  input.legal_name = " Acme SARL ";
  input.billing_address = {"1 rue de la Paix", "", "Paris", "75002", "", "FR"};
  input.tax_ids = {{"eu_vat", "fr 12345678901"}, {"other", "SIREN 123456789"}};
  input.tax_exempt = "reverse";
  input.payment_terms_days = 45;
  input.electronic_address = {"0009", "12345678900013"};
  return input;
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

TaxRateTerms Rate(TaxCategory category, int64_t percentage = 0) {
  return {percentage, false, category, "", ""};
}

TEST(TaxExemptTest, NamesRoundTrip) {
  for (TaxExempt exempt : {TaxExempt::kNone, TaxExempt::kExempt, TaxExempt::kReverse}) {
    EXPECT_EQ(TaxExemptFromName(TaxExemptName(exempt)), exempt);
  }
  EXPECT_EQ(TaxExemptName(TaxExempt::kReverse), "reverse");
  EXPECT_EQ(TaxExemptFromName("Reverse"), std::nullopt);
}

TEST(CustomerIdentityTest, ValidInputIsKeptCanonical) {
  absl::StatusOr<CustomerIdentity> identity = ValidateCustomerIdentity(ValidInput());
  ASSERT_THAT(identity, IsOk());
  EXPECT_EQ(identity->legal_name, "Acme SARL");
  EXPECT_EQ(identity->billing_address.country, "FR");
  EXPECT_EQ(identity->tax_ids, (std::vector<TaxId>{{TaxIdType::kEuVat, "FR12345678901"},
                                                  {TaxIdType::kOther, "SIREN 123456789"}}));
  EXPECT_EQ(identity->tax_exempt, TaxExempt::kReverse);
  EXPECT_EQ(identity->payment_terms_days, 45);
  ASSERT_TRUE(identity->electronic_address.has_value());
  EXPECT_EQ(identity->electronic_address->scheme, "0009");
}

TEST(CustomerIdentityTest, NothingSetIsAPlainCustomer) {
  absl::StatusOr<CustomerIdentity> identity = ValidateCustomerIdentity({});
  ASSERT_THAT(identity, IsOk());
  EXPECT_EQ(*identity, CustomerIdentity{});
  EXPECT_EQ(identity->tax_exempt, TaxExempt::kNone);
  EXPECT_FALSE(identity->payment_terms_days.has_value());
}

TEST(CustomerIdentityTest, EveryBadFieldIsReportedAtOnce) {
  CustomerIdentityInput input = ValidInput();
  input.legal_name = std::string(201, 'a');
  input.billing_address.country = "EU";
  input.billing_address.postal_code = std::string(21, '1');
  input.tax_ids = {{"eu_vat", "FR1234"}, {"vat", "X"}, {"gb_vat", "GB123456789"},
                   {"gb_vat", "gb 123 456 789"}};
  input.tax_exempt = "partial";
  input.payment_terms_days = -1;
  input.electronic_address = {"1234", "x"};
  absl::Status status = ValidateCustomerIdentity(input).status();
  EXPECT_THAT(status, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_THAT(Fields(status),
              UnorderedElementsAre("legal_name", "billing_address.country",
                                   "billing_address.postal_code", "tax_ids[0].value",
                                   "tax_ids[1].type", "tax_ids[3]", "tax_exempt",
                                   "payment_terms_days", "electronic_address.scheme"));
}

TEST(CustomerIdentityTest, AtMostTenTaxIds) {
  CustomerIdentityInput input;
  for (int i = 0; i < 10; ++i) input.tax_ids.push_back({"other", "id " + std::to_string(i)});
  EXPECT_THAT(ValidateCustomerIdentity(input), IsOk());
  input.tax_ids.push_back({"other", "id 10"});
  EXPECT_EQ(Fields(ValidateCustomerIdentity(input).status()), std::vector<std::string>{"tax_ids"});
}

TEST(CustomerIdentityTest, UpdateTouchesOnlyIdentityPathsInTheMask) {
  const CustomerIdentity current = ValidateCustomerIdentity(ValidInput()).value();
  CustomerIdentityInput input;
  input.billing_address.city = "Lyon";
  input.tax_exempt = "";  // cleared: none
  input.legal_name = "not in the mask";
  absl::StatusOr<CustomerIdentity> updated = UpdateCustomerIdentity(
      current, input, {"billing_address.city", "tax_exempt", "payment_terms_days", "name"});
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->billing_address.city, "Lyon");
  EXPECT_EQ(updated->billing_address.line1, "1 rue de la Paix");
  EXPECT_EQ(updated->tax_exempt, TaxExempt::kNone);
  EXPECT_FALSE(updated->payment_terms_days.has_value());
  EXPECT_EQ(updated->legal_name, "Acme SARL");
  EXPECT_EQ(updated->tax_ids, current.tax_ids);

  input.tax_ids = {{"au_abn", "51 824 753 557"}};
  EXPECT_EQ(Fields(UpdateCustomerIdentity(current, input, {"tax_ids"}).status()),
            std::vector<std::string>{"tax_ids[0].value"});
  EXPECT_TRUE(IsCustomerIdentityPath("billing_address.country"));
  EXPECT_FALSE(IsCustomerIdentityPath("email"));

  // REST derives the mask from the body: an electronic address names both parts.
  input.electronic_address = {"0088", "4035811991021"};
  updated = UpdateCustomerIdentity(current, input,
                                   {"electronic_address.scheme", "electronic_address.value"});
  ASSERT_THAT(updated, IsOk());
  ASSERT_TRUE(updated->electronic_address.has_value());
  EXPECT_EQ(updated->electronic_address->value, "4035811991021");
}

TEST(CheckTaxExemptionTest, ReverseChargeNeedsAEOnEveryLine) {
  EXPECT_THAT(CheckTaxExemption(TaxExempt::kReverse,
                                {Rate(TaxCategory::kReverseCharge), Rate(TaxCategory::kReverseCharge)}),
              IsOk());
  absl::Status status = CheckTaxExemption(
      TaxExempt::kReverse, {Rate(TaxCategory::kReverseCharge), Rate(TaxCategory::kStandard, 190000),
                            std::nullopt, Rate(TaxCategory::kExempt)});
  EXPECT_THAT(status, HasErrorCode(ErrorCode::kTaxExemptionMismatch));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  const std::string message(status.message());
  EXPECT_THAT(message, HasSubstr("category AE"));
  EXPECT_THAT(message, HasSubstr("line_items[1].tax_rate_id (category S)"));
  EXPECT_THAT(message, HasSubstr("line_items[2].tax_rate_id (no rate)"));
  EXPECT_THAT(message, HasSubstr("line_items[3].tax_rate_id (category E)"));
  EXPECT_THAT(message, Not(HasSubstr("line_items[0]")));
}

TEST(CheckTaxExemptionTest, ExemptNeedsEAndNoneNeedsNothing) {
  EXPECT_THAT(CheckTaxExemption(TaxExempt::kExempt, {Rate(TaxCategory::kExempt)}), IsOk());
  EXPECT_THAT(CheckTaxExemption(TaxExempt::kExempt, {Rate(TaxCategory::kReverseCharge)}),
              HasErrorCode(ErrorCode::kTaxExemptionMismatch));
  EXPECT_THAT(CheckTaxExemption(TaxExempt::kExempt, {std::nullopt}),
              HasErrorCode(ErrorCode::kTaxExemptionMismatch));
  EXPECT_THAT(CheckTaxExemption(TaxExempt::kNone, {Rate(TaxCategory::kStandard, 190000),
                                                   Rate(TaxCategory::kReverseCharge), std::nullopt}),
              IsOk());
  EXPECT_EQ(RequiredTaxCategory(TaxExempt::kReverse), TaxCategory::kReverseCharge);
  EXPECT_EQ(RequiredTaxCategory(TaxExempt::kExempt), TaxCategory::kExempt);
  EXPECT_EQ(RequiredTaxCategory(TaxExempt::kNone), std::nullopt);
}

TEST(CheckTaxExemptionTest, AHundredBadLinesKeepTheMessageShort) {
  std::vector<std::optional<TaxRateTerms>> rates(100, std::nullopt);
  absl::Status status = CheckTaxExemption(TaxExempt::kReverse, rates);
  EXPECT_THAT(std::string(status.message()), HasSubstr("line_items[9].tax_rate_id"));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("line_items[10]")));
  EXPECT_THAT(std::string(status.message()), HasSubstr("and 90 more"));
  EXPECT_LE(status.message().size(), 512u);
}

}  // namespace
}  // namespace billing::domain
