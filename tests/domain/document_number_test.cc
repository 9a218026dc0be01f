#include "domain/document_number.h"

#include <cstdint>
#include <limits>
#include <string>

#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using ::billing::testing::IsOkAndHolds;

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

TEST(DocumentNumberTest, DefaultPrefixes) {
  EXPECT_EQ(DefaultNumberPrefix(DocumentKind::kInvoice), "INV-");
  EXPECT_EQ(DefaultNumberPrefix(DocumentKind::kCreditNote), "CN-");
  EXPECT_THAT(ValidateNumberPrefix(DefaultNumberPrefix(DocumentKind::kInvoice)), IsOk());
  EXPECT_THAT(ValidateNumberPrefix(DefaultNumberPrefix(DocumentKind::kCreditNote)), IsOk());
}

TEST(DocumentNumberTest, FormatsZeroPaddedToSixDigits) {
  EXPECT_EQ(FormatDocumentNumber("INV-", 1), "INV-000001");
  EXPECT_EQ(FormatDocumentNumber("INV-", 42), "INV-000042");
  EXPECT_EQ(FormatDocumentNumber("CN-", 7), "CN-000007");
  EXPECT_EQ(FormatDocumentNumber("INV-", 999999), "INV-999999");
}

TEST(DocumentNumberTest, GrowsPastSixDigitsWithoutTruncation) {
  EXPECT_EQ(FormatDocumentNumber("INV-", 1000000), "INV-1000000");
  EXPECT_EQ(FormatDocumentNumber("A/", std::numeric_limits<int64_t>::max()),
            "A/9223372036854775807");
}

TEST(DocumentNumberTest, AcceptsShortPrintablePrefixes) {
  for (std::string prefix : {"INV-", "CN-", "X", "ACME/2026/", "abcdefghijk_", "#"}) {
    EXPECT_THAT(ValidateNumberPrefix(prefix), IsOk()) << prefix;
  }
}

TEST(DocumentNumberTest, RefusesBadPrefixesNamingTheField) {
  for (std::string prefix : {std::string(""), std::string("ABCDEFGHIJKLM"), std::string("IN V-"),
                             std::string("INV\t"), std::string("FAKT\xC3\x9C-"),
                             std::string("INV\0-", 5), std::string("INV2026")}) {
    absl::Status status = ValidateNumberPrefix(prefix);
    EXPECT_THAT(status, HasErrorCode(ErrorCode::kValidationError)) << prefix;
    EXPECT_EQ(Fields(status), std::vector<std::string>{"number_prefix"}) << prefix;
  }
  EXPECT_EQ(Fields(ValidateNumberPrefix("", "credit_note_prefix")),
            std::vector<std::string>{"credit_note_prefix"});
}

TEST(DocumentNumberTest, ParsesWhatItFormats) {
  for (int64_t sequence : {int64_t{1}, int64_t{42}, int64_t{999999}, int64_t{1000000},
                           std::numeric_limits<int64_t>::max()}) {
    for (std::string prefix : {"INV-", "CN-", "ACME/2026/"}) {
      EXPECT_THAT(ParseDocumentNumber(FormatDocumentNumber(prefix, sequence)),
                  IsOkAndHolds(DocumentNumber{prefix, sequence}));
    }
  }
}

TEST(DocumentNumberTest, RefusesOtherSpellings) {
  for (std::string text : {"", "INV-", "INV-42", "INV-00042", "INV-0000042", "000042",
                           "INV-000000", "INV 000042", "INV-000042 ", "INV-00004a",
                           "INV-99999999999999999999", "inv_000042x"}) {
    absl::Status status = ParseDocumentNumber(text).status();
    EXPECT_THAT(status, HasErrorCode(ErrorCode::kValidationError)) << text;
    EXPECT_EQ(Fields(status), std::vector<std::string>{"number"}) << text;
  }
}

}  // namespace
}  // namespace billing::domain
