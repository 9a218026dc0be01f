#include "domain/tax_rate.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/country.h"
#include "domain/error.h"
#include "domain/scaled_decimal.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

struct VatexCode {
  std::string_view code;
  TaxCategory category;
  std::string_view name;
};

// The CEF VATEX code list (EN 16931 registry) with the category each code
// is for; sorted by code for binary search. The French domestic CGI codes
// are left out until a French seller needs them.
constexpr VatexCode kVatexCodes[] = {
    {"VATEX-EU-132", TaxCategory::kExempt,
     "Exempt based on article 132 of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1A", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (a) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1B", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (b) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1C", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (c) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1D", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (d) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1E", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (e) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1F", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (f) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1G", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (g) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1H", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (h) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1I", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (i) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1J", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (j) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1K", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (k) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1L", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (l) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1M", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (m) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1N", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (n) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1O", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (o) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1P", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (p) of Council Directive 2006/112/EC"},
    {"VATEX-EU-132-1Q", TaxCategory::kExempt,
     "Exempt based on article 132, section 1 (q) of Council Directive 2006/112/EC"},
    {"VATEX-EU-143", TaxCategory::kExempt,
     "Exempt based on article 143 of Council Directive 2006/112/EC"},
    {"VATEX-EU-143-1A", TaxCategory::kExempt,
     "Exempt based on article 143, section 1 (a) of Council Directive 2006/112/EC"},
    {"VATEX-EU-143-1B", TaxCategory::kExempt,
     "Exempt based on article 143, section 1 (b) of Council Directive 2006/112/EC"},
    {"VATEX-EU-143-1C", TaxCategory::kExempt,
     "Exempt based on article 143, section 1 (c) of Council Directive 2006/112/EC"},
    {"VATEX-EU-143-1D", TaxCategory::kExempt,
     "Exempt based on article 143, section 1 (d) of Council Directive 2006/112/EC"},
    {"VATEX-EU-143-1E", TaxCategory::kExempt,
     "Exempt based on article 143, section 1 (e) of Council Directive 2006/112/EC"},
    {"VATEX-EU-143-1F", TaxCategory::kExempt,
     "Exempt based on article 143, section 1 (f) of Council Directive 2006/112/EC"},
    {"VATEX-EU-143-1FA", TaxCategory::kExempt,
     "Exempt based on article 143, section 1 (fa) of Council Directive 2006/112/EC"},
    {"VATEX-EU-143-1G", TaxCategory::kExempt,
     "Exempt based on article 143, section 1 (g) of Council Directive 2006/112/EC"},
    {"VATEX-EU-143-1H", TaxCategory::kExempt,
     "Exempt based on article 143, section 1 (h) of Council Directive 2006/112/EC"},
    {"VATEX-EU-143-1I", TaxCategory::kExempt,
     "Exempt based on article 143, section 1 (i) of Council Directive 2006/112/EC"},
    {"VATEX-EU-143-1J", TaxCategory::kExempt,
     "Exempt based on article 143, section 1 (j) of Council Directive 2006/112/EC"},
    {"VATEX-EU-143-1K", TaxCategory::kExempt,
     "Exempt based on article 143, section 1 (k) of Council Directive 2006/112/EC"},
    {"VATEX-EU-143-1L", TaxCategory::kExempt,
     "Exempt based on article 143, section 1 (l) of Council Directive 2006/112/EC"},
    {"VATEX-EU-144", TaxCategory::kExempt,
     "Exempt based on article 144 of Council Directive 2006/112/EC"},
    {"VATEX-EU-146-1E", TaxCategory::kExempt,
     "Exempt based on article 146 section 1 (e) of Council Directive 2006/112/EC"},
    {"VATEX-EU-148", TaxCategory::kExempt,
     "Exempt based on article 148 of Council Directive 2006/112/EC"},
    {"VATEX-EU-148-A", TaxCategory::kExempt,
     "Exempt based on article 148, section (a) of Council Directive 2006/112/EC"},
    {"VATEX-EU-148-B", TaxCategory::kExempt,
     "Exempt based on article 148, section (b) of Council Directive 2006/112/EC"},
    {"VATEX-EU-148-C", TaxCategory::kExempt,
     "Exempt based on article 148, section (c) of Council Directive 2006/112/EC"},
    {"VATEX-EU-148-D", TaxCategory::kExempt,
     "Exempt based on article 148, section (d) of Council Directive 2006/112/EC"},
    {"VATEX-EU-148-E", TaxCategory::kExempt,
     "Exempt based on article 148, section (e) of Council Directive 2006/112/EC"},
    {"VATEX-EU-148-F", TaxCategory::kExempt,
     "Exempt based on article 148, section (f) of Council Directive 2006/112/EC"},
    {"VATEX-EU-148-G", TaxCategory::kExempt,
     "Exempt based on article 148, section (g) of Council Directive 2006/112/EC"},
    {"VATEX-EU-151", TaxCategory::kExempt,
     "Exempt based on article 151 of Council Directive 2006/112/EC"},
    {"VATEX-EU-151-1A", TaxCategory::kExempt,
     "Exempt based on article 151, section 1 (a) of Council Directive 2006/112/EC"},
    {"VATEX-EU-151-1AA", TaxCategory::kExempt,
     "Exempt based on article 151, section 1 (aa) of Council Directive 2006/112/EC"},
    {"VATEX-EU-151-1B", TaxCategory::kExempt,
     "Exempt based on article 151, section 1 (b) of Council Directive 2006/112/EC"},
    {"VATEX-EU-151-1C", TaxCategory::kExempt,
     "Exempt based on article 151, section 1 (c) of Council Directive 2006/112/EC"},
    {"VATEX-EU-151-1D", TaxCategory::kExempt,
     "Exempt based on article 151, section 1 (d) of Council Directive 2006/112/EC"},
    {"VATEX-EU-151-1E", TaxCategory::kExempt,
     "Exempt based on article 151, section 1 (e) of Council Directive 2006/112/EC"},
    {"VATEX-EU-153", TaxCategory::kExempt,
     "Exempt based on article 153 of Council Directive 2006/112/EC"},
    {"VATEX-EU-159", TaxCategory::kExempt,
     "Exempt based on article 159 of Council Directive 2006/112/EC"},
    {"VATEX-EU-309", TaxCategory::kExempt,
     "Exempt based on article 309 of Council Directive 2006/112/EC"},
    {"VATEX-EU-79-C", TaxCategory::kExempt,
     "Exempt based on article 79, point c of Council Directive 2006/112/EC"},
    {"VATEX-EU-AE", TaxCategory::kReverseCharge,
     "Reverse charge"},
    {"VATEX-EU-D", TaxCategory::kExempt,
     "Travel agents VAT scheme"},
    {"VATEX-EU-F", TaxCategory::kExempt,
     "Intra-Community acquisition of second hand goods"},
    {"VATEX-EU-G", TaxCategory::kExport,
     "Export outside the EU"},
    {"VATEX-EU-I", TaxCategory::kExempt,
     "Intra-Community acquisition of works of art"},
    {"VATEX-EU-IC", TaxCategory::kIntraCommunity,
     "Intra-community supply"},
    {"VATEX-EU-J", TaxCategory::kExempt,
     "Intra-Community acquisition of collectors items and antiques"},
    {"VATEX-EU-O", TaxCategory::kOutsideScope,
     "Not subject to VAT"},
    {"VATEX-FR-AE", TaxCategory::kReverseCharge,
     "Exempt based on 2 of article 283 of the Code General des Impots (CGI)"},
    {"VATEX-FR-CNWVAT", TaxCategory::kExempt,
     "France domestic Credit Notes without VAT, due to supplier forfeit of VAT for discount"},
    {"VATEX-FR-FRANCHISE", TaxCategory::kExempt,
     "France domestic VAT franchise in base"},
};

constexpr bool IsSorted() {
  for (size_t i = 1; i < std::size(kVatexCodes); ++i) {
    if (!(kVatexCodes[i - 1].code < kVatexCodes[i].code)) return false;
  }
  return true;
}
static_assert(IsSorted(), "kVatexCodes must be sorted for binary search");

const VatexCode* FindVatex(std::string_view code) {
  const VatexCode* end = std::end(kVatexCodes);
  const VatexCode* it = std::lower_bound(
      std::begin(kVatexCodes), end, code,
      [](const VatexCode& v, std::string_view wanted) { return v.code < wanted; });
  return it != end && it->code == code ? it : nullptr;
}

// The EN 16931 rule a category's rate follows.
std::string_view RateRule(TaxCategory category) {
  switch (category) {
    case TaxCategory::kStandard: return "BR-S-5";
    case TaxCategory::kZeroRated: return "BR-Z-5";
    case TaxCategory::kExempt: return "BR-E-5";
    case TaxCategory::kReverseCharge: return "BR-AE-5";
    case TaxCategory::kIntraCommunity: return "BR-IC-5";
    case TaxCategory::kExport: return "BR-G-5";
    case TaxCategory::kOutsideScope: return "BR-O-5";
  }
  return "";
}

// Reports the EN 16931 rules of `terms` into `violations`.
// The percentage is only judged when `percentage_known` (it parsed).
void CheckTerms(const TaxRateTerms& terms, bool percentage_known,
                ViolationCollector& violations) {
  const std::string_view code = TaxCategoryCode(terms.category);
  if (!percentage_known) {
    // Its parse error is already reported.
  } else if (terms.percentage < 0 || terms.percentage > kMaxPercentage) {
    violations.Add("percentage", "must be between 0 and 100");
  } else if (terms.category == TaxCategory::kStandard && terms.percentage == 0) {
    violations.Add("percentage",
                   "must be greater than 0 for category S (EN 16931 BR-S-5); a 0 % rate is "
                   "Z, E, AE, K, G or O");
  } else if (terms.category != TaxCategory::kStandard && terms.percentage != 0) {
    violations.Add("percentage", absl::StrCat("must be 0 for category ", Av(code),
                                              " (EN 16931 ", Av(RateRule(terms.category)), ")"));
  }
  if (!RequiresExemptionReason(terms.category)) {
    if (!terms.exemption_reason_code.empty()) {
      violations.Add("exemption_reason_code",
                     absl::StrCat("must be empty for category ", Av(code), " (EN 16931 BR-",
                                  Av(code), "-10)"));
    }
    if (!terms.exemption_reason.empty()) {
      violations.Add("exemption_reason",
                     absl::StrCat("must be empty for category ", Av(code), " (EN 16931 BR-",
                                  Av(code), "-10)"));
    }
    return;
  }
  if (terms.exemption_reason_code.empty()) {
    violations.Add("exemption_reason_code",
                   absl::StrCat("is required for category ", Av(code),
                                ": a VATEX code such as ",
                                terms.category == TaxCategory::kExempt ? "VATEX-EU-132"
                                : terms.category == TaxCategory::kReverseCharge ? "VATEX-EU-AE"
                                : terms.category == TaxCategory::kIntraCommunity ? "VATEX-EU-IC"
                                : terms.category == TaxCategory::kExport ? "VATEX-EU-G"
                                                                         : "VATEX-EU-O"));
  } else if (const VatexCode* vatex = FindVatex(terms.exemption_reason_code); vatex == nullptr) {
    violations.Add("exemption_reason_code",
                   absl::StrCat(Quoted(terms.exemption_reason_code),
                                " is not on the VATEX code list (such as VATEX-EU-AE)"));
  } else if (vatex->category != terms.category) {
    violations.Add("exemption_reason_code",
                   absl::StrCat(Av(vatex->code), " is only used with category ",
                                Av(TaxCategoryCode(vatex->category)), ", not ", Av(code)));
  }
  if (std::optional<std::string> problem =
          TextProblem(terms.exemption_reason, TextKind::kSingleLine, false)) {
    violations.Add("exemption_reason", *std::move(problem));
  } else if (Utf8Length(terms.exemption_reason) > kMaxExemptionReasonChars) {
    violations.Add("exemption_reason",
                   absl::StrCat("must be at most ", kMaxExemptionReasonChars, " characters"));
  }
}

}  // namespace

std::string_view TaxCategoryCode(TaxCategory category) {
  switch (category) {
    case TaxCategory::kStandard: return "S";
    case TaxCategory::kZeroRated: return "Z";
    case TaxCategory::kExempt: return "E";
    case TaxCategory::kReverseCharge: return "AE";
    case TaxCategory::kIntraCommunity: return "K";
    case TaxCategory::kExport: return "G";
    case TaxCategory::kOutsideScope: return "O";
  }
  return "S";
}

std::optional<TaxCategory> TaxCategoryFromCode(std::string_view code) {
  for (TaxCategory category :
       {TaxCategory::kStandard, TaxCategory::kZeroRated, TaxCategory::kExempt,
        TaxCategory::kReverseCharge, TaxCategory::kIntraCommunity, TaxCategory::kExport,
        TaxCategory::kOutsideScope}) {
    if (TaxCategoryCode(category) == code) return category;
  }
  return std::nullopt;
}

bool RequiresExemptionReason(TaxCategory category) {
  return category != TaxCategory::kStandard && category != TaxCategory::kZeroRated;
}

std::optional<TaxCategory> VatexCategory(std::string_view code) {
  const VatexCode* vatex = FindVatex(code);
  if (vatex == nullptr) return std::nullopt;
  return vatex->category;
}

std::string_view VatexName(std::string_view code) {
  const VatexCode* vatex = FindVatex(code);
  return vatex == nullptr ? std::string_view() : vatex->name;
}

absl::StatusOr<int64_t> ParsePercentage(std::string_view text) {
  if (!text.empty() && text.front() == '-') {
    return absl::InvalidArgumentError(
        absl::StrCat("must be between 0 and 100 (got ", Quoted(text), ")"));
  }
  absl::StatusOr<int64_t> value = ParseScaledDecimal(text, kPercentageDecimals);
  if (!value.ok()) {
    if (absl::StrContains(value.status().message(), "too large")) {
      return absl::InvalidArgumentError(
          absl::StrCat("must be between 0 and 100 (got ", Quoted(text), ")"));
    }
    return value.status();
  }
  if (*value > kMaxPercentage) {
    return absl::InvalidArgumentError(
        absl::StrCat("must be between 0 and 100 (got ", Quoted(text), ")"));
  }
  return *value;
}

std::string FormatPercentage(int64_t percentage) {
  return FormatScaledDecimal(percentage, kPercentageDecimals);
}

absl::Status CheckTaxRateTerms(const TaxRateTerms& terms) {
  ViolationCollector violations;
  CheckTerms(terms, true, violations);
  return violations.ToStatus();
}

absl::StatusOr<ValidTaxRate> ValidateTaxRate(const TaxRateInput& input) {
  ViolationCollector violations;
  ValidTaxRate rate;

  rate.display_name = std::string(TrimText(input.display_name));
  if (std::optional<std::string> problem =
          TextProblem(input.display_name, TextKind::kSingleLine, true)) {
    violations.Add("display_name", *std::move(problem));
  } else if (Utf8Length(rate.display_name) > kMaxTaxRateDisplayNameChars) {
    violations.Add("display_name",
                   absl::StrCat("must be at most ", kMaxTaxRateDisplayNameChars, " characters"));
  }

  if (!input.country.empty()) {
    violations.AddStatus("", ValidateCountryCode(input.country, "country"));
    rate.country = input.country;
  }
  rate.region = std::string(TrimText(input.region));
  if (std::optional<std::string> problem =
          TextProblem(input.region, TextKind::kSingleLine, false)) {
    violations.Add("region", *std::move(problem));
  } else if (Utf8Length(rate.region) > kMaxTaxRateRegionChars) {
    violations.Add("region",
                   absl::StrCat("must be at most ", kMaxTaxRateRegionChars, " characters"));
  }

  std::optional<int64_t> percentage;
  if (input.percentage.empty()) {
    violations.Add("percentage", "is required (a decimal such as 19 or 7.7)");
  } else if (absl::StatusOr<int64_t> parsed = ParsePercentage(input.percentage); !parsed.ok()) {
    violations.AddStatus("percentage", parsed.status());
  } else {
    percentage = *parsed;
  }

  std::optional<TaxCategory> category;
  if (input.category.empty()) {
    violations.Add("category", "is required: one of S, Z, E, AE, K, G, O (UNCL5305)");
  } else if (category = TaxCategoryFromCode(input.category); !category.has_value()) {
    violations.Add("category", absl::StrCat("must be one of S, Z, E, AE, K, G, O (got ",
                                            Quoted(input.category), ")"));
  }

  if (category.has_value()) {
    TaxRateTerms& terms = rate.terms;
    terms.percentage = percentage.value_or(0);
    terms.inclusive = input.inclusive;
    terms.category = *category;
    terms.exemption_reason_code = input.exemption_reason_code;
    // TrimText needs valid UTF-8; invalid text is kept for TextProblem to report.
    terms.exemption_reason = IsValidUtf8(input.exemption_reason)
                                 ? std::string(TrimText(input.exemption_reason))
                                 : input.exemption_reason;
    if (terms.exemption_reason.empty() && RequiresExemptionReason(*category)) {
      terms.exemption_reason = std::string(VatexName(terms.exemption_reason_code));
    }
    CheckTerms(terms, percentage.has_value(), violations);
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  return rate;
}

}  // namespace billing::domain
