// A tax rate's rules (Stripe Tax Rates, Lago taxes, EN 16931 VAT
// categories): an exact percentage, inclusive or exclusive, a UNCL5305
// category and, where EN 16931 asks for one, a VATEX exemption reason.
#ifndef BILLING_DOMAIN_TAX_RATE_H_
#define BILLING_DOMAIN_TAX_RATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace billing::domain {

inline constexpr std::string_view kTaxRateIdPrefix = "txr_";
inline constexpr int kPercentageDecimals = 4;
// A percentage is held in 1/10000 of a percent: 19 % is 190000.
inline constexpr int64_t kPercentageScale = 10'000;
inline constexpr int64_t kMaxPercentage = 100 * kPercentageScale;
inline constexpr size_t kMaxExemptionReasonChars = 500;
inline constexpr size_t kMaxTaxRateDisplayNameChars = 100;
inline constexpr size_t kMaxTaxRateRegionChars = 100;

// UNCL5305 as EN 16931 uses it (BT-118, BT-151).
enum class TaxCategory {
  kStandard,        // S
  kZeroRated,       // Z
  kExempt,          // E
  kReverseCharge,   // AE
  kIntraCommunity,  // K: intra-community supply, VAT not charged
  kExport,          // G: export outside the EU, VAT not charged
  kOutsideScope,    // O: services outside the scope of tax
};

// "S", "Z", "E", "AE", "K", "G", "O".
std::string_view TaxCategoryCode(TaxCategory category);
std::optional<TaxCategory> TaxCategoryFromCode(std::string_view code);

// Whether EN 16931 requires an exemption reason (code or text) for the
// category: E, AE, K, G, O (BR-E-10, BR-AE-10, BR-IC-10, BR-G-10,
// BR-O-10). S and Z must have none (BR-S-10, BR-Z-10).
bool RequiresExemptionReason(TaxCategory category);

// The category a VATEX code may be used with ("Only use with VAT category
// code ..." in the CEF VATEX list), or nullopt for a code not on the list.
std::optional<TaxCategory> VatexCategory(std::string_view code);
// The VATEX list's name for the code ("Reverse charge"); "" if unknown.
std::string_view VatexName(std::string_view code);

// "19" -> 190000, "7.7" -> 77000: 0 to 100 with at most 4 decimals
// (InvalidArgument, a message for a person, otherwise).
absl::StatusOr<int64_t> ParsePercentage(std::string_view text);
// 190000 -> "19", 77000 -> "7.7".
std::string FormatPercentage(int64_t percentage);

// The part of a rate the tax calculation and EN 16931 care about; once a
// rate is used, percentage, inclusive and category never change.
struct TaxRateTerms {
  int64_t percentage = 0;  // 1/10000 percent, 0..kMaxPercentage
  bool inclusive = false;  // line amounts already include the tax
  TaxCategory category = TaxCategory::kStandard;
  std::string exemption_reason;       // BT-120; "" for S and Z
  std::string exemption_reason_code;  // BT-121, a VATEX code; "" for S and Z

  friend bool operator==(const TaxRateTerms&, const TaxRateTerms&) = default;
};

// A rate as the caller sent it: text not yet parsed.
struct TaxRateInput {
  std::string display_name;  // "VAT", "Sales tax"; required, <= 100 chars
  std::string percentage;    // decimal string
  bool inclusive = false;
  std::string country;   // ISO 3166-1 alpha-2; optional
  std::string region;    // free text ("CA", "Bavaria"); optional, <= 100 chars
  std::string category;  // UNCL5305 code; required
  std::string exemption_reason;       // optional: the VATEX name when empty
  std::string exemption_reason_code;  // VATEX; required for E, AE, K, G, O
};

struct ValidTaxRate {
  std::string display_name;
  std::string country;
  std::string region;
  TaxRateTerms terms;
};

// Validates every field at once (ValidationError naming display_name,
// percentage, country, region, category, exemption_reason_code,
// exemption_reason) by EN 16931:
//   S: percentage > 0 (BR-S-5); no exemption reason (BR-S-10);
//   Z: percentage 0 (BR-Z-5); no exemption reason (BR-Z-10);
//   E, AE, K, G: percentage 0 (BR-E-5, BR-AE-5, BR-IC-5, BR-G-5);
//   O: no rate at all (BR-O-5), held as 0;
//   E, AE, K, G, O: a VATEX code of that category (BR-*-10); the reason
//   text defaults to the code's name.
absl::StatusOr<ValidTaxRate> ValidateTaxRate(const TaxRateInput& input);

// The same rules on terms already parsed (a rate read back, or one built
// in code): ValidationError naming the fields as above.
absl::Status CheckTaxRateTerms(const TaxRateTerms& terms);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_TAX_RATE_H_
