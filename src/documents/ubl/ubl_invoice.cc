#include "documents/ubl/ubl_invoice.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "common/status_macros.h"
#include "documents/ubl/xml_text.h"
#include "domain/country.h"
#include "domain/electronic_address.h"
#include "domain/error.h"
#include "domain/money.h"
#include "domain/rounding.h"
#include "domain/tax_calculation.h"
#include "domain/tax_rate.h"
#include "domain/text.h"

namespace billing::documents {
namespace {

using domain::DocumentKind;
using domain::DocumentParty;
using domain::InvoiceDocument;
using domain::TaxBreakdownEntry;
using domain::TaxCategory;
using domain::Av;

constexpr std::string_view kCac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
constexpr std::string_view kCbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
// EN 16931 amounts (BT-106..BT-115, BT-131, BT-136) have at most 2 decimals.
constexpr int kMaxAmountDecimals = 2;
// UNECE Rec 20 "one" (unit): billing's lines have no unit of measure.
constexpr std::string_view kUnitCode = "C62";
// UNCL5189 95: discount.
constexpr std::string_view kDiscountReasonCode = "95";

struct Attr {
  std::string_view name;
  std::string_view value;
};

// An indented XML writer for elements that hold either text or children.
class XmlWriter {
 public:
  XmlWriter() { out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"; }

  void Open(std::string_view tag, std::initializer_list<Attr> attrs = {}) {
    StartTag(tag, attrs);
    out_ += ">\n";
    ++depth_;
  }
  void Close(std::string_view tag) {
    --depth_;
    Indent();
    absl::StrAppend(&out_, "</", Av(tag), ">\n");
  }
  void Leaf(std::string_view tag, std::string_view text, std::initializer_list<Attr> attrs = {}) {
    StartTag(tag, attrs);
    absl::StrAppend(&out_, ">", EscapeXmlText(text), "</", Av(tag), ">\n");
  }
  // Peppol refuses empty elements (PEPPOL-EN16931-R008): optional text is
  // written only when there is some.
  void LeafIfSet(std::string_view tag, std::string_view text) {
    if (!text.empty()) Leaf(tag, text);
  }
  std::string Take() && { return std::move(out_); }

 private:
  void Indent() { out_.append(2 * depth_, ' '); }
  void StartTag(std::string_view tag, std::initializer_list<Attr> attrs) {
    Indent();
    absl::StrAppend(&out_, "<", Av(tag));
    for (const Attr& a : attrs) absl::StrAppend(&out_, " ", Av(a.name), "=\"", EscapeXmlAttribute(a.value), "\"");
  }

  std::string out_;
  int depth_ = 0;
};

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

// BT-31 / BT-48: the first VAT-type identifier, with the country prefix
// BR-CO-09 asks for (Norway's numbers are kept without it).
std::optional<std::string> VatIdentifier(const DocumentParty& party) {
  for (const domain::TaxId& id : party.tax_ids) {
    switch (id.type) {
      case domain::TaxIdType::kEuVat:
      case domain::TaxIdType::kGbVat:
      case domain::TaxIdType::kChVat:
        return id.value;
      case domain::TaxIdType::kNoVat:
        return absl::StrCat("NO", id.value);
      default:
        break;
    }
  }
  return std::nullopt;
}

struct Period {
  std::optional<absl::CivilDay> start;
  std::optional<absl::CivilDay> end;
  bool empty() const { return !start && !end; }
};

// BG-14: from the earliest line start to the latest line end, so that every
// line period lies inside it (PEPPOL-EN16931-R110/R111).
Period InvoicePeriod(const InvoiceDocument& document) {
  Period period;
  for (const domain::DocumentLine& line : document.lines) {
    if (line.service_period_start && (!period.start || *line.service_period_start < *period.start)) {
      period.start = line.service_period_start;
    }
    if (line.service_period_end && (!period.end || *line.service_period_end > *period.end)) {
      period.end = line.service_period_end;
    }
  }
  return period;
}

// Germany's national rules in Peppol (DE-R-*) apply when both parties are
// there.
bool DomesticGermany(const InvoiceDocument& d) {
  return d.seller.address.country == "DE" && d.buyer.address.country == "DE";
}

bool HasCategory(const InvoiceDocument& document, TaxCategory category) {
  for (const TaxBreakdownEntry& entry : document.tax.breakdown) {
    if (entry.category == category) return true;
  }
  return false;
}

void CheckParty(const DocumentParty& party, bool seller, std::vector<std::string>& reasons) {
  const std::string_view who = seller ? "seller" : "buyer";
  if (party.legal_name.empty()) {
    reasons.push_back(absl::StrCat("the ", Av(who), " has no legal name (", seller ? "BR-06" : "BR-07", ")"));
  }
  if (party.address.country.empty()) {
    reasons.push_back(absl::StrCat("the ", Av(who), " has no country (", seller ? "BR-09" : "BR-11", ")"));
  } else if (!domain::IsCountryCode(party.address.country)) {
    reasons.push_back(absl::StrCat("the ", Av(who), "'s country is not an ISO 3166-1 code (BR-CL-14)"));
  }
  if (!party.electronic_address || party.electronic_address->scheme.empty() ||
      party.electronic_address->value.empty()) {
    reasons.push_back(absl::StrCat("the ", Av(who), " has no electronic address (",
                                   seller ? "PEPPOL-EN16931-R020" : "PEPPOL-EN16931-R010", ")"));
  } else if (!domain::IsElectronicAddressScheme(party.electronic_address->scheme)) {
    reasons.push_back(absl::StrCat("the ", Av(who), "'s electronic address scheme is not on the EAS list (BR-CL-25)"));
  }
}

// Every text the document writes, by the name a reason uses for it.
std::vector<std::pair<std::string, std::string_view>> Texts(const InvoiceDocument& d) {
  std::vector<std::pair<std::string, std::string_view>> texts = {
      {"number", d.number},
      {"notes", d.notes},
      {"buyer_reference", d.buyer_reference},
      {"preceding_invoice_number", d.preceding_invoice_number},
  };
  for (const auto& [who, party] : {std::pair<std::string, const DocumentParty*>{"seller", &d.seller},
                                   std::pair<std::string, const DocumentParty*>{"buyer", &d.buyer}}) {
    const DocumentParty& p = *party;
    for (const auto& [field, value] :
         std::initializer_list<std::pair<std::string_view, std::string_view>>{
             {"legal_name", p.legal_name},         {"trading_name", p.trading_name},
             {"address.line1", p.address.line1},   {"address.line2", p.address.line2},
             {"address.city", p.address.city},     {"address.postal_code", p.address.postal_code},
             {"address.region", p.address.region}, {"address.country", p.address.country},
             {"company_id", p.company_id},         {"email", p.email},
             {"phone", p.phone}}) {
      texts.emplace_back(absl::StrCat(who, ".", Av(field)), value);
    }
    for (const domain::TaxId& id : p.tax_ids) texts.emplace_back(absl::StrCat(who, ".tax_ids"), id.value);
    if (p.electronic_address) {
      texts.emplace_back(absl::StrCat(who, ".electronic_address"), p.electronic_address->scheme);
      texts.emplace_back(absl::StrCat(who, ".electronic_address"), p.electronic_address->value);
    }
  }
  if (d.payment_instructions) {
    texts.emplace_back("payment_instructions.iban", d.payment_instructions->iban);
    texts.emplace_back("payment_instructions.bic", d.payment_instructions->bic);
    texts.emplace_back("payment_instructions.account_name", d.payment_instructions->account_name);
  }
  for (size_t i = 0; i < d.lines.size(); ++i) {
    texts.emplace_back(absl::StrCat("lines[", i, "].description"), d.lines[i].description);
    texts.emplace_back(absl::StrCat("lines[", i, "].discount_reason"), d.lines[i].discount_reason);
  }
  for (size_t i = 0; i < d.tax.breakdown.size(); ++i) {
    texts.emplace_back(absl::StrCat("tax.breakdown[", i, "].exemption_reason"),
                       d.tax.breakdown[i].exemption_reason);
    texts.emplace_back(absl::StrCat("tax.breakdown[", i, "].exemption_reason_code"),
                       d.tax.breakdown[i].exemption_reason_code);
  }
  return texts;
}

// "line 3", "lines 3, 7 and 12", "lines 3, 7, 12 and 40 more": 1-based.
std::string LineList(const std::vector<size_t>& indexes) {
  constexpr size_t kShown = 3;
  std::vector<std::string> shown;
  for (size_t k = 0; k < indexes.size() && k < kShown; ++k) shown.push_back(absl::StrCat(indexes[k] + 1));
  if (indexes.size() == 1) return absl::StrCat("line ", shown[0]);
  if (indexes.size() > kShown) {
    return absl::StrCat("lines ", absl::StrJoin(shown, ", "), " and ", indexes.size() - kShown, " more");
  }
  std::string last = shown.back();
  shown.pop_back();
  return absl::StrCat("lines ", absl::StrJoin(shown, ", "), " and ", last);
}

// The figures the writer derives; INTERNAL when the document disagrees
// with itself (a bug in whoever built it, not the caller's input).
absl::Status CheckFigures(const InvoiceDocument& d) {
  if (d.tax.lines.size() != d.lines.size()) {
    return absl::InternalError(absl::StrCat("invoice document: ", d.lines.size(), " lines but ",
                                            d.tax.lines.size(), " tax lines"));
  }
  __int128 nets = 0;
  for (const domain::LineTaxShare& share : d.tax.lines) {
    if (share.entry && *share.entry >= d.tax.breakdown.size()) {
      return absl::InternalError("invoice document: a tax line names no breakdown entry");
    }
    if (share.net < 0) return absl::InternalError("invoice document: a negative line net");
    nets += share.net;
  }
  __int128 taxes = 0;
  for (const TaxBreakdownEntry& entry : d.tax.breakdown) taxes += entry.tax_amount;
  if (nets != d.tax.subtotal || taxes != d.tax.tax_amount ||
      static_cast<__int128>(d.tax.subtotal) + d.tax.tax_amount != d.tax.total) {
    return absl::InternalError("invoice document: lines, breakdown and totals do not add up");
  }
  if (static_cast<__int128>(d.tax.total) - d.amount_paid - d.amount_credited != d.amount_due) {
    return absl::InternalError("invoice document: amount_due is not total - paid - credited");
  }
  return absl::OkStatus();
}

class UblWriter {
 public:
  UblWriter(const InvoiceDocument& d, domain::Currency currency) : d_(d), currency_(currency) {}

  std::string Write() && {
    const bool invoice = d_.kind == DocumentKind::kInvoice;
    const std::string_view root = invoice ? "Invoice" : "CreditNote";
    const std::string ns = absl::StrCat("urn:oasis:names:specification:ubl:schema:xsd:", Av(root), "-2");
    x_.Open(root, {{"xmlns", ns}, {"xmlns:cac", kCac}, {"xmlns:cbc", kCbc}});
    x_.Leaf("cbc:CustomizationID", kPeppolCustomizationId);
    x_.Leaf("cbc:ProfileID", kPeppolProfileId);
    x_.Leaf("cbc:ID", d_.number);
    x_.Leaf("cbc:IssueDate", Day(d_.issue_date));
    // UBL 2.1's CreditNote has no DueDate; nothing is due from the buyer.
    if (invoice && d_.due_date) x_.Leaf("cbc:DueDate", Day(*d_.due_date));
    x_.Leaf(invoice ? "cbc:InvoiceTypeCode" : "cbc:CreditNoteTypeCode", invoice ? "380" : "381");
    x_.LeafIfSet("cbc:Note", d_.notes);
    x_.Leaf("cbc:DocumentCurrencyCode", d_.currency);
    x_.Leaf("cbc:BuyerReference", d_.buyer_reference.empty() ? d_.number : d_.buyer_reference);
    if (Period period = InvoicePeriod(d_); !period.empty()) WritePeriod(period);
    if (!invoice) {
      x_.Open("cac:BillingReference");
      x_.Open("cac:InvoiceDocumentReference");
      x_.Leaf("cbc:ID", d_.preceding_invoice_number);
      if (d_.preceding_invoice_issue_date) x_.Leaf("cbc:IssueDate", Day(*d_.preceding_invoice_issue_date));
      x_.Close("cac:InvoiceDocumentReference");
      x_.Close("cac:BillingReference");
    }
    WriteParty("cac:AccountingSupplierParty", d_.seller);
    WriteParty("cac:AccountingCustomerParty", d_.buyer);
    if (HasCategory(d_, TaxCategory::kIntraCommunity)) WriteDeliverTo();
    if (invoice) WritePaymentMeans();
    x_.Open("cac:PaymentTerms");
    x_.Leaf("cbc:Note", PaymentTermsNote());
    x_.Close("cac:PaymentTerms");
    WriteTaxTotal();
    WriteMonetaryTotal();
    for (size_t i = 0; i < d_.lines.size(); ++i) WriteLine(i);
    x_.Close(root);
    return std::move(x_).Take();
  }

 private:
  std::string Amount(int64_t minor_units) const { return domain::FormatAmount(minor_units, currency_); }
  void AmountLeaf(std::string_view tag, int64_t minor_units) {
    x_.Leaf(tag, Amount(minor_units), {{"currencyID", d_.currency}});
  }

  void WritePeriod(const Period& period) {
    x_.Open("cac:InvoicePeriod");
    if (period.start) x_.Leaf("cbc:StartDate", Day(*period.start));
    if (period.end) x_.Leaf("cbc:EndDate", Day(*period.end));
    x_.Close("cac:InvoicePeriod");
  }

  // BR-O-02/-03: an invoice outside the scope of VAT carries no VAT ids.
  bool WritesVatIds() const { return !HasCategory(d_, TaxCategory::kOutsideScope); }

  void WriteParty(std::string_view role, const DocumentParty& p) {
    x_.Open(role);
    x_.Open("cac:Party");
    x_.Leaf("cbc:EndpointID", p.electronic_address->value, {{"schemeID", p.electronic_address->scheme}});
    if (!p.trading_name.empty()) {
      x_.Open("cac:PartyName");
      x_.Leaf("cbc:Name", p.trading_name);
      x_.Close("cac:PartyName");
    }
    x_.Open("cac:PostalAddress");
    x_.LeafIfSet("cbc:StreetName", p.address.line1);
    x_.LeafIfSet("cbc:AdditionalStreetName", p.address.line2);
    x_.LeafIfSet("cbc:CityName", p.address.city);
    x_.LeafIfSet("cbc:PostalZone", p.address.postal_code);
    x_.LeafIfSet("cbc:CountrySubentity", p.address.region);
    x_.Open("cac:Country");
    x_.Leaf("cbc:IdentificationCode", p.address.country);
    x_.Close("cac:Country");
    x_.Close("cac:PostalAddress");
    if (std::optional<std::string> vat = VatIdentifier(p); vat && WritesVatIds()) {
      x_.Open("cac:PartyTaxScheme");
      x_.Leaf("cbc:CompanyID", *vat);
      x_.Open("cac:TaxScheme");
      x_.Leaf("cbc:ID", "VAT");
      x_.Close("cac:TaxScheme");
      x_.Close("cac:PartyTaxScheme");
    }
    x_.Open("cac:PartyLegalEntity");
    x_.Leaf("cbc:RegistrationName", p.legal_name);
    x_.LeafIfSet("cbc:CompanyID", p.company_id);
    x_.Close("cac:PartyLegalEntity");
    if (!p.phone.empty() || !p.email.empty()) {
      x_.Open("cac:Contact");
      // DE-R-005 asks for the seller's contact point (BT-41); the seller's
      // name is the one billing has.
      if (&p == &d_.seller && DomesticGermany(d_)) {
        x_.Leaf("cbc:Name", p.trading_name.empty() ? p.legal_name : p.trading_name);
      }
      x_.LeafIfSet("cbc:Telephone", p.phone);
      x_.LeafIfSet("cbc:ElectronicMail", p.email);
      x_.Close("cac:Contact");
    }
    x_.Close("cac:Party");
    x_.Close(role);
  }

  // BR-IC-12: an intra-community supply names the country delivered to,
  // the buyer's.
  void WriteDeliverTo() {
    x_.Open("cac:Delivery");
    x_.Open("cac:DeliveryLocation");
    x_.Open("cac:Address");
    x_.Open("cac:Country");
    x_.Leaf("cbc:IdentificationCode", d_.buyer.address.country);
    x_.Close("cac:Country");
    x_.Close("cac:Address");
    x_.Close("cac:DeliveryLocation");
    x_.Close("cac:Delivery");
  }

  void WritePaymentMeans() {
    if (!d_.payment_instructions || d_.payment_instructions->iban.empty()) return;
    const domain::PaymentInstructions& pay = *d_.payment_instructions;
    // UNCL4461: 58 is a SEPA credit transfer, which is in euro only.
    const bool sepa = d_.currency == "EUR";
    x_.Open("cac:PaymentMeans");
    x_.Leaf("cbc:PaymentMeansCode", sepa ? "58" : "30",
            {{"name", sepa ? "SEPA credit transfer" : "Credit transfer"}});
    x_.Leaf("cbc:PaymentID", d_.number);
    x_.Open("cac:PayeeFinancialAccount");
    x_.Leaf("cbc:ID", pay.iban);
    x_.LeafIfSet("cbc:Name", pay.account_name);
    if (!pay.bic.empty()) {
      x_.Open("cac:FinancialInstitutionBranch");
      x_.Leaf("cbc:ID", pay.bic);
      x_.Close("cac:FinancialInstitutionBranch");
    }
    x_.Close("cac:PayeeFinancialAccount");
    x_.Close("cac:PaymentMeans");
  }

  // BR-CO-25: a positive amount due needs a due date or payment terms.
  std::string PaymentTermsNote() const {
    if (d_.kind == DocumentKind::kCreditNote) {
      return absl::StrCat("Credit for invoice ", d_.preceding_invoice_number);
    }
    if (d_.payment_terms_days > 0) return absl::StrCat("Net ", d_.payment_terms_days, " days");
    return "Due on receipt";
  }

  void WriteTaxCategory(std::string_view tag, const TaxBreakdownEntry& entry, bool with_reason) {
    x_.Open(tag);
    x_.Leaf("cbc:ID", domain::TaxCategoryCode(entry.category));
    // BR-O-05/-09: "not subject to VAT" has no rate at all.
    if (entry.category != TaxCategory::kOutsideScope) {
      x_.Leaf("cbc:Percent", domain::FormatPercentage(entry.percentage));
    }
    if (with_reason) {
      x_.LeafIfSet("cbc:TaxExemptionReasonCode", entry.exemption_reason_code);
      x_.LeafIfSet("cbc:TaxExemptionReason", entry.exemption_reason);
    }
    x_.Open("cac:TaxScheme");
    x_.Leaf("cbc:ID", "VAT");
    x_.Close("cac:TaxScheme");
    x_.Close(tag);
  }

  void WriteTaxTotal() {
    x_.Open("cac:TaxTotal");
    AmountLeaf("cbc:TaxAmount", d_.tax.tax_amount);
    for (const TaxBreakdownEntry& entry : d_.tax.breakdown) {
      x_.Open("cac:TaxSubtotal");
      AmountLeaf("cbc:TaxableAmount", entry.taxable_amount);
      AmountLeaf("cbc:TaxAmount", entry.tax_amount);
      WriteTaxCategory("cac:TaxCategory", entry, /*with_reason=*/true);
      x_.Close("cac:TaxSubtotal");
    }
    x_.Close("cac:TaxTotal");
  }

  void WriteMonetaryTotal() {
    x_.Open("cac:LegalMonetaryTotal");
    AmountLeaf("cbc:LineExtensionAmount", d_.tax.subtotal);
    AmountLeaf("cbc:TaxExclusiveAmount", d_.tax.subtotal);
    AmountLeaf("cbc:TaxInclusiveAmount", d_.tax.total);
    const int64_t prepaid = d_.amount_paid + d_.amount_credited;
    if (prepaid != 0) AmountLeaf("cbc:PrepaidAmount", prepaid);
    AmountLeaf("cbc:PayableAmount", d_.amount_due);
    x_.Close("cac:LegalMonetaryTotal");
  }

  void WriteLine(size_t i) {
    const domain::DocumentLine& line = d_.lines[i];
    const domain::LineTaxShare& share = d_.tax.lines[i];
    const TaxBreakdownEntry& entry = d_.tax.breakdown[*share.entry];
    const bool invoice = d_.kind == DocumentKind::kInvoice;
    const std::string_view tag = invoice ? "cac:InvoiceLine" : "cac:CreditNoteLine";
    // The allowance in net terms: an inclusive rate's discount includes tax.
    int64_t allowance = line.discount_amount;
    if (line.tax_rate && line.tax_rate->inclusive && allowance > 0) {
      allowance = static_cast<int64_t>(domain::DivideRoundingHalfUp(
          static_cast<__int128>(allowance) * domain::kMaxPercentage,
          domain::kMaxPercentage + line.tax_rate->percentage));
    }
    // quantity x price - allowance = net exactly (PEPPOL-EN16931-R120).
    const int64_t before_allowance = share.net + allowance;
    const int64_t ten_thousandths = line.quantity.ten_thousandths;
    const __int128 scaled = static_cast<__int128>(before_allowance) * domain::kQuantityScale;
    const bool per_unit = scaled % ten_thousandths == 0;
    const std::string quantity = domain::FormatQuantity(line.quantity);

    x_.Open(tag);
    x_.Leaf("cbc:ID", absl::StrCat(i + 1));
    x_.Leaf(invoice ? "cbc:InvoicedQuantity" : "cbc:CreditedQuantity", quantity, {{"unitCode", kUnitCode}});
    AmountLeaf("cbc:LineExtensionAmount", share.net);
    if (line.service_period_start || line.service_period_end) {
      WritePeriod({line.service_period_start, line.service_period_end});
    }
    if (allowance > 0) {
      x_.Open("cac:AllowanceCharge");
      x_.Leaf("cbc:ChargeIndicator", "false");
      x_.Leaf("cbc:AllowanceChargeReasonCode", kDiscountReasonCode);
      x_.Leaf("cbc:AllowanceChargeReason", line.discount_reason.empty() ? "Discount" : line.discount_reason);
      AmountLeaf("cbc:Amount", allowance);
      x_.Close("cac:AllowanceCharge");
    }
    x_.Open("cac:Item");
    x_.Leaf("cbc:Name", line.description);
    WriteTaxCategory("cac:ClassifiedTaxCategory", entry, /*with_reason=*/false);
    x_.Close("cac:Item");
    x_.Open("cac:Price");
    if (per_unit) {
      AmountLeaf("cbc:PriceAmount", static_cast<int64_t>(scaled / ten_thousandths));
    } else {
      AmountLeaf("cbc:PriceAmount", before_allowance);
      x_.Leaf("cbc:BaseQuantity", quantity, {{"unitCode", kUnitCode}});
    }
    x_.Close("cac:Price");
    x_.Close(tag);
  }

  const InvoiceDocument& d_;
  const domain::Currency currency_;
  XmlWriter x_;
};

}  // namespace

std::vector<std::string> EInvoiceUnsupportedReasons(const InvoiceDocument& d) {
  std::vector<std::string> reasons;
  if (d.draft) reasons.push_back("a draft has no e-invoice");
  if (!d.draft && d.number.empty()) reasons.push_back("the document has no number (BT-1)");
  if (absl::StatusOr<domain::Currency> currency = domain::FindCurrency(d.currency); !currency.ok()) {
    reasons.push_back(absl::StrCat("the currency ", d.currency, " is not an ISO 4217 currency"));
  } else if (currency->minor_units > kMaxAmountDecimals) {
    reasons.push_back(absl::StrCat("the currency ", d.currency, " has ", currency->minor_units,
                                   " decimals; EN 16931 amounts have at most 2"));
  }
  CheckParty(d.seller, /*seller=*/true, reasons);
  CheckParty(d.buyer, /*seller=*/false, reasons);

  std::vector<size_t> untaxed, unnamed;
  for (size_t i = 0; i < d.lines.size(); ++i) {
    if (i < d.tax.lines.size() && !d.tax.lines[i].entry) untaxed.push_back(i);
    if (d.lines[i].description.empty()) unnamed.push_back(i);
  }
  if (!untaxed.empty()) reasons.push_back(absl::StrCat(LineList(untaxed), ": no VAT category (BR-CO-04)"));
  if (!unnamed.empty()) reasons.push_back(absl::StrCat(LineList(unnamed), ": no description (BR-25)"));

  // The categories whose BR-*-02 asks for the seller's VAT identifier, in
  // UNCL5305 order; the first one present is named.
  struct NeedsSellerVat {
    TaxCategory category;
    std::string_view rule;
  };
  constexpr NeedsSellerVat kNeedsSellerVat[] = {
      {TaxCategory::kStandard, "BR-S-02"},       {TaxCategory::kZeroRated, "BR-Z-02"},
      {TaxCategory::kExempt, "BR-E-02"},         {TaxCategory::kReverseCharge, "BR-AE-02"},
      {TaxCategory::kIntraCommunity, "BR-IC-02"}, {TaxCategory::kExport, "BR-G-02"},
  };
  if (!VatIdentifier(d.seller)) {
    for (const NeedsSellerVat& n : kNeedsSellerVat) {
      if (HasCategory(d, n.category)) {
        reasons.push_back(absl::StrCat("the seller has no VAT identifier, which VAT category ",
                                       Av(domain::TaxCategoryCode(n.category)), " requires (", Av(n.rule), ")"));
        break;
      }
    }
  }
  if (HasCategory(d, TaxCategory::kReverseCharge) && !VatIdentifier(d.buyer) && d.buyer.company_id.empty()) {
    reasons.push_back("reverse charge needs the buyer's VAT identifier or company id (BR-AE-02)");
  }
  if (HasCategory(d, TaxCategory::kIntraCommunity)) {
    if (!VatIdentifier(d.buyer)) {
      reasons.push_back("an intra-community supply needs the buyer's VAT identifier (BR-IC-02)");
    }
    if (InvoicePeriod(d).empty()) {
      reasons.push_back("an intra-community supply needs a service period (BR-IC-11)");
    }
  }
  if (DomesticGermany(d) && (d.seller.phone.empty() || d.seller.email.empty())) {
    reasons.push_back("between German parties the seller needs a phone and an e-mail (DE-R-006/007)");
  }
  if (d.kind == DocumentKind::kCreditNote && d.preceding_invoice_number.empty()) {
    reasons.push_back("a credit note needs its invoice's number (BT-25)");
  }
  std::vector<std::string> bad_text;
  for (const auto& [field, text] : Texts(d)) {
    if (!IsXmlText(text) && (bad_text.empty() || bad_text.back() != field)) bad_text.push_back(field);
  }
  if (!bad_text.empty()) {
    constexpr size_t kShown = 3;
    std::string fields = absl::StrJoin(bad_text.begin(), bad_text.begin() + std::min(bad_text.size(), kShown), ", ");
    if (bad_text.size() > kShown) absl::StrAppend(&fields, " and ", bad_text.size() - kShown, " more");
    reasons.push_back(absl::StrCat(fields, ": a character XML cannot carry"));
  }
  return reasons;
}

static std::string UnsupportedMessage(const std::vector<std::string>& reasons) {
  // The api layer cuts messages at 512 bytes (status_mapping.cc): whole
  // reasons are kept and the rest counted, never cut mid-sentence.
  constexpr size_t kMaxMessageBytes = 512;
  constexpr size_t kMoreReserve = 24;  // "; and 12 more reasons"
  std::string message = "no e-invoice (Peppol BIS Billing 3.0): ";
  for (size_t i = 0; i < reasons.size(); ++i) {
    const std::string_view separator = i == 0 ? "" : "; ";
    const bool last = i + 1 == reasons.size();
    if (message.size() + separator.size() + reasons[i].size() + (last ? 0 : kMoreReserve) > kMaxMessageBytes) {
      absl::StrAppend(&message, "; and ", reasons.size() - i, " more reasons");
      break;
    }
    absl::StrAppend(&message, Av(separator), reasons[i]);
  }
  return message;
}

absl::StatusOr<std::string> WriteUblInvoice(const InvoiceDocument& document) {
  if (std::vector<std::string> reasons = EInvoiceUnsupportedReasons(document); !reasons.empty()) {
    return domain::Error(domain::ErrorCode::kEInvoiceUnsupported, UnsupportedMessage(reasons));
  }
  RETURN_IF_ERROR(CheckFigures(document));
  ASSIGN_OR_RETURN(domain::Currency currency, domain::FindCurrency(document.currency));
  return UblWriter(document, currency).Write();
}

}  // namespace billing::documents
