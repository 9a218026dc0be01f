#include "domain/invoice_document_builder.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/money.h"
#include "domain/payment_terms.h"

namespace billing::domain {

DocumentParty SellerParty(const Organization& seller) {
  DocumentParty party;
  party.legal_name = seller.legal_name;
  party.trading_name = seller.trading_name;
  party.address = seller.address;
  if (seller.tax_id.has_value()) party.tax_ids.push_back(*seller.tax_id);
  party.company_id = seller.company_id;
  party.email = seller.email;
  party.phone = seller.phone;
  party.electronic_address = seller.electronic_address;
  return party;
}

DocumentParty BuyerParty(const BuyerSnapshot& buyer) {
  DocumentParty party;
  party.legal_name = buyer.identity.legal_name.empty() ? buyer.name : buyer.identity.legal_name;
  party.address = buyer.identity.billing_address;
  party.tax_ids = buyer.identity.tax_ids;
  party.email = buyer.email;
  party.electronic_address = buyer.identity.electronic_address;
  return party;
}

absl::StatusOr<InvoiceDocument> BuildInvoiceDocument(const InvoiceDocumentSource& source) {
  ViolationCollector violations;
  if (source.draft && !source.number.empty()) {
    violations.Add("number", "a draft has no number yet");
  } else if (!source.draft && source.number.empty()) {
    violations.Add("number", "an issued invoice needs its number");
  }
  violations.AddStatus("currency", FindCurrency(source.currency).status());
  std::vector<TaxLine> tax_lines;
  std::vector<DocumentLine> lines = source.lines;
  for (size_t i = 0; i < lines.size(); ++i) {
    DocumentLine& line = lines[i];
    absl::StatusOr<int64_t> amount =
        absl::InvalidArgumentError("needs a positive quantity and a unit amount not below 0");
    if (line.quantity.ten_thousandths > 0 && line.unit_amount >= 0) {
      amount = LineGrossAmount(line.quantity, line.unit_amount);
    }
    if (!amount.ok()) {
      violations.Add(absl::StrCat("line_items[", i, "].amount"),
                     std::string(amount.status().message()));
      continue;
    }
    line.amount = *amount;
    tax_lines.push_back({line.amount, line.discount_amount, line.tax_rate});
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  if (!source.draft) {
    if (absl::Status status = CheckCanIssue(source.seller); !status.ok()) return status;
  }
  absl::StatusOr<InvoiceTax> tax = CalculateTax(tax_lines);
  if (!tax.ok()) return tax.status();

  InvoiceDocument document;
  document.kind = DocumentKind::kInvoice;
  document.draft = source.draft;
  document.number = source.number;
  document.issue_date = source.issue_date;
  document.payment_terms_days = EffectivePaymentTermsDays(
      source.buyer.identity.payment_terms_days, source.seller.default_payment_terms_days);
  document.due_date = source.due_date.has_value()
                          ? *source.due_date
                          : source.issue_date + document.payment_terms_days;
  document.currency = source.currency;
  document.buyer_reference = source.buyer_reference;
  document.notes = source.notes;
  document.seller = SellerParty(source.seller);
  document.buyer = BuyerParty(source.buyer);
  document.lines = std::move(lines);
  document.tax = *std::move(tax);
  document.amount_paid = source.amount_paid;
  document.amount_credited = source.amount_credited;
  document.amount_due =
      std::max<int64_t>(0, document.tax.total - source.amount_paid - source.amount_credited);
  document.payment_instructions = PaymentInstructionsOf(source.seller);
  return document;
}

namespace {

// The seller as it was frozen, in the shape BuildInvoiceDocument reads:
// SellerParty gives the frozen party back.
Organization FrozenSeller(const Invoice& invoice, const DocumentTerms& terms) {
  const DocumentParty& party = *invoice.seller;
  Organization seller;
  seller.account_id = invoice.account_id;
  seller.legal_name = party.legal_name;
  seller.trading_name = party.trading_name;
  seller.address = party.address;
  if (!party.tax_ids.empty()) seller.tax_id = party.tax_ids.front();
  seller.company_id = party.company_id;
  seller.email = party.email;
  seller.phone = party.phone;
  seller.electronic_address = party.electronic_address;
  seller.payment_instructions = terms.payment_instructions.value_or(PaymentInstructions{});
  seller.default_payment_terms_days = terms.payment_terms_days;
  return seller;
}

// The buyer as it was frozen: BuyerParty gives the frozen party back.
BuyerSnapshot FrozenBuyer(const Invoice& invoice, const DocumentTerms& terms) {
  const DocumentParty& party = *invoice.buyer;
  BuyerSnapshot buyer;
  buyer.customer_id = invoice.customer_id;
  buyer.name = party.legal_name;
  buyer.email = party.email;
  buyer.identity.legal_name = party.legal_name;
  buyer.identity.billing_address = party.address;
  buyer.identity.tax_ids = party.tax_ids;
  buyer.identity.payment_terms_days = terms.payment_terms_days;
  buyer.identity.electronic_address = party.electronic_address;
  return buyer;
}

}  // namespace

absl::StatusOr<InvoiceDocument> InvoiceDocumentOf(const Invoice& invoice,
                                                  const Organization& current_seller,
                                                  const BuyerSnapshot& current_buyer,
                                                  absl::CivilDay today) {
  InvoiceDocumentSource source;
  source.draft = invoice.number.empty();
  source.number = invoice.number;
  source.currency = invoice.currency;
  for (const LineItem& item : invoice.line_items) {
    // The rate's terms as stored on the line (frozen when processed).
    source.lines.push_back({.description = item.description,
                            .quantity = item.quantity,
                            .unit_amount = item.unit_amount,
                            .discount_amount = item.discount_amount,
                            .tax_rate = item.tax_rate,
                            .service_period_start = item.service_period_start,
                            .service_period_end = item.service_period_end});
  }
  if (source.lines.empty()) {
    source.lines.push_back({.description = "Amount",
                            .quantity = DecimalQuantity::Whole(1),
                            .unit_amount = invoice.amount});
  }
  int template_version = 1;
  if (source.draft) {
    source.issue_date = today;
    source.due_date = invoice.due_date;
    source.notes = invoice.notes;
    source.seller = current_seller;
    source.buyer = current_buyer;
  } else {
    if (!invoice.seller.has_value() || !invoice.buyer.has_value() || !invoice.terms.has_value() ||
        !invoice.process_time.has_value()) {
      // Processed before billing froze what its documents show (migration
      // 12): rendering it from today's parties would misstate what was issued.
      return Error(ErrorCode::kInvoiceDocumentUnavailable,
                   absl::StrCat("invoice ", invoice.id,
                                " was processed before billing kept the parties and terms its "
                                "documents show, so it has no PDF or e-invoice"));
    }
    const DocumentTerms& terms = *invoice.terms;
    source.issue_date = absl::ToCivilDay(*invoice.process_time, absl::UTCTimeZone());
    source.due_date = terms.due_date;
    source.notes = terms.notes;
    source.seller = FrozenSeller(invoice, terms);
    source.buyer = FrozenBuyer(invoice, terms);
    template_version = terms.template_version;
  }
  ASSIGN_OR_RETURN(InvoiceDocument document, BuildInvoiceDocument(source));
  document.template_version = template_version;
  return document;
}

absl::StatusOr<InvoiceDocument> BuildCreditNoteDocument(const CreditNoteDocumentSource& source) {
  const InvoiceDocument& invoice = source.invoice;
  const CreditNoteTax& credit = source.credit;
  if (invoice.kind != DocumentKind::kInvoice || invoice.draft) {
    return ValidationError("invoice", "a credit note credits an issued invoice");
  }
  if (credit.lines.size() != invoice.lines.size() ||
      invoice.tax.lines.size() != invoice.lines.size() ||
      credit.breakdown.size() != invoice.tax.breakdown.size()) {
    return ValidationError("credit", "is not an allocation of this invoice's tax");
  }
  if (source.number.empty()) return ValidationError("number", "a credit note needs its number");

  InvoiceDocument document;
  document.kind = DocumentKind::kCreditNote;
  document.number = source.number;
  document.issue_date = source.issue_date;
  document.currency = invoice.currency;
  document.buyer_reference = invoice.buyer_reference;
  document.notes = source.notes;
  document.seller = invoice.seller;
  document.buyer = invoice.buyer;
  document.preceding_invoice_number = invoice.number;
  document.preceding_invoice_issue_date = invoice.issue_date;
  document.template_version = invoice.template_version;

  // Entries the note touches, renumbered in the invoice's order.
  std::vector<std::optional<size_t>> entry_index(credit.breakdown.size());
  for (size_t e = 0; e < credit.breakdown.size(); ++e) {
    const TaxBreakdownEntry& entry = credit.breakdown[e];
    if (entry.taxable_amount == 0 && entry.tax_amount == 0) continue;
    entry_index[e] = document.tax.breakdown.size();
    document.tax.breakdown.push_back(entry);
  }
  document.tax.inclusive = invoice.tax.inclusive;
  document.tax.subtotal = credit.subtotal;
  document.tax.tax_amount = credit.tax_amount;
  document.tax.total = credit.amount;
  // BT-115 of a credit note is what it credits (UBL's PayableAmount; the
  // writers require total - paid - credited = due); it asks for no payment.
  document.amount_due = credit.amount;
  for (size_t i = 0; i < credit.lines.size(); ++i) {
    const LineTaxShare& share = credit.lines[i];
    if (share.net == 0 && share.tax == 0) continue;
    const LineTaxShare& charged = invoice.tax.lines[i];
    LineTaxShare reversed = share;
    reversed.entry = charged.entry.has_value() ? entry_index[*charged.entry] : std::nullopt;
    DocumentLine line = invoice.lines[i];
    if (share.net != charged.net || share.tax != charged.tax) {
      // A part of the line: one unit at the part's amount, in the terms of
      // the line (gross when its rate is inclusive).
      const int64_t part =
          invoice.tax.inclusive && charged.entry.has_value() ? share.net + share.tax : share.net;
      line.quantity = DecimalQuantity::Whole(1);
      line.unit_amount = part;
      line.amount = part;
      line.discount_amount = 0;
      line.discount_reason.clear();
    }
    document.lines.push_back(std::move(line));
    document.tax.lines.push_back(reversed);
  }
  return document;
}

absl::StatusOr<InvoiceDocument> CreditNoteDocumentOf(const CreditNote& note,
                                                     const InvoiceDocument& invoice,
                                                     const std::vector<CreditNote>& earlier) {
  std::vector<int64_t> amounts;
  amounts.reserve(earlier.size() + 1);
  for (const CreditNote& before : earlier) amounts.push_back(before.amount);
  amounts.push_back(note.amount);
  ASSIGN_OR_RETURN(std::vector<CreditNoteTax> notes, AllocateCreditNotesTax(invoice.tax, amounts));
  const CreditNoteTax& credit = notes.back();
  if (credit.amount != note.amount || credit.tax_amount != note.tax_amount) {
    return Error(ErrorCode::kInternal,
                 absl::StrCat("credit note ", note.id, ": its tax replayed is ", credit.tax_amount,
                              ", stored ", note.tax_amount));
  }
  return BuildCreditNoteDocument({.number = note.number,
                                  .issue_date = note.date,
                                  .notes = note.memo,
                                  .invoice = invoice,
                                  .credit = credit});
}

}  // namespace billing::domain
