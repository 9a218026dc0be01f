// What an invoice's lifecycle writes besides the invoice itself: the
// accounts-receivable ledger and the outbox of notifications to send.
#ifndef BILLING_DOMAIN_LEDGER_H_
#define BILLING_DOMAIN_LEDGER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "domain/invoice.h"

namespace billing::domain {

// One movement of what a customer owes. Positive: the customer owes more.
struct LedgerEntry {
  std::string account_id;
  std::string id;
  std::string customer_id;
  std::string invoice_id;
  std::string kind;  // "invoice_processed", "payment_received", "invoice_cancelled"
  int64_t amount = 0;  // signed minor units
  std::string currency;
  absl::Time create_time;
};

// A message to deliver later (by a worker outside this scope).
struct OutboxMessage {
  std::string account_id;
  std::string id;
  std::string topic;    // e.g. "invoice.send"
  std::string payload;  // JSON
  absl::Time create_time;
};

// The ledger entries a transition from `from` to invoice.status records:
// draft->pending +amount, pending->paid -amount, pending->cancelled -amount,
// draft->cancelled nothing.
std::vector<LedgerEntry> LedgerEntriesForTransition(const Invoice& invoice, InvoiceStatus from,
                                                    absl::Time now);

// The notifications a transition queues: processing sends the invoice to the
// customer ("invoice.send").
std::vector<OutboxMessage> OutboxMessagesForTransition(const Invoice& invoice, InvoiceStatus from,
                                                       absl::Time now);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_LEDGER_H_
