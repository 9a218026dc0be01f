#include "domain/country.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;

TEST(CountryTest, OfficialCodesAreCountries) {
  for (const char* code : {"DE", "FR", "GB", "GR", "US", "CH", "NO", "AU", "JP", "AX", "BQ",
                           "CW", "SS", "SX", "XK" /* not official */}) {
    EXPECT_EQ(IsCountryCode(code), std::string(code) != "XK") << code;
  }
}

TEST(CountryTest, ReservedUserAssignedAndWrongCaseAreNot) {
  for (const char* code : {"UK", "EL", "EU", "XI", "ZZ", "AA", "QM", "de", "D", "DEU", "", "D1"}) {
    EXPECT_FALSE(IsCountryCode(code)) << code;
    absl::Status status = ValidateCountryCode(code, "address.country");
    EXPECT_THAT(status, HasErrorCode(ErrorCode::kValidationError)) << code;
    ASSERT_EQ(FieldViolationsOf(status).size(), 1u);
    EXPECT_EQ(FieldViolationsOf(status)[0].field, "address.country");
  }
  EXPECT_THAT(ValidateCountryCode("DE"), IsOk());
}

TEST(CountryTest, HintsNameTheRightCode) {
  EXPECT_NE(FieldViolationsOf(ValidateCountryCode("de"))[0].description.find("\"DE\""),
            std::string::npos);
  EXPECT_NE(FieldViolationsOf(ValidateCountryCode("UK"))[0].description.find("\"GB\""),
            std::string::npos);
  EXPECT_NE(FieldViolationsOf(ValidateCountryCode("EL"))[0].description.find("\"GR\""),
            std::string::npos);
  EXPECT_EQ(FieldViolationsOf(ValidateCountryCode("ZZ"))[0].field, "country");
}

}  // namespace
}  // namespace billing::domain
