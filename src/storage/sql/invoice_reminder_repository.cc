// Payment reminders (invoice_reminders): the claims of the collections scan
// and the queue their emails wait in.
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/sql/list_paging.h"
#include "storage/sql/repositories.h"
#include "storage/sql/values.h"

namespace billing::storage::sql {
namespace {

#define REMINDER_COLUMNS                                                                    \
  "account_id, invoice_id, offset_days, {day:scheduled_date}, {day:claim_date}, status, " \
  "{micros:claim_time}, {micros:sent_time}, error, attempts, {micros:next_attempt_time}"

absl::StatusOr<domain::InvoiceReminder> ReadReminder(const Statement& row) {
  domain::InvoiceReminder out;
  out.account_id = row.Text(0);
  out.invoice_id = row.Text(1);
  out.offset_days = static_cast<int>(row.Int64(2));
  ASSIGN_OR_RETURN(out.scheduled_date, DayFromText(row.Text(3)));
  ASSIGN_OR_RETURN(out.claim_date, DayFromText(row.Text(4)));
  std::optional<domain::ReminderStatus> status = domain::ReminderStatusFromName(row.Text(5));
  if (!status.has_value()) {
    return domain::Error(domain::ErrorCode::kInternal,
                         absl::StrCat("stored reminder status \"", row.Text(5), "\" is unknown"));
  }
  out.status = *status;
  out.claim_time = row.Time(6);
  out.sent_time = row.OptionalTime(7);
  out.error = row.Text(8);
  out.attempts = static_cast<int>(row.Int64(9));
  out.next_attempt_time = row.OptionalTime(10);
  return out;
}

}  // namespace

absl::StatusOr<std::vector<app::InvoiceKey>> InvoiceReminders::ListCandidates(
    absl::CivilDay due_before, const std::optional<app::InvoiceKey>& after, int limit) {
  return ScanCollectibleInvoices(s_, "", due_before, after, limit);
}

absl::StatusOr<std::set<int>> InvoiceReminders::ClaimedOffsets(std::string_view account_id,
                                                               std::string_view invoice_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT offset_days FROM invoice_reminders "
                              "WHERE account_id = ?1 AND invoice_id = ?2"));
  query->BindText(1, account_id).BindText(2, invoice_id);
  std::set<int> offsets;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return offsets;
    offsets.insert(static_cast<int>(query->Int64(0)));
  }
}

absl::StatusOr<bool> InvoiceReminders::Claim(const domain::InvoiceReminder& r) {
  // DO NOTHING rather than a unique violation, which would abort a
  // PostgreSQL transaction: the losing scan learns it lost and goes on.
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> insert,
      s_.Prepare("INSERT INTO invoice_reminders (account_id, invoice_id, offset_days, "
                 "scheduled_date, claim_date, status, {time:claim_time}, {time:sent_time}, "
                 "error, attempts, {time:next_attempt_time}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                 "?7, ?8, ?9, ?10, ?11) ON CONFLICT (account_id, invoice_id, offset_days) "
                 "DO NOTHING"));
  insert->BindText(1, r.account_id)
      .BindText(2, r.invoice_id)
      .BindInt64(3, r.offset_days)
      .BindText(4, DayText(r.scheduled_date))
      .BindText(5, DayText(r.claim_date))
      .BindText(6, domain::ReminderStatusName(r.status))
      .BindTime(7, r.claim_time)
      .BindOptionalTime(8, r.sent_time)
      .BindText(9, r.error)
      .BindInt64(10, r.attempts)
      .BindOptionalTime(11, r.next_attempt_time);
  RETURN_IF_ERROR(insert->Run());
  return insert->changed_rows() == 1;
}

absl::StatusOr<std::vector<domain::InvoiceReminder>> InvoiceReminders::List(
    std::string_view account_id, std::string_view invoice_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT " REMINDER_COLUMNS " FROM invoice_reminders "
                              "WHERE account_id = ?1 AND invoice_id = ?2 ORDER BY offset_days"));
  query->BindText(1, account_id).BindText(2, invoice_id);
  std::vector<domain::InvoiceReminder> reminders;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return reminders;
    ASSIGN_OR_RETURN(domain::InvoiceReminder reminder, ReadReminder(*query));
    reminders.push_back(std::move(reminder));
  }
}

absl::StatusOr<std::optional<domain::InvoiceReminder>> InvoiceReminders::ClaimDue(
    absl::Time now, absl::Time lease_until) {
  // SKIP LOCKED as the invoice emails: a row another worker is claiming is
  // passed over, never waited for.
  std::optional<domain::InvoiceReminder> due;
  {
    ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                     s_.Prepare("SELECT " REMINDER_COLUMNS " FROM invoice_reminders "
                                "WHERE status = 'queued' AND {time:next_attempt_time} <= ?1 "
                                "ORDER BY {time:next_attempt_time} LIMIT 1"
                                "{lock:no_key_update_skip_locked}"));
    query->BindTime(1, now);
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return std::nullopt;
    ASSIGN_OR_RETURN(due, ReadReminder(*query));
  }
  due->next_attempt_time = lease_until;
  RETURN_IF_ERROR(Update(*due));
  return due;
}

absl::Status InvoiceReminders::Update(const domain::InvoiceReminder& r) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> update,
                   s_.Prepare("UPDATE invoice_reminders SET status = ?4, {time:sent_time} = ?5, "
                              "error = ?6, attempts = ?7, {time:next_attempt_time} = ?8 "
                              "WHERE account_id = ?1 AND invoice_id = ?2 AND offset_days = ?3"));
  update->BindText(1, r.account_id)
      .BindText(2, r.invoice_id)
      .BindInt64(3, r.offset_days)
      .BindText(4, domain::ReminderStatusName(r.status))
      .BindOptionalTime(5, r.sent_time)
      .BindText(6, r.error)
      .BindInt64(7, r.attempts)
      .BindOptionalTime(8, r.next_attempt_time);
  return update->Run();
}

}  // namespace billing::storage::sql
