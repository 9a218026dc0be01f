#include "domain/electronic_address.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOkAndHolds;

std::vector<std::string> FieldsOf(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

TEST(ElectronicAddressTest, SchemesOfTheEasList) {
  for (const char* scheme : {"0088", "0007", "0184", "0192", "0208", "9930", "9957", "0204",
                             "0199", "9959", "EM"}) {
    EXPECT_TRUE(IsElectronicAddressScheme(scheme)) << scheme;
  }
  for (const char* scheme : {"", "88", "0000", "9909" /* withdrawn */, "9956", "em", "GLN"}) {
    EXPECT_FALSE(IsElectronicAddressScheme(scheme)) << scheme;
  }
}

TEST(ElectronicAddressTest, ValidAddressesAreKept) {
  EXPECT_THAT(ParseElectronicAddress("0088", "4035811991021"),
              IsOkAndHolds(ElectronicAddress{"0088", "4035811991021"}));
  EXPECT_THAT(ParseElectronicAddress("9930", "DE811907980"),
              IsOkAndHolds(ElectronicAddress{"9930", "DE811907980"}));
  EXPECT_THAT(ParseElectronicAddress("0192", "987654321"),
              IsOkAndHolds(ElectronicAddress{"0192", "987654321"}));
}

TEST(ElectronicAddressTest, BadPartsAreRefusedNamingEach) {
  absl::StatusOr<ElectronicAddress> bad =
      ParseElectronicAddress("1234", "a b", "electronic_address");
  EXPECT_THAT(bad, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_EQ(FieldsOf(bad.status()), (std::vector<std::string>{"electronic_address.scheme",
                                                              "electronic_address.value"}));
  EXPECT_EQ(FieldsOf(ParseElectronicAddress("", "", "buyer.electronic_address").status()),
            (std::vector<std::string>{"buyer.electronic_address.scheme",
                                      "buyer.electronic_address.value"}));
  EXPECT_EQ(FieldsOf(ParseElectronicAddress("9930", std::string(51, '1')).status()),
            (std::vector<std::string>{"electronic_address.value"}));
}

TEST(ElectronicAddressTest, GlnNeedsThirteenDigitsAndItsCheckDigit) {
  for (const char* gln : {"4035811991022", "403581199102", "40358119910210", "403581199102X"}) {
    EXPECT_EQ(FieldsOf(ParseElectronicAddress("0088", gln).status()),
              (std::vector<std::string>{"electronic_address.value"}))
        << gln;
  }
  EXPECT_THAT(ParseElectronicAddress("0088", "5790000435968"),
              IsOkAndHolds(ElectronicAddress{"0088", "5790000435968"}));
}

}  // namespace
}  // namespace billing::domain
