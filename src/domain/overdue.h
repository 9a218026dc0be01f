// Overdue invoices: an invoice is overdue from the day after its due date
// while it is pending with an amount due, counted in calendar days of the
// organization's time zone (business_calendar.h gives "today").
#ifndef BILLING_DOMAIN_OVERDUE_H_
#define BILLING_DOMAIN_OVERDUE_H_

#include <cstdint>

#include "absl/time/civil_time.h"
#include "domain/invoice.h"

namespace billing::domain {

// What collections needs to know about one invoice; a written-off invoice
// has status kUncollectible.
struct CollectionFacts {
  InvoiceStatus status = InvoiceStatus::kDraft;
  int64_t amount_due = 0;      // minor units: AmountDue(AmountsOf(invoice))
  absl::CivilDay issue_date;   // the day it was processed, in the organization's zone
  absl::CivilDay due_date;
};

// Collections applies: pending, not written off, something still due.
bool IsCollectible(const CollectionFacts& invoice);

// Overdue on `today`: collectible and today is after the due date.
bool IsOverdue(const CollectionFacts& invoice, absl::CivilDay today);

// Whole days past the due date on `today` (1 on the day after it), 0 when
// not overdue.
int64_t DaysOverdue(const CollectionFacts& invoice, absl::CivilDay today);

// The first day an invoice due on `due_date` can be overdue.
absl::CivilDay FirstOverdueDay(absl::CivilDay due_date);

// Whether a scan on `today` records the invoice.overdue event: overdue and
// not yet recorded. A scan that missed the first overdue day (an outage)
// records it late rather than never; storage makes the claim exactly once.
bool OverdueEventDue(const CollectionFacts& invoice, absl::CivilDay today, bool already_recorded);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_OVERDUE_H_
