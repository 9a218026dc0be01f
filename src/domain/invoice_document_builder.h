// Builds the frozen InvoiceDocument of an invoice or a credit note from
// the seller and buyer as they were, the lines and their tax, so that the
// renderers (PDF, UBL) never read live rows.
#ifndef BILLING_DOMAIN_INVOICE_DOCUMENT_BUILDER_H_
#define BILLING_DOMAIN_INVOICE_DOCUMENT_BUILDER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/credit_note.h"
#include "domain/credit_note_tax.h"
#include "domain/customer_identity.h"
#include "domain/invoice.h"
#include "domain/invoice_document.h"
#include "domain/organization.h"

namespace billing::domain {

// The customer as it was when the document was issued.
struct BuyerSnapshot {
  std::string customer_id;
  std::string name;  // the legal name when identity.legal_name is empty
  std::string email;
  CustomerIdentity identity;
};

// The seller party (BG-4): the organization's names, address, tax id,
// registration number, contacts and electronic address.
DocumentParty SellerParty(const Organization& seller);
// The buyer party (BG-7).
DocumentParty BuyerParty(const BuyerSnapshot& buyer);

struct InvoiceDocumentSource {
  bool draft = false;
  std::string number;  // required unless draft, empty when draft
  absl::CivilDay issue_date;
  // The invoice's due date; none: issue date + the payment terms.
  std::optional<absl::CivilDay> due_date;
  std::string currency;
  std::string buyer_reference;
  std::string notes;
  Organization seller;
  BuyerSnapshot buyer;
  // Each line's description, quantity, unit amount, discount and the rate
  // that applies to it (its own or the invoice's default); `amount` is
  // ignored and computed (quantity x unit amount, rounded once).
  std::vector<DocumentLine> lines;
  int64_t amount_paid = 0;
  int64_t amount_credited = 0;
};

// The invoice's document: the tax by CalculateTax, the payment terms the
// buyer's override or the seller's default, amount due = total - paid -
// credited (not below 0), and the seller's payment instructions.
// ValidationError on number (missing when issued, present on a draft) and
// whatever CalculateTax refuses; an issued one needs CheckCanIssue(seller).
absl::StatusOr<InvoiceDocument> BuildInvoiceDocument(const InvoiceDocumentSource& source);

// The document of an invoice (issue 23). A draft's is a preview: no number,
// dated `today`, from the seller and buyer as they are now. An issued one
// (it has a number) is the document as it was issued, from nothing but
// what was frozen when it was processed (its parties and terms), dated the
// day it was processed, with nothing paid or credited yet: the same value
// every time, whatever changed since. An invoice without line items shows
// its amount as one line. INTERNAL when an issued invoice has nothing
// frozen; otherwise what BuildInvoiceDocument refuses.
absl::StatusOr<InvoiceDocument> InvoiceDocumentOf(const Invoice& invoice,
                                                  const Organization& current_seller,
                                                  const BuyerSnapshot& current_buyer,
                                                  absl::CivilDay today);

struct CreditNoteDocumentSource {
  std::string number;  // the credit note's ("CN-000007")
  absl::CivilDay issue_date;
  std::string notes;  // the memo
  // The invoice credited, as frozen in its own document (its seller, buyer,
  // currency, number, issue date, lines and tax).
  InvoiceDocument invoice;
  CreditNoteTax credit;  // AllocateCreditNoteTax on invoice.tax
};

// The credit note's document: what it reverses of each invoice line (a
// line fully reversed as it was; a part of one as a quantity of 1 at the
// part's amount), the breakdown entries it touches and its totals
// (subtotal + tax = amount), the invoice as the preceding document (BG-3).
// Lines and entries the note does not touch are left out.
// ValidationError when the credit does not fit the invoice's tax.
absl::StatusOr<InvoiceDocument> BuildCreditNoteDocument(const CreditNoteDocumentSource& source);

// The document of the issued credit note `note` on the invoice whose issued
// document is `invoice` (InvoiceDocumentOf), dated the note's day, its memo
// as notes. Its split is replayed as SplitCreditNoteTax made it: after
// `earlier`, the invoice's notes before it in issue order, so it is the same
// on every fetch. INTERNAL when the replay disagrees with the tax stored on
// the note (the rows were changed beside the service).
absl::StatusOr<InvoiceDocument> CreditNoteDocumentOf(const CreditNote& note,
                                                     const InvoiceDocument& invoice,
                                                     const std::vector<CreditNote>& earlier);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_INVOICE_DOCUMENT_BUILDER_H_
