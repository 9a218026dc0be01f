#include "domain/bank_account.h"

#include <string>

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

TEST(IbanTest, ValidIbansOfManyCountriesAreAccepted) {
  for (const char* iban : {"DE89370400440532013000", "GB82WEST12345698765432",
                           "FR1420041010050500013M02606", "NL91ABNA0417164300", "BE68539007547034",
                           "CH9300762011623852957", "NO9386011117947"}) {
    EXPECT_THAT(ParseIban(iban), IsOkAndHolds(std::string(iban)));
  }
}

TEST(IbanTest, PrintFormAndLowerCaseBecomeTheElectronicForm) {
  EXPECT_THAT(ParseIban("DE89 3704 0044 0532 0130 00"), IsOkAndHolds("DE89370400440532013000"));
  EXPECT_THAT(ParseIban("gb82 west 1234 5698 7654 32"), IsOkAndHolds("GB82WEST12345698765432"));
}

TEST(IbanTest, BadIbansAreRefusedNamingTheField) {
  for (const char* iban : {"DE88370400440532013000",   // check digits
                           "DE8937040044053201300",    // one short for DE
                           "DE893704004405320130000",  // one long
                           "US89370400440532013000",   // no IBANs in the US
                           "DE89-3704-0044-0532-0130-00", "", "DE", "DEXX370400440532013000",
                           "GB82WEST12345698765433"}) {
    absl::StatusOr<std::string> parsed = ParseIban(iban, "payment_instructions.iban");
    EXPECT_THAT(parsed, HasErrorCode(ErrorCode::kValidationError)) << iban;
    EXPECT_EQ(FieldOf(parsed.status()), "payment_instructions.iban") << iban;
  }
  EXPECT_NE(FieldViolationsOf(ParseIban("DE8937040044053201300").status())[0]
                .description.find("22 characters"),
            std::string::npos);
}

TEST(BicTest, EightAndElevenCharacterBicsAreAccepted) {
  EXPECT_THAT(ParseBic("DEUTDEFF"), IsOkAndHolds("DEUTDEFF"));
  EXPECT_THAT(ParseBic("DEUTDEFF500"), IsOkAndHolds("DEUTDEFF500"));
  EXPECT_THAT(ParseBic("nedszajjxxx"), IsOkAndHolds("NEDSZAJJXXX"));
  EXPECT_THAT(ParseBic("BKOSXKPR"), IsOkAndHolds("BKOSXKPR"));  // Kosovo: SWIFT's XK
}

TEST(BicTest, BadShapesAndCountriesAreRefusedNamingTheField) {
  for (const char* bic : {"DEUTDEF", "DEUTDEFF5", "DEUTDEFF50", "DEUTDEFF5000", "DEU1DEFF",
                          "DEUTD1FF", "DEUTZZFF", "DEUTUKFF", "DEUT DEFF", "", "DEUTDEF-"}) {
    absl::StatusOr<std::string> parsed = ParseBic(bic, "payment_instructions.bic");
    EXPECT_THAT(parsed, HasErrorCode(ErrorCode::kValidationError)) << bic;
    EXPECT_EQ(FieldOf(parsed.status()), "payment_instructions.bic") << bic;
  }
}

}  // namespace
}  // namespace billing::domain
