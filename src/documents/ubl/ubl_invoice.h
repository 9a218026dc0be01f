// The e-invoice: an InvoiceDocument as a UBL 2.1 Invoice or CreditNote in
// Peppol BIS Billing 3.0 (EN 16931), the format Peppol access points and EU
// tax authorities read. Pure and deterministic: the same document gives the
// same bytes, so a frozen invoice's e-invoice never changes.
#ifndef BILLING_DOCUMENTS_UBL_UBL_INVOICE_H_
#define BILLING_DOCUMENTS_UBL_UBL_INVOICE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/invoice_document.h"

namespace billing::documents {

inline constexpr std::string_view kPeppolCustomizationId =
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
inline constexpr std::string_view kPeppolProfileId = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

// Why `document` cannot be a valid EN 16931 / Peppol BIS 3 e-invoice, one
// short sentence per reason naming the rule, in a fixed order; empty when it
// can. The reasons: a draft or a document without a number; an unknown
// currency or one with more than 2 decimals (EN 16931 amounts have at most
// 2, BR-DEC); a seller or buyer without a legal name, country or electronic
// address (BR-06/07/09/11, PEPPOL-EN16931-R020/R010), or with a country or
// address scheme off its code list (BR-CL-14, BR-CL-25); lines without a VAT
// category (BR-CO-04) or description (BR-25); a seller without a VAT
// identifier where a VAT category needs it (BR-S-02 and the like); a
// reverse charge (K: intra-community) buyer without the identifier BR-AE-02
// (BR-IC-02) asks for; an intra-community supply without a service period
// (BR-IC-11); between German parties, a seller without phone or e-mail
// (DE-R-006/007); a credit note without its invoice's number; text that
// XML 1.0 cannot carry.
std::vector<std::string> EInvoiceUnsupportedReasons(const domain::InvoiceDocument& document);

// The UBL 2.1 document (UTF-8, LF line ends). E_INVOICE_UNSUPPORTED
// (FAILED_PRECONDITION) naming every reason above before anything is
// written; INTERNAL when the document's own figures disagree (tax lines not
// aligned with the lines, amount_due != total - paid - credited).
//
// How the figures map:
// - each line's LineExtensionAmount is its net after discount
//   (tax.lines[i].net), its discount a line allowance (reason code 95), its
//   price net of tax: for an inclusive rate the discount is converted to net
//   (rounded half up) and the price is derived from the net. The price is
//   per unit when quantity x price is exactly the net before the allowance,
//   otherwise the price of the whole quantity with BaseQuantity = quantity,
//   so PEPPOL-EN16931-R120 holds exactly for any quantity and currency;
// - line allowances are inside the line amounts: AllowanceTotalAmount
//   (BT-107) is for document-level allowances, of which there are none, so
//   it is not written (BR-CO-11/13);
// - PrepaidAmount is amount_paid + amount_credited, PayableAmount
//   amount_due (BR-CO-16);
// - an invoice pays by credit transfer to the seller's IBAN (58 SEPA for
//   EUR, 30 otherwise); a credit note carries no payment means (the money
//   goes to the buyer) but its BillingReference to the invoice;
// - the buyer reference (BT-10, which Peppol requires) falls back to the
//   document number.
// For a credit note, `lines` and `tax` are what it credits (the figures of
// AllocateCreditNoteTax, one line per credited invoice line).
absl::StatusOr<std::string> WriteUblInvoice(const domain::InvoiceDocument& document);

}  // namespace billing::documents

#endif  // BILLING_DOCUMENTS_UBL_UBL_INVOICE_H_
