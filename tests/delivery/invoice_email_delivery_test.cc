// Invoice emails end to end: a real server (on SQLite and on PostgreSQL)
// emails processed invoices through a real SMTP server on loopback
// (tests/receivers/smtp_server.py, aiosmtpd), which saves every message.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "billing/v1/invoice.grpc.pb.h"
#include "delivery/peer_process.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "support/billing_client.h"
#include "support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::FreePort;
using ::billing::testing::PeerProcess;
using ::billing::testing::ReadFileOrEmpty;
using ::billing::testing::TestServer;
using ::billing::testing::WaitFor;
using ::testing::HasSubstr;

constexpr char kFrom[] = "billing@billing.test";

class InvoiceEmailDeliveryTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override {
    smtp_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  // Fast polls and retries, so that a test sees a retry within seconds.
  server::ServerOptions MailTo(int port) const {
    server::ServerOptions options;
    options.smtp.url = absl::StrCat("smtp://127.0.0.1:", port);
    options.smtp.from = kFrom;
    options.mail.poll_interval = absl::Milliseconds(100);
    options.mail.retry = {.initial_delay = absl::Milliseconds(300),
                          .max_delay = absl::Milliseconds(600),
                          .give_up_after = absl::Hours(1)};
    return options;
  }

  void Serve(server::ServerOptions options) {
    server_ = std::make_unique<TestServer>(GetParam(), std::move(options));
    client_ = std::make_unique<BillingClient>(server_->channel(), server_->authorization());
    invoices_ = v1::InvoiceService::NewStub(server_->channel());
  }

  // Starts the SMTP server (on `port`, 0: any); fails the test if it cannot.
  void StartSmtp(int port = 0) {
    absl::StatusOr<std::unique_ptr<PeerProcess>> smtp =
        PeerProcess::Start({BILLING_TEST_PYTHON, BILLING_RECEIVERS_DIR "/smtp_server.py", "--out",
                            dir_ + "/mail", "--port", absl::StrCat(port)});
    ASSERT_TRUE(smtp.ok()) << smtp.status()
                           << "; run ctest, whose delivery_test_venv fixture installs aiosmtpd";
    smtp_ = *std::move(smtp);
  }

  // A processed invoice of 2 x 150.25 USD for a customer at ap@acme.test.
  v1::Invoice ProcessedInvoice() {
    v1::Customer customer;
    customer.set_name("Acme Corp");
    customer.set_email("ap@acme.test");
    customer.set_default_currency("USD");
    v1::Customer created;
    EXPECT_TRUE(client_->CreateCustomer(customer, &created).ok());
    v1::Invoice invoice = Draft(created.id());
    v1::Invoice processed;
    const grpc::Status status = client_->ProcessInvoice(invoice.id(), &processed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return processed;
  }

  v1::Invoice Draft(const std::string& customer_id) {
    v1::Invoice invoice;
    invoice.set_customer_id(customer_id);
    invoice.set_due_date("2026-12-31");
    v1::LineItem* line = invoice.add_line_items();
    line->set_description("Support hours");
    line->set_quantity(2);
    line->set_unit_amount("150.25");
    v1::Invoice draft;
    const grpc::Status status = client_->CreateInvoice(invoice, &draft);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return draft;
  }

  v1::Invoice Get(const std::string& id) {
    v1::Invoice out;
    EXPECT_TRUE(client_->GetInvoice(id, &out).ok());
    return out;
  }

  grpc::Status Send(const std::string& id, v1::Invoice* out) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", server_->authorization());
    v1::SendInvoiceRequest request;
    request.set_invoice_id(id);
    return invoices_->SendInvoice(&context, request, out);
  }

  // A file of the n-th saved message; "" until it arrives.
  std::string Saved(int n, const std::string& name) const {
    return ReadFileOrEmpty(absl::StrCat(dir_, "/mail/", n, "/", name));
  }

  std::string dir_;
  std::unique_ptr<PeerProcess> smtp_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<BillingClient> client_;
  std::unique_ptr<v1::InvoiceService::Stub> invoices_;
};

TEST_P(InvoiceEmailDeliveryTest, ProcessedInvoiceIsEmailedToTheCustomer) {
  StartSmtp();
  Serve(MailTo(smtp_->port()));
  const v1::Invoice processed = ProcessedInvoice();
  EXPECT_EQ(processed.delivery_status(), v1::INVOICE_DELIVERY_STATUS_QUEUED);

  ASSERT_TRUE(WaitFor([&] { return !Saved(1, "message_id").empty(); }, absl::Seconds(5)))
      << "no mail within 5 s";
  EXPECT_EQ(Saved(1, "rcpt_tos"), "ap@acme.test");
  EXPECT_EQ(Saved(1, "mail_from"), kFrom);
  EXPECT_EQ(Saved(1, "message_id"), absl::StrCat("<invoice.", processed.id(), ".1@billing.test>"));
  EXPECT_THAT(Saved(1, "text.txt"), HasSubstr("Amount due: USD 300.50 by 2026-12-31"));
  EXPECT_THAT(Saved(1, "text.txt"), HasSubstr("Support hours"));
  EXPECT_THAT(Saved(1, "html.html"), HasSubstr("Amount due: USD 300.50"));

  ASSERT_TRUE(WaitFor(
      [&] { return Get(processed.id()).delivery_status() == v1::INVOICE_DELIVERY_STATUS_SENT; },
      absl::Seconds(5)));
  const v1::Invoice sent = Get(processed.id());
  EXPECT_TRUE(sent.has_sent_time());
  EXPECT_EQ(sent.delivery_attempts(), 1);
  EXPECT_EQ(sent.delivery_error(), "");
  EXPECT_NE(sent.etag(), processed.etag());
}

TEST_P(InvoiceEmailDeliveryTest, SmtpDownThenUpIsRetriedAndSent) {
  const int port = FreePort();
  Serve(MailTo(port));
  const v1::Invoice processed = ProcessedInvoice();
  // Refused at least once: the failure shows on the invoice, still queued.
  ASSERT_TRUE(WaitFor([&] { return Get(processed.id()).delivery_attempts() >= 1; },
                      absl::Seconds(5)));
  const v1::Invoice failing = Get(processed.id());
  EXPECT_EQ(failing.delivery_status(), v1::INVOICE_DELIVERY_STATUS_QUEUED);
  EXPECT_NE(failing.delivery_error(), "");
  EXPECT_FALSE(failing.has_sent_time());

  StartSmtp(port);
  ASSERT_TRUE(WaitFor(
      [&] { return Get(processed.id()).delivery_status() == v1::INVOICE_DELIVERY_STATUS_SENT; },
      absl::Seconds(10)));
  EXPECT_THAT(Saved(1, "text.txt"), HasSubstr("Amount due: USD 300.50"));
  const v1::Invoice sent = Get(processed.id());
  EXPECT_TRUE(sent.has_sent_time());
  EXPECT_EQ(sent.delivery_error(), "");
  // The accepted attempt's Message-ID is its own, after the refused ones.
  EXPECT_EQ(Saved(1, "message_id"), absl::StrCat("<invoice.", processed.id(), ".",
                                                 sent.delivery_attempts(), "@billing.test>"));
}

TEST_P(InvoiceEmailDeliveryTest, SendQueuesAResendWithANewMessageId) {
  StartSmtp();
  Serve(MailTo(smtp_->port()));
  const v1::Invoice processed = ProcessedInvoice();
  ASSERT_TRUE(WaitFor(
      [&] { return Get(processed.id()).delivery_status() == v1::INVOICE_DELIVERY_STATUS_SENT; },
      absl::Seconds(5)));
  v1::Invoice queued;
  const grpc::Status status = Send(processed.id(), &queued);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(queued.delivery_status(), v1::INVOICE_DELIVERY_STATUS_QUEUED);
  ASSERT_TRUE(WaitFor([&] { return !Saved(2, "message_id").empty(); }, absl::Seconds(5)));
  EXPECT_EQ(Saved(2, "message_id"), absl::StrCat("<invoice.", processed.id(), ".2@billing.test>"));
  ASSERT_TRUE(WaitFor(
      [&] { return Get(processed.id()).delivery_status() == v1::INVOICE_DELIVERY_STATUS_SENT; },
      absl::Seconds(5)));
}

TEST_P(InvoiceEmailDeliveryTest, SendingADraftIsAConflict) {
  StartSmtp();
  Serve(MailTo(smtp_->port()));
  v1::Customer customer;
  customer.set_name("Acme Corp");
  customer.set_email("ap@acme.test");
  customer.set_default_currency("USD");
  v1::Customer created;
  ASSERT_TRUE(client_->CreateCustomer(customer, &created).ok());
  const v1::Invoice draft = Draft(created.id());
  EXPECT_EQ(draft.delivery_status(), v1::INVOICE_DELIVERY_STATUS_NOT_SENT);
  v1::Invoice out;
  const grpc::Status status = Send(draft.id(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "INVALID_STATE_TRANSITION");
}

TEST_P(InvoiceEmailDeliveryTest, WithoutSmtpInvoicesShowNotConfigured) {
  Serve(server::ServerOptions{});
  const v1::Invoice processed = ProcessedInvoice();
  EXPECT_EQ(processed.delivery_status(), v1::INVOICE_DELIVERY_STATUS_NOT_CONFIGURED);
  v1::Invoice again;
  ASSERT_TRUE(Send(processed.id(), &again).ok());
  EXPECT_EQ(again.delivery_status(), v1::INVOICE_DELIVERY_STATUS_NOT_CONFIGURED);
  EXPECT_EQ(Get(processed.id()).delivery_status(), v1::INVOICE_DELIVERY_STATUS_NOT_CONFIGURED);
}

INSTANTIATE_TEST_SUITE_P(Backends, InvoiceEmailDeliveryTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
