// Invoice emails end to end: a real server (on SQLite and on PostgreSQL)
// emails processed invoices through a real SMTP server on loopback
// (tests/receivers/smtp_server.py, aiosmtpd), which saves every message.
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "billing/v1/credit_note.pb.h"
#include "billing/v1/invoice.grpc.pb.h"
#include "api/resource_encoder.h"
#include "app/collections.h"
#include "app/ports/document_renderer.h"
#include "app/ports/store.h"
#include "delivery/peer_process.h"
#include "documents/pdf/invoice_pdf.h"
#include "documents/ubl/ubl_invoice.h"
#include "domain/ids.h"
#include "domain/invoice.h"
#include "domain/tax_rate_resource.h"
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
using ::testing::ElementsAre;
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

  // A processed invoice of 2 x 150.25 USD for a customer at ap@acme.test;
  // `electronic`: the customer has a Peppol address (and a legal name and
  // country); `taxed`: the line carries a 19 % rate.
  // `attach_e_invoice`: the customer asks for the e-invoice (with a legal
  // name and country, as an e-invoice's buyer needs).
  v1::Invoice ProcessedInvoice(bool electronic = false, bool taxed = false,
                               bool attach_e_invoice = false) {
    v1::Customer customer;
    customer.set_name("Acme Corp");
    customer.set_email("ap@acme.test");
    customer.set_default_currency("USD");
    customer.mutable_invoice_delivery()->set_attach_e_invoice(attach_e_invoice);
    if (electronic || attach_e_invoice) {
      customer.set_legal_name("Acme Corp GmbH");
      customer.mutable_billing_address()->set_line1("Marktplatz 3");
      customer.mutable_billing_address()->set_city("München");
      customer.mutable_billing_address()->set_country("DE");
    }
    if (electronic) {
      customer.mutable_electronic_address()->set_scheme("0088");
      customer.mutable_electronic_address()->set_value("9123456000026");
    }
    v1::Customer created;
    const grpc::Status made = client_->CreateCustomer(customer, &created);
    EXPECT_TRUE(made.ok()) << made.error_message();
    v1::Invoice invoice = Draft(created.id(), taxed ? Rate("19") : "");
    v1::Invoice processed;
    const grpc::Status status = client_->ProcessInvoice(invoice.id(), &processed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return processed;
  }

  // A standard-category rate of `percentage` %, written through the store
  // as the tax-rates API would.
  std::string Rate(const std::string& percentage) {
    domain::TaxRateInput input{.display_name = "VAT", .percentage = percentage, .category = "S"};
    absl::StatusOr<domain::TaxRate> rate = domain::NewTaxRate(
        TestServer::kAccount, domain::NewId(domain::kTaxRateIdPrefix), input, absl::Now());
    EXPECT_TRUE(rate.ok()) << rate.status();
    EXPECT_TRUE(server_->server()
                    .store()
                    .Write([&](app::Transaction& tx) { return tx.tax_rates().Insert(*rate); })
                    .ok());
    return rate->id;
  }

  v1::Invoice Draft(const std::string& customer_id, const std::string& tax_rate_id = "") {
    v1::Invoice invoice;
    invoice.set_customer_id(customer_id);
    invoice.set_due_date("2099-12-31");
    v1::LineItem* line = invoice.add_line_items();
    line->set_description("Support hours");
    line->set_quantity(2);
    line->set_unit_amount("150.25");
    line->set_tax_rate_id(tax_rate_id);
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

  // The seller as a valid e-invoice needs it (German, so with contact).
  void SellerForEInvoices() {
    v1::Organization seller;
    seller.set_tax_id("DE811907980");
    seller.mutable_electronic_address()->set_scheme("9930");
    seller.mutable_electronic_address()->set_value("DE811907980");
    seller.set_phone("+49 30 1234567");
    seller.set_email("billing@seller.example");
    v1::Organization updated;
    const grpc::Status status = client_->UpdateOrganization(
        seller, {"tax_id", "electronic_address", "phone", "email"}, &updated);
    ASSERT_TRUE(status.ok()) << status.error_message();
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
  EXPECT_THAT(Saved(1, "text.txt"), HasSubstr("Amount due: USD 300.50 by 2099-12-31"));
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

// Issue 18 item 1: only an issued invoice (pending, paid) is emailed. A
// draft, a cancelled draft and a cancelled invoice are 409
// INVOICE_NOT_ISSUED, queue nothing and send nothing.
TEST_P(InvoiceEmailDeliveryTest, SendingAnInvoiceNeverIssuedOrCancelledIsRefused) {
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
  const v1::Invoice cancelled_draft = Draft(created.id());
  v1::Invoice out;
  ASSERT_TRUE(client_->CancelInvoice(cancelled_draft.id(), &out).ok());

  for (const std::string& id : {draft.id(), cancelled_draft.id()}) {
    const grpc::Status status = Send(id, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << id;
    EXPECT_EQ(ErrorReason(status), "INVOICE_NOT_ISSUED") << id;
    EXPECT_EQ(Get(id).delivery_status(), v1::INVOICE_DELIVERY_STATUS_NOT_SENT) << "nothing queued";
  }

  // Issued, emailed, then cancelled: no second email either.
  const v1::Invoice processed = ProcessedInvoice();
  ASSERT_TRUE(WaitFor([&] { return !Saved(1, "message_id").empty(); }, absl::Seconds(5)));
  ASSERT_TRUE(WaitFor(
      [&] { return Get(processed.id()).delivery_status() == v1::INVOICE_DELIVERY_STATUS_SENT; },
      absl::Seconds(5)));
  ASSERT_TRUE(client_->CancelInvoice(processed.id(), &out).ok());
  EXPECT_EQ(out.delivery_status(), v1::INVOICE_DELIVERY_STATUS_SENT) << "what was sent stays so";
  EXPECT_EQ(ErrorReason(Send(processed.id(), &out)), "INVOICE_NOT_ISSUED");
  absl::SleepFor(absl::Seconds(1));  // several worker polls
  EXPECT_EQ(Saved(2, "message_id"), "") << "nothing was sent for a refused send";
  EXPECT_EQ(Get(processed.id()).delivery_attempts(), 1);
}

// A paid invoice was issued: it may be sent (a copy for the customer's records).
TEST_P(InvoiceEmailDeliveryTest, APaidInvoiceMayBeSentAgain) {
  StartSmtp();
  Serve(MailTo(smtp_->port()));
  const v1::Invoice processed = ProcessedInvoice();
  v1::Invoice patch, paid, queued;
  patch.set_status(v1::INVOICE_STATUS_PAID);
  ASSERT_TRUE(client_->UpdateInvoice(processed.id(), patch, {"status"}, &paid).ok());
  ASSERT_TRUE(Send(processed.id(), &queued).ok());
  EXPECT_EQ(queued.delivery_status(), v1::INVOICE_DELIVERY_STATUS_QUEUED);
}

// An email still queued when its invoice is cancelled (SMTP down, so it
// waits for a retry) is withdrawn: the customer is never asked for money a
// cancelled invoice no longer claims, even once SMTP is back.
TEST_P(InvoiceEmailDeliveryTest, CancellingWithdrawsAnEmailStillQueued) {
  const int port = FreePort();
  Serve(MailTo(port));
  const v1::Invoice processed = ProcessedInvoice();
  ASSERT_TRUE(WaitFor([&] { return Get(processed.id()).delivery_attempts() >= 1; },
                      absl::Seconds(5)));
  v1::CreditNote note;
  note.set_amount("100.00");
  note.set_reason("order_change");
  v1::CreditNote credited;
  ASSERT_TRUE(client_->CreateCreditNote(processed.id(), note, &credited).ok());
  v1::Invoice cancelled;
  ASSERT_TRUE(client_->CancelInvoice(processed.id(), &cancelled).ok());
  EXPECT_EQ(cancelled.delivery_status(), v1::INVOICE_DELIVERY_STATUS_FAILED);
  EXPECT_THAT(cancelled.delivery_error(), HasSubstr("cancelled"));
  EXPECT_EQ(cancelled.amount_due(), "0.00");

  StartSmtp(port);
  absl::SleepFor(absl::Seconds(2));  // past the 300-600 ms retry delay, many polls
  // The credit note issued before the cancellation is a document of its
  // own and is emailed; the invoice is not.
  for (int n = 1; n <= 3; ++n) {
    EXPECT_FALSE(absl::StartsWith(Saved(n, "message_id"), "<invoice."))
        << "a cancelled invoice was emailed: " << Saved(n, "subject");
  }
  const v1::Invoice after = Get(processed.id());
  EXPECT_EQ(after.delivery_status(), v1::INVOICE_DELIVERY_STATUS_FAILED);
  EXPECT_FALSE(after.has_sent_time());
}

// An email queued for an invoice cancelled by an earlier version (which left
// it queued) is withdrawn by the mail worker when it comes due, not sent.
TEST_P(InvoiceEmailDeliveryTest, TheWorkerWithdrawsAQueuedEmailOfACancelledInvoice) {
  StartSmtp();
  server::ServerOptions options = MailTo(smtp_->port());
  options.run_mail_worker = false;
  Serve(options);
  const v1::Invoice processed = ProcessedInvoice();
  ASSERT_EQ(processed.delivery_status(), v1::INVOICE_DELIVERY_STATUS_QUEUED);
  // The state such a version left: cancelled, its email still queued.
  ASSERT_TRUE(server_->server().store().Write([&](app::Transaction& tx) -> absl::Status {
    absl::StatusOr<domain::Invoice> invoice =
        tx.invoices().Get(TestServer::kAccount, processed.id());
    if (!invoice.ok()) return invoice.status();
    invoice->status = domain::InvoiceStatus::kCancelled;
    invoice->cancel_time = absl::Now();
    return tx.invoices().Update(*invoice);
  }).ok());
  ASSERT_EQ(Get(processed.id()).delivery_status(), v1::INVOICE_DELIVERY_STATUS_QUEUED);
  const std::string db = server_->db_path();
  client_.reset();
  invoices_.reset();
  server_.reset();

  server_ = std::make_unique<TestServer>(GetParam(), MailTo(smtp_->port()), db);
  client_ = std::make_unique<BillingClient>(server_->channel(), server_->authorization());
  invoices_ = v1::InvoiceService::NewStub(server_->channel());
  ASSERT_TRUE(WaitFor(
      [&] { return Get(processed.id()).delivery_status() == v1::INVOICE_DELIVERY_STATUS_FAILED; },
      absl::Seconds(5)));
  EXPECT_THAT(Get(processed.id()).delivery_error(), HasSubstr("cancelled"));
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(Saved(1, "message_id"), "") << "emailed: " << Saved(1, "subject");
}

// Issue 18 item 8: without SMTP, /send does nothing, so it says so (409
// EMAIL_NOT_CONFIGURED) instead of 200, and keeps nothing with its key: once
// SMTP is configured the same request with the same key runs.
TEST_P(InvoiceEmailDeliveryTest, WithoutSmtpSendIsRefusedAndItsKeyStaysUsable) {
  Serve(server::ServerOptions{});
  const v1::Invoice processed = ProcessedInvoice();
  EXPECT_EQ(processed.delivery_status(), v1::INVOICE_DELIVERY_STATUS_NOT_CONFIGURED);
  auto send_with_key = [&](v1::Invoice* out, bool* replayed) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", server_->authorization());
    context.AddMetadata("idempotency-key", "send-1");
    v1::SendInvoiceRequest request;
    request.set_invoice_id(processed.id());
    grpc::Status status = invoices_->SendInvoice(&context, request, out);
    auto found = context.GetServerTrailingMetadata().find("idempotent-replayed");
    *replayed = found != context.GetServerTrailingMetadata().end() && found->second == "true";
    return status;
  };
  v1::Invoice out;
  bool replayed = false;
  const grpc::Status refused = send_with_key(&out, &replayed);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(refused), "EMAIL_NOT_CONFIGURED");
  const v1::Invoice unchanged = Get(processed.id());
  EXPECT_EQ(unchanged.delivery_status(), v1::INVOICE_DELIVERY_STATUS_NOT_CONFIGURED);
  EXPECT_EQ(unchanged.etag(), processed.etag()) << "nothing was written";

  StartSmtp();
  const std::string db = server_->db_path();
  client_.reset();
  invoices_.reset();
  server_.reset();
  server_ = std::make_unique<TestServer>(GetParam(), MailTo(smtp_->port()), db);
  client_ = std::make_unique<BillingClient>(server_->channel(), server_->authorization());
  invoices_ = v1::InvoiceService::NewStub(server_->channel());
  const grpc::Status sent = send_with_key(&out, &replayed);
  ASSERT_TRUE(sent.ok()) << "the key is not dead: " << sent.error_message();
  EXPECT_FALSE(replayed);
  EXPECT_EQ(out.delivery_status(), v1::INVOICE_DELIVERY_STATUS_QUEUED);
  ASSERT_TRUE(WaitFor([&] { return !Saved(1, "message_id").empty(); }, absl::Seconds(5)));
}

// Issue 22: a reminder the collections scan queued goes out through the
// same worker and SMTP server: number, current amount due, due date and how
// late, with the invoice's PDF; its row shows it sent.
TEST_P(InvoiceEmailDeliveryTest, AQueuedReminderIsEmailedWithThePdfAndShownSent) {
  StartSmtp();
  Serve(MailTo(smtp_->port()));
  const v1::Invoice processed = ProcessedInvoice();
  ASSERT_TRUE(WaitFor([&] { return !Saved(1, "message_id").empty(); }, absl::Seconds(5)));
  v1::Payment payment;
  payment.set_amount("100.00");
  payment.set_method("card");
  v1::Payment recorded;
  ASSERT_TRUE(client_->CreatePayment(processed.id(), payment, &recorded).ok());

  // Seven days late: -3 and 1 have come too, and only 7 goes out.
  api::ProtoResourceEncoder encoder;
  app::Collections collections(server_->server().store(), encoder, app::SystemClock());
  absl::StatusOr<app::CollectionsRun> run = collections.Run(absl::CivilDay(2100, 1, 7));
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->reminders_queued, 1);

  ASSERT_TRUE(WaitFor([&] { return !Saved(2, "message_id").empty(); }, absl::Seconds(5)))
      << "no reminder within 5 s";
  EXPECT_EQ(Saved(2, "rcpt_tos"), "ap@acme.test");
  EXPECT_EQ(Saved(2, "message_id"), absl::StrCat("<reminder.", processed.id(), ".7.1@billing.test>"));
  EXPECT_EQ(Saved(2, "subject"),
            absl::StrCat("Payment reminder: invoice ", processed.number(), ", USD 200.50 7 days late"));
  const std::string text = Saved(2, "text.txt");
  EXPECT_THAT(text, HasSubstr(absl::StrCat("Invoice ", processed.number(), " is 7 days late.")));
  EXPECT_THAT(text, HasSubstr("Due date: 2099-12-31"));
  EXPECT_THAT(text, HasSubstr("Amount due: USD 200.50")) << "the current amount, after the payment";
  EXPECT_THAT(Saved(2, "html.html"), HasSubstr("Amount due: USD 200.50"));
  EXPECT_EQ(Saved(2, "attachments"),
            absl::StrCat("application/pdf\t", processed.number(), ".pdf\tattachment"));

  v1::ListInvoiceRemindersResponse reminders;
  ASSERT_TRUE(WaitFor(
      [&] {
        return client_->ListInvoiceReminders(processed.id(), &reminders).ok() &&
               reminders.reminders_size() == 3 &&
               reminders.reminders(2).status() == v1::INVOICE_REMINDER_STATUS_SENT;
      },
      absl::Seconds(5)))
      << reminders.DebugString();
  EXPECT_EQ(reminders.reminders(0).offset_days(), -3);
  EXPECT_EQ(reminders.reminders(0).status(), v1::INVOICE_REMINDER_STATUS_SKIPPED);
  EXPECT_EQ(reminders.reminders(1).offset_days(), 1);
  EXPECT_EQ(reminders.reminders(1).status(), v1::INVOICE_REMINDER_STATUS_SKIPPED);
  EXPECT_EQ(reminders.reminders(2).offset_days(), 7);
  EXPECT_EQ(reminders.reminders(2).scheduled_date(), "2100-01-07");
  EXPECT_TRUE(reminders.reminders(2).has_sent_time());
  EXPECT_EQ(reminders.reminders(2).error(), "");
}

// A reminder claimed before the invoice was paid is not sent once it is.
TEST_P(InvoiceEmailDeliveryTest, AReminderOfAnInvoicePaidSinceItsClaimIsSkipped) {
  const int port = FreePort();
  Serve(MailTo(port));  // no SMTP yet: the emails wait
  const v1::Invoice processed = ProcessedInvoice();
  api::ProtoResourceEncoder encoder;
  app::Collections collections(server_->server().store(), encoder, app::SystemClock());
  ASSERT_TRUE(collections.Run(absl::CivilDay(2100, 1, 1)).ok());
  v1::Invoice paid;
  v1::Invoice to_paid;
  to_paid.set_status(v1::INVOICE_STATUS_PAID);
  ASSERT_TRUE(client_->UpdateInvoice(processed.id(), to_paid, {"status"}, &paid).ok());

  v1::ListInvoiceRemindersResponse reminders;
  ASSERT_TRUE(WaitFor(
      [&] {
        return client_->ListInvoiceReminders(processed.id(), &reminders).ok() &&
               reminders.reminders_size() == 2 &&
               reminders.reminders(1).status() == v1::INVOICE_REMINDER_STATUS_SKIPPED;
      },
      absl::Seconds(10)))
      << reminders.DebugString();
  EXPECT_EQ(reminders.reminders(1).offset_days(), 1);
  EXPECT_THAT(reminders.reminders(1).error(), HasSubstr("nothing was due"));
  EXPECT_FALSE(reminders.reminders(1).has_sent_time());
}

// The email carries the invoice's PDF, named by its number, byte for byte
// what GET /pdf answers; a customer without an electronic address gets no
// e-invoice.
TEST_P(InvoiceEmailDeliveryTest, TheEmailCarriesTheInvoicesPdfAsGetPdfAnswersIt) {
  StartSmtp();
  Serve(MailTo(smtp_->port()));
  const v1::Invoice processed = ProcessedInvoice();
  ASSERT_TRUE(WaitFor([&] { return !Saved(1, "message_id").empty(); }, absl::Seconds(10)))
      << "no mail within 10 s";
  EXPECT_EQ(Saved(1, "structure"),
            "multipart/mixed\nmultipart/alternative\ntext/plain\ntext/html\napplication/pdf");
  EXPECT_EQ(Saved(1, "attachments"),
            absl::StrCat("application/pdf\t", processed.number(), ".pdf\tattachment"));
  google::api::HttpBody pdf;
  ASSERT_TRUE(client_->GetInvoicePdf(processed.id(), &pdf).ok());
  const std::string attached = Saved(1, absl::StrCat("files/", processed.number(), ".pdf"));
  EXPECT_EQ(attached.size(), pdf.data().size());
  EXPECT_TRUE(attached == pdf.data()) << "the attached PDF is not GET /pdf's bytes";
}

// A customer with an electronic address also gets the UBL e-invoice, byte
// for byte GET /e-invoice's.
TEST_P(InvoiceEmailDeliveryTest, ACustomerWithAnElectronicAddressAlsoGetsTheEInvoice) {
  StartSmtp();
  Serve(MailTo(smtp_->port()));
  SellerForEInvoices();
  const v1::Invoice processed = ProcessedInvoice(/*electronic=*/true, /*taxed=*/true);
  ASSERT_TRUE(WaitFor([&] { return !Saved(1, "message_id").empty(); }, absl::Seconds(10)))
      << "no mail within 10 s";
  EXPECT_THAT(absl::StrSplit(Saved(1, "attachments"), '\n'),
              ElementsAre(absl::StrCat("application/pdf\t", processed.number(), ".pdf\tattachment"),
                          absl::StrCat("application/xml\t", processed.number(), ".xml\tattachment")));
  google::api::HttpBody xml;
  const grpc::Status status = client_->GetInvoiceEInvoice(processed.id(), &xml);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(Saved(1, absl::StrCat("files/", processed.number(), ".xml")) == xml.data());
}

// What EN 16931 cannot carry (here: lines without a VAT category) leaves
// the PDF alone in the email: it is sent, not retried forever.
TEST_P(InvoiceEmailDeliveryTest, AnEInvoiceEn16931CannotCarryLeavesThePdfAlone) {
  StartSmtp();
  Serve(MailTo(smtp_->port()));
  const v1::Invoice processed = ProcessedInvoice(/*electronic=*/true, /*taxed=*/false);
  ASSERT_TRUE(WaitFor([&] { return !Saved(1, "message_id").empty(); }, absl::Seconds(10)));
  EXPECT_EQ(Saved(1, "attachments"),
            absl::StrCat("application/pdf\t", processed.number(), ".pdf\tattachment"));
  ASSERT_TRUE(WaitFor(
      [&] { return Get(processed.id()).delivery_status() == v1::INVOICE_DELIVERY_STATUS_SENT; },
      absl::Seconds(5)));
  EXPECT_THAT(Get(processed.id()).delivery_error(),
              HasSubstr("sent without its e-invoice: "));
  EXPECT_THAT(Get(processed.id()).delivery_error(), HasSubstr("BR-CO-04"));
}

// A customer may ask for the e-invoice without an electronic address, but
// Peppol requires the buyer's (PEPPOL-EN16931-R010), so none can be made:
// the email still goes out with the PDF, and the sent invoice's
// delivery_error says what it left out and why.
TEST_P(InvoiceEmailDeliveryTest, AskingForTheEInvoiceWithoutAnAddressSendsThePdfAndSaysWhy) {
  StartSmtp();
  Serve(MailTo(smtp_->port()));
  SellerForEInvoices();
  const v1::Invoice processed =
      ProcessedInvoice(/*electronic=*/false, /*taxed=*/true, /*attach_e_invoice=*/true);
  ASSERT_TRUE(WaitFor([&] { return !Saved(1, "message_id").empty(); }, absl::Seconds(10)))
      << "no mail within 10 s";
  EXPECT_EQ(Saved(1, "attachments"),
            absl::StrCat("application/pdf\t", processed.number(), ".pdf\tattachment"));
  ASSERT_TRUE(WaitFor(
      [&] { return Get(processed.id()).delivery_status() == v1::INVOICE_DELIVERY_STATUS_SENT; },
      absl::Seconds(5)));
  const v1::Invoice sent = Get(processed.id());
  EXPECT_EQ(sent.delivery_attempts(), 1) << "E_INVOICE_UNSUPPORTED is not retried";
  EXPECT_THAT(sent.delivery_error(), HasSubstr("sent without its e-invoice: "));
  EXPECT_THAT(sent.delivery_error(), HasSubstr("no electronic address (PEPPOL-EN16931-R010)"));
}

// Asked for and possible: a customer with an address who also set the
// flag gets both files, and nothing is said to be missing.
TEST_P(InvoiceEmailDeliveryTest, AskingForTheEInvoiceWithAnAddressAttachesIt) {
  StartSmtp();
  Serve(MailTo(smtp_->port()));
  SellerForEInvoices();
  const v1::Invoice processed =
      ProcessedInvoice(/*electronic=*/true, /*taxed=*/true, /*attach_e_invoice=*/true);
  ASSERT_TRUE(WaitFor([&] { return !Saved(1, "message_id").empty(); }, absl::Seconds(10)));
  EXPECT_THAT(absl::StrSplit(Saved(1, "attachments"), '\n'),
              ElementsAre(absl::StrCat("application/pdf\t", processed.number(), ".pdf\tattachment"),
                          absl::StrCat("application/xml\t", processed.number(), ".xml\tattachment")));
  ASSERT_TRUE(WaitFor(
      [&] { return Get(processed.id()).delivery_status() == v1::INVOICE_DELIVERY_STATUS_SENT; },
      absl::Seconds(5)));
  EXPECT_EQ(Get(processed.id()).delivery_error(), "");
}

// The real renderers behind a switch: while `failing`, the PDF cannot be
// rendered (as with its fonts gone after a broken upgrade).
class SwitchedRenderer final : public app::DocumentRenderer {
 public:
  absl::StatusOr<std::string> Pdf(const domain::InvoiceDocument& document) const override {
    if (failing.load()) return absl::InternalError("no usable font (test)");
    return documents::RenderInvoicePdf(document);
  }
  absl::StatusOr<std::string> EInvoice(const domain::InvoiceDocument& document) const override {
    return documents::WriteUblInvoice(document);
  }
  std::atomic<bool> failing{true};
};

// A renderer failure never loses the email: each failed attempt shows on
// the invoice, still queued, nothing reaches the SMTP server; once the
// renderer recovers, the retry sends it with GET /pdf's bytes.
TEST_P(InvoiceEmailDeliveryTest, ARenderFailureIsRetriedAndTheEmailSentOnceItClears) {
  StartSmtp();
  auto renderer = std::make_shared<SwitchedRenderer>();
  server::ServerOptions options = MailTo(smtp_->port());
  options.mail_renderer = renderer;
  Serve(std::move(options));
  const v1::Invoice processed = ProcessedInvoice();
  ASSERT_TRUE(WaitFor([&] { return Get(processed.id()).delivery_attempts() >= 2; },
                      absl::Seconds(10)))
      << "not retried";
  const v1::Invoice failing = Get(processed.id());
  EXPECT_EQ(failing.delivery_status(), v1::INVOICE_DELIVERY_STATUS_QUEUED);
  EXPECT_THAT(failing.delivery_error(),
              HasSubstr("the invoice's documents could not be rendered: no usable font (test)"));
  EXPECT_FALSE(failing.has_sent_time());
  EXPECT_EQ(Saved(1, "message_id"), "") << "nothing is sent without its PDF";

  renderer->failing = false;
  ASSERT_TRUE(WaitFor(
      [&] { return Get(processed.id()).delivery_status() == v1::INVOICE_DELIVERY_STATUS_SENT; },
      absl::Seconds(10)));
  const v1::Invoice sent = Get(processed.id());
  EXPECT_EQ(sent.delivery_error(), "");
  EXPECT_GE(sent.delivery_attempts(), 3);
  ASSERT_TRUE(WaitFor([&] { return !Saved(1, "message_id").empty(); }, absl::Seconds(5)));
  EXPECT_EQ(Saved(2, "message_id"), "") << "sent once";
  EXPECT_EQ(Saved(1, "message_id"),
            absl::StrCat("<invoice.", processed.id(), ".", sent.delivery_attempts(),
                         "@billing.test>"));
  google::api::HttpBody pdf;
  ASSERT_TRUE(client_->GetInvoicePdf(processed.id(), &pdf).ok());
  EXPECT_TRUE(Saved(1, absl::StrCat("files/", processed.number(), ".pdf")) == pdf.data());
}

// A credit note of `amount` on the invoice, through the API.
v1::CreditNote CreditNote(BillingClient& client, const std::string& invoice_id,
                          const std::string& amount) {
  v1::CreditNote note;
  note.set_amount(amount);
  note.set_reason("order_change");
  v1::CreditNote created;
  const grpc::Status status = client.CreateCreditNote(invoice_id, note, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

// Issue 23: a credit note is emailed with its PDF when issued, queued in
// its own transaction (the answer already says so) and sent by the mail
// worker: "Credit note CN-… for invoice INV-…" with the amount, the PDF
// named by its number, byte for byte GET /pdf's.
TEST_P(InvoiceEmailDeliveryTest, AnIssuedCreditNoteIsEmailedWithItsPdf) {
  StartSmtp();
  Serve(MailTo(smtp_->port()));
  const v1::Invoice processed = ProcessedInvoice();
  ASSERT_TRUE(WaitFor([&] { return !Saved(1, "message_id").empty(); }, absl::Seconds(10)));
  const v1::CreditNote note = CreditNote(*client_, processed.id(), "100.00");
  EXPECT_EQ(note.delivery_status(), v1::INVOICE_DELIVERY_STATUS_QUEUED);

  ASSERT_TRUE(WaitFor([&] { return !Saved(2, "message_id").empty(); }, absl::Seconds(10)))
      << "no credit note email within 10 s";
  EXPECT_EQ(Saved(2, "rcpt_tos"), "ap@acme.test");
  EXPECT_EQ(Saved(2, "message_id"), absl::StrCat("<credit_note.", note.id(), ".1@billing.test>"));
  EXPECT_EQ(Saved(2, "subject"), absl::StrCat("Credit note ", note.number(), " for invoice ",
                                              processed.number(), ": USD 100.00 credited"));
  EXPECT_THAT(Saved(2, "text.txt"), HasSubstr("Amount credited: USD 100.00"));
  EXPECT_EQ(Saved(2, "attachments"),
            absl::StrCat("application/pdf\t", note.number(), ".pdf\tattachment"));
  google::api::HttpBody pdf;
  ASSERT_TRUE(client_->GetCreditNotePdf(note.id(), &pdf).ok());
  EXPECT_TRUE(Saved(2, absl::StrCat("files/", note.number(), ".pdf")) == pdf.data())
      << "the attached PDF is not GET /pdf's bytes";

  v1::CreditNote sent;
  ASSERT_TRUE(WaitFor(
      [&] {
        return client_->GetCreditNote(note.id(), &sent).ok() &&
               sent.delivery_status() == v1::INVOICE_DELIVERY_STATUS_SENT;
      },
      absl::Seconds(5)));
  EXPECT_TRUE(sent.has_sent_time());
  EXPECT_EQ(sent.delivery_attempts(), 1);
  EXPECT_EQ(sent.delivery_error(), "");
}

// By the invoice's rule, a customer who takes e-invoices also gets the UBL
// CreditNote, byte for byte GET /e-invoice's.
TEST_P(InvoiceEmailDeliveryTest, ACreditNoteCarriesItsUblForACustomerWhoTakesEInvoices) {
  StartSmtp();
  Serve(MailTo(smtp_->port()));
  SellerForEInvoices();
  const v1::Invoice processed =
      ProcessedInvoice(/*electronic=*/true, /*taxed=*/true, /*attach_e_invoice=*/true);
  ASSERT_TRUE(WaitFor([&] { return !Saved(1, "message_id").empty(); }, absl::Seconds(10)));
  const v1::CreditNote note = CreditNote(*client_, processed.id(), "119.00");
  ASSERT_TRUE(WaitFor([&] { return !Saved(2, "message_id").empty(); }, absl::Seconds(10)))
      << "no credit note email within 10 s";
  EXPECT_THAT(absl::StrSplit(Saved(2, "attachments"), '\n'),
              ElementsAre(absl::StrCat("application/pdf\t", note.number(), ".pdf\tattachment"),
                          absl::StrCat("application/xml\t", note.number(), ".xml\tattachment")));
  google::api::HttpBody xml;
  const grpc::Status status = client_->GetCreditNoteEInvoice(note.id(), &xml);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::string attached = Saved(2, absl::StrCat("files/", note.number(), ".xml"));
  EXPECT_TRUE(attached == xml.data()) << "the attached UBL is not GET /e-invoice's";
  EXPECT_THAT(attached, HasSubstr("<CreditNote "));
}

// Without SMTP the note shows not_configured, as an invoice does.
TEST_P(InvoiceEmailDeliveryTest, WithoutSmtpACreditNoteShowsNotConfigured) {
  Serve(server::ServerOptions{});
  const v1::Invoice processed = ProcessedInvoice();
  const v1::CreditNote note = CreditNote(*client_, processed.id(), "10.00");
  EXPECT_EQ(note.delivery_status(), v1::INVOICE_DELIVERY_STATUS_NOT_CONFIGURED);
}

// SMTP down when the note is issued: each refused attempt shows on the
// note, still queued; once SMTP is back the retry sends it.
TEST_P(InvoiceEmailDeliveryTest, ACreditNoteEmailIsRetriedUntilSmtpComesBack) {
  const int port = FreePort();
  Serve(MailTo(port));
  const v1::Invoice processed = ProcessedInvoice();
  const v1::CreditNote note = CreditNote(*client_, processed.id(), "100.00");
  v1::CreditNote read;
  ASSERT_TRUE(WaitFor(
      [&] {
        return client_->GetCreditNote(note.id(), &read).ok() && read.delivery_attempts() >= 2;
      },
      absl::Seconds(10)))
      << "not retried";
  EXPECT_EQ(read.delivery_status(), v1::INVOICE_DELIVERY_STATUS_QUEUED);
  EXPECT_NE(read.delivery_error(), "");
  EXPECT_FALSE(read.has_sent_time());

  StartSmtp(port);
  ASSERT_TRUE(WaitFor(
      [&] {
        return client_->GetCreditNote(note.id(), &read).ok() &&
               read.delivery_status() == v1::INVOICE_DELIVERY_STATUS_SENT;
      },
      absl::Seconds(10)));
  EXPECT_EQ(read.delivery_error(), "");
  EXPECT_TRUE(read.has_sent_time());
}

// A renderer failure never loses the credit note's email: each attempt
// fails visibly in delivery_error, nothing is sent without the PDF, and once
// the renderer recovers the retry sends it, once, with GET /pdf's bytes.
TEST_P(InvoiceEmailDeliveryTest, ACreditNoteRenderFailureIsRetriedAndShown) {
  StartSmtp();
  auto renderer = std::make_shared<SwitchedRenderer>();
  renderer->failing = false;
  server::ServerOptions options = MailTo(smtp_->port());
  options.mail_renderer = renderer;
  Serve(std::move(options));
  const v1::Invoice processed = ProcessedInvoice();
  ASSERT_TRUE(WaitFor(
      [&] { return Get(processed.id()).delivery_status() == v1::INVOICE_DELIVERY_STATUS_SENT; },
      absl::Seconds(10)));
  renderer->failing = true;
  const v1::CreditNote note = CreditNote(*client_, processed.id(), "100.00");
  v1::CreditNote read;
  ASSERT_TRUE(WaitFor(
      [&] {
        return client_->GetCreditNote(note.id(), &read).ok() && read.delivery_attempts() >= 2;
      },
      absl::Seconds(10)))
      << "not retried";
  EXPECT_EQ(read.delivery_status(), v1::INVOICE_DELIVERY_STATUS_QUEUED);
  EXPECT_THAT(read.delivery_error(),
              HasSubstr("the credit note's documents could not be rendered: no usable font "
                        "(test)"));
  EXPECT_EQ(Saved(2, "message_id"), "") << "nothing is sent without its PDF";

  renderer->failing = false;
  ASSERT_TRUE(WaitFor(
      [&] {
        return client_->GetCreditNote(note.id(), &read).ok() &&
               read.delivery_status() == v1::INVOICE_DELIVERY_STATUS_SENT;
      },
      absl::Seconds(10)));
  EXPECT_EQ(read.delivery_error(), "");
  EXPECT_GE(read.delivery_attempts(), 3);
  ASSERT_TRUE(WaitFor([&] { return !Saved(2, "message_id").empty(); }, absl::Seconds(5)));
  EXPECT_EQ(Saved(3, "message_id"), "") << "sent once";
  EXPECT_EQ(Saved(2, "message_id"), absl::StrCat("<credit_note.", note.id(), ".",
                                                 read.delivery_attempts(), "@billing.test>"));
  google::api::HttpBody pdf;
  ASSERT_TRUE(client_->GetCreditNotePdf(note.id(), &pdf).ok());
  EXPECT_TRUE(Saved(2, absl::StrCat("files/", note.number(), ".pdf")) == pdf.data());
}

INSTANTIATE_TEST_SUITE_P(Backends, InvoiceEmailDeliveryTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
