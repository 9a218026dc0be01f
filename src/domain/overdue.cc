#include "domain/overdue.h"

#include <cstdint>

namespace billing::domain {

bool IsCollectible(const CollectionFacts& invoice) {
  return invoice.status == InvoiceStatus::kPending && invoice.amount_due > 0;
}

bool IsOverdue(const CollectionFacts& invoice, absl::CivilDay today) {
  return IsCollectible(invoice) && today >= FirstOverdueDay(invoice.due_date);
}

int64_t DaysOverdue(const CollectionFacts& invoice, absl::CivilDay today) {
  return IsOverdue(invoice, today) ? today - invoice.due_date : 0;
}

absl::CivilDay FirstOverdueDay(absl::CivilDay due_date) { return due_date + 1; }

bool OverdueEventDue(const CollectionFacts& invoice, absl::CivilDay today, bool already_recorded) {
  return !already_recorded && IsOverdue(invoice, today);
}

}  // namespace billing::domain
