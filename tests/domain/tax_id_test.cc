#include "domain/tax_id.h"

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOkAndHolds;

std::string FieldOf(const absl::Status& status) {
  auto violations = FieldViolationsOf(status);
  return violations.size() == 1 ? violations[0].field : "<" + status.ToString() + ">";
}

TaxId Id(TaxIdType type, std::string value) { return TaxId{type, std::move(value)}; }

TEST(TaxIdTest, TypeNamesRoundTrip) {
  for (TaxIdType type : {TaxIdType::kEuVat, TaxIdType::kGbVat, TaxIdType::kChVat,
                         TaxIdType::kNoVat, TaxIdType::kUsEin, TaxIdType::kAuAbn,
                         TaxIdType::kOther}) {
    EXPECT_EQ(TaxIdTypeFromName(TaxIdTypeName(type)), type);
  }
  EXPECT_EQ(TaxIdTypeFromName("EU_VAT"), std::nullopt);
  absl::StatusOr<TaxId> unknown = ParseTaxId("vat", "DE811907980", "tax_ids[0].type",
                                             "tax_ids[0].value");
  EXPECT_THAT(unknown, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_EQ(FieldOf(unknown.status()), "tax_ids[0].type");
}

TEST(TaxIdTest, EveryEuMemberStateFormatIsAccepted) {
  for (const char* value :
       {"ATU12345678", "BE0123456789", "BE1234567890", "BG123456789", "BG1234567890",
        "CY12345678L", "CZ12345678", "CZ1234567890", "DE811907980", "DK12345678", "EE123456789",
        "EL123456789", "ESA1234567Z", "ES12345678Z", "ESX1234567A", "FI12345678",
        "FR12345678901", "FRAB123456789", "HR12345678901", "HU12345678", "IE1234567WA",
        "IE1234567T", "IE1A23456T", "IT12345678901", "LT123456789", "LT123456789012",
        "LU12345678", "LV12345678901", "MT12345678", "NL123456789B01", "PL1234567890",
        "PT123456789", "RO12", "RO1234567890", "SE123456789001", "SI12345678", "SK1234567890",
        "XI123456789", "XI123456789012", "XIGD001", "XIHA599"}) {
    EXPECT_THAT(ParseTaxId("eu_vat", value), IsOkAndHolds(Id(TaxIdType::kEuVat, value)))
        << value;
  }
}

TEST(TaxIdTest, EuVatIsKeptCompactAndUpperCase) {
  EXPECT_THAT(ParseTaxId("eu_vat", "de 811.907-980"),
              IsOkAndHolds(Id(TaxIdType::kEuVat, "DE811907980")));
  EXPECT_THAT(ParseTaxId("eu_vat", "nl123456789b01"),
              IsOkAndHolds(Id(TaxIdType::kEuVat, "NL123456789B01")));
}

TEST(TaxIdTest, BadEuVatNumbersAreRefusedNamingTheValue) {
  for (const char* value :
       {"DE81190798", "DE8119079801", "ATU1234567", "AT12345678", "GR123456789" /* EL */,
        "GB123456789" /* not EU */, "NL123456789A01", "BE2123456789", "FRIO123456789",
        "SE123456789002", "RO0123", "US123456789", "DE81190798O", "DE811907980!", "XIGD500",
        "123456789", ""}) {
    absl::StatusOr<TaxId> parsed = ParseTaxId("eu_vat", value, "type", "tax_ids[2].value");
    EXPECT_THAT(parsed, HasErrorCode(ErrorCode::kValidationError)) << value;
    EXPECT_EQ(FieldOf(parsed.status()), "tax_ids[2].value") << value;
  }
  EXPECT_NE(FieldViolationsOf(ParseTaxId("eu_vat", "GR123456789").status())[0]
                .description.find("EL"),
            std::string::npos);
}

TEST(TaxIdTest, GbVat) {
  EXPECT_THAT(ParseTaxId("gb_vat", "GB123456789"), IsOkAndHolds(Id(TaxIdType::kGbVat, "GB123456789")));
  EXPECT_THAT(ParseTaxId("gb_vat", "gb 123 4567 89"),
              IsOkAndHolds(Id(TaxIdType::kGbVat, "GB123456789")));
  EXPECT_THAT(ParseTaxId("gb_vat", "123456789012"),
              IsOkAndHolds(Id(TaxIdType::kGbVat, "GB123456789012")));
  EXPECT_THAT(ParseTaxId("gb_vat", "GBGD001"), IsOkAndHolds(Id(TaxIdType::kGbVat, "GBGD001")));
  EXPECT_THAT(ParseTaxId("gb_vat", "GBHA599"), IsOkAndHolds(Id(TaxIdType::kGbVat, "GBHA599")));
  for (const char* value : {"GB12345678", "GB1234567890", "GBGD500", "GBHA499", "XI123456789"}) {
    EXPECT_THAT(ParseTaxId("gb_vat", value), HasErrorCode(ErrorCode::kValidationError)) << value;
  }
}

TEST(TaxIdTest, ChVatTakesEveryLanguageFormAndKeepsTheOfficialSpelling) {
  EXPECT_THAT(ParseTaxId("ch_vat", "CHE-123.456.789 MWST"),
              IsOkAndHolds(Id(TaxIdType::kChVat, "CHE-123.456.789 MWST")));
  EXPECT_THAT(ParseTaxId("ch_vat", "CHE-123.456.789 TVA"),
              IsOkAndHolds(Id(TaxIdType::kChVat, "CHE-123.456.789 TVA")));
  EXPECT_THAT(ParseTaxId("ch_vat", "che123456789iva"),
              IsOkAndHolds(Id(TaxIdType::kChVat, "CHE-123.456.789 IVA")));
  for (const char* value : {"CHE-123.456.789", "CHE-123.456.78 MWST", "CH-123.456.789 MWST",
                            "CHE-123.456.789 VAT"}) {
    EXPECT_THAT(ParseTaxId("ch_vat", value), HasErrorCode(ErrorCode::kValidationError)) << value;
  }
}

TEST(TaxIdTest, NoVatUsEinAndOther) {
  EXPECT_THAT(ParseTaxId("no_vat", "123456789MVA"),
              IsOkAndHolds(Id(TaxIdType::kNoVat, "123456789MVA")));
  EXPECT_THAT(ParseTaxId("no_vat", "NO 123 456 789 MVA"),
              IsOkAndHolds(Id(TaxIdType::kNoVat, "123456789MVA")));
  EXPECT_THAT(ParseTaxId("no_vat", "123456789"), HasErrorCode(ErrorCode::kValidationError));
  EXPECT_THAT(ParseTaxId("us_ein", "12-3456789"), IsOkAndHolds(Id(TaxIdType::kUsEin, "12-3456789")));
  EXPECT_THAT(ParseTaxId("us_ein", "123456789"), IsOkAndHolds(Id(TaxIdType::kUsEin, "12-3456789")));
  for (const char* value : {"12-345678", "12-34567890", "AB-3456789"}) {
    EXPECT_THAT(ParseTaxId("us_ein", value), HasErrorCode(ErrorCode::kValidationError)) << value;
  }
  EXPECT_THAT(ParseTaxId("other", "  JP T1234567890123 "),
              IsOkAndHolds(Id(TaxIdType::kOther, "JP T1234567890123")));
  EXPECT_THAT(ParseTaxId("other", "a\nb"), HasErrorCode(ErrorCode::kValidationError));
  EXPECT_THAT(ParseTaxId("other", std::string(65, 'x')), HasErrorCode(ErrorCode::kValidationError));
  EXPECT_THAT(ParseTaxId("other", "   "), HasErrorCode(ErrorCode::kValidationError));
}

TEST(TaxIdTest, AuAbnChecksum) {
  // The ATO's worked example.
  EXPECT_THAT(ParseTaxId("au_abn", "51 824 753 556"),
              IsOkAndHolds(Id(TaxIdType::kAuAbn, "51824753556")));
  absl::StatusOr<TaxId> wrong = ParseTaxId("au_abn", "51824753557", "type", "tax_ids[0].value");
  EXPECT_THAT(wrong, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_EQ(FieldOf(wrong.status()), "tax_ids[0].value");
  EXPECT_NE(FieldViolationsOf(wrong.status())[0].description.find("checksum"), std::string::npos);
  for (const char* value : {"5182475355", "518247535566", "01824753556"}) {
    EXPECT_THAT(ParseTaxId("au_abn", value), HasErrorCode(ErrorCode::kValidationError)) << value;
  }
}

}  // namespace
}  // namespace billing::domain
