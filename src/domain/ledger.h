// What an invoice's lifecycle writes besides the invoice itself: the
// accounts-receivable ledger and the outbox of notifications to send.
#ifndef BILLING_DOMAIN_LEDGER_H_
#define BILLING_DOMAIN_LEDGER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/credit_note.h"
#include "domain/invoice.h"
#include "domain/payment.h"

namespace billing::domain {

// The kinds of ledger entry: an invoice processed (the customer owes its
// amount), a payment received, a credit note issued, a pending invoice
// cancelled (what was still due is reversed).
inline constexpr std::string_view kLedgerInvoiceProcessed = "invoice_processed";
inline constexpr std::string_view kLedgerPaymentReceived = "payment_received";
inline constexpr std::string_view kLedgerCreditNoteIssued = "credit_note_issued";
inline constexpr std::string_view kLedgerInvoiceCancelled = "invoice_cancelled";

// One movement of what a customer owes. Positive: the customer owes more.
struct LedgerEntry {
  std::string account_id;
  std::string id;
  std::string customer_id;
  std::string invoice_id;
  std::string kind;  // one of the kLedger* kinds above
  int64_t amount = 0;  // signed minor units
  std::string currency;
  absl::Time create_time;
  // The document that moved the balance: the invoice for invoice_processed
  // and invoice_cancelled, else the payment or the credit note ("" in rows
  // written before documents were recorded: read it as invoice_id).
  std::string document_id;
};

// A message to deliver later (by a worker outside this scope).
struct OutboxMessage {
  std::string account_id;
  std::string id;
  std::string topic;    // e.g. "invoice.send"
  std::string payload;  // JSON
  absl::Time create_time;
};

// The ledger entries a transition from `from` to invoice.status records by
// itself: draft->pending +amount. The move to paid is a payment
// (PaymentLedgerEntry) and a cancellation reverses only what was still due
// (CancellationLedgerEntries), so neither writes anything here.
std::vector<LedgerEntry> LedgerEntriesForTransition(const Invoice& invoice, InvoiceStatus from,
                                                    absl::Time now);

// The notifications a transition queues: processing sends the invoice to the
// customer ("invoice.send").
std::vector<OutboxMessage> OutboxMessagesForTransition(const Invoice& invoice, InvoiceStatus from,
                                                       absl::Time now);

// The entry a payment writes: the customer owes payment.amount less.
LedgerEntry PaymentLedgerEntry(const Payment& payment, absl::Time now);

// The entry a credit note writes: the customer owes note.amount less, or,
// beyond what was due, is owed it.
LedgerEntry CreditNoteLedgerEntry(const CreditNote& note, absl::Time now);

// The reversing entry of a cancellation, for `reversed` as CancelInvoice
// returns it (what was still due); none for a draft, which never owed.
std::vector<LedgerEntry> CancellationLedgerEntries(const Invoice& invoice, int64_t reversed,
                                                   absl::Time now);

// What a customer owes in one currency (negative: what they are owed).
struct CurrencyBalance {
  std::string currency;
  int64_t amount = 0;

  friend bool operator==(const CurrencyBalance&, const CurrencyBalance&) = default;
};

// The sum of `entries` per currency, ordered by currency code; a currency
// whose entries cancel out still shows, at zero. INTERNAL if a sum
// overflows int64 (no real ledger gets there; it must not wrap silently).
absl::StatusOr<std::vector<CurrencyBalance>> BalancesOf(const std::vector<LedgerEntry>& entries);

// One line of a customer's statement.
struct StatementLine {
  LedgerEntry entry;
  absl::CivilDay date;          // the day the entry was written, UTC
  int64_t running_balance = 0;  // the balance in entry.currency after it
};

// The statement of `entries`, oldest first (by create_time; ties keep their
// order, which storage makes the order of writing). Running balances are
// per currency and start from `opening`: the balances before the first
// entry, so that a page of a long statement carries on from the one before.
absl::StatusOr<std::vector<StatementLine>> Statement(
    std::vector<LedgerEntry> entries, const std::vector<CurrencyBalance>& opening = {});

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_LEDGER_H_
