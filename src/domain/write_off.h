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

// Ledger kinds, beside the kLedger* kinds of ledger.h. The kind column is
// free text in both schemas (no CHECK), so these need no migration; the API
// shows them as LEDGER_ENTRY_KIND_UNSPECIFIED until the proto enum names
// them.
inline constexpr std::string_view kLedgerWriteOff = "write_off";
inline constexpr std::string_view kLedgerWriteOffReversal = "write_off_reversal";

// What marking `invoice` uncollectible writes off: its amount due. Only a
// pending invoice that is not already written off and still has something
// due: INVALID_STATE_TRANSITION otherwise, naming its state.
absl::StatusOr<int64_t> WriteOffAmount(const Invoice& invoice, bool already_uncollectible,
                                       const InvoiceAmounts& amounts);

// The entry of a write-off of `amount` (> 0): the customer owes it less.
LedgerEntry WriteOffLedgerEntry(const Invoice& invoice, int64_t amount, absl::Time now);

// The part of a payment of `payment_amount` on a written-off invoice that
// reverses the write-off: what the payment covers of what is still written
// off (written_off - already_reversed), never below zero.
int64_t WriteOffReversalAmount(int64_t written_off, int64_t already_reversed,
                               int64_t payment_amount);

// The entry that restores `reversed` (none when 0) to the customer's
// balance, written with the payment's own entry so that the balance ends
// where the payment leaves it.
std::vector<LedgerEntry> WriteOffReversalLedgerEntries(const Payment& payment, int64_t reversed,
                                                       absl::Time now);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_WRITE_OFF_H_
