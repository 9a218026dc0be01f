// A customer of an account, and the rules its fields follow.
#ifndef BILLING_DOMAIN_CUSTOMER_H_
#define BILLING_DOMAIN_CUSTOMER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/customer_identity.h"
#include "domain/ledger.h"

namespace billing::domain {

// How the customer's invoices are emailed.
struct CustomerInvoiceDelivery {
  // Attach the UBL e-invoice even without an electronic address (a customer
  // with one always gets it). An invoice EN 16931 cannot carry still goes
  // out with its PDF; the reason is kept on its delivery.
  bool attach_e_invoice = false;

  friend bool operator==(const CustomerInvoiceDelivery&,
                         const CustomerInvoiceDelivery&) = default;
};

struct Customer {
  std::string account_id;
  std::string id;
  std::string name;
  std::string email;
  std::string default_currency;  // ISO 4217 code
  absl::Time create_time;
  absl::Time update_time;
  // Read-only, from the ledger: what the customer owes (positive) or is owed
  // (negative) per currency, by currency code. Not stored on the row.
  std::vector<CurrencyBalance> balances;
  // What an invoice names the customer by as its buyer.
  CustomerIdentity identity;
  CustomerInvoiceDelivery invoice_delivery;
  // Payment reminders go to this customer (false: opted out).
  bool reminders_enabled = true;
};

// The writable fields as the caller sent them.
struct CustomerInput {
  std::string name;
  std::string email;
  std::string default_currency;
  CustomerIdentityInput identity;  // every part optional
  CustomerInvoiceDelivery invoice_delivery;
  bool reminders_enabled = true;
};

// Validates every field (name 1-200 characters, a plausible email of at most
// 254 characters, an ISO 4217 currency, the identity by
// ValidateCustomerIdentity) and returns the customer; all bad fields are
// reported in one ValidationError.
absl::StatusOr<Customer> NewCustomer(std::string account_id, std::string id,
                                     const CustomerInput& input, absl::Time now);

// Replaces every writable field of `current` (keeps id and create_time).
absl::StatusOr<Customer> ReplaceCustomer(const Customer& current,
                                         const CustomerInput& input, absl::Time now);

// Applies the fields named in `paths` ("name", "email", "default_currency",
// "invoice_delivery", "invoice_delivery.attach_e_invoice",
// "reminders_enabled" and the
// identity's, IsCustomerIdentityPath); an unknown or empty path list
// is a ValidationError on "update_mask".
absl::StatusOr<Customer> UpdateCustomer(const Customer& current,
                                        const CustomerInput& input,
                                        const std::vector<std::string>& paths,
                                        absl::Time now);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_CUSTOMER_H_
