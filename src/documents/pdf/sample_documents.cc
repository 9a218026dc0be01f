#include "documents/pdf/sample_documents.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/credit_note_tax.h"
#include "domain/decimal_quantity.h"
#include "domain/tax_calculation.h"

namespace billing::documents {
namespace {

using domain::DocumentLine;
using domain::InvoiceDocument;
using domain::TaxCategory;
using domain::TaxRateTerms;

domain::DocumentParty Seller() {
  domain::DocumentParty seller;
  seller.legal_name = "Nordlicht Software GmbH";
  seller.trading_name = "Nordlicht";
  seller.address = {.line1 = "Friedrichstraße 68", .line2 = "3. OG", .city = "Berlin",
                    .postal_code = "10117", .region = "", .country = "DE"};
  seller.tax_ids = {{domain::TaxIdType::kEuVat, "DE811907980"}};
  seller.company_id = "HRB 123456 B";
  seller.email = "billing@nordlicht.example";
  seller.electronic_address = domain::ElectronicAddress{"9930", "DE811907980"};
  return seller;
}

domain::DocumentParty Buyer() {
  domain::DocumentParty buyer;
  buyer.legal_name = "Ærøskøbing Handel ApS";
  buyer.address = {.line1 = "Vestergade 12", .line2 = "Att. Zoë Müller", .city = "Ærøskøbing",
                   .postal_code = "5970", .region = "", .country = "DK"};
  buyer.tax_ids = {{domain::TaxIdType::kEuVat, "DK13585628"}};
  buyer.company_id = "13585628";
  return buyer;
}

const TaxRateTerms kStandard{.percentage = 190000, .category = TaxCategory::kStandard};
const TaxRateTerms kReduced{.percentage = 70000, .category = TaxCategory::kStandard};
const TaxRateTerms kReverse{.percentage = 0,
                            .category = TaxCategory::kReverseCharge,
                            .exemption_reason = "Reverse charge",
                            .exemption_reason_code = "VATEX-EU-AE"};

// `count` lines: consulting hours (7.5 h), licences and training days.
std::vector<DocumentLine> Lines(int count, bool reverse_charge) {
  std::vector<DocumentLine> lines;
  for (int i = 0; i < count; ++i) {
    DocumentLine line;
    switch (i % 3) {
      case 0:
        line.description = absl::StrCat("Consulting, sprint ", i / 3 + 1);
        line.quantity = domain::DecimalQuantity{75'000};  // 7.5 hours
        line.unit_amount = 12000;
        break;
      case 1:
        line.description = "Łódź office licence, annual";
        line.quantity = domain::DecimalQuantity::Whole(3);
        line.unit_amount = 4990;
        line.service_period_start = absl::CivilDay(2026, 1, 1);
        line.service_period_end = absl::CivilDay(2026, 12, 31);
        break;
      default:
        line.description = "Training day (Ελληνικά, Кириллица)";
        line.quantity = domain::DecimalQuantity::Whole(1);
        line.unit_amount = 85000;
        line.discount_amount = 8500;
        line.discount_reason = "Early booking 10 %";
        break;
    }
    line.amount = *domain::LineGrossAmount(line.quantity, line.unit_amount);
    line.tax_rate = reverse_charge ? kReverse : (i % 2 == 0 ? kStandard : kReduced);
    line.tax_rate_display_name = "VAT";
    lines.push_back(std::move(line));
  }
  return lines;
}

absl::StatusOr<domain::InvoiceTax> Tax(const std::vector<DocumentLine>& lines) {
  std::vector<domain::TaxLine> tax_lines;
  for (const DocumentLine& line : lines) {
    tax_lines.push_back({.amount = line.amount, .discount_amount = line.discount_amount,
                         .rate = line.tax_rate});
  }
  return domain::CalculateTax(tax_lines);
}

}  // namespace

absl::StatusOr<InvoiceDocument> SampleDocument(std::string_view name, int lines) {
  if (lines < 1) return absl::InvalidArgumentError("a sample has at least one line");
  bool reverse_charge = name == "reverse-charge";
  if (name != "invoice" && name != "draft" && name != "credit-note" && !reverse_charge) {
    return absl::InvalidArgumentError(absl::StrCat("no sample document named ", std::string(name)));
  }
  InvoiceDocument document;
  document.number = "INV-000042";
  document.issue_date = absl::CivilDay(2026, 12, 7);
  document.due_date = absl::CivilDay(2027, 1, 6);
  document.payment_terms_days = 30;
  document.currency = "EUR";
  document.seller = Seller();
  document.buyer = Buyer();
  document.lines = Lines(lines, reverse_charge);
  ASSIGN_OR_RETURN(document.tax, Tax(document.lines));
  document.amount_paid = document.tax.total / 4;
  document.amount_credited = 0;
  document.amount_due = document.tax.total - document.amount_paid;
  document.payment_instructions = domain::PaymentInstructions{
      .iban = "DE89370400440532013000", .bic = "COBADEFFXXX", .bank_name = "Commerzbank",
      .account_name = "Nordlicht Software GmbH", .note = ""};
  document.notes = "Thank you for your business.";
  if (name == "draft") {
    document.draft = true;
    document.number = "";
  } else if (reverse_charge) {
    document.number = "INV-000043";
    document.buyer.legal_name = "Łódź Logistyka Sp. z o.o.";
    document.buyer.address = {.line1 = "ul. Piotrkowska 104", .line2 = "", .city = "Łódź",
                              .postal_code = "90-926", .region = "", .country = "PL"};
    document.buyer.tax_ids = {{domain::TaxIdType::kEuVat, "PL5260250995"}};
    document.buyer.company_id = "";
    document.amount_paid = 0;
    document.amount_due = document.tax.total;
  } else if (name == "credit-note") {
    // 119.00 EUR of the invoice, allocated over its breakdown as issue 19
    // says; the note's lines are the invoice's, with what it reverses.
    ASSIGN_OR_RETURN(domain::CreditNoteTax credit,
                     domain::AllocateCreditNoteTax(document.tax, {}, 11900));
    document.kind = domain::DocumentKind::kCreditNote;
    document.number = "CN-000007";
    document.preceding_invoice_number = "INV-000042";
    document.preceding_invoice_issue_date = document.issue_date;
    document.issue_date = absl::CivilDay(2026, 12, 14);
    document.due_date.reset();
    document.tax.subtotal = credit.subtotal;
    document.tax.tax_amount = credit.tax_amount;
    document.tax.total = credit.amount;
    document.tax.breakdown = credit.breakdown;
    document.tax.lines = credit.lines;
    document.amount_paid = 0;
    document.amount_due = 0;
    document.payment_instructions.reset();
    document.notes = "Credited: service outage on 2026-12-03.";
  }
  return document;
}

}  // namespace billing::documents
