#include "domain/invoice_document_builder.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/credit_note_tax.h"
#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;

const TaxRateTerms kVat19{190000, false, TaxCategory::kStandard, "", ""};
const TaxRateTerms kReverse{0, false, TaxCategory::kReverseCharge, "Reverse charge",
                            "VATEX-EU-AE"};

Organization Seller() {
  OrganizationInput input;
  input.legal_name = "Muster GmbH";
  input.trading_name = "Muster";
  input.address = {"Hauptstr. 1", "", "Berlin", "10115", "", "DE"};
  input.tax_id = "DE811907980";
  input.company_id = "HRB 12345";
  input.email = "billing@muster.de";
  input.payment_instructions.iban = "DE89370400440532013000";
  input.payment_instructions.bic = "COBADEFFXXX";
  input.electronic_address = {"9930", "DE811907980"};
  return ValidateOrganization("acct_1", input, absl::UnixEpoch()).value();
}

BuyerSnapshot Buyer() {
  BuyerSnapshot buyer;
  buyer.customer_id = "cus_1";
  buyer.name = "Acme";
  buyer.email = "ap@acme.fr";
  buyer.identity.legal_name = "Acme SARL";
  buyer.identity.billing_address = {"1 rue de la Paix", "", "Paris", "75002", "", "FR"};
  buyer.identity.tax_ids = {{TaxIdType::kEuVat, "FR12345678901"}};
  return buyer;
}

DocumentLine Line(std::string description, int64_t quantity, int64_t unit_amount,
                  std::optional<TaxRateTerms> rate, int64_t discount = 0) {
  DocumentLine line;
  line.description = std::move(description);
  line.quantity = DecimalQuantity{quantity};
  line.unit_amount = unit_amount;
  line.discount_amount = discount;
  line.tax_rate = std::move(rate);
  line.amount = -1;  // ignored: computed
  return line;
}

InvoiceDocumentSource Source() {
  InvoiceDocumentSource source;
  source.number = "INV-000042";
  source.issue_date = absl::CivilDay(2026, 12, 7);
  source.currency = "EUR";
  source.seller = Seller();
  source.buyer = Buyer();
  source.lines = {Line("Consulting", 75000, 4000, kVat19, 2500),  // 7.5 h, 25.00 off
                  Line("Licence", 10000, 5000, kReverse)};
  source.amount_paid = 10000;
  return source;
}

TEST(InvoiceDocumentBuilderTest, TheInvoiceCarriesSellerBuyerLinesTaxAndTotals) {
  absl::StatusOr<InvoiceDocument> document = BuildInvoiceDocument(Source());
  ASSERT_THAT(document, IsOk());
  EXPECT_EQ(document->kind, DocumentKind::kInvoice);
  EXPECT_FALSE(document->draft);
  EXPECT_EQ(document->number, "INV-000042");
  EXPECT_EQ(document->seller.legal_name, "Muster GmbH");
  EXPECT_EQ(document->seller.trading_name, "Muster");
  EXPECT_EQ(document->seller.address.country, "DE");
  EXPECT_EQ(document->seller.tax_ids, (std::vector<TaxId>{{TaxIdType::kEuVat, "DE811907980"}}));
  EXPECT_EQ(document->seller.company_id, "HRB 12345");
  ASSERT_TRUE(document->seller.electronic_address.has_value());
  EXPECT_EQ(document->seller.electronic_address->scheme, "9930");
  EXPECT_EQ(document->buyer.legal_name, "Acme SARL");
  EXPECT_EQ(document->buyer.address.city, "Paris");
  EXPECT_EQ(document->buyer.tax_ids, Buyer().identity.tax_ids);
  EXPECT_EQ(document->buyer.email, "ap@acme.fr");

  ASSERT_EQ(document->lines.size(), 2u);
  EXPECT_EQ(document->lines[0].amount, 30000);
  EXPECT_EQ(document->lines[1].amount, 5000);
  EXPECT_EQ(document->tax.subtotal, 27500 + 5000);
  EXPECT_EQ(document->tax.tax_amount, 5225);
  EXPECT_EQ(document->tax.total, 37725);
  ASSERT_EQ(document->tax.breakdown.size(), 2u);
  EXPECT_EQ(document->tax.breakdown[1].exemption_reason_code, "VATEX-EU-AE");
  EXPECT_EQ(document->amount_paid, 10000);
  EXPECT_EQ(document->amount_due, 27725);
  ASSERT_TRUE(document->payment_instructions.has_value());
  EXPECT_EQ(document->payment_instructions->iban, "DE89370400440532013000");
}

TEST(InvoiceDocumentBuilderTest, PaymentTermsAreTheBuyersOverrideElseTheSellersDefault) {
  InvoiceDocumentSource source = Source();
  source.seller.default_payment_terms_days = 14;
  absl::StatusOr<InvoiceDocument> seller_terms = BuildInvoiceDocument(source);
  ASSERT_THAT(seller_terms, IsOk());
  EXPECT_EQ(seller_terms->payment_terms_days, 14);
  EXPECT_EQ(seller_terms->due_date, absl::CivilDay(2026, 12, 21));

  source.buyer.identity.payment_terms_days = 0;  // due on receipt
  absl::StatusOr<InvoiceDocument> buyer_terms = BuildInvoiceDocument(source);
  ASSERT_THAT(buyer_terms, IsOk());
  EXPECT_EQ(buyer_terms->payment_terms_days, 0);
  EXPECT_EQ(buyer_terms->due_date, absl::CivilDay(2026, 12, 7));

  source.due_date = absl::CivilDay(2027, 1, 15);  // the invoice's own due date wins
  EXPECT_EQ(BuildInvoiceDocument(source)->due_date, absl::CivilDay(2027, 1, 15));
}

TEST(InvoiceDocumentBuilderTest, TheBuyerWithoutLegalNameIsNamedByItsName) {
  InvoiceDocumentSource source = Source();
  source.buyer.identity.legal_name = "";
  EXPECT_EQ(BuildInvoiceDocument(source)->buyer.legal_name, "Acme");
}

TEST(InvoiceDocumentBuilderTest, AnIssuedInvoiceNeedsACompleteSellerAndANumber) {
  InvoiceDocumentSource source = Source();
  source.seller.address.line1 = "";
  EXPECT_THAT(BuildInvoiceDocument(source), HasErrorCode(ErrorCode::kOrganizationIncomplete));
  source.draft = true;
  source.number = "";
  absl::StatusOr<InvoiceDocument> draft = BuildInvoiceDocument(source);
  ASSERT_THAT(draft, IsOk());
  EXPECT_TRUE(draft->draft);
  EXPECT_TRUE(draft->number.empty());

  InvoiceDocumentSource unnumbered = Source();
  unnumbered.number = "";
  EXPECT_THAT(BuildInvoiceDocument(unnumbered), HasErrorCode(ErrorCode::kValidationError));
  InvoiceDocumentSource numbered_draft = Source();
  numbered_draft.draft = true;
  EXPECT_THAT(BuildInvoiceDocument(numbered_draft), HasErrorCode(ErrorCode::kValidationError));
  InvoiceDocumentSource bad_discount = Source();
  bad_discount.lines[1].discount_amount = 5001;
  EXPECT_THAT(BuildInvoiceDocument(bad_discount), HasErrorCode(ErrorCode::kValidationError));
}

TEST(InvoiceDocumentBuilderTest, NoPaymentInstructionsWhenTheSellerHasNone) {
  InvoiceDocumentSource source = Source();
  source.seller.payment_instructions = {};
  EXPECT_FALSE(BuildInvoiceDocument(source)->payment_instructions.has_value());
}

// An invoice processed on 2026-12-07 with its parties and terms frozen.
Invoice IssuedInvoice() {
  Invoice invoice;
  invoice.account_id = "acct_1";
  invoice.id = "inv_1";
  invoice.customer_id = "cus_1";
  invoice.currency = "EUR";
  invoice.amount = 36150;
  invoice.status = InvoiceStatus::kPending;
  invoice.due_date = absl::CivilDay(2027, 1, 6);
  invoice.notes = "as issued";
  invoice.line_items = {{.description = "Consulting", .quantity = DecimalQuantity::Whole(3), .unit_amount = 12050,
                         .amount = 36150}};
  invoice.process_time = absl::FromCivil(absl::CivilSecond(2026, 12, 7, 23, 30, 0),
                                         absl::UTCTimeZone());
  invoice.number = "INV-000042";
  invoice.seller = SellerParty(Seller());
  invoice.buyer = BuyerParty(Buyer());
  invoice.terms = DocumentTerms{.due_date = absl::CivilDay(2027, 1, 6),
                                .payment_terms_days = 30,
                                .notes = "as issued",
                                .payment_instructions = PaymentInstructionsOf(Seller()),
                                .template_version = 1};
  return invoice;
}

TEST(InvoiceDocumentOfTest, AnIssuedInvoiceShowsOnlyWhatWasFrozenWhenItWasProcessed) {
  Invoice invoice = IssuedInvoice();
  // Everything live has changed since.
  Organization seller = Seller();
  seller.legal_name = "Renamed AG";
  seller.payment_instructions.iban = "FR7630006000011234567890189";
  seller.default_payment_terms_days = 7;
  BuyerSnapshot buyer = Buyer();
  buyer.identity.legal_name = "Other SA";
  invoice.notes = "edited later";
  invoice.due_date = absl::CivilDay(2027, 6, 30);

  absl::StatusOr<InvoiceDocument> document =
      InvoiceDocumentOf(invoice, seller, buyer, absl::CivilDay(2027, 3, 1));
  ASSERT_THAT(document, IsOk());
  EXPECT_FALSE(document->draft);
  EXPECT_EQ(document->number, "INV-000042");
  EXPECT_EQ(document->issue_date, absl::CivilDay(2026, 12, 7)) << "the processing day, in UTC";
  EXPECT_EQ(document->due_date, absl::CivilDay(2027, 1, 6));
  EXPECT_EQ(document->notes, "as issued");
  EXPECT_EQ(document->payment_terms_days, 30);
  EXPECT_EQ(document->seller, *invoice.seller);
  EXPECT_EQ(document->buyer, *invoice.buyer);
  EXPECT_EQ(document->payment_instructions, PaymentInstructionsOf(Seller()));
  EXPECT_EQ(document->tax.total, 36150);
  EXPECT_EQ(document->amount_due, 36150);
}

TEST(InvoiceDocumentOfTest, ADraftIsAPreviewFromTheCurrentPartiesDatedToday) {
  Invoice draft = IssuedInvoice();
  draft.number.clear();
  draft.status = InvoiceStatus::kDraft;
  draft.process_time.reset();
  draft.seller.reset();
  draft.buyer.reset();
  draft.terms.reset();
  Organization seller = Seller();
  seller.legal_name = "Renamed AG";

  absl::StatusOr<InvoiceDocument> document =
      InvoiceDocumentOf(draft, seller, Buyer(), absl::CivilDay(2027, 3, 1));
  ASSERT_THAT(document, IsOk());
  EXPECT_TRUE(document->draft);
  EXPECT_EQ(document->number, "");
  EXPECT_EQ(document->issue_date, absl::CivilDay(2027, 3, 1));
  EXPECT_EQ(document->seller.legal_name, "Renamed AG");
  EXPECT_EQ(document->notes, "as issued");
}

TEST(InvoiceDocumentOfTest, AnInvoiceWithoutLinesShowsItsAmountAsOneLine) {
  Invoice invoice = IssuedInvoice();
  invoice.line_items.clear();
  absl::StatusOr<InvoiceDocument> document =
      InvoiceDocumentOf(invoice, Seller(), Buyer(), absl::CivilDay(2027, 3, 1));
  ASSERT_THAT(document, IsOk());
  ASSERT_EQ(document->lines.size(), 1u);
  EXPECT_EQ(document->lines[0].amount, 36150);
  EXPECT_EQ(document->tax.total, 36150);
}

// Invoices processed before their terms were frozen (migration 12) have no
// reproducible document: a named refusal, never today's parties.
TEST(InvoiceDocumentOfTest, AnIssuedInvoiceWithNothingFrozenIsUnavailableNotTodaysParties) {
  Invoice invoice = IssuedInvoice();
  invoice.terms.reset();
  EXPECT_THAT(InvoiceDocumentOf(invoice, Seller(), Buyer(), absl::CivilDay(2027, 3, 1)),
              HasErrorCode(ErrorCode::kInvoiceDocumentUnavailable));
}

TEST(CreditNoteDocumentBuilderTest, APartialCreditShowsWhatItReversesPerLineAndEntry) {
  const InvoiceDocument invoice = BuildInvoiceDocument(Source()).value();
  const CreditNoteTax credit = AllocateCreditNoteTax(invoice.tax, {}, 11900).value();
  absl::StatusOr<InvoiceDocument> note = BuildCreditNoteDocument(
      {"CN-000007", absl::CivilDay(2026, 12, 20), "Goodwill", invoice, credit});
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->kind, DocumentKind::kCreditNote);
  EXPECT_EQ(note->number, "CN-000007");
  EXPECT_EQ(note->preceding_invoice_number, "INV-000042");
  EXPECT_EQ(note->preceding_invoice_issue_date, absl::CivilDay(2026, 12, 7));
  EXPECT_EQ(note->seller, invoice.seller);
  EXPECT_EQ(note->buyer, invoice.buyer);
  EXPECT_EQ(note->currency, "EUR");
  // What it credits is its BT-115 (UBL PayableAmount), as the writers need.
  EXPECT_EQ(note->amount_due, 11900);
  EXPECT_FALSE(note->payment_instructions.has_value());
  EXPECT_EQ(note->tax.total, 11900);
  EXPECT_EQ(note->tax.subtotal + note->tax.tax_amount, 11900);
  EXPECT_EQ(note->tax.subtotal, credit.subtotal);
  EXPECT_EQ(note->tax.tax_amount, credit.tax_amount);
  // Both lines are partly reversed: one unit each at the part's amount.
  ASSERT_EQ(note->lines.size(), 2u);
  ASSERT_EQ(note->tax.lines.size(), 2u);
  int64_t lines_net = 0;
  for (size_t i = 0; i < note->lines.size(); ++i) {
    EXPECT_EQ(note->lines[i].quantity, DecimalQuantity::Whole(1));
    EXPECT_EQ(note->lines[i].amount, credit.lines[i].net);  // exclusive: the net
    EXPECT_EQ(note->lines[i].discount_amount, 0);
    EXPECT_EQ(note->lines[i].description, invoice.lines[i].description);
    EXPECT_EQ(note->tax.lines[i].entry, invoice.tax.lines[i].entry);
    lines_net += note->tax.lines[i].net;
  }
  EXPECT_EQ(lines_net, note->tax.subtotal);
  ASSERT_EQ(note->tax.breakdown.size(), 2u);
  EXPECT_EQ(note->tax.breakdown[0].tax_amount, credit.tax_amount);
}

TEST(CreditNoteDocumentBuilderTest, UntouchedLinesAndEntriesAreLeftOutAndFullLinesKept) {
  const InvoiceDocument invoice = BuildInvoiceDocument(Source()).value();
  // Credit everything: each line fully, as it was (quantity, discount).
  const CreditNoteTax all = AllocateCreditNoteTax(invoice.tax, {}, invoice.tax.total).value();
  absl::StatusOr<InvoiceDocument> full = BuildCreditNoteDocument(
      {"CN-000008", absl::CivilDay(2026, 12, 20), "", invoice, all});
  ASSERT_THAT(full, IsOk());
  ASSERT_EQ(full->lines.size(), 2u);
  EXPECT_EQ(full->lines[0].quantity, DecimalQuantity{75000});
  EXPECT_EQ(full->lines[0].discount_amount, 2500);
  EXPECT_EQ(full->tax.breakdown, invoice.tax.breakdown);

  // A credit note touching only the reverse-charge line (made by hand).
  CreditNoteTax only_second = all;
  only_second.lines[0] = {0, 0, std::nullopt};
  only_second.breakdown[0].taxable_amount = 0;
  only_second.breakdown[0].tax_amount = 0;
  only_second.subtotal = all.lines[1].net;
  only_second.tax_amount = 0;
  only_second.amount = all.lines[1].net;
  absl::StatusOr<InvoiceDocument> partial = BuildCreditNoteDocument(
      {"CN-000009", absl::CivilDay(2026, 12, 20), "", invoice, only_second});
  ASSERT_THAT(partial, IsOk());
  ASSERT_EQ(partial->lines.size(), 1u);
  EXPECT_EQ(partial->lines[0].description, "Licence");
  ASSERT_EQ(partial->tax.breakdown.size(), 1u);
  EXPECT_EQ(partial->tax.breakdown[0].category, TaxCategory::kReverseCharge);
  EXPECT_EQ(partial->tax.lines[0].entry, std::optional<size_t>(0));  // renumbered
}

TEST(CreditNoteDocumentBuilderTest, InclusiveLinesShowTheGrossPart) {
  InvoiceDocumentSource source = Source();
  const TaxRateTerms inclusive{190000, true, TaxCategory::kStandard, "", ""};
  source.lines = {Line("Box", 10000, 11900, inclusive)};
  const InvoiceDocument invoice = BuildInvoiceDocument(source).value();
  const CreditNoteTax credit = AllocateCreditNoteTax(invoice.tax, {}, 5950).value();
  absl::StatusOr<InvoiceDocument> note =
      BuildCreditNoteDocument({"CN-1X", absl::CivilDay(2026, 12, 8), "", invoice, credit});
  ASSERT_THAT(note, IsOk());
  ASSERT_EQ(note->lines.size(), 1u);
  EXPECT_EQ(note->lines[0].amount, 5950);
  EXPECT_EQ(note->tax.subtotal, 5000);
  EXPECT_EQ(note->tax.tax_amount, 950);
}

TEST(CreditNoteDocumentBuilderTest, RefusesACreditOfAnotherShapeOrADraft) {
  const InvoiceDocument invoice = BuildInvoiceDocument(Source()).value();
  CreditNoteTax credit = AllocateCreditNoteTax(invoice.tax, {}, 100).value();
  credit.lines.pop_back();
  EXPECT_THAT(BuildCreditNoteDocument({"CN-1X", absl::CivilDay(2026, 12, 8), "", invoice, credit}),
              HasErrorCode(ErrorCode::kValidationError));
  InvoiceDocument draft = invoice;
  draft.draft = true;
  const CreditNoteTax ok = AllocateCreditNoteTax(invoice.tax, {}, 100).value();
  EXPECT_THAT(BuildCreditNoteDocument({"CN-1X", absl::CivilDay(2026, 12, 8), "", draft, ok}),
              HasErrorCode(ErrorCode::kValidationError));
  EXPECT_THAT(BuildCreditNoteDocument({"", absl::CivilDay(2026, 12, 8), "", invoice, ok}),
              HasErrorCode(ErrorCode::kValidationError));
}

// A stored note's document replays its split after the invoice's earlier
// notes: the second note reverses what the first left, not a fresh share.
TEST(CreditNoteDocumentOfTest, ASecondNoteIsSplitAfterTheFirstAsWhenItWasIssued) {
  const InvoiceDocument invoice = BuildInvoiceDocument(Source()).value();
  const std::vector<CreditNoteTax> split =
      AllocateCreditNotesTax(invoice.tax, {10001, 5003}).value();
  CreditNote first{.id = "cn_1", .number = "CN-000001", .amount = 10001,
                   .tax_amount = split[0].tax_amount};
  CreditNote second{.id = "cn_2", .number = "CN-000002", .amount = 5003,
                    .memo = "Second goodwill", .date = absl::CivilDay(2026, 12, 21),
                    .tax_amount = split[1].tax_amount};
  absl::StatusOr<InvoiceDocument> note = CreditNoteDocumentOf(second, invoice, {first});
  ASSERT_THAT(note, IsOk());
  const InvoiceDocument expected =
      BuildCreditNoteDocument({"CN-000002", absl::CivilDay(2026, 12, 21), "Second goodwill",
                               invoice, split[1]})
          .value();
  EXPECT_EQ(note->number, "CN-000002");
  EXPECT_EQ(note->notes, "Second goodwill");
  EXPECT_EQ(note->issue_date, absl::CivilDay(2026, 12, 21));
  EXPECT_EQ(note->tax.tax_amount, expected.tax.tax_amount);
  EXPECT_EQ(note->tax.breakdown, expected.tax.breakdown);
  EXPECT_EQ(note->preceding_invoice_number, "INV-000042");

  // Stored tax the replay does not reach: the rows were changed.
  second.tax_amount += 1;
  EXPECT_THAT(CreditNoteDocumentOf(second, invoice, {first}), HasErrorCode(ErrorCode::kInternal));
}

}  // namespace
}  // namespace billing::domain
