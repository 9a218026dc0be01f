// Payment terms: when an invoice without a due date falls due. At
// processing, an invoice gets its issue date plus the customer's payment
// terms, else the organization's default terms (30 days, "net 30").
#ifndef BILLING_DOMAIN_PAYMENT_TERMS_H_
#define BILLING_DOMAIN_PAYMENT_TERMS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/error.h"

namespace billing::domain {

inline constexpr int kDefaultPaymentTermsDays = 30;
// Terms run from 0 (due on receipt) to a year. Stripe documents no bound on
// days_until_due; longer terms are a typo or a loan, not an invoice.
inline constexpr int kMinPaymentTermsDays = 0;
inline constexpr int kMaxPaymentTermsDays = 365;

// The terms in `days` (the API's integer, kept wide so that no conversion
// wraps) if they are within [kMinPaymentTermsDays, kMaxPaymentTermsDays];
// otherwise adds a violation under `field` ("payment_terms_days" on a
// customer, "default_payment_terms_days" on an organization) and returns
// nullopt.
std::optional<int> ValidatePaymentTermsDays(const std::string& field, int64_t days,
                                            ViolationCollector& violations);

// The customer's terms when set, else the organization's.
int EffectivePaymentTermsDays(std::optional<int> customer_terms_days,
                              int organization_terms_days);

// issue_date + EffectivePaymentTermsDays.
absl::CivilDay DefaultDueDate(absl::CivilDay issue_date, std::optional<int> customer_terms_days,
                              int organization_terms_days);

// ValidationError on "due_date" (the REST body's dueDate) when `due_date`
// is before `issue_date`; the same day is fine (due on receipt).
absl::Status CheckDueDateNotBeforeIssueDate(absl::CivilDay due_date, absl::CivilDay issue_date);

// The due date an invoice takes when processed on `issue_date`: the one it
// was given, refused when before the issue date, or the default by terms.
absl::StatusOr<absl::CivilDay> ResolveDueDate(std::optional<absl::CivilDay> requested,
                                              absl::CivilDay issue_date,
                                              std::optional<int> customer_terms_days,
                                              int organization_terms_days);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_PAYMENT_TERMS_H_
