// Credit notes issued against invoices, and their emails.
#include <charconv>
#include <memory>
#include <optional>
#include <system_error>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"
#include "storage/sql/email_queue.h"
#include "storage/sql/list_paging.h"
#include "storage/sql/repositories.h"
#include "storage/sql/values.h"

namespace billing::storage::sql {
namespace {

using domain::ErrorCode;

#define CREDIT_NOTE_COLUMNS                                                                 \
  "account_id, id, number, invoice_id, customer_id, currency, amount_minor, reason, memo, " \
  "{day:date}, {micros:create_time}, tax_minor, tax_breakdown"

// The breakdown as text: one entry a line, its fields apart by tabs, the
// free-text reason C-escaped (so it holds neither).
std::string EncodeBreakdown(const std::vector<domain::TaxBreakdownEntry>& entries) {
  std::string text;
  for (const domain::TaxBreakdownEntry& entry : entries) {
    text += std::string(domain::TaxCategoryCode(entry.category));
    for (int64_t number : {entry.percentage, entry.taxable_amount, entry.tax_amount}) {
      text += '\t';
      text += std::to_string(number);
    }
    text += '\t';
    text += absl::CHexEscape(entry.exemption_reason_code);
    text += '\t';
    text += absl::CHexEscape(entry.exemption_reason);
    text += '\n';
  }
  return text;
}

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t begin = 0;
  while (true) {
    const size_t end = text.find(separator, begin);
    parts.push_back(text.substr(begin, end == std::string::npos ? end : end - begin));
    if (end == std::string::npos) return parts;
    begin = end + 1;
  }
}

bool ParseInt64(const std::string& text, int64_t& out) {
  const char* last = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), last, out);
  return !text.empty() && error == std::errc() && ptr == last;
}

absl::StatusOr<std::vector<domain::TaxBreakdownEntry>> DecodeBreakdown(const std::string& text) {
  std::vector<domain::TaxBreakdownEntry> entries;
  for (const std::string& line : Split(text, '\n')) {
    if (line.empty()) continue;
    const std::vector<std::string> fields = Split(line, '\t');
    domain::TaxBreakdownEntry entry;
    std::optional<domain::TaxCategory> category =
        fields.size() == 6 ? domain::TaxCategoryFromCode(fields[0]) : std::nullopt;
    if (!category.has_value() || !ParseInt64(fields[1], entry.percentage) ||
        !ParseInt64(fields[2], entry.taxable_amount) ||
        !ParseInt64(fields[3], entry.tax_amount) ||
        !absl::CUnescape(fields[4], &entry.exemption_reason_code) ||
        !absl::CUnescape(fields[5], &entry.exemption_reason)) {
      return absl::DataLossError("a credit note's tax breakdown is not readable");
    }
    entry.category = *category;
    entries.push_back(std::move(entry));
  }
  return entries;
}

absl::StatusOr<domain::CreditNote> ReadCreditNote(const Statement& row) {
  domain::CreditNote note{
      .account_id = row.Text(0),
      .id = row.Text(1),
      .number = row.Text(2),
      .invoice_id = row.Text(3),
      .customer_id = row.Text(4),
      .currency = row.Text(5),
      .amount = row.Int64(6),
      .memo = row.Text(8),
      .create_time = row.Time(10),
      .tax_amount = row.Int64(11),
  };
  ASSIGN_OR_RETURN(note.tax_breakdown, DecodeBreakdown(row.Text(12)));
  std::optional<domain::CreditNoteReason> reason = domain::CreditNoteReasonFromName(row.Text(7));
  if (!reason.has_value()) {
    return domain::Error(ErrorCode::kInternal,
                         absl::StrCat("credit note ", note.id, " has an unknown reason"));
  }
  note.reason = *reason;
  ASSIGN_OR_RETURN(note.date, DayFromText(row.Text(9)));
  return note;
}

// The note's email, if it has one; its row locked in a write.
absl::Status LoadDelivery(Session& s, domain::CreditNote& note) {
  ASSIGN_OR_RETURN(std::optional<domain::InvoiceDelivery> delivery,
                   sql::LoadDelivery(s, kCreditNoteEmailQueue, note.account_id, note.id,
                                     /*lock=*/true));
  if (delivery.has_value()) note.delivery = *std::move(delivery);
  return absl::OkStatus();
}

// The emails of a page of notes (all of one account) in one query.
absl::Status LoadDeliveries(Session& s, std::vector<domain::CreditNote>& notes) {
  if (notes.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(DeliveriesById deliveries,
                   sql::LoadDeliveries(s, kCreditNoteEmailQueue, notes.front().account_id,
                                       JsonIdArray(notes)));
  for (domain::CreditNote& note : notes) {
    auto it = deliveries.find(note.id);
    if (it != deliveries.end()) note.delivery = std::move(it->second);
  }
  return absl::OkStatus();
}

absl::Status NotFound(std::string_view credit_note_id) {
  return domain::Error(ErrorCode::kCreditNoteNotFound,
                       absl::StrCat("credit note ", domain::Av(credit_note_id), " not found"));
}

}  // namespace

absl::Status CreditNotes::Insert(const domain::CreditNote& note) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                   s_.Prepare("INSERT INTO credit_notes (account_id, id, number, invoice_id, "
                              "customer_id, currency, amount_minor, reason, memo, date, "
                              "{time:create_time}, tax_minor, tax_breakdown) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
  insert->BindText(1, note.account_id)
      .BindText(2, note.id)
      .BindText(3, note.number)
      .BindText(4, note.invoice_id)
      .BindText(5, note.customer_id)
      .BindText(6, note.currency)
      .BindInt64(7, note.amount)
      .BindText(8, domain::CreditNoteReasonName(note.reason))
      .BindText(9, note.memo)
      .BindText(10, DayText(note.date))
      .BindTime(11, note.create_time)
      .BindInt64(12, note.tax_amount)
      .BindText(13, EncodeBreakdown(note.tax_breakdown));
  absl::Status status = insert->Run();
  if (s_.dialect().IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("credit note ", note.id, " or its number ", note.number,
                                      " already exists"));
  }
  RETURN_IF_ERROR(status);
  return StoreDelivery(s_, kCreditNoteEmailQueue, note.account_id, note.id, note.delivery);
}

absl::StatusOr<domain::CreditNote> CreditNotes::Get(std::string_view account_id,
                                                    std::string_view credit_note_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT " CREDIT_NOTE_COLUMNS
                              " FROM credit_notes WHERE account_id = ?1 AND id = ?2"));
  query->BindText(1, account_id).BindText(2, credit_note_id);
  ASSIGN_OR_RETURN(bool row, query->Step());
  if (!row) return NotFound(credit_note_id);
  ASSIGN_OR_RETURN(domain::CreditNote note, ReadCreditNote(*query));
  query.reset();  // one statement active at a time
  RETURN_IF_ERROR(LoadDelivery(s_, note));
  return note;
}

absl::StatusOr<domain::Page<domain::CreditNote>> CreditNotes::List(
    std::string_view account_id, const app::CreditNoteFilter& filter,
    const domain::PageRequest& page) {
  Params params;
  const std::string where =
      InvoiceDocumentWhere(account_id, filter.invoice_id, filter.customer_id, params);
  ASSIGN_OR_RETURN(domain::Page<domain::CreditNote> found,
                   SelectPage<domain::CreditNote>(s_, CREDIT_NOTE_COLUMNS, "credit_notes", where,
                                                  /*newest_first=*/false, std::move(params), page,
                                                  ReadCreditNote));
  RETURN_IF_ERROR(LoadDeliveries(s_, found.items));
  return found;
}

absl::StatusOr<std::vector<domain::CreditNote>> CreditNotes::ListAll(
    std::string_view account_id, std::string_view customer_id) {
  Params params;
  const std::string where = InvoiceDocumentWhere(account_id, "", customer_id, params);
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare(absl::StrCat("SELECT " CREDIT_NOTE_COLUMNS " FROM credit_notes",
                                           where, " ORDER BY {time:create_time}, id")));
  params.BindTo(*query);
  std::vector<domain::CreditNote> notes;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return notes;
    ASSIGN_OR_RETURN(domain::CreditNote note, ReadCreditNote(*query));
    notes.push_back(std::move(note));
  }
}

absl::Status CreditNotes::UpdateDelivery(const domain::CreditNote& note) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> exists,
                   s_.Prepare("SELECT 1 FROM credit_notes WHERE account_id = ?1 AND id = ?2"));
  exists->BindText(1, note.account_id).BindText(2, note.id);
  ASSIGN_OR_RETURN(bool row, exists->Step());
  if (!row) return NotFound(note.id);
  exists.reset();
  return StoreDelivery(s_, kCreditNoteEmailQueue, note.account_id, note.id, note.delivery);
}

absl::StatusOr<std::optional<domain::CreditNote>> CreditNotes::ClaimDueEmail(
    absl::Time now, absl::Time lease_until) {
  // SKIP LOCKED: an email another replica is claiming is passed over, never
  // waited for (SQLite's one writer: nothing else can claim meanwhile).
  std::string account_id;
  std::string credit_note_id;
  {
    ASSIGN_OR_RETURN(
        std::unique_ptr<Statement> due,
        s_.Prepare("SELECT account_id, credit_note_id FROM credit_note_emails "
                   "WHERE status = 'queued' AND {time:next_attempt_time} <= ?1 "
                   "ORDER BY {time:next_attempt_time} LIMIT 1"
                   "{lock:no_key_update_skip_locked}"));
    due->BindTime(1, now);
    ASSIGN_OR_RETURN(bool row, due->Step());
    if (!row) return std::nullopt;
    account_id = due->Text(0);
    credit_note_id = due->Text(1);
  }
  ASSIGN_OR_RETURN(domain::CreditNote note, Get(account_id, credit_note_id));
  RETURN_IF_ERROR(
      LeaseDelivery(s_, kCreditNoteEmailQueue, account_id, credit_note_id, lease_until));
  note.delivery.next_attempt_time = lease_until;
  return note;
}

}  // namespace billing::storage::sql
