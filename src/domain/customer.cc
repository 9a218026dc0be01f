#include "domain/customer.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/email_address.h"
#include "domain/error.h"
#include "domain/free_text.h"
#include "domain/money.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

constexpr size_t kMaxNameChars = 200;

// Names stored trimmed (Unicode-aware): " Ada " and "Ada" are the same name.
std::string CleanName(std::string_view name) { return std::string(TrimText(name)); }

// Characters, not bytes: a name in Greek or Japanese gets the same 200.
void ValidateName(std::string_view name, ViolationCollector& violations) {
  ValidateFreeText("name", name,
                   {.kind = TextKind::kSingleLine, .required = true, .max_chars = kMaxNameChars,
                    .trimmed = true},
                   violations);
}

void ValidateEmail(std::string_view email, ViolationCollector& violations) {
  if (std::string problem = EmailProblem(email); !problem.empty()) {
    violations.Add("email", std::move(problem));
  }
}

void ValidateCurrency(std::string_view code, ViolationCollector& violations) {
  violations.AddStatus("default_currency", FindCurrency(code).status());
}

constexpr std::string_view kUpdatablePaths[] = {"name", "email", "default_currency",
                                                "invoice_delivery",
                                                "invoice_delivery.attach_e_invoice",
                                                "reminders_enabled"};

bool IsUpdatablePath(std::string_view path) {
  for (std::string_view known : kUpdatablePaths) {
    if (path == known) return true;
  }
  return false;
}

// The customer's output-only fields: named in an update mask, they are a
// client's mistake worth telling apart from a typo (AIP-161, AIP-203).
constexpr std::string_view kReadOnlyPaths[] = {"id", "create_time", "update_time", "etag",
                                               "balances"};

bool IsReadOnlyPath(std::string_view path) {
  for (std::string_view known : kReadOnlyPaths) {
    if (path == known) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<Customer> NewCustomer(std::string account_id, std::string id,
                                     const CustomerInput& input, absl::Time now) {
  ViolationCollector violations;
  ValidateName(input.name, violations);
  ValidateEmail(input.email, violations);
  ValidateCurrency(input.default_currency, violations);
  absl::StatusOr<CustomerIdentity> identity = ValidateCustomerIdentity(input.identity);
  violations.AddStatus("", identity.status());
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;

  Customer customer;
  customer.account_id = std::move(account_id);
  customer.id = std::move(id);
  customer.name = CleanName(input.name);
  customer.email = input.email;
  customer.default_currency = input.default_currency;
  customer.identity = *std::move(identity);
  customer.invoice_delivery = input.invoice_delivery;
  customer.reminders_enabled = input.reminders_enabled;
  customer.create_time = now;
  customer.update_time = now;
  return customer;
}

absl::StatusOr<Customer> ReplaceCustomer(const Customer& current, const CustomerInput& input,
                                         absl::Time now) {
  absl::StatusOr<Customer> replaced = NewCustomer(current.account_id, current.id, input, now);
  if (!replaced.ok()) return replaced.status();
  replaced->create_time = current.create_time;
  return replaced;
}

absl::StatusOr<Customer> UpdateCustomer(const Customer& current, const CustomerInput& input,
                                        const std::vector<std::string>& paths,
                                        absl::Time now) {
  ViolationCollector violations;
  if (paths.empty()) {
    violations.Add("update_mask", "must name at least one field");
  }
  Customer updated = current;
  bool identity_named = false;
  for (const std::string& path : paths) {
    if (IsCustomerIdentityPath(path)) {
      identity_named = true;
    } else if (!IsUpdatablePath(path)) {
      violations.Add("update_mask",
                     absl::StrCat("names ", IsReadOnlyPath(path) ? "read-only" : "unknown",
                                  " field ", Quoted(path), "; updatable fields are ",
                                  "name, email, default_currency, legal_name, billing_address, "
                                  "tax_ids, tax_exempt, payment_terms_days, electronic_address, "
                                  "invoice_delivery, reminders_enabled"));
    } else if (path == "name") {
      ValidateName(input.name, violations);
      updated.name = CleanName(input.name);
    } else if (path == "email") {
      ValidateEmail(input.email, violations);
      updated.email = input.email;
    } else if (path == "default_currency") {
      ValidateCurrency(input.default_currency, violations);
      updated.default_currency = input.default_currency;
    } else if (path == "invoice_delivery" || path == "invoice_delivery.attach_e_invoice") {
      // Its only field: the message and the field path mean the same.
      updated.invoice_delivery.attach_e_invoice = input.invoice_delivery.attach_e_invoice;
    } else if (path == "reminders_enabled") {
      updated.reminders_enabled = input.reminders_enabled;
    }
  }
  if (identity_named) {
    absl::StatusOr<CustomerIdentity> identity =
        UpdateCustomerIdentity(current.identity, input.identity, paths);
    violations.AddStatus("", identity.status());
    if (identity.ok()) updated.identity = *std::move(identity);
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  updated.update_time = now;
  return updated;
}

}  // namespace billing::domain
