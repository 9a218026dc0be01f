#include "storage/sqlite/credit_note_repository.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/sqlite/absl_string_view.h"
#include "storage/sqlite/list_paging.h"
#include "storage/sqlite/row_values.h"
#include "storage/sqlite/sqlite_error.h"

namespace billing::storage {
namespace {

using domain::ErrorCode;

constexpr char kCreditNoteColumns[] =
    "account_id, id, number, invoice_id, customer_id, currency, amount_minor, reason, memo, "
    "date, create_time_us";

absl::StatusOr<domain::CreditNote> ReadCreditNote(const Statement& row) {
  domain::CreditNote note{
      .account_id = row.ColumnText(0),
      .id = row.ColumnText(1),
      .number = row.ColumnText(2),
      .invoice_id = row.ColumnText(3),
      .customer_id = row.ColumnText(4),
      .currency = row.ColumnText(5),
      .amount = row.ColumnInt64(6),
      .memo = row.ColumnText(8),
      .create_time = TimeFromMicros(row.ColumnInt64(10)),
  };
  std::optional<domain::CreditNoteReason> reason =
      domain::CreditNoteReasonFromName(row.ColumnText(7));
  if (!reason.has_value()) {
    return domain::Error(ErrorCode::kInternal,
                         absl::StrCat("credit note ", note.id, " has an unknown reason"));
  }
  note.reason = *reason;
  ASSIGN_OR_RETURN(note.date, DayFromText(row.ColumnText(9)));
  return note;
}

absl::StatusOr<std::vector<domain::CreditNote>> CollectCreditNotes(Statement& query) {
  std::vector<domain::CreditNote> notes;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return notes;
    ASSIGN_OR_RETURN(domain::CreditNote note, ReadCreditNote(query));
    notes.push_back(std::move(note));
  }
}

}  // namespace

absl::Status InsertCreditNote(Connection& db, const domain::CreditNote& note) {
  ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare(absl::StrCat("INSERT INTO credit_notes (", kCreditNoteColumns,
                              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")));
  insert.BindText(1, note.account_id)
      .BindText(2, note.id)
      .BindText(3, note.number)
      .BindText(4, note.invoice_id)
      .BindText(5, note.customer_id)
      .BindText(6, note.currency)
      .BindInt64(7, note.amount)
      .BindText(8, domain::CreditNoteReasonName(note.reason))
      .BindText(9, note.memo)
      .BindText(10, DayToText(note.date))
      .BindInt64(11, TimeToMicros(note.create_time));
  absl::Status status = insert.Run();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("credit note ", note.id, " or its number ", note.number,
                                      " already exists"));
  }
  return status;
}

absl::StatusOr<domain::CreditNote> GetCreditNote(Connection& db, std::string_view account_id,
                                                 std::string_view credit_note_id) {
  ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(absl::StrCat("SELECT ", kCreditNoteColumns,
                              " FROM credit_notes WHERE account_id = ?1 AND id = ?2")));
  query.BindText(1, account_id).BindText(2, credit_note_id);
  ASSIGN_OR_RETURN(std::vector<domain::CreditNote> found, CollectCreditNotes(query));
  if (found.empty()) {
    return domain::Error(ErrorCode::kCreditNoteNotFound,
                         absl::StrCat("credit note ", Av(credit_note_id), " not found"));
  }
  return std::move(found.front());
}

absl::StatusOr<domain::Page<domain::CreditNote>> ListCreditNotes(
    Connection& db, std::string_view account_id, const app::CreditNoteFilter& filter,
    const domain::PageRequest& page) {
  const std::string where = InvoiceDocumentWhere(filter.invoice_id, filter.customer_id);
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare(PagedSelect(kCreditNoteColumns, "credit_notes", where,
                                          /*newest_first=*/false, page)));
  BindInvoiceDocumentFilter(query, account_id, filter.invoice_id, filter.customer_id);
  BindPage(query, page);
  domain::Page<domain::CreditNote> result{.request = page};
  ASSIGN_OR_RETURN(result.items, CollectCreditNotes(query));
  FinishPage(result);
  ASSIGN_OR_RETURN(Statement count,
                   db.Prepare(absl::StrCat("SELECT COUNT(*) FROM credit_notes", where)));
  BindInvoiceDocumentFilter(count, account_id, filter.invoice_id, filter.customer_id);
  RETURN_IF_ERROR(count.Step().status());
  result.total_items = count.ColumnInt64(0);
  return result;
}

absl::StatusOr<std::vector<domain::CreditNote>> ListAllCreditNotes(Connection& db,
                                                                   std::string_view account_id,
                                                                   std::string_view customer_id) {
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare(absl::StrCat("SELECT ", kCreditNoteColumns, " FROM credit_notes",
                                           InvoiceDocumentWhere("", customer_id),
                                           " ORDER BY create_time_us, id")));
  BindInvoiceDocumentFilter(query, account_id, "", customer_id);
  return CollectCreditNotes(query);
}

}  // namespace billing::storage
