#include "domain/customer_identity.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/error.h"
#include "domain/free_text.h"
#include "domain/organization.h"
#include "domain/payment_terms.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

// Lines named in a TAX_EXEMPTION_MISMATCH message: enough to find them,
// few enough that the message stays within its 512 bytes.
constexpr size_t kMaxNamedLines = 10;

constexpr std::string_view kIdentityPaths[] = {
    "legal_name",
    "billing_address",
    "billing_address.line1",
    "billing_address.line2",
    "billing_address.city",
    "billing_address.postal_code",
    "billing_address.region",
    "billing_address.country",
    "tax_ids",
    "tax_exempt",
    "payment_terms_days",
    "electronic_address",
    "electronic_address.scheme",
    "electronic_address.value",
};

void ApplyPath(std::string_view path, const CustomerIdentityInput& from,
               CustomerIdentityInput& to) {
  PostalAddress& address = to.billing_address;
  const PostalAddress& address_from = from.billing_address;
  if (path == "legal_name") to.legal_name = from.legal_name;
  if (path == "billing_address") address = address_from;
  if (path == "billing_address.line1") address.line1 = address_from.line1;
  if (path == "billing_address.line2") address.line2 = address_from.line2;
  if (path == "billing_address.city") address.city = address_from.city;
  if (path == "billing_address.postal_code") address.postal_code = address_from.postal_code;
  if (path == "billing_address.region") address.region = address_from.region;
  if (path == "billing_address.country") address.country = address_from.country;
  if (path == "tax_ids") to.tax_ids = from.tax_ids;
  if (path == "tax_exempt") to.tax_exempt = from.tax_exempt;
  if (path == "payment_terms_days") to.payment_terms_days = from.payment_terms_days;
  if (path == "electronic_address") to.electronic_address = from.electronic_address;
  if (path == "electronic_address.scheme") {
    to.electronic_address.scheme = from.electronic_address.scheme;
  }
  if (path == "electronic_address.value") to.electronic_address.value = from.electronic_address.value;
}

std::string RateLabel(const std::optional<TaxRateTerms>& rate) {
  if (!rate.has_value()) return "no rate";
  return absl::StrCat("category ", Av(TaxCategoryCode(rate->category)));
}

}  // namespace

std::string_view TaxExemptName(TaxExempt exempt) {
  switch (exempt) {
    case TaxExempt::kNone: return "none";
    case TaxExempt::kExempt: return "exempt";
    case TaxExempt::kReverse: return "reverse";
  }
  return "none";
}

std::optional<TaxExempt> TaxExemptFromName(std::string_view name) {
  for (TaxExempt exempt : {TaxExempt::kNone, TaxExempt::kExempt, TaxExempt::kReverse}) {
    if (TaxExemptName(exempt) == name) return exempt;
  }
  return std::nullopt;
}

CustomerIdentityInput CustomerIdentityToInput(const CustomerIdentity& identity) {
  CustomerIdentityInput input;
  input.legal_name = identity.legal_name;
  input.billing_address = identity.billing_address;
  for (const TaxId& id : identity.tax_ids) {
    input.tax_ids.push_back({std::string(TaxIdTypeName(id.type)), id.value});
  }
  input.tax_exempt = std::string(TaxExemptName(identity.tax_exempt));
  input.payment_terms_days = identity.payment_terms_days;
  if (identity.electronic_address.has_value()) {
    input.electronic_address = *identity.electronic_address;
  }
  return input;
}

absl::StatusOr<CustomerIdentity> ValidateCustomerIdentity(const CustomerIdentityInput& input) {
  ViolationCollector violations;
  CustomerIdentity identity;
  ValidateFreeText("legal_name", input.legal_name,
                   {.kind = TextKind::kSingleLine, .required = false,
                    .max_chars = kMaxPartyNameChars, .trimmed = true},
                   violations);
  identity.legal_name = std::string(TrimText(input.legal_name));
  identity.billing_address =
      ValidatePostalAddress("billing_address", input.billing_address, violations);

  if (input.tax_ids.size() > kMaxCustomerTaxIds) {
    violations.Add("tax_ids", absl::StrCat("must hold at most ", kMaxCustomerTaxIds,
                                           " tax ids (got ", input.tax_ids.size(), ")"));
  } else {
    for (size_t i = 0; i < input.tax_ids.size(); ++i) {
      const std::string field = absl::StrCat("tax_ids[", i, "]");
      absl::StatusOr<TaxId> id = ParseTaxId(input.tax_ids[i].type, input.tax_ids[i].value,
                                            field + ".type", field + ".value");
      if (!id.ok()) {
        violations.AddStatus("", id.status());
        continue;
      }
      bool repeated = false;
      for (const TaxId& earlier : identity.tax_ids) repeated = repeated || earlier == *id;
      if (repeated) {
        violations.Add(field, absl::StrCat("repeats the tax id ", Quoted(id->value)));
        continue;
      }
      identity.tax_ids.push_back(*std::move(id));
    }
  }

  if (!input.tax_exempt.empty()) {
    std::optional<TaxExempt> exempt = TaxExemptFromName(input.tax_exempt);
    if (exempt.has_value()) {
      identity.tax_exempt = *exempt;
    } else {
      violations.Add("tax_exempt", absl::StrCat("must be none, exempt or reverse (got ",
                                                Quoted(input.tax_exempt), ")"));
    }
  }
  if (input.payment_terms_days.has_value()) {
    identity.payment_terms_days =
        ValidatePaymentTermsDays("payment_terms_days", *input.payment_terms_days, violations);
  }
  if (!input.electronic_address.scheme.empty() || !input.electronic_address.value.empty()) {
    absl::StatusOr<ElectronicAddress> address = ParseElectronicAddress(
        input.electronic_address.scheme, input.electronic_address.value, "electronic_address");
    if (address.ok()) identity.electronic_address = *std::move(address);
    violations.AddStatus("", address.status());
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  return identity;
}

bool IsCustomerIdentityPath(std::string_view path) {
  for (std::string_view known : kIdentityPaths) {
    if (known == path) return true;
  }
  return false;
}

absl::StatusOr<CustomerIdentity> UpdateCustomerIdentity(const CustomerIdentity& current,
                                                        const CustomerIdentityInput& input,
                                                        const std::vector<std::string>& paths) {
  CustomerIdentityInput merged = CustomerIdentityToInput(current);
  for (const std::string& path : paths) {
    if (IsCustomerIdentityPath(path)) ApplyPath(path, input, merged);
  }
  return ValidateCustomerIdentity(merged);
}

std::optional<TaxCategory> RequiredTaxCategory(TaxExempt exempt) {
  switch (exempt) {
    case TaxExempt::kNone: return std::nullopt;
    case TaxExempt::kExempt: return TaxCategory::kExempt;
    case TaxExempt::kReverse: return TaxCategory::kReverseCharge;
  }
  return std::nullopt;
}

absl::Status CheckTaxExemption(TaxExempt exempt,
                               const std::vector<std::optional<TaxRateTerms>>& line_rates) {
  const std::optional<TaxCategory> required = RequiredTaxCategory(exempt);
  if (!required.has_value()) return absl::OkStatus();
  std::vector<std::string> named;
  size_t mismatched = 0;
  for (size_t i = 0; i < line_rates.size(); ++i) {
    const std::optional<TaxRateTerms>& rate = line_rates[i];
    if (rate.has_value() && rate->category == *required) continue;
    ++mismatched;
    if (named.size() < kMaxNamedLines) {
      named.push_back(absl::StrCat("line_items[", i, "].tax_rate_id (", RateLabel(rate), ")"));
    }
  }
  if (mismatched == 0) return absl::OkStatus();
  std::string message = absl::StrCat(
      "the customer's tax_exempt is ", Av(TaxExemptName(exempt)),
      ", so every line needs a rate of category ", Av(TaxCategoryCode(*required)),
      exempt == TaxExempt::kReverse ? " (reverse charge)" : " (exempt)", "; these lines have "
      "another: ", absl::StrJoin(named, ", "));
  if (mismatched > named.size()) {
    absl::StrAppend(&message, ", and ", mismatched - named.size(), " more");
  }
  return Error(ErrorCode::kTaxExemptionMismatch, message);
}

}  // namespace billing::domain
