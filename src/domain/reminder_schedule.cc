#include "domain/reminder_schedule.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/error.h"

namespace billing::domain {

std::vector<int> DefaultReminderSchedule() { return {-3, 1, 7, 14, 30}; }

absl::StatusOr<std::vector<int>> NormalizeReminderSchedule(const std::vector<int64_t>& offsets) {
  ViolationCollector violations;
  if (offsets.size() > kMaxReminderScheduleEntries) {
    violations.Add("reminder_schedule",
                   absl::StrCat("must hold at most ", kMaxReminderScheduleEntries,
                                " offsets (got ", offsets.size(), ")"));
  }
  std::map<int64_t, size_t> first_index;
  std::vector<int> schedule;
  schedule.reserve(offsets.size());
  for (size_t i = 0; i < offsets.size(); ++i) {
    const int64_t offset = offsets[i];
    const std::string field = absl::StrCat("reminder_schedule[", i, "]");
    if (offset < kMinReminderOffsetDays || offset > kMaxReminderOffsetDays) {
      violations.Add(field, absl::StrCat("must be a number of days from ", kMinReminderOffsetDays,
                                         " to ", kMaxReminderOffsetDays, " relative to the due "
                                         "date (got ", offset, ")"));
      continue;
    }
    auto [it, inserted] = first_index.emplace(offset, i);
    if (!inserted) {
      violations.Add(field, absl::StrCat("repeats the offset ", offset, " of reminder_schedule[",
                                         it->second, "]; each offset sends one reminder"));
      continue;
    }
    schedule.push_back(static_cast<int>(offset));
  }
  if (!violations.empty()) return violations.ToStatus();
  std::sort(schedule.begin(), schedule.end());
  return schedule;
}

absl::CivilDay ReminderDay(absl::CivilDay due_date, int offset) { return due_date + offset; }

ReminderDecision SelectReminder(const CollectionFacts& invoice, bool reminders_enabled,
                                const std::vector<int>& schedule, const std::set<int>& claimed,
                                absl::CivilDay today) {
  ReminderDecision decision;
  if (!reminders_enabled || !IsCollectible(invoice)) return decision;
  std::set<int> open;  // due, eligible, unclaimed; ascending
  for (int offset : schedule) {
    const absl::CivilDay day = ReminderDay(invoice.due_date, offset);
    if (day > today || day < invoice.issue_date || claimed.contains(offset)) continue;
    open.insert(offset);
  }
  if (open.empty()) return decision;
  const int latest = *open.rbegin();
  // Never after a later reminder (claimed is ascending).
  if (claimed.empty() || latest > *claimed.rbegin()) {
    decision.send = latest;
    open.erase(latest);
  }
  decision.skip.assign(open.begin(), open.end());
  return decision;
}

}  // namespace billing::domain
