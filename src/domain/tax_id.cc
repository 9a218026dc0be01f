#include "domain/tax_id.h"

#include <algorithm>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

constexpr size_t kMaxOtherChars = 64;

struct VatFormat {
  std::string_view prefix;
  std::string_view pattern;  // of the part after the prefix
  std::string_view example;
};

// The VIES formats of the EU member states (and XI, Northern Ireland under
// the Windsor Framework), sorted by prefix. Check digits are not verified:
// only VIES can say whether a number is issued.
constexpr VatFormat kEuVatFormats[] = {
    {"AT", "U[0-9]{8}", "ATU12345678"},
    {"BE", "[01][0-9]{9}", "BE0123456789"},
    {"BG", "[0-9]{9,10}", "BG123456789"},
    {"CY", "[0-9]{8}[A-Z]", "CY12345678L"},
    {"CZ", "[0-9]{8,10}", "CZ12345678"},
    {"DE", "[0-9]{9}", "DE123456789"},
    {"DK", "[0-9]{8}", "DK12345678"},
    {"EE", "[0-9]{9}", "EE123456789"},
    {"EL", "[0-9]{9}", "EL123456789"},
    {"ES", "[0-9A-Z][0-9]{7}[0-9A-Z]", "ESA1234567Z"},
    {"FI", "[0-9]{8}", "FI12345678"},
    {"FR", "[0-9A-HJ-NP-Z]{2}[0-9]{9}", "FR12345678901"},
    {"HR", "[0-9]{11}", "HR12345678901"},
    {"HU", "[0-9]{8}", "HU12345678"},
    {"IE", "[0-9]{7}[A-W][A-IW]?|[0-9][A-Z+*][0-9]{5}[A-W]", "IE1234567WA"},
    {"IT", "[0-9]{11}", "IT12345678901"},
    {"LT", "[0-9]{9}|[0-9]{12}", "LT123456789"},
    {"LU", "[0-9]{8}", "LU12345678"},
    {"LV", "[0-9]{11}", "LV12345678901"},
    {"MT", "[0-9]{8}", "MT12345678"},
    {"NL", "[0-9]{9}B[0-9]{2}", "NL123456789B01"},
    {"PL", "[0-9]{10}", "PL1234567890"},
    {"PT", "[0-9]{9}", "PT123456789"},
    {"RO", "[1-9][0-9]{1,9}", "RO1234567890"},
    {"SE", "[0-9]{10}01", "SE123456789001"},
    {"SI", "[0-9]{8}", "SI12345678"},
    {"SK", "[0-9]{10}", "SK1234567890"},
    {"XI", "[0-9]{9}|[0-9]{12}|GD[0-4][0-9]{2}|HA[5-9][0-9]{2}", "XI123456789"},
};

bool FullMatch(std::string_view text, std::string_view pattern) {
  const std::regex re{std::string(pattern)};
  return std::regex_match(std::string(text), re);
}

// Upper case without the separators people type ("de 811.907-980").
std::string Compact(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '.' || c == '-') continue;
    out.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::optional<std::string> EuVat(const std::string& compact, std::string& problem) {
  const std::string prefix = compact.substr(0, 2);
  if (prefix == "GR") {
    problem = "Greek VAT numbers start with EL, not GR";
    return std::nullopt;
  }
  const auto* format = std::find_if(std::begin(kEuVatFormats), std::end(kEuVatFormats),
                                    [&](const VatFormat& f) { return f.prefix == prefix; });
  if (format == std::end(kEuVatFormats)) {
    problem = "must start with the VAT prefix of an EU member state (AT ... SK, EL for Greece, "
              "XI for Northern Ireland)";
    return std::nullopt;
  }
  if (!FullMatch(compact.substr(2), format->pattern)) {
    problem = absl::StrCat("is not in the format of ", Av(prefix), " VAT numbers, like ",
                           Av(format->example));
    return std::nullopt;
  }
  return compact;
}

std::optional<std::string> GbVat(std::string compact, std::string& problem) {
  if (compact.rfind("GB", 0) != 0) compact.insert(0, "GB");
  if (!FullMatch(compact.substr(2), "[0-9]{9}|[0-9]{12}|GD[0-4][0-9]{2}|HA[5-9][0-9]{2}")) {
    problem = "must be GB and 9 or 12 digits, like GB123456789 (or GBGD001, GBHA599)";
    return std::nullopt;
  }
  return compact;
}

std::optional<std::string> ChVat(const std::string& compact, std::string& problem) {
  std::smatch match;
  static const std::regex kPattern("CHE([0-9]{3})([0-9]{3})([0-9]{3})(MWST|TVA|IVA)");
  if (!std::regex_match(compact, match, kPattern)) {
    problem = "must be CHE and 9 digits followed by MWST, TVA or IVA, like CHE-123.456.789 MWST";
    return std::nullopt;
  }
  return absl::StrCat("CHE-", match[1].str(), ".", match[2].str(), ".", match[3].str(), " ",
                      match[4].str());
}

std::optional<std::string> NoVat(std::string compact, std::string& problem) {
  if (compact.rfind("NO", 0) == 0) compact.erase(0, 2);
  if (!FullMatch(compact, "[0-9]{9}MVA")) {
    problem = "must be 9 digits followed by MVA, like 123456789MVA";
    return std::nullopt;
  }
  return compact;
}

std::optional<std::string> UsEin(const std::string& compact, std::string& problem) {
  if (!FullMatch(compact, "[0-9]{9}")) {
    problem = "must be 9 digits, like 12-3456789";
    return std::nullopt;
  }
  return absl::StrCat(compact.substr(0, 2), "-", compact.substr(2));
}

// The ATO's check: subtract 1 from the first digit, weight the digits
// 10, 1, 3, 5, ..., 19; the sum is a multiple of 89.
bool AbnChecksumHolds(std::string_view digits) {
  constexpr int kWeights[] = {10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19};
  int sum = 0;
  for (size_t i = 0; i < 11; ++i) {
    const int digit = digits[i] - '0' - (i == 0 ? 1 : 0);
    sum += digit * kWeights[i];
  }
  return sum % 89 == 0;
}

std::optional<std::string> AuAbn(const std::string& compact, std::string& problem) {
  if (!FullMatch(compact, "[1-9][0-9]{10}")) {
    problem = "must be 11 digits, like 51 824 753 556";
    return std::nullopt;
  }
  if (!AbnChecksumHolds(compact)) {
    problem = "fails the ABN checksum: it is not a valid Australian Business Number";
    return std::nullopt;
  }
  return compact;
}

}  // namespace

std::string_view TaxIdTypeName(TaxIdType type) {
  switch (type) {
    case TaxIdType::kEuVat: return "eu_vat";
    case TaxIdType::kGbVat: return "gb_vat";
    case TaxIdType::kChVat: return "ch_vat";
    case TaxIdType::kNoVat: return "no_vat";
    case TaxIdType::kUsEin: return "us_ein";
    case TaxIdType::kAuAbn: return "au_abn";
    case TaxIdType::kOther: return "other";
  }
  return "other";
}

std::optional<TaxIdType> TaxIdTypeFromName(std::string_view name) {
  for (TaxIdType type : {TaxIdType::kEuVat, TaxIdType::kGbVat, TaxIdType::kChVat,
                         TaxIdType::kNoVat, TaxIdType::kUsEin, TaxIdType::kAuAbn,
                         TaxIdType::kOther}) {
    if (TaxIdTypeName(type) == name) return type;
  }
  return std::nullopt;
}

absl::StatusOr<TaxId> ParseTaxId(std::string_view type, std::string_view value,
                                 std::string type_field, std::string value_field) {
  std::optional<TaxIdType> parsed_type = TaxIdTypeFromName(type);
  if (!parsed_type.has_value()) {
    return ValidationError(
        std::move(type_field),
        absl::StrCat("must be one of eu_vat, gb_vat, ch_vat, no_vat, us_ein, au_abn, other (got ",
                     Quoted(type), ")"));
  }
  if (TrimText(value).empty()) return ValidationError(std::move(value_field), "is required");
  if (*parsed_type == TaxIdType::kOther) {
    if (std::optional<std::string> problem = TextProblem(value, TextKind::kSingleLine, true)) {
      return ValidationError(std::move(value_field), *std::move(problem));
    }
    const std::string_view trimmed = TrimText(value);
    if (Utf8Length(trimmed) > kMaxOtherChars) {
      return ValidationError(std::move(value_field),
                             absl::StrCat("must be at most ", kMaxOtherChars, " characters"));
    }
    return TaxId{TaxIdType::kOther, std::string(trimmed)};
  }
  const std::string compact = Compact(value);
  std::string problem;
  std::optional<std::string> canonical;
  if (!std::all_of(compact.begin(), compact.end(),
                   [](char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); })) {
    problem = "must contain only letters, digits and the separators space, '.' and '-'";
  } else {
    switch (*parsed_type) {
      case TaxIdType::kEuVat: canonical = EuVat(compact, problem); break;
      case TaxIdType::kGbVat: canonical = GbVat(compact, problem); break;
      case TaxIdType::kChVat: canonical = ChVat(compact, problem); break;
      case TaxIdType::kNoVat: canonical = NoVat(compact, problem); break;
      case TaxIdType::kUsEin: canonical = UsEin(compact, problem); break;
      case TaxIdType::kAuAbn: canonical = AuAbn(compact, problem); break;
      case TaxIdType::kOther: break;
    }
  }
  if (!canonical.has_value()) {
    return ValidationError(std::move(value_field),
                           absl::StrCat(problem, " (got ", Quoted(value), ")"));
  }
  return TaxId{*parsed_type, *std::move(canonical)};
}

}  // namespace billing::domain
