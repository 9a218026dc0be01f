// One payment reminder of an invoice: the claim a collections scan made for
// one offset of the organization's reminderSchedule (reminder_schedule.h),
// and what became of its email. Each (invoice, offset) is claimed once.
#ifndef BILLING_DOMAIN_INVOICE_REMINDER_H_
#define BILLING_DOMAIN_INVOICE_REMINDER_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace billing::domain {

enum class ReminderStatus {
  kQueued,   // claimed; its email waits for the mail worker
  kSent,     // the SMTP server accepted it
  kFailed,   // every attempt failed; not retried
  kSkipped,  // never sent: passed over by a later one (catch-up), or the
             // invoice stopped being collectible before it went out
};

// "queued", "sent", "failed", "skipped".
std::string_view ReminderStatusName(ReminderStatus status);
std::optional<ReminderStatus> ReminderStatusFromName(std::string_view name);

struct InvoiceReminder {
  std::string account_id;
  std::string invoice_id;
  int offset_days = 0;
  absl::CivilDay scheduled_date;  // ReminderDay(due date, offset_days)
  // The scan's "today" when it was claimed: lateness is stated as of then.
  absl::CivilDay claim_date;
  ReminderStatus status = ReminderStatus::kQueued;
  absl::Time claim_time;
  std::optional<absl::Time> sent_time;
  std::string error;  // why the last attempt failed, or why it was skipped
  int attempts = 0;
  std::optional<absl::Time> next_attempt_time;  // while queued

  friend bool operator==(const InvoiceReminder&, const InvoiceReminder&) = default;
};

// How a reminder states the lateness of an invoice due on `due_date` on
// `today`: "due in 3 days", "due in 1 day", "due today", "1 day late",
// "7 days late".
std::string LatenessText(absl::CivilDay due_date, absl::CivilDay today);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_INVOICE_REMINDER_H_
