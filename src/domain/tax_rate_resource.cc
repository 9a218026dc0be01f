#include "domain/tax_rate_resource.h"

#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/invoice_totals.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

constexpr std::string_view kUpdatablePaths[] = {
    "display_name", "percentage",       "inclusive",
    "country",      "region",           "category",
    "exemption_reason", "exemption_reason_code", "active",
};
constexpr std::string_view kReadOnlyPaths[] = {"id", "create_time", "update_time"};

bool IsOneOf(std::string_view path, absl::Span<const std::string_view> known) {
  for (std::string_view k : known) {
    if (path == k) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<TaxRate> NewTaxRate(std::string account_id, std::string id,
                                   const TaxRateInput& input, absl::Time now) {
  ASSIGN_OR_RETURN(ValidTaxRate valid, ValidateTaxRate(input));
  return TaxRate{.account_id = std::move(account_id),
                 .id = std::move(id),
                 .display_name = std::move(valid.display_name),
                 .country = std::move(valid.country),
                 .region = std::move(valid.region),
                 .terms = std::move(valid.terms),
                 .active = true,
                 .create_time = now,
                 .update_time = now};
}

TaxRateInput InputOf(const TaxRate& rate) {
  return {.display_name = rate.display_name,
          .percentage = FormatPercentage(rate.terms.percentage),
          .inclusive = rate.terms.inclusive,
          .country = rate.country,
          .region = rate.region,
          .category = std::string(TaxCategoryCode(rate.terms.category)),
          .exemption_reason = rate.terms.exemption_reason,
          .exemption_reason_code = rate.terms.exemption_reason_code};
}

absl::StatusOr<TaxRate> UpdateTaxRate(const TaxRate& current, const TaxRateInput& input,
                                      std::optional<bool> active,
                                      const std::vector<std::string>& paths, bool in_use,
                                      absl::Time now) {
  ViolationCollector violations;
  if (paths.empty()) violations.Add("update_mask", "must name at least one field");
  TaxRateInput merged = InputOf(current);
  bool new_active = current.active;
  for (const std::string& path : paths) {
    if (!IsOneOf(path, kUpdatablePaths)) {
      violations.Add("update_mask",
                     absl::StrCat("names ", IsOneOf(path, kReadOnlyPaths) ? "read-only" : "unknown",
                                  " field ", Quoted(path),
                                  "; updatable fields are display_name, percentage, inclusive, "
                                  "country, region, category, exemption_reason, "
                                  "exemption_reason_code, active"));
    } else if (path == "display_name") {
      merged.display_name = input.display_name;
    } else if (path == "percentage") {
      merged.percentage = input.percentage;
    } else if (path == "inclusive") {
      merged.inclusive = input.inclusive;
    } else if (path == "country") {
      merged.country = input.country;
    } else if (path == "region") {
      merged.region = input.region;
    } else if (path == "category") {
      merged.category = input.category;
    } else if (path == "exemption_reason") {
      merged.exemption_reason = input.exemption_reason;
    } else if (path == "exemption_reason_code") {
      merged.exemption_reason_code = input.exemption_reason_code;
    } else if (path == "active") {
      if (!active.has_value()) {
        violations.Add("active", "is required when named in update_mask (true or false)");
      } else {
        new_active = *active;
      }
    }
  }
  RETURN_IF_ERROR(violations.ToStatus());
  // Validated whole: a new category may need a reason the rate lacks.
  ASSIGN_OR_RETURN(ValidTaxRate valid, ValidateTaxRate(merged));
  RETURN_IF_ERROR(
      CheckTaxRateChange(current.terms, valid.terms, valid.country != current.country, in_use));
  TaxRate updated = current;
  updated.display_name = std::move(valid.display_name);
  updated.country = std::move(valid.country);
  updated.region = std::move(valid.region);
  updated.terms = std::move(valid.terms);
  updated.active = new_active;
  updated.update_time = now;
  return updated;
}

absl::Status CheckUsable(const TaxRate& rate, const std::string& field) {
  if (rate.active) return absl::OkStatus();
  return ValidationError(field, absl::StrCat("names tax rate ", rate.id,
                                             ", which is archived (active false): use an "
                                             "active rate"));
}

}  // namespace billing::domain
