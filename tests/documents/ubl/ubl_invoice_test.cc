#include "documents/ubl/ubl_invoice.h"

#include <string>
#include <vector>

#include "documents/ubl/sample_documents.h"
#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::documents {
namespace {

using ::billing::testing::HasErrorCode;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using domain::DocumentKind;
using domain::ErrorCode;
using domain::InvoiceDocument;
using domain::TaxCategory;
using samples::Standard;
using samples::WithoutVat;

InvoiceDocument Sample(std::string currency, domain::DocumentParty buyer, std::vector<samples::Line> lines) {
  absl::StatusOr<InvoiceDocument> d = samples::Invoice("INV-000042", std::move(currency), std::move(buyer), lines);
  EXPECT_TRUE(d.ok()) << d.status();
  return *d;
}

InvoiceDocument OneLine() {
  return Sample("EUR", samples::DomesticBuyer(), {{"Onboarding workshop", "6", 15000, 9000, Standard("20")}});
}

std::string Write(const InvoiceDocument& d) {
  absl::StatusOr<std::string> xml = WriteUblInvoice(d);
  EXPECT_TRUE(xml.ok()) << xml.status();
  return xml.ok() ? *xml : "";
}

// The whole document, element by element, in the order the UBL 2.1 schema
// requires (the matrix in validate_matrix.sh proves the same shape valid).
TEST(UblInvoiceTest, WritesTheExactPeppolInvoice) {
  InvoiceDocument d = OneLine();
  d.seller.address.line2 = "Top 4";
  d.seller.address.region = "Steiermark";
  EXPECT_EQ(Write(d), R"(<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>INV-000042</cbc:ID>
  <cbc:IssueDate>2026-12-01</cbc:IssueDate>
  <cbc:DueDate>2026-12-31</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:Note>Thank you for your business.</cbc:Note>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>PO-7781</cbc:BuyerReference>
  <cac:InvoicePeriod>
    <cbc:StartDate>2026-11-01</cbc:StartDate>
    <cbc:EndDate>2026-11-30</cbc:EndDate>
  </cac:InvoicePeriod>
  <cac:AccountingSupplierParty>
    <cac:Party>
      <cbc:EndpointID schemeID="0088">9123456000019</cbc:EndpointID>
      <cac:PartyName>
        <cbc:Name>Kestrel Analytics</cbc:Name>
      </cac:PartyName>
      <cac:PostalAddress>
        <cbc:StreetName>Annenstraße 12</cbc:StreetName>
        <cbc:AdditionalStreetName>Top 4</cbc:AdditionalStreetName>
        <cbc:CityName>Graz</cbc:CityName>
        <cbc:PostalZone>8020</cbc:PostalZone>
        <cbc:CountrySubentity>Steiermark</cbc:CountrySubentity>
        <cac:Country>
          <cbc:IdentificationCode>AT</cbc:IdentificationCode>
        </cac:Country>
      </cac:PostalAddress>
      <cac:PartyTaxScheme>
        <cbc:CompanyID>ATU73018462</cbc:CompanyID>
        <cac:TaxScheme>
          <cbc:ID>VAT</cbc:ID>
        </cac:TaxScheme>
      </cac:PartyTaxScheme>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>Kestrel Analytics GmbH</cbc:RegistrationName>
        <cbc:CompanyID>FN 512345x</cbc:CompanyID>
      </cac:PartyLegalEntity>
      <cac:Contact>
        <cbc:Telephone>+43 316 123456</cbc:Telephone>
        <cbc:ElectronicMail>billing@kestrel-analytics.example</cbc:ElectronicMail>
      </cac:Contact>
    </cac:Party>
  </cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>
    <cac:Party>
      <cbc:EndpointID schemeID="0088">9123456000026</cbc:EndpointID>
      <cac:PostalAddress>
        <cbc:StreetName>Hauptplatz 3</cbc:StreetName>
        <cbc:AdditionalStreetName>2. Stock</cbc:AdditionalStreetName>
        <cbc:CityName>Linz</cbc:CityName>
        <cbc:PostalZone>4020</cbc:PostalZone>
        <cac:Country>
          <cbc:IdentificationCode>AT</cbc:IdentificationCode>
        </cac:Country>
      </cac:PostalAddress>
      <cac:PartyTaxScheme>
        <cbc:CompanyID>ATU64829117</cbc:CompanyID>
        <cac:TaxScheme>
          <cbc:ID>VAT</cbc:ID>
        </cac:TaxScheme>
      </cac:PartyTaxScheme>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>Alpenglas Handels GmbH</cbc:RegistrationName>
      </cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingCustomerParty>
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode name="SEPA credit transfer">58</cbc:PaymentMeansCode>
    <cbc:PaymentID>INV-000042</cbc:PaymentID>
    <cac:PayeeFinancialAccount>
      <cbc:ID>AT611904300234573201</cbc:ID>
      <cbc:Name>Kestrel Analytics GmbH</cbc:Name>
      <cac:FinancialInstitutionBranch>
        <cbc:ID>KESTATW1XXX</cbc:ID>
      </cac:FinancialInstitutionBranch>
    </cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:PaymentTerms>
    <cbc:Note>Net 30 days</cbc:Note>
  </cac:PaymentTerms>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">162.00</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">810.00</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="EUR">162.00</cbc:TaxAmount>
      <cac:TaxCategory>
        <cbc:ID>S</cbc:ID>
        <cbc:Percent>20</cbc:Percent>
        <cac:TaxScheme>
          <cbc:ID>VAT</cbc:ID>
        </cac:TaxScheme>
      </cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">810.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">810.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">972.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">972.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine>
    <cbc:ID>1</cbc:ID>
    <cbc:InvoicedQuantity unitCode="C62">6</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">810.00</cbc:LineExtensionAmount>
    <cac:InvoicePeriod>
      <cbc:StartDate>2026-11-01</cbc:StartDate>
      <cbc:EndDate>2026-11-30</cbc:EndDate>
    </cac:InvoicePeriod>
    <cac:AllowanceCharge>
      <cbc:ChargeIndicator>false</cbc:ChargeIndicator>
      <cbc:AllowanceChargeReasonCode>95</cbc:AllowanceChargeReasonCode>
      <cbc:AllowanceChargeReason>Discount</cbc:AllowanceChargeReason>
      <cbc:Amount currencyID="EUR">90.00</cbc:Amount>
    </cac:AllowanceCharge>
    <cac:Item>
      <cbc:Name>Onboarding workshop</cbc:Name>
      <cac:ClassifiedTaxCategory>
        <cbc:ID>S</cbc:ID>
        <cbc:Percent>20</cbc:Percent>
        <cac:TaxScheme>
          <cbc:ID>VAT</cbc:ID>
        </cac:TaxScheme>
      </cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price>
      <cbc:PriceAmount currencyID="EUR">150.00</cbc:PriceAmount>
    </cac:Price>
  </cac:InvoiceLine>
</Invoice>
)");
}

TEST(UblInvoiceTest, SameDocumentSameBytes) {
  absl::StatusOr<std::vector<samples::Case>> cases = samples::MatrixCases();
  ASSERT_TRUE(cases.ok()) << cases.status();
  for (const samples::Case& c : *cases) {
    SCOPED_TRACE(c.name);
    const InvoiceDocument copy = c.document;
    EXPECT_EQ(Write(c.document), Write(copy));
  }
}

TEST(UblInvoiceTest, MatrixCasesAreWritten) {
  absl::StatusOr<std::vector<samples::Case>> cases = samples::MatrixCases();
  ASSERT_TRUE(cases.ok()) << cases.status();
  ASSERT_EQ(cases->size(), 16u);
  for (const samples::Case& c : *cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(WriteUblInvoice(c.document), billing::testing::IsOk());
  }
}

TEST(UblInvoiceTest, CreditNoteReferencesItsInvoiceAndCarriesNoPaymentMeans) {
  InvoiceDocument invoice = Sample("EUR", samples::DomesticBuyer(),
                                   {{"Team plan", "1", 120000, 0, Standard("20")},
                                    {"Handbook", "3", 2450, 0, Standard("10")}});
  absl::StatusOr<InvoiceDocument> note = samples::CreditNote(invoice, "CN-000007", 33333);
  ASSERT_TRUE(note.ok()) << note.status();
  const std::string xml = Write(*note);
  EXPECT_THAT(xml, HasSubstr("<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\""));
  EXPECT_THAT(xml, HasSubstr("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"));
  EXPECT_THAT(xml, HasSubstr(R"(  <cac:BillingReference>
    <cac:InvoiceDocumentReference>
      <cbc:ID>INV-000042</cbc:ID>
      <cbc:IssueDate>2026-12-01</cbc:IssueDate>
    </cac:InvoiceDocumentReference>
  </cac:BillingReference>
)"));
  EXPECT_THAT(xml, HasSubstr("<cbc:CreditedQuantity unitCode=\"C62\">1</cbc:CreditedQuantity>"));
  EXPECT_THAT(xml, HasSubstr("<cbc:Note>Credit for invoice INV-000042</cbc:Note>"));
  EXPECT_THAT(xml, HasSubstr("<cbc:PayableAmount currencyID=\"EUR\">333.33</cbc:PayableAmount>"));
  // UBL 2.1's CreditNote has no DueDate, and the refund is not paid to the
  // seller's IBAN.
  EXPECT_THAT(xml, AllOf(Not(HasSubstr("DueDate")), Not(HasSubstr("PaymentMeans")),
                         Not(HasSubstr("InvoiceLine"))));
}

TEST(UblInvoiceTest, JpyAmountsHaveNoDecimalsAndAreNotSepa) {
  const std::string xml = Write(Sample("JPY", samples::DomesticBuyer(),
                                       {{"Translation, pages", "7.5", 333, 0, Standard("10")},
                                        {"Licence", "1", 1000, 100, Standard("10")}}));
  // 7.5 x 333 = 2497.5, rounded once to 2498: no per-unit price in yen
  // gives 2498, so the price is that of the whole quantity.
  EXPECT_THAT(xml, HasSubstr(R"(    <cbc:LineExtensionAmount currencyID="JPY">2498</cbc:LineExtensionAmount>)"));
  EXPECT_THAT(xml, HasSubstr(R"(      <cbc:PriceAmount currencyID="JPY">2498</cbc:PriceAmount>
      <cbc:BaseQuantity unitCode="C62">7.5</cbc:BaseQuantity>)"));
  EXPECT_THAT(xml, HasSubstr(R"(<cbc:Amount currencyID="JPY">100</cbc:Amount>)"));
  EXPECT_THAT(xml, HasSubstr(R"(<cbc:TaxAmount currencyID="JPY">340</cbc:TaxAmount>)"));
  EXPECT_THAT(xml, HasSubstr(R"(<cbc:PayableAmount currencyID="JPY">3738</cbc:PayableAmount>)"));
  EXPECT_THAT(xml, HasSubstr(R"(<cbc:PaymentMeansCode name="Credit transfer">30</cbc:PaymentMeansCode>)"));
}

TEST(UblInvoiceTest, InclusivePricesAreWrittenNet) {
  const std::string xml = Write(Sample("EUR", samples::DomesticBuyer(),
                                       {{"Workshop ticket", "1", 11900, 0, Standard("19", true)},
                                        {"Coffee beans", "3", 999, 200, Standard("19", true)}}));
  // 119.00 including 19 %: net 100.00, price 100.00.
  EXPECT_THAT(xml, HasSubstr(R"(    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>)"));
  EXPECT_THAT(xml, HasSubstr(R"(      <cbc:PriceAmount currencyID="EUR">100.00</cbc:PriceAmount>
    </cac:Price>)"));
  // 3 x 9.99 - 2.00 = 27.97 gross; the discount 2.00 is 1.68 net, and the
  // price the net before it, for the whole quantity.
  EXPECT_THAT(xml, HasSubstr(R"(<cbc:Amount currencyID="EUR">1.68</cbc:Amount>)"));
  EXPECT_THAT(xml, HasSubstr(R"(<cbc:LineExtensionAmount currencyID="EUR">23.50</cbc:LineExtensionAmount>)"));
  EXPECT_THAT(xml, HasSubstr(R"(      <cbc:PriceAmount currencyID="EUR">25.18</cbc:PriceAmount>
      <cbc:BaseQuantity unitCode="C62">3</cbc:BaseQuantity>)"));
  EXPECT_THAT(xml, HasSubstr(R"(<cbc:TaxInclusiveAmount currencyID="EUR">146.97</cbc:TaxInclusiveAmount>)"));
}

TEST(UblInvoiceTest, ExemptionReasonIsInTheBreakdownOnly) {
  const std::string xml = Write(Sample("EUR", samples::DomesticBuyer(),
                                       {{"Training", "2", 45000, 0,
                                         WithoutVat(TaxCategory::kExempt, "VATEX-EU-132-1I")}}));
  EXPECT_THAT(xml, HasSubstr(R"(      <cac:TaxCategory>
        <cbc:ID>E</cbc:ID>
        <cbc:Percent>0</cbc:Percent>
        <cbc:TaxExemptionReasonCode>VATEX-EU-132-1I</cbc:TaxExemptionReasonCode>
        <cbc:TaxExemptionReason>)"));
  EXPECT_THAT(xml, HasSubstr(R"(      <cac:ClassifiedTaxCategory>
        <cbc:ID>E</cbc:ID>
        <cbc:Percent>0</cbc:Percent>
        <cac:TaxScheme>)"));
}

TEST(UblInvoiceTest, ReverseChargeNamesTheBuyersVatNumber) {
  const std::string xml = Write(Sample("EUR", samples::EuBuyer(),
                                       {{"Consulting", "37.5", 11000, 0,
                                         WithoutVat(TaxCategory::kReverseCharge, "VATEX-EU-AE")}}));
  EXPECT_THAT(xml, HasSubstr("<cbc:CompanyID>DE811907980</cbc:CompanyID>"));
  EXPECT_THAT(xml, HasSubstr("<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>"));
  EXPECT_THAT(xml, HasSubstr("<cbc:RegistrationName>Zoë Müller Beratung GmbH</cbc:RegistrationName>"));
}

TEST(UblInvoiceTest, OutsideTheScopeOfVatHasNoRateAndNoVatNumbers) {
  const std::string xml = Write(Sample("EUR", samples::ExportBuyer(),
                                       {{"Consulting abroad", "3", 50000, 0,
                                         WithoutVat(TaxCategory::kOutsideScope, "VATEX-EU-O")}}));
  EXPECT_THAT(xml, HasSubstr("<cbc:ID>O</cbc:ID>"));
  // BR-O-02/-03/-05/-09.
  EXPECT_THAT(xml, AllOf(Not(HasSubstr("<cbc:Percent>")), Not(HasSubstr("PartyTaxScheme"))));
}

TEST(UblInvoiceTest, IntraCommunitySupplyNamesTheCountryDeliveredTo) {
  const std::string xml = Write(Sample("EUR", samples::EuBuyer(),
                                       {{"Sensor kit", "10", 8900, 0,
                                         WithoutVat(TaxCategory::kIntraCommunity, "VATEX-EU-IC")}}));
  EXPECT_THAT(xml, HasSubstr(R"(  <cac:Delivery>
    <cac:DeliveryLocation>
      <cac:Address>
        <cac:Country>
          <cbc:IdentificationCode>DE</cbc:IdentificationCode>)"));
}

TEST(UblInvoiceTest, BetweenGermanPartiesTheSellerHasAContactPoint) {
  InvoiceDocument d = Sample("EUR", samples::EuBuyer(), {{"Wartung", "1", 49000, 0, Standard("19")}});
  EXPECT_THAT(Write(d), Not(HasSubstr("<cbc:Name>Kestrel Analytics</cbc:Name>\n        <cbc:Telephone>")));
  d.seller = samples::GermanSeller();
  EXPECT_THAT(Write(d), HasSubstr(R"(      <cac:Contact>
        <cbc:Name>Brandt &amp; Söhne KG</cbc:Name>
        <cbc:Telephone>+49 40 1234567</cbc:Telephone>)"));
  d.seller.phone.clear();
  EXPECT_THAT(EInvoiceUnsupportedReasons(d),
              ::testing::ElementsAre("between German parties the seller needs a phone and an e-mail (DE-R-006/007)"));
}

TEST(UblInvoiceTest, PaidAndCreditedAmountsArePrepaid) {
  InvoiceDocument d = OneLine();
  d.amount_paid = 50000;
  d.amount_credited = 10000;
  d.amount_due = d.tax.total - 60000;
  EXPECT_THAT(Write(d), HasSubstr(R"(    <cbc:TaxInclusiveAmount currencyID="EUR">972.00</cbc:TaxInclusiveAmount>
    <cbc:PrepaidAmount currencyID="EUR">600.00</cbc:PrepaidAmount>
    <cbc:PayableAmount currencyID="EUR">372.00</cbc:PayableAmount>)"));
}

TEST(UblInvoiceTest, BuyerReferenceFallsBackToTheNumberAndNorwayGetsItsPrefix) {
  InvoiceDocument d = OneLine();
  d.buyer_reference.clear();
  d.buyer.tax_ids = {{domain::TaxIdType::kNoVat, "123456785MVA"}};
  const std::string xml = Write(d);
  EXPECT_THAT(xml, HasSubstr("<cbc:BuyerReference>INV-000042</cbc:BuyerReference>"));
  EXPECT_THAT(xml, HasSubstr("<cbc:CompanyID>NO123456785MVA</cbc:CompanyID>"));
}

TEST(UblInvoiceTest, EscapesMarkupInText) {
  InvoiceDocument d = OneLine();
  d.buyer.legal_name = "Zoë & Söhne <Łódź> \"AG\"";
  d.lines[0].description = "Widgets\r\nsecond line";
  const std::string xml = Write(d);
  EXPECT_THAT(xml, HasSubstr("<cbc:RegistrationName>Zoë &amp; Söhne &lt;Łódź&gt; \"AG\"</cbc:RegistrationName>"));
  EXPECT_THAT(xml, HasSubstr("<cbc:Name>Widgets&#13;\nsecond line</cbc:Name>"));
}

// Each reason alone, with the message a caller reads.
TEST(UblInvoiceTest, RefusesWhatEn16931CannotCarry) {
  struct Refusal {
    std::string name;
    void (*spoil)(InvoiceDocument&);
    std::string reason;
  };
  const std::vector<Refusal> refusals = {
      {"KWD", [](InvoiceDocument& d) { d.currency = "KWD"; },
       "the currency KWD has 3 decimals; EN 16931 amounts have at most 2"},
      {"seller endpoint", [](InvoiceDocument& d) { d.seller.electronic_address.reset(); },
       "the seller has no electronic address (PEPPOL-EN16931-R020)"},
      {"buyer endpoint", [](InvoiceDocument& d) { d.buyer.electronic_address->value.clear(); },
       "the buyer has no electronic address (PEPPOL-EN16931-R010)"},
      {"buyer country", [](InvoiceDocument& d) { d.buyer.address.country.clear(); },
       "the buyer has no country (BR-11)"},
      {"buyer country code", [](InvoiceDocument& d) { d.buyer.address.country = "UK"; },
       "the buyer's country is not an ISO 3166-1 code (BR-CL-14)"},
      {"seller scheme", [](InvoiceDocument& d) { d.seller.electronic_address->scheme = "9999"; },
       "the seller's electronic address scheme is not on the EAS list (BR-CL-25)"},
      {"draft", [](InvoiceDocument& d) { d.draft = true; }, "a draft has no e-invoice"},
      {"untaxed line", [](InvoiceDocument& d) { d.tax.lines[0].entry.reset(); },
       "line 1: no VAT category (BR-CO-04)"},
      {"seller VAT", [](InvoiceDocument& d) { d.seller.tax_ids.clear(); },
       "the seller has no VAT identifier, which VAT category S requires (BR-S-02)"},
      {"credit note", [](InvoiceDocument& d) { d.kind = DocumentKind::kCreditNote; },
       "a credit note needs its invoice's number (BT-25)"},
      {"control character", [](InvoiceDocument& d) { d.seller.legal_name += "\x1b"; },
       "seller.legal_name: a character XML cannot carry"},
  };
  for (const Refusal& r : refusals) {
    SCOPED_TRACE(r.name);
    InvoiceDocument d = OneLine();
    r.spoil(d);
    EXPECT_THAT(EInvoiceUnsupportedReasons(d), ::testing::ElementsAre(r.reason));
    absl::StatusOr<std::string> xml = WriteUblInvoice(d);
    EXPECT_THAT(xml, HasErrorCode(ErrorCode::kEInvoiceUnsupported));
    EXPECT_EQ(xml.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(xml.status().message(), "no e-invoice (Peppol BIS Billing 3.0): " + r.reason);
  }
}

TEST(UblInvoiceTest, NamesEveryReasonAtOnce) {
  InvoiceDocument d = OneLine();
  d.currency = "KWD";
  d.seller.electronic_address.reset();
  d.buyer.electronic_address.reset();
  d.buyer.address.country.clear();
  absl::StatusOr<std::string> xml = WriteUblInvoice(d);
  EXPECT_EQ(xml.status().message(),
            "no e-invoice (Peppol BIS Billing 3.0): the currency KWD has 3 decimals; EN 16931 amounts "
            "have at most 2; the seller has no electronic address (PEPPOL-EN16931-R020); the buyer has "
            "no country (BR-11); the buyer has no electronic address (PEPPOL-EN16931-R010)");
}

TEST(UblInvoiceTest, ReasonsBeyondWhatAMessageHoldsAreCounted) {
  InvoiceDocument d = OneLine();
  d.draft = true;
  d.currency = "KWD";
  d.seller = domain::DocumentParty{};
  d.buyer = domain::DocumentParty{};
  d.kind = DocumentKind::kCreditNote;
  d.notes = "\x01";
  ASSERT_EQ(EInvoiceUnsupportedReasons(d).size(), 11u);
  absl::StatusOr<std::string> xml = WriteUblInvoice(d);
  // The api layer keeps 512 bytes of a message: whole reasons, then a count.
  EXPECT_LE(xml.status().message().size(), 512u);
  EXPECT_THAT(std::string(xml.status().message()),
              AllOf(HasSubstr("a draft has no e-invoice; the currency KWD"),
                    ::testing::MatchesRegex(".*; and [1-9] more reasons")));
}

TEST(UblInvoiceTest, RefusesVatCategoriesWithoutTheIdentifiersTheyNeed) {
  InvoiceDocument reverse = Sample("EUR", samples::EuBuyer(),
                                   {{"Consulting", "1", 1000, 0,
                                     WithoutVat(TaxCategory::kReverseCharge, "VATEX-EU-AE")}});
  reverse.buyer.tax_ids.clear();
  reverse.buyer.company_id.clear();
  EXPECT_THAT(EInvoiceUnsupportedReasons(reverse),
              ::testing::ElementsAre("reverse charge needs the buyer's VAT identifier or company id (BR-AE-02)"));

  InvoiceDocument intra = Sample("EUR", samples::EuBuyer(),
                                 {{"Sensor kit", "1", 1000, 0,
                                   WithoutVat(TaxCategory::kIntraCommunity, "VATEX-EU-IC")}});
  intra.buyer.tax_ids.clear();
  intra.lines[0].service_period_start.reset();
  intra.lines[0].service_period_end.reset();
  EXPECT_THAT(EInvoiceUnsupportedReasons(intra),
              ::testing::ElementsAre("an intra-community supply needs the buyer's VAT identifier (BR-IC-02)",
                                     "an intra-community supply needs a service period (BR-IC-11)"));
}

TEST(UblInvoiceTest, ManyUntaxedLinesAreCountedNotListed) {
  InvoiceDocument d = Sample("EUR", samples::DomesticBuyer(),
                             std::vector<samples::Line>(6, {"Widget", "1", 100, 0, Standard("20")}));
  for (domain::LineTaxShare& share : d.tax.lines) share.entry.reset();
  EXPECT_THAT(EInvoiceUnsupportedReasons(d),
              ::testing::ElementsAre("lines 1, 2, 3 and 3 more: no VAT category (BR-CO-04)"));
}

TEST(UblInvoiceTest, ManyFieldsXmlCannotCarryAreCountedNotListed) {
  InvoiceDocument d = Sample("EUR", samples::DomesticBuyer(),
                             std::vector<samples::Line>(300, {"Widget\x01", "1", 100, 0, Standard("20")}));
  EXPECT_THAT(EInvoiceUnsupportedReasons(d),
              ::testing::ElementsAre("lines[0].description, lines[1].description, lines[2].description and "
                                     "297 more: a character XML cannot carry"));
}

TEST(UblInvoiceTest, FiguresThatDisagreeAreAnInternalError) {
  InvoiceDocument d = OneLine();
  d.amount_due += 1;
  EXPECT_EQ(WriteUblInvoice(d).status().code(), absl::StatusCode::kInternal);
  d = OneLine();
  d.tax.breakdown[0].tax_amount += 1;
  EXPECT_EQ(WriteUblInvoice(d).status().code(), absl::StatusCode::kInternal);
  d = OneLine();
  d.tax.lines.clear();
  EXPECT_EQ(WriteUblInvoice(d).status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace billing::documents
