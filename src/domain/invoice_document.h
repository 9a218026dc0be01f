// Everything an invoice or credit note document shows, frozen when it is
// issued: the seller and buyer as they were, the lines, the tax breakdown and
// the totals. The PDF and the UBL e-invoice are both rendered from this one
// value, never from live rows, so that what the customer received can be
// reproduced byte for byte.
#ifndef BILLING_DOMAIN_INVOICE_DOCUMENT_H_
#define BILLING_DOMAIN_INVOICE_DOCUMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "domain/decimal_quantity.h"
#include "domain/document_number.h"
#include "domain/electronic_address.h"
#include "domain/tax_calculation.h"
#include "domain/tax_id.h"
#include "domain/tax_rate.h"

namespace billing::domain {

// EN 16931 BG-5 / BG-8 (and the organization's and customer's address).
struct PostalAddress {
  std::string line1;        // BT-35 / BT-50
  std::string line2;        // BT-36 / BT-51
  std::string city;         // BT-37 / BT-52
  std::string postal_code;  // BT-38 / BT-53
  std::string region;       // BT-39 / BT-54
  std::string country;      // BT-40 / BT-55, ISO 3166-1 alpha-2

  friend bool operator==(const PostalAddress&, const PostalAddress&) = default;
};

// The seller (BG-4) or the buyer (BG-7).
struct DocumentParty {
  std::string legal_name;    // BT-27 / BT-44
  std::string trading_name;  // BT-28 / BT-45; "" if none
  PostalAddress address;
  // The seller's VAT identifier first (BT-31); the buyer's ids (BT-48 is the
  // first eu_vat/gb_vat/ch_vat/no_vat one).
  std::vector<TaxId> tax_ids;
  std::string company_id;  // BT-30 / BT-47, registration number; "" if none
  std::string email;       // BT-43 / BT-58
  std::string phone;       // BT-42 / BT-57
  std::optional<ElectronicAddress> electronic_address;  // BT-34 / BT-49

  friend bool operator==(const DocumentParty&, const DocumentParty&) = default;
};

// BG-16/BG-17: how the seller wants to be paid.
struct PaymentInstructions {
  std::string iban;  // BT-84, electronic form
  std::string bic;   // BT-86
  std::string bank_name;
  std::string account_name;  // BT-85
  std::string note;          // free text, printed as is

  friend bool operator==(const PaymentInstructions&, const PaymentInstructions&) = default;
};

// What an issued invoice's document needs besides its parties and lines,
// frozen with the parties when it is processed: the invoice's due date and
// notes and the payment terms and instructions as they were then (all may
// change later), and the layout it was issued with, so that its PDF never
// changes.
// The layout invoices are issued with now (the PDF renderer draws it).
inline constexpr int kCurrentTemplateVersion = 1;

struct DocumentTerms {
  absl::CivilDay due_date;
  int payment_terms_days = 0;
  std::string notes;
  std::optional<PaymentInstructions> payment_instructions;
  int template_version = kCurrentTemplateVersion;

  friend bool operator==(const DocumentTerms&, const DocumentTerms&) = default;
};

// One line (BG-25). Amounts in the currency's minor units.
struct DocumentLine {
  std::string description;      // BT-153 (item name)
  DecimalQuantity quantity;     // BT-129
  int64_t unit_amount = 0;      // BT-146, net unless the rate is inclusive
  int64_t amount = 0;           // quantity x unit_amount, rounded once
  int64_t discount_amount = 0;  // BT-136, line allowance, 0..amount
  std::string discount_reason;  // BT-139; "" prints "Discount"
  std::optional<TaxRateTerms> tax_rate;  // none: untaxed
  std::string tax_rate_display_name;     // "VAT", "USt."
  std::optional<absl::CivilDay> service_period_start;  // BT-134
  std::optional<absl::CivilDay> service_period_end;    // BT-135
};

// DocumentKind (invoice or credit note) is document_number.h's.

struct InvoiceDocument {
  DocumentKind kind = DocumentKind::kInvoice;
  // A draft has no number and prints DRAFT on every page; it has no
  // e-invoice.
  bool draft = false;
  std::string number;         // BT-1: "INV-000042", "CN-000007"
  absl::CivilDay issue_date;  // BT-2
  std::optional<absl::CivilDay> due_date;  // BT-9
  int payment_terms_days = 0;               // BT-20 printed as "Net 30"
  std::string currency;                     // BT-5, ISO 4217
  std::string buyer_reference;              // BT-10; "" -> the buyer's id
  std::string notes;                        // BT-22
  DocumentParty seller;
  DocumentParty buyer;
  std::vector<DocumentLine> lines;
  // The tax of `lines` as CalculateTax computes it (for a credit note: the
  // part it reverses, CreditNoteTax's figures in the same shape). Its
  // `lines` are aligned with `lines` above.
  InvoiceTax tax;
  int64_t amount_paid = 0;      // BT-113
  int64_t amount_credited = 0;  // shown beside amount paid
  int64_t amount_due = 0;       // BT-115
  std::optional<PaymentInstructions> payment_instructions;
  // A credit note's invoice (BG-3: BT-25 number, BT-26 issue date).
  std::string preceding_invoice_number;
  std::optional<absl::CivilDay> preceding_invoice_issue_date;
  // The renderers' template version the document was first produced with:
  // a later renderer reproduces that version's bytes, never a new layout.
  int template_version = 1;
};

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_INVOICE_DOCUMENT_H_
