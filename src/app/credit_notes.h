// Credit note use cases: corrections of a processed invoice, numbered in
// their own gap-free sequence and booked on the invoice and the ledger in
// the transaction that stores them. Never edited or deleted.
#ifndef BILLING_APP_CREDIT_NOTES_H_
#define BILLING_APP_CREDIT_NOTES_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "app/call_context.h"
#include "app/ports/resource_encoder.h"
#include "app/ports/store.h"
#include "domain/credit_note.h"
#include "domain/invoice_document.h"
#include "domain/paging.h"

namespace billing::app {

// What a credit note's document is made of, read in one transaction.
struct CreditNoteDocumentParts {
  domain::CreditNote note;
  domain::Invoice invoice;
  // The invoice's notes issued before `note`, in issue order.
  std::vector<domain::CreditNote> earlier;
};

// Reads the parts of the document of the account's credit note (in `tx`).
absl::StatusOr<CreditNoteDocumentParts> ReadCreditNoteDocumentParts(
    Transaction& tx, std::string_view account_id, std::string_view credit_note_id);
// The document from them (CreditNotes::Document): INVOICE_DOCUMENT_UNAVAILABLE
// when the invoice was processed before its terms were frozen.
absl::StatusOr<domain::InvoiceDocument> CreditNoteDocumentFrom(
    const CreditNoteDocumentParts& parts);

class CreditNotes {
 public:
  // Records credit_note.created (and invoice.paid when a note settles the
  // invoice) through `encoder`, in the note's transaction, and queues its
  // email there for the mail worker (`mail_configured`: an SMTP server is;
  // without one the note shows not_configured).
  CreditNotes(Store& store, const ResourceEncoder& encoder, Clock clock,
              bool mail_configured = false)
      : store_(store),
        encoder_(encoder),
        clock_(std::move(clock)),
        mail_configured_(mail_configured) {}

  absl::StatusOr<domain::CreditNote> Create(const CallContext& ctx, std::string_view invoice_id,
                                            const domain::CreditNoteInput& input);
  absl::StatusOr<domain::CreditNote> Get(const CallContext& ctx,
                                         std::string_view credit_note_id);
  // The credit note's document (domain::CreditNoteDocumentOf): its part of
  // the invoice as the invoice was issued, split after the invoice's earlier
  // notes, the same on every fetch. INVOICE_DOCUMENT_UNAVAILABLE when its
  // invoice was processed before its terms were frozen.
  absl::StatusOr<domain::InvoiceDocument> Document(const CallContext& ctx,
                                                   std::string_view credit_note_id);
  // Filters by invoice and/or customer; INVOICE_NOT_FOUND / CUSTOMER_NOT_FOUND
  // when the one named does not exist.
  // page_token: a previous page's next_page_token (app/page_tokens.h).
  absl::StatusOr<domain::Page<domain::CreditNote>> List(const CallContext& ctx, int page,
                                                        int page_size,
                                                        const CreditNoteFilter& filter,
                                                        std::string_view page_token = {});

 private:
  Store& store_;
  const ResourceEncoder& encoder_;
  Clock clock_;
  bool mail_configured_;
};

}  // namespace billing::app

#endif  // BILLING_APP_CREDIT_NOTES_H_
