#include "domain/invoice_reminder.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace billing::domain {

std::string_view ReminderStatusName(ReminderStatus status) {
  switch (status) {
    case ReminderStatus::kQueued:
      return "queued";
    case ReminderStatus::kSent:
      return "sent";
    case ReminderStatus::kFailed:
      return "failed";
    case ReminderStatus::kSkipped:
      return "skipped";
  }
  return "queued";
}

std::optional<ReminderStatus> ReminderStatusFromName(std::string_view name) {
  for (ReminderStatus status : {ReminderStatus::kQueued, ReminderStatus::kSent,
                                ReminderStatus::kFailed, ReminderStatus::kSkipped}) {
    if (ReminderStatusName(status) == name) return status;
  }
  return std::nullopt;
}

std::string LatenessText(absl::CivilDay due_date, absl::CivilDay today) {
  const int64_t late = today - due_date;
  if (late == 0) return "due today";
  if (late < 0) return absl::StrCat("due in ", -late, late == -1 ? " day" : " days");
  return absl::StrCat(late, late == 1 ? " day late" : " days late");
}

}  // namespace billing::domain
