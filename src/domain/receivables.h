// What an invoice has collected: the amounts that decide what is still due,
// what is owed back to the customer, and when the invoice is settled.
#ifndef BILLING_DOMAIN_RECEIVABLES_H_
#define BILLING_DOMAIN_RECEIVABLES_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/error.h"
#include "domain/invoice.h"
#include "domain/money.h"

namespace billing::domain {

// All in the invoice's currency, minor units, never negative. The payment
// and credit rules keep paid <= amount and credited <= amount.
struct InvoiceAmounts {
  int64_t amount = 0;    // the invoice's total
  int64_t paid = 0;      // sum of its payments
  int64_t credited = 0;  // sum of its credit notes

  friend bool operator==(const InvoiceAmounts&, const InvoiceAmounts&) = default;
};

// The amounts an invoice row carries, and their write-back after a payment
// or a credit has been booked on them.
InvoiceAmounts AmountsOf(const Invoice& invoice);
void StoreAmounts(Invoice& invoice, const InvoiceAmounts& amounts);

// The currency of a stored invoice; INTERNAL if the table lacks it (the
// invoice was validated when written, so that is corrupt data).
absl::StatusOr<Currency> CurrencyOfInvoice(const Invoice& invoice);

// A payment's or credit's amount: required, in `currency`, above zero.
// Adds a violation under `field` and returns nullopt otherwise.
std::optional<int64_t> ParsePositiveAmount(std::string_view field, std::string_view text,
                                           const Currency& currency,
                                           ViolationCollector& violations);

// amount - credited - paid, never below zero.
int64_t AmountDue(const InvoiceAmounts& amounts);

// What the invoice asks of its customer now, as shown and emailed: zero once
// cancelled (the cancellation's ledger entry reversed what was due, so the
// invoice agrees with its ledger), else AmountDue of its amounts (a draft's
// is what processing will make due; it has no ledger entries yet).
int64_t AmountDue(const Invoice& invoice);

// What was paid and credited beyond the amount: owed back to the customer
// (it shows in their balance as a credit).
int64_t AmountOwedToCustomer(const InvoiceAmounts& amounts);

// INTERNAL unless `amounts` are this invoice's (same total): a wiring
// mistake must not book money against the wrong figures.
absl::Status CheckAmountsOf(const Invoice& invoice, const InvoiceAmounts& amounts);

// A pending or uncollectible invoice whose amount due has reached zero
// (through payments or credits) moves to paid, stamping pay_time; true when
// it moved.
bool SettleIfNothingDue(Invoice& invoice, const InvoiceAmounts& amounts, absl::Time now);

// Cancels `invoice`: a draft, or a pending or uncollectible invoice without
// payments (once a payment is recorded: INVOICE_HAS_PAYMENTS, issue a
// credit note instead; paid or cancelled: INVALID_STATE_TRANSITION).
// Returns the amount the reversing ledger entry takes off the customer's
// balance: what was still due for a pending or uncollectible invoice (the
// caller first reverses an uncollectible one's write-off), 0 for a draft.
// The invoice keeps its number.
absl::StatusOr<int64_t> CancelInvoice(Invoice& invoice, const InvoiceAmounts& amounts,
                                      absl::Time now);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_RECEIVABLES_H_
