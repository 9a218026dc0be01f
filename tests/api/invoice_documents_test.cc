// GetInvoicePdf and GetInvoiceEInvoice (issue 23) over a real gRPC channel
// to a real server, on both backends: a draft's preview, an issued
// invoice's PDF that never changes, and the e-invoice's refusals.
#include <string>

#include "billing/v1/invoice.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
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

INSTANTIATE_TEST_SUITE_P(Backends, InvoiceDocumentsTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
