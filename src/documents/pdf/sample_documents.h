// Sample documents for the PDF's tests, its benchmark and the README's
// picture: real tax figures (CalculateTax, AllocateCreditNoteTax) over
// made-up parties. Not used by the service.
#ifndef BILLING_DOCUMENTS_PDF_SAMPLE_DOCUMENTS_H_
#define BILLING_DOCUMENTS_PDF_SAMPLE_DOCUMENTS_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "domain/invoice_document.h"

namespace billing::documents {

// `name` is one of:
//   invoice         INV-000042 in EUR, lines alternating 19 % and 7 % VAT,
//                   every third with a discount, partly paid and credited;
//   draft           the same invoice not yet issued (no number);
//   credit-note     CN-000007 crediting 119.00 EUR of INV-000042;
//   reverse-charge  an invoice to a Polish business, category AE;
// with `lines` lines (>= 1). InvalidArgument for another name.
absl::StatusOr<domain::InvoiceDocument> SampleDocument(std::string_view name, int lines);

}  // namespace billing::documents

#endif  // BILLING_DOCUMENTS_PDF_SAMPLE_DOCUMENTS_H_
