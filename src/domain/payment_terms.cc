#include "domain/payment_terms.h"

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"

namespace billing::domain {

std::optional<int> ValidatePaymentTermsDays(const std::string& field, int64_t days,
                                            ViolationCollector& violations) {
  if (days < kMinPaymentTermsDays || days > kMaxPaymentTermsDays) {
    violations.Add(field, absl::StrCat("must be a whole number of days from ",
                                       kMinPaymentTermsDays, " to ", kMaxPaymentTermsDays,
                                       " (got ", days, ")"));
    return std::nullopt;
  }
  return static_cast<int>(days);
}

int EffectivePaymentTermsDays(std::optional<int> customer_terms_days,
                              int organization_terms_days) {
  return customer_terms_days.value_or(organization_terms_days);
}

absl::CivilDay DefaultDueDate(absl::CivilDay issue_date, std::optional<int> customer_terms_days,
                              int organization_terms_days) {
  return issue_date + EffectivePaymentTermsDays(customer_terms_days, organization_terms_days);
}

absl::Status CheckDueDateNotBeforeIssueDate(absl::CivilDay due_date, absl::CivilDay issue_date) {
  if (due_date >= issue_date) return absl::OkStatus();
  return ValidationError("due_date",
                         absl::StrCat("must not be before the issue date ", FormatDate(issue_date),
                                      " (got ", FormatDate(due_date), ")"));
}

absl::StatusOr<absl::CivilDay> ResolveDueDate(std::optional<absl::CivilDay> requested,
                                              absl::CivilDay issue_date,
                                              std::optional<int> customer_terms_days,
                                              int organization_terms_days) {
  if (!requested.has_value()) {
    return DefaultDueDate(issue_date, customer_terms_days, organization_terms_days);
  }
  if (absl::Status status = CheckDueDateNotBeforeIssueDate(*requested, issue_date); !status.ok()) {
    return status;
  }
  return *requested;
}

}  // namespace billing::domain
