// Payment reminders (dunning): an organization's reminderSchedule lists day
// offsets relative to an invoice's due date (-3: three days before, 7: a
// week late); a scan picks for each invoice the one reminder to send now.
#ifndef BILLING_DOMAIN_REMINDER_SCHEDULE_H_
#define BILLING_DOMAIN_REMINDER_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/overdue.h"

namespace billing::domain {

// Offsets run from a year before the due date to a year after it, and a
// schedule holds at most 12 (one a month for a year is already a lot of
// email); the bound also bounds the per-invoice reminder rows.
inline constexpr int kMinReminderOffsetDays = -365;
inline constexpr int kMaxReminderOffsetDays = 365;
inline constexpr size_t kMaxReminderScheduleEntries = 12;

// [-3, 1, 7, 14, 30]: a nudge before the due date, then after 1, 7, 14 and
// 30 days late.
std::vector<int> DefaultReminderSchedule();

// The schedule as stored: ascending. Offsets may come in any order; each
// must be within [kMinReminderOffsetDays, kMaxReminderOffsetDays] and appear
// once ("reminder_schedule[i]" names a bad or repeated entry), at most
// kMaxReminderScheduleEntries ("reminder_schedule"). Every bad entry is
// reported in one ValidationError. Empty is valid: reminders are off.
absl::StatusOr<std::vector<int>> NormalizeReminderSchedule(const std::vector<int64_t>& offsets);

// The day the reminder at `offset` is due for an invoice due on `due_date`.
absl::CivilDay ReminderDay(absl::CivilDay due_date, int offset);

// What one scan does for one invoice. `skip` lists offsets whose day has
// come but that were never sent and now never will be: storage records them
// as skipped (claimed) in the same transaction that claims `send`.
struct ReminderDecision {
  std::optional<int> send;  // the offset to send now
  std::vector<int> skip;    // ascending

  friend bool operator==(const ReminderDecision&, const ReminderDecision&) = default;
};

// The reminder a scan on `today` sends for `invoice`, given the
// organization's `schedule` and the offsets already `claimed` (sent, being
// sent, failed or skipped; each offset is claimed once, so none goes out
// twice). Nothing at all when the invoice is not collectible (paid,
// cancelled, uncollectible, nothing due) or the customer opted out.
// Otherwise the offsets considered are those whose day has come
// (ReminderDay <= today) but did not come before the invoice was issued
// (ReminderDay >= issue date), and that are not claimed. Of those, only the
// latest is sent, so that a scan after an outage of several days sends one
// reminder rather than a burst; the others are skipped. An offset earlier
// than one already claimed (the schedule changed) is skipped too: a
// reminder never goes out after a later one.
ReminderDecision SelectReminder(const CollectionFacts& invoice, bool reminders_enabled,
                                const std::vector<int>& schedule, const std::set<int>& claimed,
                                absl::CivilDay today);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_REMINDER_SCHEDULE_H_
