// GetInvoicePdf and GetInvoiceEInvoice, GetCreditNotePdf and
// GetCreditNoteEInvoice (issue 23) over a real gRPC channel to a real
// server, on both backends: a draft's preview, an issued invoice's PDF that
// never changes, a credit note's documents, and the refusals.
#include <string>

#include "absl/time/clock.h"
#include "app/ports/store.h"
#include "billing/v1/credit_note.pb.h"
#include "billing/v1/invoice.pb.h"
#include "domain/ids.h"
#include "domain/tax_rate_resource.h"
#include "tests/support/test_backend.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/tax_rate_seed.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The file name the body's DocumentFile extension gives.
std::string FileName(const google::api::HttpBody& body) {
  v1::DocumentFile file;
  if (body.extensions_size() != 1 || !body.extensions(0).UnpackTo(&file)) return "";
  return file.file_name();
}

class InvoiceDocumentsTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  v1::Invoice Draft() {
    v1::Customer customer = client_.MustCreateCustomer("EUR");
    v1::Invoice invoice;
    invoice.set_customer_id(customer.id());
    invoice.set_due_date("2030-01-31");
    v1::LineItem* line = invoice.add_line_items();
    line->set_description("Consulting");
    line->set_quantity(3);
    line->set_unit_amount("120.50");
    v1::Invoice created;
    grpc::Status status = client_.CreateInvoice(invoice, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  // A processed invoice that EN 16931 can carry (a 19 % line and a 7 %
  // line, both parties with an electronic address) and a credit note of
  // 50.00 on it.
  std::pair<v1::Invoice, v1::CreditNote> CreditedInvoice() {
    v1::Organization seller;
    seller.set_tax_id("DE811907980");
    seller.mutable_electronic_address()->set_scheme("9930");
    seller.mutable_electronic_address()->set_value("DE811907980");
    // Between German parties the seller names a phone and an e-mail (DE-R-006/007).
    seller.set_phone("+49 30 1234567");
    seller.set_email("billing@seller.example");
    v1::Organization updated;
    grpc::Status status = client_.UpdateOrganization(
        seller, {"tax_id", "electronic_address", "phone", "email"}, &updated);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::Customer buyer = client_.MustCreateCustomer("EUR");
    v1::Customer patch;
    patch.set_legal_name("Käufer AG");
    patch.mutable_billing_address()->set_line1("Marktplatz 3");
    patch.mutable_billing_address()->set_city("München");
    patch.mutable_billing_address()->set_country("DE");
    patch.mutable_electronic_address()->set_scheme("0088");
    patch.mutable_electronic_address()->set_value("9123456000026");
    v1::Customer changed;
    status = client_.UpdateCustomer(buyer.id(), patch,
                                    {"legal_name", "billing_address", "electronic_address"},
                                    &changed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::Invoice invoice;
    invoice.set_customer_id(buyer.id());
    invoice.set_due_date("2099-01-31");
    v1::LineItem* standard = invoice.add_line_items();
    standard->set_description("Consulting");
    standard->set_quantity(3);
    standard->set_unit_amount("120.50");
    standard->set_tax_rate_id(Rate("19"));
    v1::LineItem* reduced = invoice.add_line_items();
    reduced->set_description("Handbook");
    reduced->set_quantity(2);
    reduced->set_unit_amount("25.00");
    reduced->set_tax_rate_id(Rate("7"));
    v1::Invoice created;
    status = client_.CreateInvoice(invoice, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::Invoice issued;
    status = client_.ProcessInvoice(created.id(), &issued);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::CreditNote note;
    note.set_amount("50.00");
    note.set_reason("product_unsatisfactory");
    note.set_memo("One handbook arrived damaged");
    v1::CreditNote stored;
    status = client_.CreateCreditNote(issued.id(), note, &stored);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {issued, stored};
  }

  // A standard-category rate of `percentage` %, written through the store
  // as the tax-rates API would.
  std::string Rate(const std::string& percentage) {
    domain::TaxRateInput input{.display_name = "VAT", .percentage = percentage, .category = "S"};
    return ::billing::testing::SeedTaxRate(server_.server().store(), TestServer::kAccount, input);
  }

  TestServer server_{GetParam()};
  BillingClient client_{server_.channel(), server_.authorization()};
};

TEST_P(InvoiceDocumentsTest, ADraftsPdfIsAPreviewNamedByItsId) {
  const v1::Invoice draft = Draft();
  google::api::HttpBody pdf;
  grpc::Status status = client_.GetInvoicePdf(draft.id(), &pdf);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(pdf.content_type(), "application/pdf");
  EXPECT_THAT(pdf.data(), StartsWith("%PDF-"));
  EXPECT_EQ(FileName(pdf), "draft-" + draft.id() + ".pdf");
}

TEST_P(InvoiceDocumentsTest, AnIssuedPdfIsTheSameBytesWhateverChangesAfterIssue) {
  const v1::Invoice draft = Draft();
  v1::Invoice issued;
  ASSERT_TRUE(client_.ProcessInvoice(draft.id(), &issued).ok());
  google::api::HttpBody first;
  ASSERT_TRUE(client_.GetInvoicePdf(issued.id(), &first).ok());
  EXPECT_EQ(FileName(first), issued.number() + ".pdf");

  // The seller, the buyer and the invoice's own notes and due date change.
  v1::Organization seller;
  seller.set_legal_name("Renamed AG");
  seller.mutable_payment_instructions()->set_iban("DE89370400440532013000");
  v1::Organization updated;
  grpc::Status status =
      client_.UpdateOrganization(seller, {"legal_name", "payment_instructions.iban"}, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::Customer buyer;
  buyer.set_legal_name("Another Buyer Ltd");
  v1::Customer changed;
  ASSERT_TRUE(client_.UpdateCustomer(issued.customer_id(), buyer, {"legal_name"}, &changed).ok());
  v1::Invoice edit;
  edit.set_notes("written after issue");
  edit.set_due_date("2031-06-30");
  v1::Invoice edited;
  status = client_.UpdateInvoice(issued.id(), edit, {"notes", "due_date"}, &edited);
  ASSERT_TRUE(status.ok()) << status.error_message();

  google::api::HttpBody second;
  ASSERT_TRUE(client_.GetInvoicePdf(issued.id(), &second).ok());
  EXPECT_TRUE(second.data() == first.data()) << "the issued invoice's PDF changed";

  // A draft, by contrast, shows the organization as it is now.
  google::api::HttpBody preview_before;
  const v1::Invoice other = Draft();
  ASSERT_TRUE(client_.GetInvoicePdf(other.id(), &preview_before).ok());
  seller.set_legal_name("Renamed Again AG");
  ASSERT_TRUE(client_.UpdateOrganization(seller, {"legal_name"}, &updated).ok());
  google::api::HttpBody preview_after;
  ASSERT_TRUE(client_.GetInvoicePdf(other.id(), &preview_after).ok());
  EXPECT_FALSE(preview_after.data() == preview_before.data());
}

TEST_P(InvoiceDocumentsTest, ADraftHasNoEInvoice) {
  const v1::Invoice draft = Draft();
  google::api::HttpBody xml;
  grpc::Status status = client_.GetInvoiceEInvoice(draft.id(), &xml);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "INVOICE_NOT_ISSUED");
}

TEST_P(InvoiceDocumentsTest, WhatEn16931CannotCarryIsRefusedNamingEachReason) {
  v1::Invoice issued;
  ASSERT_TRUE(client_.ProcessInvoice(Draft().id(), &issued).ok());
  google::api::HttpBody xml;
  grpc::Status status = client_.GetInvoiceEInvoice(issued.id(), &xml);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "E_INVOICE_UNSUPPORTED");
  // The lines carry no VAT category; neither party has an electronic address.
  EXPECT_THAT(status.error_message(), HasSubstr("BR-CO-04"));
  EXPECT_THAT(status.error_message(), HasSubstr("electronic address"));
  EXPECT_TRUE(xml.data().empty());
}

TEST_P(InvoiceDocumentsTest, AnotherAccountsOrAnUnknownInvoiceIsNotFound) {
  const v1::Invoice draft = Draft();
  BillingClient other(server_.channel(),
                      "Apikey " + server_.CreateApiKey("acct_other", {auth::Scope::kInvoicesRead}));
  google::api::HttpBody body;
  grpc::Status status = other.GetInvoicePdf(draft.id(), &body);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ErrorReason(status), "INVOICE_NOT_FOUND");
  status = client_.GetInvoiceEInvoice("inv_missing", &body);
  EXPECT_EQ(ErrorReason(status), "INVOICE_NOT_FOUND");
}

TEST_P(InvoiceDocumentsTest, TheDocumentsNeedInvoicesRead) {
  const v1::Invoice draft = Draft();
  BillingClient customers_only(
      server_.channel(), "Apikey " + server_.CreateApiKey(TestServer::kAccount, {auth::Scope::kCustomersRead}));
  google::api::HttpBody body;
  grpc::Status status = customers_only.GetInvoicePdf(draft.id(), &body);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("invoices:read"));
}

TEST_P(InvoiceDocumentsTest, ACreditNotesPdfIsNamedByItsNumberAndTheSameOnEveryFetch) {
  const auto [invoice, note] = CreditedInvoice();
  google::api::HttpBody first;
  grpc::Status status = client_.GetCreditNotePdf(note.id(), &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(first.content_type(), "application/pdf");
  EXPECT_THAT(first.data(), StartsWith("%PDF-"));
  EXPECT_EQ(FileName(first), note.number() + ".pdf");
  // The buyer changes; the note's document, like its invoice's, does not.
  v1::Customer buyer;
  buyer.set_legal_name("Renamed Käufer AG");
  v1::Customer changed;
  ASSERT_TRUE(client_.UpdateCustomer(invoice.customer_id(), buyer, {"legal_name"}, &changed).ok());
  google::api::HttpBody second;
  ASSERT_TRUE(client_.GetCreditNotePdf(note.id(), &second).ok());
  EXPECT_TRUE(second.data() == first.data()) << "the credit note's PDF changed";
}

TEST_P(InvoiceDocumentsTest, ACreditNotesEInvoiceIsAUblCreditNoteReferencingItsInvoice) {
  const auto [invoice, note] = CreditedInvoice();
  google::api::HttpBody xml;
  grpc::Status status = client_.GetCreditNoteEInvoice(note.id(), &xml);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(xml.content_type(), "application/xml");
  EXPECT_EQ(FileName(xml), note.number() + ".xml");
  EXPECT_THAT(xml.data(), HasSubstr("<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\""));
  EXPECT_THAT(xml.data(), HasSubstr("<cbc:ID>" + note.number() + "</cbc:ID>"));
  EXPECT_THAT(xml.data(), HasSubstr("<cac:BillingReference>\n    <cac:InvoiceDocumentReference>\n      <cbc:ID>" +
                                    invoice.number() + "</cbc:ID>"));
  // Its tax is the split stored on the note, per rate.
  EXPECT_THAT(xml.data(), HasSubstr("<cbc:TaxAmount currencyID=\"EUR\">" + note.tax_amount() +
                                    "</cbc:TaxAmount>"));
  EXPECT_THAT(xml.data(), HasSubstr("<cbc:PayableAmount currencyID=\"EUR\">50.00</cbc:PayableAmount>"));
  ASSERT_EQ(note.tax_breakdown_size(), 2);
  for (const v1::TaxBreakdownEntry& entry : note.tax_breakdown()) {
    EXPECT_THAT(xml.data(), HasSubstr("<cbc:TaxAmount currencyID=\"EUR\">" + entry.tax_amount() +
                                      "</cbc:TaxAmount>"));
  }
}

TEST_P(InvoiceDocumentsTest, AnUnknownOrAnotherAccountsCreditNoteIsNotFound) {
  const auto [invoice, note] = CreditedInvoice();
  BillingClient other(server_.channel(),
                      "Apikey " + server_.CreateApiKey("acct_other", {auth::Scope::kInvoicesRead}));
  google::api::HttpBody body;
  grpc::Status status = other.GetCreditNotePdf(note.id(), &body);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ErrorReason(status), "CREDIT_NOTE_NOT_FOUND");
  status = client_.GetCreditNoteEInvoice("cn_missing", &body);
  EXPECT_EQ(ErrorReason(status), "CREDIT_NOTE_NOT_FOUND");
  BillingClient customers_only(
      server_.channel(), "Apikey " + server_.CreateApiKey(TestServer::kAccount, {auth::Scope::kCustomersRead}));
  status = customers_only.GetCreditNoteEInvoice(note.id(), &body);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

// An invoice processed before migration 12 froze its terms has no document
// that shows what was issued: 409 INVOICE_DOCUMENT_UNAVAILABLE, for it and
// its credit notes, rather than INTERNAL or today's parties.
TEST_P(InvoiceDocumentsTest, AnInvoiceProcessedBeforeItsTermsWereFrozenHasNoDocuments) {
  const auto [invoice, note] = CreditedInvoice();
  testing::ExecSql(server_.db_path(), "UPDATE invoice_parties SET terms = ''");
  google::api::HttpBody body;
  for (const grpc::Status& status :
       {client_.GetInvoicePdf(invoice.id(), &body), client_.GetInvoiceEInvoice(invoice.id(), &body),
        client_.GetCreditNotePdf(note.id(), &body), client_.GetCreditNoteEInvoice(note.id(), &body)}) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_EQ(ErrorReason(status), "INVOICE_DOCUMENT_UNAVAILABLE");
    EXPECT_THAT(status.error_message(), HasSubstr(invoice.id()));
  }
  EXPECT_TRUE(body.data().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, InvoiceDocumentsTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
