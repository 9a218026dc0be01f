// Port: the payment reminders of invoices (invoice_reminders), one row per
// (invoice, offset) ever claimed, and the queue their emails wait in.
#ifndef BILLING_APP_PORTS_INVOICE_REMINDER_REPOSITORY_H_
#define BILLING_APP_PORTS_INVOICE_REMINDER_REPOSITORY_H_

#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "app/ports/invoice_repository.h"
#include "domain/invoice_reminder.h"

namespace billing::app {

class InvoiceReminderRepository {
 public:
  virtual ~InvoiceReminderRepository() = default;

  // The collections scan's candidates (of any account): pending invoices
  // with something due, due before `due_before`. By (account, id), after
  // `after` when given, at most `limit`.
  virtual absl::StatusOr<std::vector<InvoiceKey>> ListCandidates(
      absl::CivilDay due_before, const std::optional<InvoiceKey>& after, int limit) = 0;
  // The offsets claimed for the invoice, whatever became of them.
  virtual absl::StatusOr<std::set<int>> ClaimedOffsets(std::string_view account_id,
                                                       std::string_view invoice_id) = 0;
  // Inserts the reminder unless its (invoice, offset) is already claimed:
  // false then (another scan won it), without failing the transaction.
  virtual absl::StatusOr<bool> Claim(const domain::InvoiceReminder& reminder) = 0;
  // The invoice's reminders by offset, ascending.
  virtual absl::StatusOr<std::vector<domain::InvoiceReminder>> List(
      std::string_view account_id, std::string_view invoice_id) = 0;
  // The queued reminder (of any account) due longest: its next_attempt_time
  // moves to `lease_until`, so that no other worker takes it meanwhile.
  // nullopt when none is due. Skips rows other replicas are claiming.
  virtual absl::StatusOr<std::optional<domain::InvoiceReminder>> ClaimDue(
      absl::Time now, absl::Time lease_until) = 0;
  // Rewrites status, sent_time, error, attempts and next_attempt_time.
  virtual absl::Status Update(const domain::InvoiceReminder& reminder) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_INVOICE_REMINDER_REPOSITORY_H_
