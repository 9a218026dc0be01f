// Writing off a bad debt (mark-uncollectible): the customer's balance drops
// by what is still due through a write_off ledger entry, and revenue stays
// as recognized (a bad debt is an expense, not a reversal of the sale). A
// payment that arrives later reverses the part of the write-off it covers.
#ifndef BILLING_DOMAIN_WRITE_OFF_H_
#define BILLING_DOMAIN_WRITE_OFF_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/invoice.h"
#include "domain/ledger.h"
#include "domain/payment.h"
#include "domain/receivables.h"

namespace billing::domain {

// Ledger kinds, beside the kLedger* kinds of ledger.h (the kind column is
// free text in both schemas).
inline constexpr std::string_view kLedgerWriteOff = "write_off";
inline constexpr std::string_view kLedgerWriteOffReversal = "write_off_reversal";

// What marking `invoice` uncollectible writes off: its amount due. Only a
// pending invoice that still has something due: INVALID_STATE_TRANSITION
// otherwise, naming its state.
absl::StatusOr<int64_t> WriteOffAmount(const Invoice& invoice, const InvoiceAmounts& amounts);

// Marks `invoice` uncollectible (WriteOffAmount's rules), stamping
// update_time; returns the amount written off.
absl::StatusOr<int64_t> MarkUncollectible(Invoice& invoice, const InvoiceAmounts& amounts,
                                          absl::Time now);

// The entry of a write-off of `amount` (> 0): the customer owes it less.
LedgerEntry WriteOffLedgerEntry(const Invoice& invoice, int64_t amount, absl::Time now);

// The part of a payment of `payment_amount` on a written-off invoice that
// reverses the write-off: what the payment covers of what is still written
// off (written_off - already_reversed), never below zero. While an invoice
// is uncollectible, what is still written off is its amount due (payments
// reverse what they pay; credit notes are refused on it).
int64_t WriteOffReversalAmount(int64_t written_off, int64_t already_reversed,
                               int64_t payment_amount);

// The entry that restores `reversed` (none when 0) to the customer's
// balance, written with the payment's own entry so that the balance ends
// where the payment leaves it.
std::vector<LedgerEntry> WriteOffReversalLedgerEntries(const Payment& payment, int64_t reversed,
                                                       absl::Time now);

// The same for an uncollectible invoice being cancelled (voided, as Stripe
// allows): what is still written off is restored, and the cancellation's
// own entry then takes off the amount due as for a pending invoice, so the
// ledger ends as if it had been cancelled while pending.
std::vector<LedgerEntry> WriteOffReversalLedgerEntries(const Invoice& invoice, int64_t reversed,
                                                       absl::Time now);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_WRITE_OFF_H_
