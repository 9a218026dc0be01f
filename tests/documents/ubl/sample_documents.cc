#include "documents/ubl/sample_documents.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "domain/credit_note.h"
#include "domain/credit_note_tax.h"
#include "domain/decimal_quantity.h"
#include "domain/invoice_document_builder.h"
#include "domain/tax_calculation.h"

namespace billing::documents::samples {

using domain::DocumentParty;
using domain::InvoiceDocument;
using domain::TaxCategory;
using domain::TaxId;
using domain::TaxIdType;

DocumentParty Seller() {
  DocumentParty p;
  p.legal_name = "Kestrel Analytics GmbH";
  p.trading_name = "Kestrel Analytics";
  p.address = {.line1 = "Annenstraße 12", .city = "Graz", .postal_code = "8020", .country = "AT"};
  p.tax_ids = {TaxId{TaxIdType::kEuVat, "ATU73018462"}};
  p.company_id = "FN 512345x";
  p.email = "billing@kestrel-analytics.example";
  p.phone = "+43 316 123456";
  p.electronic_address = domain::ElectronicAddress{"0088", "9123456000019"};
  return p;
}

domain::PaymentInstructions SellerBank() {
  return {.iban = "AT611904300234573201", .bic = "KESTATW1XXX", .bank_name = "Steiermärkische Bank",
          .account_name = "Kestrel Analytics GmbH"};
}

DocumentParty DomesticBuyer() {
  DocumentParty p;
  p.legal_name = "Alpenglas Handels GmbH";
  p.address = {.line1 = "Hauptplatz 3", .line2 = "2. Stock", .city = "Linz", .postal_code = "4020",
               .country = "AT"};
  p.tax_ids = {TaxId{TaxIdType::kEuVat, "ATU64829117"}};
  p.electronic_address = domain::ElectronicAddress{"0088", "9123456000026"};
  return p;
}

DocumentParty EuBuyer() {
  DocumentParty p;
  p.legal_name = "Zoë Müller Beratung GmbH";
  p.address = {.line1 = "Friedrichstraße 68", .city = "Berlin", .postal_code = "10117", .country = "DE"};
  p.tax_ids = {TaxId{TaxIdType::kEuVat, "DE811907980"}};
  p.company_id = "HRB 123456";
  p.email = "ap@zoe-mueller.example";
  p.electronic_address = domain::ElectronicAddress{"0088", "9123456000033"};
  return p;
}

DocumentParty GermanSeller() {
  DocumentParty p;
  p.legal_name = "Brandt & Söhne KG";
  p.address = {.line1 = "Große Elbstraße 145", .city = "Hamburg", .postal_code = "22767", .country = "DE"};
  p.tax_ids = {TaxId{TaxIdType::kEuVat, "DE136695976"}};
  p.company_id = "HRA 98765";
  p.email = "rechnung@brandt-soehne.example";
  p.phone = "+49 40 1234567";
  p.electronic_address = domain::ElectronicAddress{"0088", "9123456000057"};
  return p;
}

DocumentParty ExportBuyer() {
  DocumentParty p;
  p.legal_name = "Northwind Traders Inc.";
  p.address = {.line1 = "400 Pine Street", .city = "Seattle", .postal_code = "98101", .region = "WA",
               .country = "US"};
  p.tax_ids = {TaxId{TaxIdType::kUsEin, "12-3456789"}};
  p.electronic_address = domain::ElectronicAddress{"0088", "9123456000040"};
  return p;
}

domain::TaxRateTerms Standard(const std::string& percentage, bool inclusive) {
  return {.percentage = *domain::ParsePercentage(percentage), .inclusive = inclusive,
          .category = TaxCategory::kStandard};
}

domain::TaxRateTerms WithoutVat(TaxCategory category, std::string vatex_code) {
  return {.percentage = 0, .inclusive = false, .category = category,
          .exemption_reason = std::string(domain::VatexName(vatex_code)),
          .exemption_reason_code = std::move(vatex_code)};
}

absl::StatusOr<InvoiceDocument> Invoice(std::string number, std::string currency, DocumentParty buyer,
                                        const std::vector<Line>& lines) {
  InvoiceDocument d;
  d.number = std::move(number);
  d.issue_date = absl::CivilDay(2026, 12, 1);
  d.due_date = absl::CivilDay(2026, 12, 31);
  d.payment_terms_days = 30;
  d.currency = std::move(currency);
  d.buyer_reference = "PO-7781";
  d.notes = "Thank you for your business.";
  d.seller = Seller();
  d.buyer = std::move(buyer);
  d.payment_instructions = SellerBank();
  std::vector<domain::TaxLine> tax_lines;
  for (const Line& in : lines) {
    domain::DocumentLine line;
    line.description = in.description;
    ASSIGN_OR_RETURN(line.quantity, domain::ParseQuantity(in.quantity));
    line.unit_amount = in.unit_amount;
    ASSIGN_OR_RETURN(line.amount, domain::LineGrossAmount(line.quantity, in.unit_amount));
    line.discount_amount = in.discount_amount;
    line.tax_rate = in.rate;
    line.tax_rate_display_name = "VAT";
    line.service_period_start = absl::CivilDay(2026, 11, 1);
    line.service_period_end = absl::CivilDay(2026, 11, 30);
    tax_lines.push_back({.amount = line.amount, .discount_amount = in.discount_amount, .rate = in.rate});
    d.lines.push_back(std::move(line));
  }
  ASSIGN_OR_RETURN(d.tax, domain::CalculateTax(tax_lines));
  d.amount_due = d.tax.total;
  return d;
}

absl::StatusOr<InvoiceDocument> CreditNote(const InvoiceDocument& invoice, std::string number,
                                           int64_t amount) {
  ASSIGN_OR_RETURN(domain::CreditNoteTax note, domain::AllocateCreditNoteTax(invoice.tax, {}, amount));
  InvoiceDocument d = invoice;
  d.kind = domain::DocumentKind::kCreditNote;
  d.number = std::move(number);
  d.issue_date = absl::CivilDay(2026, 12, 10);
  d.due_date.reset();
  d.notes = "Two licences returned.";
  d.preceding_invoice_number = invoice.number;
  d.preceding_invoice_issue_date = invoice.issue_date;
  d.lines.clear();
  d.tax = domain::InvoiceTax{.inclusive = invoice.tax.inclusive, .subtotal = note.subtotal,
                             .tax_amount = note.tax_amount, .total = note.amount,
                             .breakdown = note.breakdown, .lines = {}};
  for (size_t i = 0; i < invoice.lines.size(); ++i) {
    const domain::LineTaxShare& share = note.lines[i];
    if (share.net == 0 && share.tax == 0) continue;
    domain::DocumentLine line = invoice.lines[i];
    // What the note credits of the line: its net, once.
    line.quantity = domain::DecimalQuantity::Whole(1);
    line.unit_amount = share.net;
    line.amount = share.net;
    line.discount_amount = 0;
    d.lines.push_back(std::move(line));
    d.tax.lines.push_back(share);
  }
  d.amount_paid = 0;
  d.amount_credited = 0;
  d.amount_due = note.amount;
  return d;
}

absl::StatusOr<std::vector<Case>> MatrixCases() {
  std::vector<Case> cases;
  const auto add = [&](std::string name, absl::StatusOr<InvoiceDocument> document) -> absl::Status {
    if (!document.ok()) return document.status();
    cases.push_back({std::move(name), *std::move(document)});
    return absl::OkStatus();
  };
  const domain::TaxRateTerms s20 = Standard("20");
  const domain::TaxRateTerms s10 = Standard("10");

  RETURN_IF_ERROR(add("standard-rate", Invoice("INV-000101", "EUR", DomesticBuyer(),
                                               {{"Analytics platform, Team plan", "1", 120000, 0, s20},
                                                {"Additional seats", "4", 1990, 0, s20}})));
  ASSIGN_OR_RETURN(InvoiceDocument two_rates,
                   Invoice("INV-000102", "EUR", DomesticBuyer(),
                           {{"Analytics platform, Team plan", "1", 120000, 0, s20},
                            {"Onboarding workshop", "6", 15000, 9000, s20},
                            {"Printed handbook", "3", 2450, 0, s10},
                            {"Seven small things", "7", 7, 0, Standard("19")}}));
  RETURN_IF_ERROR(add("two-rates", two_rates));
  RETURN_IF_ERROR(add("zero-rated",
                      Invoice("INV-000103", "EUR", DomesticBuyer(),
                              {{"Printed books", "12", 1850, 0,
                                {.percentage = 0, .category = TaxCategory::kZeroRated}}})));
  RETURN_IF_ERROR(add("exempt", Invoice("INV-000104", "EUR", DomesticBuyer(),
                                        {{"Vocational training course", "2", 45000, 0,
                                          WithoutVat(TaxCategory::kExempt, "VATEX-EU-132-1I")}})));
  RETURN_IF_ERROR(add("reverse-charge",
                      Invoice("INV-000105", "EUR", EuBuyer(),
                              {{"Data engineering, November", "37.5", 11000, 0,
                                WithoutVat(TaxCategory::kReverseCharge, "VATEX-EU-AE")},
                               {"Analytics platform, Team plan", "1", 120000, 12000,
                                WithoutVat(TaxCategory::kReverseCharge, "VATEX-EU-AE")}})));
  RETURN_IF_ERROR(add("intra-community",
                      Invoice("INV-000106", "EUR", EuBuyer(),
                              {{"Sensor kit", "10", 8900, 0,
                                WithoutVat(TaxCategory::kIntraCommunity, "VATEX-EU-IC")}})));
  RETURN_IF_ERROR(add("export", Invoice("INV-000107", "EUR", ExportBuyer(),
                                        {{"Sensor kit", "25", 8900, 2225,
                                          WithoutVat(TaxCategory::kExport, "VATEX-EU-G")}})));
  {
    absl::StatusOr<InvoiceDocument> outside =
        Invoice("INV-000108", "EUR", ExportBuyer(),
                {{"Consulting performed abroad", "3", 50000, 0,
                  WithoutVat(TaxCategory::kOutsideScope, "VATEX-EU-O")}});
    RETURN_IF_ERROR(add("outside-scope", std::move(outside)));
  }
  RETURN_IF_ERROR(add("line-discounts",
                      Invoice("INV-000109", "EUR", DomesticBuyer(),
                              {{"Consulting hours", "7.5", 9500, 7125, s20},
                               {"Analytics platform, Team plan", "1", 120000, 30000, s20},
                               {"Odd-priced hours", "2.5", 33, 1, s20},
                               {"Printed handbook", "3", 2450, 2450, s10}})));
  RETURN_IF_ERROR(add("inclusive-prices",
                      Invoice("INV-000110", "EUR", DomesticBuyer(),
                              {{"Workshop ticket", "1", 11900, 0, Standard("19", true)},
                               {"Coffee beans, 1 kg", "3", 999, 200, Standard("19", true)},
                               {"Tea sampler", "2.5", 1000, 0, Standard("19", true)}})));
  RETURN_IF_ERROR(add("jpy", Invoice("INV-000111", "JPY", DomesticBuyer(),
                                     {{"Translation, pages", "7.5", 333, 0, s10},
                                      {"Licence", "1", 1000, 100, s10},
                                      {"Support hours", "3", 12500, 0, s10}})));
  RETURN_IF_ERROR(add("credit-note-partial", CreditNote(two_rates, "CN-000007", 33333)));
  {
    // As the service builds them (CreditNoteDocumentOf): the second of two
    // notes on an invoice, split after the first, and a note crediting the
    // whole of an invoice with inclusive prices and discounts.
    ASSIGN_OR_RETURN(std::vector<domain::CreditNoteTax> split,
                     domain::AllocateCreditNotesTax(two_rates.tax, {33333, 50017}));
    const domain::CreditNote first{.id = "cn_first", .number = "CN-000008", .amount = 33333,
                                   .tax_amount = split[0].tax_amount};
    const domain::CreditNote second{.id = "cn_second", .number = "CN-000009", .amount = 50017,
                                    .memo = "Workshop shortened.",
                                    .date = absl::CivilDay(2026, 12, 11),
                                    .tax_amount = split[1].tax_amount};
    RETURN_IF_ERROR(add("credit-note-second", domain::CreditNoteDocumentOf(second, two_rates, {first})));
    ASSIGN_OR_RETURN(InvoiceDocument inclusive,
                     Invoice("INV-000114", "EUR", DomesticBuyer(),
                             {{"Workshop ticket", "1", 11900, 0, Standard("19", true)},
                              {"Coffee beans, 1 kg", "3", 999, 200, Standard("19", true)},
                              {"Tea sampler", "2.5", 1000, 0, Standard("7", true)}}));
    ASSIGN_OR_RETURN(domain::CreditNoteTax whole,
                     domain::AllocateCreditNoteTax(inclusive.tax, {}, inclusive.tax.total));
    const domain::CreditNote full{.id = "cn_full", .number = "CN-000010",
                                  .amount = inclusive.tax.total,
                                  .date = absl::CivilDay(2026, 12, 12),
                                  .tax_amount = whole.tax_amount};
    RETURN_IF_ERROR(add("credit-note-whole-inclusive", domain::CreditNoteDocumentOf(full, inclusive, {})));
  }
  std::vector<Line> many;
  for (int i = 0; i < 300; ++i) {
    many.push_back({absl::StrFormat("Usage, meter %03d", i + 1),
                    absl::StrCat(1 + i % 9, i % 4 == 0 ? ".25" : ""), 100 + (i * 37) % 5000,
                    i % 7 == 0 ? 50 : 0, i % 5 == 0 ? s10 : s20});
  }
  RETURN_IF_ERROR(add("lines-300", Invoice("INV-000112", "EUR", DomesticBuyer(), many)));
  {
    absl::StatusOr<InvoiceDocument> german = Invoice("INV-000113", "EUR", EuBuyer(),
                                                     {{"Wartungsvertrag, November", "1", 49000, 0, Standard("19")}});
    if (german.ok()) {
      german->seller = GermanSeller();
      german->payment_instructions = domain::PaymentInstructions{
          .iban = "DE89370400440532013000", .bic = "COBADEFFXXX", .account_name = "Brandt & Söhne KG"};
    }
    RETURN_IF_ERROR(add("domestic-germany", std::move(german)));
  }
  return cases;
}

}  // namespace billing::documents::samples
