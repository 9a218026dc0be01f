// Credit notes issued against invoices.
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"
#include "storage/postgres/list_paging.h"
#include "storage/postgres/pg_error.h"
#include "storage/postgres/pg_values.h"
#include "storage/postgres/repositories.h"

namespace billing::storage::postgres {
namespace {

using domain::ErrorCode;

#define CREDIT_NOTE_COLUMNS                                                                    \
  "account_id, id, number, invoice_id, customer_id, currency, amount_minor, reason, memo, " \
  BILLING_PG_DAY("date") ", " BILLING_PG_MICROS("create_time")

absl::StatusOr<std::vector<domain::CreditNote>> ReadCreditNotes(const PgResult& r) {
  std::vector<domain::CreditNote> notes;
  for (int row = 0; row < r.rows(); ++row) {
    domain::CreditNote note{
        .account_id = r.Text(row, 0),
        .id = r.Text(row, 1),
        .number = r.Text(row, 2),
        .invoice_id = r.Text(row, 3),
        .customer_id = r.Text(row, 4),
        .currency = r.Text(row, 5),
        .amount = r.Int64(row, 6),
        .memo = r.Text(row, 8),
        .create_time = TimeFromMicros(r.Int64(row, 10)),
    };
    std::optional<domain::CreditNoteReason> reason =
        domain::CreditNoteReasonFromName(r.Text(row, 7));
    if (!reason.has_value()) {
      return domain::Error(ErrorCode::kInternal,
                           absl::StrCat("credit note ", note.id, " has an unknown reason"));
    }
    note.reason = *reason;
    ASSIGN_OR_RETURN(note.date, DayFromText(r.Text(row, 9)));
    notes.push_back(std::move(note));
  }
  return notes;
}

}  // namespace

absl::Status PgCreditNotes::Insert(const domain::CreditNote& note) {
  absl::Status status =
      c_.Query("INSERT INTO credit_notes (account_id, id, number, invoice_id, customer_id, "
               "currency, amount_minor, reason, memo, date, create_time) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
               {Text(note.account_id), Text(note.id), Text(note.number), Text(note.invoice_id),
                Text(note.customer_id), Text(note.currency), Int(note.amount),
                Text(domain::CreditNoteReasonName(note.reason)), Text(note.memo), Day(note.date),
                Time(note.create_time)})
          .status();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("credit note ", note.id, " or its number ", note.number,
                                      " already exists"));
  }
  return status;
}

absl::StatusOr<domain::CreditNote> PgCreditNotes::Get(std::string_view account_id,
                                                      std::string_view credit_note_id) {
  ASSIGN_OR_RETURN(PgResult r, c_.Query("SELECT " CREDIT_NOTE_COLUMNS
                                        " FROM credit_notes WHERE account_id = $1 AND id = $2",
                                        {Text(account_id), Text(credit_note_id)}));
  ASSIGN_OR_RETURN(std::vector<domain::CreditNote> found, ReadCreditNotes(r));
  if (found.empty()) {
    return domain::Error(ErrorCode::kCreditNoteNotFound,
                         absl::StrCat("credit note ", domain::Av(credit_note_id), " not found"));
  }
  return std::move(found.front());
}

absl::StatusOr<domain::Page<domain::CreditNote>> PgCreditNotes::List(
    std::string_view account_id, const app::CreditNoteFilter& filter,
    const domain::PageRequest& page) {
  Params params;
  const std::string where =
      InvoiceDocumentWhere(account_id, filter.invoice_id, filter.customer_id, params);
  ASSIGN_OR_RETURN(OffsetPage found,
                   SelectPage(c_, CREDIT_NOTE_COLUMNS, "credit_notes", where,
                              /*newest_first=*/false, std::move(params), page));
  domain::Page<domain::CreditNote> result{.request = page, .total_items = found.total_items};
  ASSIGN_OR_RETURN(result.items, ReadCreditNotes(found.result));
  FinishPage(result);
  return result;
}

absl::StatusOr<std::vector<domain::CreditNote>> PgCreditNotes::ListAll(
    std::string_view account_id, std::string_view customer_id) {
  Params params;
  const std::string where = InvoiceDocumentWhere(account_id, "", customer_id, params);
  ASSIGN_OR_RETURN(PgResult r, c_.Query(absl::StrCat("SELECT " CREDIT_NOTE_COLUMNS
                                                     " FROM credit_notes",
                                                     where, " ORDER BY create_time, id"),
                                        params));
  return ReadCreditNotes(r);
}

}  // namespace billing::storage::postgres
