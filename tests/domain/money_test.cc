#include "domain/money.h"

#include <cstdint>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

Currency Find(std::string_view code) {
  absl::StatusOr<Currency> currency = FindCurrency(code);
  EXPECT_TRUE(currency.ok()) << code;
  return currency.value_or(Currency{"USD", 2});
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string_view Message(const absl::Status& status) {
  return std::string_view(status.message().data(), status.message().size());
}

TEST(CurrencyTest, MinorUnitsFollowIso4217) {
  EXPECT_EQ(Find("USD").minor_units, 2);
  EXPECT_EQ(Find("EUR").minor_units, 2);
  EXPECT_EQ(Find("GBP").minor_units, 2);
  EXPECT_EQ(Find("JPY").minor_units, 0);
  EXPECT_EQ(Find("KRW").minor_units, 0);
  EXPECT_EQ(Find("CLP").minor_units, 0);
  EXPECT_EQ(Find("KWD").minor_units, 3);
  EXPECT_EQ(Find("BHD").minor_units, 3);
  EXPECT_EQ(Find("OMR").minor_units, 3);
  EXPECT_EQ(Find("JOD").minor_units, 3);
  EXPECT_EQ(Find("TND").minor_units, 3);
  EXPECT_EQ(Find("LYD").minor_units, 3);
  EXPECT_EQ(Find("IQD").minor_units, 3);
  EXPECT_EQ(Find("CLF").minor_units, 4);
  EXPECT_EQ(Find("USD").code, "USD");
}

TEST(CurrencyTest, UnknownCodesAreRefusedByName) {
  for (std::string_view code : {"XYZ", "US", "USDD", "", "XAU", "HRK", "U1D"}) {
    absl::StatusOr<Currency> currency = FindCurrency(code);
    ASSERT_FALSE(currency.ok()) << code;
    EXPECT_EQ(currency.status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(Contains(Message(FindCurrency("XYZ").status()), "XYZ"));
}

TEST(CurrencyTest, AMissingCodeIsSaidToBeRequired) {
  absl::Status missing = FindCurrency("").status();
  EXPECT_TRUE(Contains(Message(missing), "is required")) << missing;
  EXPECT_TRUE(Contains(Message(missing), "ISO 4217")) << missing;
}

TEST(CurrencyTest, LowerCaseIsRefusedWithAHint) {
  absl::StatusOr<Currency> currency = FindCurrency("usd");
  ASSERT_FALSE(currency.ok());
  EXPECT_TRUE(Contains(Message(currency.status()), "upper case")) << currency.status();
  EXPECT_TRUE(Contains(Message(currency.status()), "USD")) << currency.status();
  EXPECT_FALSE(FindCurrency("Eur").ok());
}

TEST(ParseAmountTest, TwoDecimalCurrency) {
  const Currency usd = Find("USD");
  EXPECT_EQ(ParseAmount("1250.00", usd).value(), 125000);
  EXPECT_EQ(ParseAmount("12.5", usd).value(), 1250);  // fewer decimals are fine
  EXPECT_EQ(ParseAmount("12", usd).value(), 1200);
  EXPECT_EQ(ParseAmount("0.01", usd).value(), 1);
  EXPECT_EQ(ParseAmount("0", usd).value(), 0);
  EXPECT_EQ(ParseAmount("007.10", usd).value(), 710);
}

TEST(ParseAmountTest, ZeroDecimalCurrency) {
  const Currency jpy = Find("JPY");
  EXPECT_EQ(ParseAmount("1250", jpy).value(), 1250);
  absl::StatusOr<int64_t> fraction = ParseAmount("1250.5", jpy);
  ASSERT_FALSE(fraction.ok());
  EXPECT_TRUE(Contains(Message(fraction.status()), "JPY")) << fraction.status();
  // Strict even when the extra digit is a zero: see ParseAmount.
  EXPECT_FALSE(ParseAmount("1250.0", jpy).ok());
}

TEST(ParseAmountTest, ThreeDecimalCurrency) {
  const Currency kwd = Find("KWD");
  EXPECT_EQ(ParseAmount("1.234", kwd).value(), 1234);
  EXPECT_EQ(ParseAmount("1.2", kwd).value(), 1200);
  EXPECT_EQ(ParseAmount("5", kwd).value(), 5000);
  EXPECT_FALSE(ParseAmount("1.2345", kwd).ok());
}

TEST(ParseAmountTest, FourDecimalCurrency) {
  EXPECT_EQ(ParseAmount("1.2345", Find("CLF")).value(), 12345);
}

TEST(ParseAmountTest, MoreDecimalsThanTheCurrencyAllowsAreRefused) {
  const Currency usd = Find("USD");
  absl::StatusOr<int64_t> amount = ParseAmount("12.345", usd);
  ASSERT_FALSE(amount.ok());
  EXPECT_EQ(amount.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(Message(amount.status()), "at most 2 decimal places for USD"))
      << amount.status();
  EXPECT_FALSE(ParseAmount("12.500", usd).ok());
}

TEST(ParseAmountTest, AnythingButAPlainDecimalIsRefused) {
  const Currency usd = Find("USD");
  for (std::string_view text :
       {"", "-12.50", "+12.50", "1e3", "1E3", "12.5e1", " 12.50", "12.50 ", "1 250.00",
        "1,250.00", "12.", ".5", ".", "12..5", "1.2.3", "0x10", "twelve", "12,50", "\xd9\xa1",
        "NaN", "inf"}) {
    absl::StatusOr<int64_t> amount = ParseAmount(text, usd);
    EXPECT_FALSE(amount.ok()) << "accepted \"" << text << "\"";
    EXPECT_EQ(amount.status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

// Messages echo what the caller sent, but never a flood of it and never
// bytes that would make the message invalid UTF-8 for gRPC.
TEST(ParseAmountTest, EchoedInputIsShortAndPrintable) {
  absl::StatusOr<int64_t> huge = ParseAmount(std::string(100000, '9') + "x", Find("USD"));
  ASSERT_FALSE(huge.ok());
  EXPECT_LT(huge.status().message().size(), 300u);
  absl::StatusOr<int64_t> binary = ParseAmount(std::string_view("12\xff\x00", 4), Find("USD"));
  ASSERT_FALSE(binary.ok());
  for (char c : Message(binary.status())) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7f) << static_cast<int>(c);
  }
}

TEST(ParseAmountTest, NegativeAmountsExplainTheSign) {
  absl::StatusOr<int64_t> amount = ParseAmount("-5.00", Find("USD"));
  ASSERT_FALSE(amount.ok());
  EXPECT_TRUE(Contains(Message(amount.status()), "sign")) << amount.status();
}

TEST(ParseAmountTest, OverflowIsRefused) {
  const Currency usd = Find("USD");
  // INT64_MAX is 9223372036854775807 minor units = 92233720368547758.07 USD.
  EXPECT_EQ(ParseAmount("92233720368547758.07", usd).value(),
            std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(ParseAmount("92233720368547758.08", usd).ok());
  EXPECT_FALSE(ParseAmount("92233720368547759", usd).ok());
  EXPECT_FALSE(ParseAmount("99999999999999999999999999999", usd).ok());
  EXPECT_FALSE(ParseAmount("9223372036854775808", Find("JPY")).ok());
}

TEST(FormatAmountTest, UsesExactlyTheCurrencysMinorUnits) {
  EXPECT_EQ(FormatAmount(1250, Find("USD")), "12.50");
  EXPECT_EQ(FormatAmount(125000, Find("USD")), "1250.00");
  EXPECT_EQ(FormatAmount(5, Find("USD")), "0.05");
  EXPECT_EQ(FormatAmount(0, Find("USD")), "0.00");
  EXPECT_EQ(FormatAmount(-5, Find("USD")), "-0.05");
  EXPECT_EQ(FormatAmount(-1250, Find("USD")), "-12.50");
  EXPECT_EQ(FormatAmount(1250, Find("JPY")), "1250");
  EXPECT_EQ(FormatAmount(0, Find("JPY")), "0");
  EXPECT_EQ(FormatAmount(-7, Find("JPY")), "-7");
  EXPECT_EQ(FormatAmount(1234, Find("KWD")), "1.234");
  EXPECT_EQ(FormatAmount(5, Find("KWD")), "0.005");
  EXPECT_EQ(FormatAmount(12345, Find("CLF")), "1.2345");
}

TEST(FormatAmountTest, ExtremesFormatWithoutOverflow) {
  EXPECT_EQ(FormatAmount(std::numeric_limits<int64_t>::max(), Find("USD")),
            "92233720368547758.07");
  EXPECT_EQ(FormatAmount(std::numeric_limits<int64_t>::min(), Find("USD")),
            "-92233720368547758.08");
}

TEST(FormatAmountTest, RoundTripsWithParse) {
  for (std::string_view code : {"USD", "JPY", "KWD", "CLF"}) {
    const Currency currency = Find(code);
    for (int64_t minor : {int64_t{0}, int64_t{1}, int64_t{99}, int64_t{100}, int64_t{123456789}}) {
      EXPECT_EQ(ParseAmount(FormatAmount(minor, currency), currency).value(), minor)
          << code << " " << minor;
    }
  }
}

TEST(CheckedArithmeticTest, AddAndMultiplyRefuseOverflow) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(CheckedAdd(2, 3).value(), 5);
  EXPECT_EQ(CheckedAdd(kMax - 1, 1).value(), kMax);
  EXPECT_EQ(CheckedAdd(kMax, 1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckedMultiply(3, 1250).value(), 3750);
  EXPECT_EQ(CheckedMultiply(kMax, 1).value(), kMax);
  EXPECT_EQ(CheckedMultiply(kMax / 2 + 1, 2).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace billing::domain
