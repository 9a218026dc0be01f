#include "app/credit_notes.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/customers.h"
#include "app/events.h"
#include "app/idempotency.h"
#include "app/page_tokens.h"
#include "common/status_macros.h"
#include "domain/document_number.h"
#include "domain/event.h"
#include "domain/ids.h"
#include "domain/invoice_document_builder.h"
#include "domain/organization.h"
#include "domain/ledger.h"
#include "domain/receivables.h"

namespace billing::app {

absl::StatusOr<domain::CreditNote> CreditNotes::Create(const CallContext& ctx,
                                                       std::string_view invoice_id,
                                                       const domain::CreditNoteInput& input) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  std::optional<domain::CreditNote> result;
  RETURN_IF_ERROR(WriteOnce(store_, ctx, result, [&](Transaction& tx) -> absl::Status {
    // Locked until commit, like a payment: credits on one invoice are booked
    // one after the other against what the one before left.
    ASSIGN_OR_RETURN(domain::Invoice invoice, tx.invoices().Get(ctx.account_id, invoice_id));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "invoice", invoice));
    const domain::InvoiceStatus before = invoice.status;
    const absl::Time now = clock_();
    domain::InvoiceAmounts amounts = domain::AmountsOf(invoice);
    ASSIGN_OR_RETURN(domain::CreditNote note,
                     domain::NewCreditNote(domain::NewId(domain::kCreditNoteIdPrefix), invoice,
                                           amounts, input,
                                           absl::ToCivilDay(now, absl::UTCTimeZone()), now));
    RETURN_IF_ERROR(domain::ApplyCreditNote(note, invoice, amounts, now).status());
    // Its net and tax, after the invoice's earlier notes (issue order).
    ASSIGN_OR_RETURN(std::vector<domain::CreditNote> customer_notes,
                     tx.credit_notes().ListAll(ctx.account_id, invoice.customer_id));
    std::vector<domain::CreditNote> earlier;
    for (domain::CreditNote& other : customer_notes) {
      if (other.invoice_id == invoice.id) earlier.push_back(std::move(other));
    }
    RETURN_IF_ERROR(domain::SplitCreditNoteTax(note, invoice, earlier));
    RETURN_IF_ERROR(LockCustomerBalance(tx, invoice.account_id, invoice.customer_id));
    // Only once the note is accepted: a refused one uses up no number.
    ASSIGN_OR_RETURN(note.number, tx.document_numbers().Next(ctx.account_id,
                                                             domain::DocumentKind::kCreditNote));
    domain::StoreAmounts(invoice, amounts);
    invoice.update_time = now;
    RETURN_IF_ERROR(tx.invoices().Update(invoice));
    // Queued with the note, so that it is emailed exactly when it exists;
    // the worker renders and sends it after this transaction.
    ASSIGN_OR_RETURN(domain::Customer customer,
                     tx.customers().GetToReference(ctx.account_id, invoice.customer_id));
    domain::QueueCreditNoteEmail(note, customer.email, mail_configured_, now);
    RETURN_IF_ERROR(tx.credit_notes().Insert(note));
    RETURN_IF_ERROR(
        BookLedgerEntries(tx, encoder_, {domain::CreditNoteLedgerEntry(note, now)}, now));
    RETURN_IF_ERROR(RecordEvent(tx, encoder_, note.account_id, domain::kCreditNoteCreated, note.id,
                                encoder_.Encode(note), now));
    RETURN_IF_ERROR(RecordInvoiceAmountsChanged(tx, encoder_, invoice, before, now));
    result = std::move(note);
    return absl::OkStatus();
  }));
  return *std::move(result);
}

absl::StatusOr<domain::CreditNote> CreditNotes::Get(const CallContext& ctx,
                                                    std::string_view credit_note_id) {
  RETURN_IF_ERROR(RequireId("credit_note_id", credit_note_id, domain::kCreditNoteIdPrefix));
  std::optional<domain::CreditNote> result;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(result, tx.credit_notes().Get(ctx.account_id, credit_note_id));
    return absl::OkStatus();
  }));
  return *std::move(result);
}

absl::StatusOr<CreditNoteDocumentParts> ReadCreditNoteDocumentParts(
    Transaction& tx, std::string_view account_id, std::string_view credit_note_id) {
  ASSIGN_OR_RETURN(domain::CreditNote note, tx.credit_notes().Get(account_id, credit_note_id));
  ASSIGN_OR_RETURN(domain::Invoice invoice, tx.invoices().Get(account_id, note.invoice_id));
  ASSIGN_OR_RETURN(std::vector<domain::CreditNote> customer_notes,
                   tx.credit_notes().ListAll(account_id, invoice.customer_id));
  // Issue order is number order: notes on one invoice are numbered one
  // after the other under its lock (Create).
  ASSIGN_OR_RETURN(domain::DocumentNumber own, domain::ParseDocumentNumber(note.number));
  std::vector<std::pair<int64_t, domain::CreditNote>> before;
  for (domain::CreditNote& other : customer_notes) {
    if (other.invoice_id != invoice.id || other.id == note.id) continue;
    ASSIGN_OR_RETURN(domain::DocumentNumber number, domain::ParseDocumentNumber(other.number));
    if (number.sequence < own.sequence) before.emplace_back(number.sequence, std::move(other));
  }
  std::sort(before.begin(), before.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  CreditNoteDocumentParts parts{.note = std::move(note), .invoice = std::move(invoice)};
  for (auto& entry : before) parts.earlier.push_back(std::move(entry.second));
  return parts;
}

absl::StatusOr<domain::InvoiceDocument> CreditNoteDocumentFrom(
    const CreditNoteDocumentParts& parts) {
  // The invoice is issued (a note credits only a processed one): its
  // document is what was frozen, never the current parties passed here.
  ASSIGN_OR_RETURN(domain::InvoiceDocument invoice_document,
                   domain::InvoiceDocumentOf(
                       parts.invoice, domain::DefaultOrganization(parts.invoice.account_id), {},
                       parts.note.date));
  return domain::CreditNoteDocumentOf(parts.note, invoice_document, parts.earlier);
}

absl::StatusOr<domain::InvoiceDocument> CreditNotes::Document(const CallContext& ctx,
                                                             std::string_view credit_note_id) {
  RETURN_IF_ERROR(RequireId("credit_note_id", credit_note_id, domain::kCreditNoteIdPrefix));
  std::optional<CreditNoteDocumentParts> parts;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(parts, ReadCreditNoteDocumentParts(tx, ctx.account_id, credit_note_id));
    return absl::OkStatus();
  }));
  return CreditNoteDocumentFrom(*parts);
}

absl::StatusOr<domain::Page<domain::CreditNote>> CreditNotes::List(
    const CallContext& ctx, int page, int page_size, const CreditNoteFilter& filter,
    std::string_view page_token) {
  if (!filter.invoice_id.empty()) {
    RETURN_IF_ERROR(RequireId("invoice_id", filter.invoice_id, domain::kInvoiceIdPrefix));
  }
  if (!filter.customer_id.empty()) RETURN_IF_ERROR(RequireId("customer_id", filter.customer_id));
  // A token continues only the list it was made for: same filters.
  const std::string list_key =
      absl::StrCat("credit_notes/i=", filter.invoice_id, "/c=", filter.customer_id);
  ASSIGN_OR_RETURN(domain::PageRequest request,
                   MakeListPageRequest(store_, ctx, page, page_size, page_token, list_key));
  std::optional<domain::Page<domain::CreditNote>> result;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    if (!filter.invoice_id.empty()) {
      RETURN_IF_ERROR(tx.invoices().Get(ctx.account_id, filter.invoice_id).status());
    }
    if (!filter.customer_id.empty()) {
      RETURN_IF_ERROR(tx.customers().Get(ctx.account_id, filter.customer_id).status());
    }
    ASSIGN_OR_RETURN(result, tx.credit_notes().List(ctx.account_id, filter, request));
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(SetSealedNextPageToken(store_, ctx, *result, list_key));
  return *std::move(result);
}

}  // namespace billing::app
