#include "domain/ledger.h"

namespace billing::domain {

// Placeholder so billing_domain links; the real rules land next.
std::vector<LedgerEntry> LedgerEntriesForTransition(const Invoice&, InvoiceStatus, absl::Time) {
  return {};
}
std::vector<OutboxMessage> OutboxMessagesForTransition(const Invoice&, InvoiceStatus,
                                                       absl::Time) {
  return {};
}

}  // namespace billing::domain
