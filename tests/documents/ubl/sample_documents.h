// The invoices and credit notes the e-invoice is proven on: each case of the
// validator matrix (tests/einvoice/README.md) as an InvoiceDocument, built
// the way billing builds one (CalculateTax, AllocateCreditNoteTax), so that
// the writer is checked on figures the domain really produces.
#ifndef BILLING_TESTS_DOCUMENTS_UBL_SAMPLE_DOCUMENTS_H_
#define BILLING_TESTS_DOCUMENTS_UBL_SAMPLE_DOCUMENTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/invoice_document.h"
#include "domain/tax_rate.h"

namespace billing::documents::samples {

// Kestrel Analytics GmbH, Graz (AT), with a VAT number, GLN endpoint and IBAN.
domain::DocumentParty Seller();
domain::PaymentInstructions SellerBank();
// Alpenglas Handels GmbH, Linz (AT).
domain::DocumentParty DomesticBuyer();
// Zoë Müller Beratung GmbH, Berlin (DE), with a German VAT number.
domain::DocumentParty EuBuyer();
// Brandt & Söhne KG, Hamburg (DE): with EuBuyer, Germany's national rules.
domain::DocumentParty GermanSeller();
// Northwind Traders Inc., Seattle (US), no VAT number.
domain::DocumentParty ExportBuyer();

// "20" -> standard 20 %, exclusive.
domain::TaxRateTerms Standard(const std::string& percentage, bool inclusive = false);
domain::TaxRateTerms WithoutVat(domain::TaxCategory category, std::string vatex_code);

struct Line {
  std::string description;
  std::string quantity;  // "7.5"
  int64_t unit_amount = 0;
  int64_t discount_amount = 0;
  domain::TaxRateTerms rate;
};

// An issued invoice (issue date 2026-12-01, due in 30 days, nothing paid)
// with the domain's tax of `lines`.
absl::StatusOr<domain::InvoiceDocument> Invoice(std::string number, std::string currency,
                                                domain::DocumentParty buyer,
                                                const std::vector<Line>& lines);

// The credit note of `amount` (gross, minor units) on `invoice`, allocated
// by AllocateCreditNoteTax: one line per invoice line it credits.
absl::StatusOr<domain::InvoiceDocument> CreditNote(const domain::InvoiceDocument& invoice,
                                                   std::string number, int64_t amount);

struct Case {
  std::string name;  // the file name without ".xml"
  domain::InvoiceDocument document;
};

// The matrix: standard-rate, two-rates, zero-rated, exempt, reverse-charge,
// intra-community, export, outside-scope, line-discounts, inclusive-prices,
// jpy, credit-note-partial, credit-note-second and credit-note-whole-inclusive
// (built by domain::CreditNoteDocumentOf, as the service does), lines-300,
// domestic-germany.
absl::StatusOr<std::vector<Case>> MatrixCases();

}  // namespace billing::documents::samples

#endif  // BILLING_TESTS_DOCUMENTS_UBL_SAMPLE_DOCUMENTS_H_
