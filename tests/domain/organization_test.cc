#include "domain/organization.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

OrganizationInput ValidInput() {
  OrganizationInput input;
  input.legal_name = "  Muster GmbH ";
  input.trading_name = "Muster";
  input.address = {"Hauptstr. 1", "2. OG", "Berlin", "10115", "BE", "DE"};
  input.tax_id = "de 811 907 980";
  input.company_id = "HRB 12345";
  input.email = "billing@muster.de";
  input.phone = "+49 (30) 123-4567";
  input.payment_instructions = {"DE89 3704 0044 0532 0130 00", "cobadeffxxx", "Commerzbank",
                                "Muster GmbH", "Please quote the invoice number.\nThank you."};
  input.default_payment_terms_days = 14;
  input.invoice_number_prefix = "RE-";
  input.credit_note_number_prefix = "GS-";
  input.electronic_address = {"0088", "4035811991021"};
  return input;
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

TEST(OrganizationTest, DefaultsBeforeAnythingIsWritten) {
  const Organization organization = DefaultOrganization("acct_1");
  EXPECT_EQ(organization.account_id, "acct_1");
  EXPECT_EQ(organization.default_payment_terms_days, 30);
  EXPECT_EQ(organization.invoice_number_prefix, "INV-");
  EXPECT_EQ(organization.credit_note_number_prefix, "CN-");
  EXPECT_FALSE(organization.tax_id.has_value());
  EXPECT_FALSE(PaymentInstructionsOf(organization).has_value());
}

TEST(OrganizationTest, ValidInputIsKeptInCanonicalForm) {
  absl::StatusOr<Organization> organization = ValidateOrganization("acct_1", ValidInput(), kNow);
  ASSERT_THAT(organization, IsOk());
  EXPECT_EQ(organization->legal_name, "Muster GmbH");
  EXPECT_EQ(organization->address.country, "DE");
  ASSERT_TRUE(organization->tax_id.has_value());
  EXPECT_EQ(organization->tax_id->type, TaxIdType::kEuVat);
  EXPECT_EQ(organization->tax_id->value, "DE811907980");
  EXPECT_EQ(organization->payment_instructions.iban, "DE89370400440532013000");
  EXPECT_EQ(organization->payment_instructions.bic, "COBADEFFXXX");
  EXPECT_EQ(organization->payment_instructions.note,
            "Please quote the invoice number.\nThank you.");
  EXPECT_EQ(organization->default_payment_terms_days, 14);
  EXPECT_EQ(organization->invoice_number_prefix, "RE-");
  EXPECT_EQ(organization->credit_note_number_prefix, "GS-");
  ASSERT_TRUE(organization->electronic_address.has_value());
  EXPECT_EQ(organization->electronic_address->scheme, "0088");
  EXPECT_EQ(organization->update_time, kNow);
}

TEST(OrganizationTest, EmptyOptionalFieldsTakeTheirDefaults) {
  absl::StatusOr<Organization> organization = ValidateOrganization("a", OrganizationInput{}, kNow);
  ASSERT_THAT(organization, IsOk());
  EXPECT_EQ(organization->default_payment_terms_days, 30);
  EXPECT_EQ(organization->invoice_number_prefix, "INV-");
  EXPECT_EQ(organization->credit_note_number_prefix, "CN-");
  EXPECT_FALSE(organization->electronic_address.has_value());
  EXPECT_FALSE(organization->tax_id.has_value());
}

TEST(OrganizationTest, EveryBadFieldIsReportedAtOnce) {
  OrganizationInput input = ValidInput();
  input.legal_name = "Muster\x07";
  input.address.line1 = std::string(201, 'x');
  input.address.country = "UK";
  input.email = "billing";
  input.phone = "call me";
  input.payment_instructions.iban = "DE89370400440532013001";  // check digits fail
  input.payment_instructions.bic = "COBA1EFF";
  input.payment_instructions.note = "bad\x01";
  input.default_payment_terms_days = 366;
  input.invoice_number_prefix = "INV 1";
  input.credit_note_number_prefix = "CN-1";
  input.electronic_address = {"0088", "4035811991022"};  // GS1 check digit fails
  absl::StatusOr<Organization> organization = ValidateOrganization("a", input, kNow);
  EXPECT_THAT(organization, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_THAT(Fields(organization.status()),
              UnorderedElementsAre("legal_name", "address.line1", "address.country", "email",
                                   "phone", "payment_instructions.iban",
                                   "payment_instructions.bic", "payment_instructions.note",
                                   "default_payment_terms_days", "invoice_number_prefix",
                                   "credit_note_number_prefix", "electronic_address.value"));
}

TEST(OrganizationTest, TaxIdFollowsTheCountrysFormat) {
  struct Case {
    std::string country;
    std::string tax_id;
    TaxIdType type;
    std::string kept;
  };
  for (const Case& c : std::vector<Case>{
           {"DE", "DE811907980", TaxIdType::kEuVat, "DE811907980"},
           {"GR", "EL123456789", TaxIdType::kEuVat, "EL123456789"},
           {"GB", "GB123456789", TaxIdType::kGbVat, "GB123456789"},
           {"GB", "XI123456789", TaxIdType::kEuVat, "XI123456789"},
           {"CH", "CHE-123.456.789 MWST", TaxIdType::kChVat, "CHE-123.456.789 MWST"},
           {"NO", "123456789MVA", TaxIdType::kNoVat, "123456789MVA"},
           {"US", "123456789", TaxIdType::kUsEin, "12-3456789"},
           {"AU", "51 824 753 556", TaxIdType::kAuAbn, "51824753556"},
           {"JP", "T1234567890123", TaxIdType::kOther, "T1234567890123"},
       }) {
    SCOPED_TRACE(c.country + " " + c.tax_id);
    OrganizationInput input = ValidInput();
    input.address.country = c.country;
    input.tax_id = c.tax_id;
    absl::StatusOr<Organization> organization = ValidateOrganization("a", input, kNow);
    ASSERT_THAT(organization, IsOk());
    EXPECT_EQ(organization->tax_id, (TaxId{c.type, c.kept}));
  }
  for (const auto& [country, tax_id] : std::vector<std::pair<std::string, std::string>>{
           {"DE", "DE81190798"},   // one digit short
           {"DE", "811907980"},    // no country prefix
           {"GR", "GR123456789"},  // Greece is EL
           {"GB", "GB12345678"},
           {"US", "12-345678"},
           {"AU", "51 824 753 557"},  // ABN checksum
       }) {
    SCOPED_TRACE(country + " " + tax_id);
    OrganizationInput input = ValidInput();
    input.address.country = country;
    input.tax_id = tax_id;
    EXPECT_EQ(Fields(ValidateOrganization("a", input, kNow).status()),
              std::vector<std::string>{"tax_id"});
  }
}

TEST(OrganizationTest, TaxIdWithoutCountryIsRefusedAndABadCountryIsNamedOnce) {
  OrganizationInput input = ValidInput();
  input.address.country = "";
  EXPECT_EQ(Fields(ValidateOrganization("a", input, kNow).status()),
            std::vector<std::string>{"tax_id"});
  input.address.country = "de";
  EXPECT_EQ(Fields(ValidateOrganization("a", input, kNow).status()),
            std::vector<std::string>{"address.country"});
}

TEST(OrganizationTest, PaymentTermsBoundsAreZeroToAYear) {
  for (int64_t days : {int64_t{0}, int64_t{365}}) {
    OrganizationInput input = ValidInput();
    input.default_payment_terms_days = days;
    EXPECT_THAT(ValidateOrganization("a", input, kNow), IsOk()) << days;
  }
  for (int64_t days : {int64_t{-1}, int64_t{366}, int64_t{1} << 40}) {
    OrganizationInput input = ValidInput();
    input.default_payment_terms_days = days;
    EXPECT_EQ(Fields(ValidateOrganization("a", input, kNow).status()),
              std::vector<std::string>{"default_payment_terms_days"})
        << days;
  }
}

TEST(OrganizationTest, TimeZoneIsAnIanaNameAndUtcUntilSet) {
  EXPECT_EQ(DefaultOrganization("a").time_zone, "UTC");
  EXPECT_EQ(ValidateOrganization("a", ValidInput(), kNow)->time_zone, "UTC");
  OrganizationInput input = ValidInput();
  input.time_zone = "America/New_York";
  EXPECT_EQ(ValidateOrganization("a", input, kNow)->time_zone, "America/New_York");
  for (const char* bad : {"Mars/Olympus", "localtime", "../etc/passwd", "+01:00"}) {
    input.time_zone = bad;
    EXPECT_EQ(Fields(ValidateOrganization("a", input, kNow).status()),
              std::vector<std::string>{"time_zone"})
        << bad;
  }
}

TEST(OrganizationTest, TimeZoneIsAnUpdatePath) {
  const Organization current = *ValidateOrganization("a", ValidInput(), kNow);
  OrganizationInput input;
  input.time_zone = "Asia/Tokyo";
  absl::StatusOr<Organization> updated = UpdateOrganization(current, input, {"time_zone"}, kNow);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->time_zone, "Asia/Tokyo");
  EXPECT_EQ(updated->legal_name, current.legal_name);
  input.time_zone = "Nowhere/Else";
  EXPECT_EQ(Fields(UpdateOrganization(current, input, {"time_zone"}, kNow).status()),
            std::vector<std::string>{"time_zone"});
}

TEST(OrganizationTest, NumberPrefixesMustDifferSoNumbersNeverCollide) {
  OrganizationInput input = ValidInput();
  input.invoice_number_prefix = "DOC-";
  input.credit_note_number_prefix = "DOC-";
  EXPECT_EQ(Fields(ValidateOrganization("a", input, kNow).status()),
            std::vector<std::string>{"credit_note_number_prefix"});
  input.invoice_number_prefix = "CN-";  // the credit notes' default
  input.credit_note_number_prefix = "";
  EXPECT_EQ(Fields(ValidateOrganization("a", input, kNow).status()),
            std::vector<std::string>{"credit_note_number_prefix"});
}

TEST(OrganizationTest, PhoneNeedsFiveToFifteenDigits) {
  for (const char* phone : {"+1 415 555 0100", "030.1234567", "12345"}) {
    OrganizationInput input = ValidInput();
    input.phone = phone;
    EXPECT_THAT(ValidateOrganization("a", input, kNow), IsOk()) << phone;
  }
  for (const char* phone : {"1234", "+1234567890123456", "49+30", "+49 30 x123"}) {
    OrganizationInput input = ValidInput();
    input.phone = phone;
    EXPECT_EQ(Fields(ValidateOrganization("a", input, kNow).status()),
              std::vector<std::string>{"phone"})
        << phone;
  }
}

TEST(OrganizationTest, ElectronicAddressNeedsBothParts) {
  OrganizationInput input = ValidInput();
  input.electronic_address = {"", "4035811991021"};
  EXPECT_EQ(Fields(ValidateOrganization("a", input, kNow).status()),
            std::vector<std::string>{"electronic_address.scheme"});
  input.electronic_address = {"9930", "DE811907980"};
  EXPECT_THAT(ValidateOrganization("a", input, kNow), IsOk());
}

TEST(UpdateOrganizationTest, OnlyTheNamedFieldsChange) {
  const Organization current = ValidateOrganization("acct_1", ValidInput(), kNow).value();
  OrganizationInput input;
  input.address.city = "Hamburg";
  input.address.postal_code = "20095";
  input.legal_name = "ignored, not in the mask";
  input.payment_instructions.bic = "DEUTDEFF";
  absl::StatusOr<Organization> updated = UpdateOrganization(
      current, input, {"address.city", "address.postal_code", "payment_instructions.bic"},
      kNow + absl::Hours(1));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->address.city, "Hamburg");
  EXPECT_EQ(updated->address.postal_code, "20095");
  EXPECT_EQ(updated->address.line1, "Hauptstr. 1");
  EXPECT_EQ(updated->legal_name, "Muster GmbH");
  EXPECT_EQ(updated->payment_instructions.bic, "DEUTDEFF");
  EXPECT_EQ(updated->payment_instructions.iban, "DE89370400440532013000");
  EXPECT_EQ(updated->tax_id, current.tax_id);
  EXPECT_EQ(updated->account_id, "acct_1");
  EXPECT_EQ(updated->update_time, kNow + absl::Hours(1));
}

TEST(UpdateOrganizationTest, AWholeGroupPathReplacesTheGroupAndClearsWhatIsEmpty) {
  const Organization current = ValidateOrganization("a", ValidInput(), kNow).value();
  OrganizationInput input;
  input.payment_instructions.note = "Pay by card.";
  absl::StatusOr<Organization> updated =
      UpdateOrganization(current, input, {"payment_instructions", "electronic_address",
                                          "default_payment_terms_days"}, kNow);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->payment_instructions, (PaymentInstructions{"", "", "", "", "Pay by card."}));
  EXPECT_FALSE(updated->electronic_address.has_value());
  EXPECT_EQ(updated->default_payment_terms_days, 30);
}

// REST derives the mask from the body, so a PATCH with
// {"electronicAddress": {"scheme": …, "value": …}} names both parts.
TEST(UpdateOrganizationTest, TheElectronicAddressPartsAreUpdatable) {
  const Organization current = ValidateOrganization("a", ValidInput(), kNow).value();
  OrganizationInput input;
  input.electronic_address = {"9930", "DE811907980"};
  absl::StatusOr<Organization> updated = UpdateOrganization(
      current, input, {"electronic_address.scheme", "electronic_address.value"}, kNow);
  ASSERT_THAT(updated, IsOk());
  ASSERT_TRUE(updated->electronic_address.has_value());
  EXPECT_EQ(*updated->electronic_address, (ElectronicAddress{"9930", "DE811907980"}));
}

TEST(UpdateOrganizationTest, ANewCountryRechecksTheStoredTaxId) {
  const Organization current = ValidateOrganization("a", ValidInput(), kNow).value();
  OrganizationInput input;
  input.address.country = "GB";
  EXPECT_EQ(Fields(UpdateOrganization(current, input, {"address.country"}, kNow).status()),
            std::vector<std::string>{"tax_id"});
  input.tax_id = "GB123456789";
  absl::StatusOr<Organization> moved =
      UpdateOrganization(current, input, {"address.country", "tax_id"}, kNow);
  ASSERT_THAT(moved, IsOk());
  EXPECT_EQ(moved->tax_id, (TaxId{TaxIdType::kGbVat, "GB123456789"}));
}

TEST(UpdateOrganizationTest, BadMasksAreRefused) {
  const Organization current = ValidateOrganization("a", ValidInput(), kNow).value();
  EXPECT_EQ(Fields(UpdateOrganization(current, {}, {}, kNow).status()),
            std::vector<std::string>{"update_mask"});
  absl::Status status =
      UpdateOrganization(current, {}, {"legal_name", "update_time", "colour"}, kNow).status();
  EXPECT_EQ(Fields(status), (std::vector<std::string>{"update_mask", "update_mask"}));
  EXPECT_THAT(FieldViolationsOf(status)[0].description, HasSubstr("read-only"));
  EXPECT_THAT(FieldViolationsOf(status)[1].description, HasSubstr("unknown"));
}

TEST(CheckCanIssueTest, NamesEveryMissingField) {
  Organization organization = DefaultOrganization("a");
  EXPECT_THAT(MissingForIssue(organization),
              ElementsAre("legal_name", "address.line1", "address.country"));
  absl::Status status = CheckCanIssue(organization);
  EXPECT_THAT(status, HasErrorCode(ErrorCode::kOrganizationIncomplete));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("legal_name, address.line1, address.country"));

  organization.legal_name = "Muster GmbH";
  organization.address.country = "DE";
  EXPECT_THAT(MissingForIssue(organization), ElementsAre("address.line1"));
  EXPECT_THAT(CheckCanIssue(organization), HasErrorCode(ErrorCode::kOrganizationIncomplete));
  organization.address.line1 = "  ";
  EXPECT_THAT(CheckCanIssue(organization), HasErrorCode(ErrorCode::kOrganizationIncomplete));
  organization.address.line1 = "Hauptstr. 1";
  EXPECT_THAT(CheckCanIssue(organization), IsOk());
}

}  // namespace
}  // namespace billing::domain
