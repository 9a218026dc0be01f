// The invoice mailer against a real SMTP server on loopback (aiosmtpd,
// tests/receivers/smtp_server.py), which saves each accepted message with
// its envelope and decoded parts.
#include "delivery/curl_invoice_mailer.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "delivery/peer_process.h"
#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::delivery {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using ::billing::testing::MakeTempDir;
using ::billing::testing::PeerProcess;
using ::billing::testing::ReadFileOrEmpty;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kFrom[] = "billing@billing.test";

app::InvoiceMail Mail(int attempt = 1) {
  app::InvoiceMail mail;
  mail.customer.id = "cus_acme";
  mail.customer.name = "Acme <Corp>";
  mail.customer.email = "ap@acme.test";
  mail.invoice.id = "inv_mail1";
  mail.invoice.customer_id = "cus_acme";
  mail.invoice.currency = "USD";
  mail.invoice.amount = 30050;
  mail.invoice.due_date = absl::CivilDay(2026, 12, 31);
  mail.invoice.line_items.push_back(domain::LineItem{
      .description = "Support, Q1", .quantity = domain::DecimalQuantity::Whole(3), .unit_amount = 10000, .amount = 30000});
  mail.invoice.line_items.push_back(
      domain::LineItem{.description = "Setup", .quantity = domain::DecimalQuantity::Whole(1), .unit_amount = 50, .amount = 50});
  mail.attempt = attempt;
  return mail;
}

class InvoiceMailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  // The saved mail stays behind for a failed test to be looked at.
  void TearDown() override {
    server_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  // Starts the SMTP server; `extra` adds flags (--user, --password).
  void StartServer(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {BILLING_TEST_PYTHON,
                                     BILLING_RECEIVERS_DIR "/smtp_server.py", "--out",
                                     dir_ + "/mail"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    absl::StatusOr<std::unique_ptr<PeerProcess>> server = PeerProcess::Start(argv);
    ASSERT_THAT(server, IsOk()) << "the SMTP server must start; run ctest, whose "
                                   "delivery_test_venv fixture installs aiosmtpd";
    server_ = *std::move(server);
  }

  SmtpOptions Options() const {
    return SmtpOptions{.url = absl::StrCat("smtp://127.0.0.1:", server_->port()),
                       .from = kFrom};
  }

  // One saved file of the n-th message, waiting for the message to arrive.
  std::string Saved(int n, const std::string& name, absl::Duration wait = absl::Seconds(5)) {
    const std::string message_dir = absl::StrCat(dir_, "/mail/", n);
    const absl::Time deadline = absl::Now() + wait;
    while (!std::filesystem::exists(message_dir) && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    return ReadFileOrEmpty(message_dir + "/" + name);
  }

  std::string dir_;
  std::unique_ptr<PeerProcess> server_;
};

TEST_F(InvoiceMailerTest, InvoiceArrivesWithBothPartsForTheCustomer) {
  StartServer();
  absl::StatusOr<std::unique_ptr<CurlInvoiceMailer>> mailer = CurlInvoiceMailer::Create(Options());
  ASSERT_THAT(mailer, IsOk());
  absl::StatusOr<app::MailAttempt> attempt = (*mailer)->Send(Mail());
  ASSERT_THAT(attempt, IsOk());
  EXPECT_TRUE(attempt->sent) << attempt->error;
  EXPECT_EQ(attempt->smtp_code, 250);
  EXPECT_EQ(attempt->message_id, "<invoice.inv_mail1.1@billing.test>");

  EXPECT_EQ(Saved(1, "rcpt_tos"), "ap@acme.test");
  EXPECT_EQ(Saved(1, "mail_from"), kFrom);
  EXPECT_EQ(Saved(1, "message_id"), "<invoice.inv_mail1.1@billing.test>");
  EXPECT_EQ(Saved(1, "subject"), "Invoice inv_mail1: USD 300.50 due 2026-12-31");
  EXPECT_THAT(Saved(1, "date"), HasSubstr("+0000"));
  EXPECT_EQ(Saved(1, "structure"),
            "multipart/mixed\nmultipart/alternative\ntext/plain\ntext/html");
  EXPECT_THAT(Saved(1, "text.txt"), HasSubstr("Amount due: USD 300.50 by 2026-12-31"));
  EXPECT_THAT(Saved(1, "text.txt"), HasSubstr("Bill to: Acme <Corp> <ap@acme.test>"));
  EXPECT_THAT(Saved(1, "html.html"), HasSubstr("<strong>Amount due: USD 300.50</strong>"));
  EXPECT_THAT(Saved(1, "html.html"), HasSubstr("Acme &lt;Corp&gt;"));
  // CRLF line ends survive quoted-printable as line breaks, not "=0A".
  EXPECT_THAT(Saved(1, "raw.eml"), Not(HasSubstr("=0A")));
}

TEST_F(InvoiceMailerTest, ResendIsRecognisableByItsMessageId) {
  StartServer();
  absl::StatusOr<std::unique_ptr<CurlInvoiceMailer>> mailer = CurlInvoiceMailer::Create(Options());
  ASSERT_THAT(mailer, IsOk());
  ASSERT_THAT((*mailer)->Send(Mail(1)), IsOk());
  absl::StatusOr<app::MailAttempt> resend = (*mailer)->Send(Mail(2));
  ASSERT_THAT(resend, IsOk());
  EXPECT_TRUE(resend->sent) << resend->error;
  EXPECT_EQ(Saved(1, "message_id"), "<invoice.inv_mail1.1@billing.test>");
  EXPECT_EQ(Saved(2, "message_id"), "<invoice.inv_mail1.2@billing.test>");
}

TEST_F(InvoiceMailerTest, CredentialsComeFromTheFile) {
  StartServer({"--user", "billing", "--password", "s3cret:with:colons"});
  const std::string good = dir_ + "/good-credentials";
  const std::string bad = dir_ + "/bad-credentials";
  std::ofstream(good) << "billing:s3cret:with:colons\n";
  std::ofstream(bad) << "billing:wrong\n";

  SmtpOptions options = Options();
  options.credentials_file = good;
  absl::StatusOr<std::unique_ptr<CurlInvoiceMailer>> mailer = CurlInvoiceMailer::Create(options);
  ASSERT_THAT(mailer, IsOk());
  absl::StatusOr<app::MailAttempt> attempt = (*mailer)->Send(Mail());
  ASSERT_THAT(attempt, IsOk());
  EXPECT_TRUE(attempt->sent) << attempt->error;
  EXPECT_EQ(Saved(1, "auth_user"), "billing");

  options.credentials_file = bad;
  absl::StatusOr<std::unique_ptr<CurlInvoiceMailer>> refused = CurlInvoiceMailer::Create(options);
  ASSERT_THAT(refused, IsOk());
  absl::StatusOr<app::MailAttempt> denied = (*refused)->Send(Mail(2));
  ASSERT_THAT(denied, IsOk());
  EXPECT_FALSE(denied->sent);
  EXPECT_EQ(denied->smtp_code, 535);
  EXPECT_THAT(denied->error, HasSubstr("Login denied"));
  EXPECT_EQ(Saved(2, "message_id", absl::Milliseconds(300)), "");
}

TEST_F(InvoiceMailerTest, StartTlsIsUsedWhenOfferedAndItsCertificateVerified) {
  // A throwaway certificate for 127.0.0.1, made by the openssl tool.
  const std::string cert = dir_ + "/cert.pem";
  const std::string key = dir_ + "/key.pem";
  const std::string make_cert = absl::StrCat(
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout ", key, " -out ", cert, " 2>/dev/null");
  ASSERT_EQ(std::system(make_cert.c_str()), 0) << make_cert;
  StartServer({"--cert", cert, "--key", key});

  SmtpOptions trusting = Options();
  trusting.ca_file = cert;
  absl::StatusOr<std::unique_ptr<CurlInvoiceMailer>> mailer = CurlInvoiceMailer::Create(trusting);
  ASSERT_THAT(mailer, IsOk());
  absl::StatusOr<app::MailAttempt> attempt = (*mailer)->Send(Mail());
  ASSERT_THAT(attempt, IsOk());
  EXPECT_TRUE(attempt->sent) << attempt->error;
  EXPECT_EQ(Saved(1, "tls"), "yes");

  // Offered TLS is never silently dropped: an untrusted certificate fails.
  absl::StatusOr<std::unique_ptr<CurlInvoiceMailer>> strict = CurlInvoiceMailer::Create(Options());
  ASSERT_THAT(strict, IsOk());
  absl::StatusOr<app::MailAttempt> refused = (*strict)->Send(Mail(2));
  ASSERT_THAT(refused, IsOk());
  EXPECT_FALSE(refused->sent);
  EXPECT_THAT(refused->error, HasSubstr("certificate"));
  EXPECT_EQ(Saved(2, "tls", absl::Milliseconds(300)), "");
}

TEST_F(InvoiceMailerTest, ServerDownIsAFailedAttempt) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{.sin_family = AF_INET, .sin_port = 0,
                      .sin_addr = {.s_addr = htonl(INADDR_LOOPBACK)}};
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  absl::StatusOr<std::unique_ptr<CurlInvoiceMailer>> mailer = CurlInvoiceMailer::Create(
      SmtpOptions{.url = absl::StrCat("smtp://127.0.0.1:", ntohs(address.sin_port)),
                  .from = kFrom});
  ASSERT_THAT(mailer, IsOk());
  absl::StatusOr<app::MailAttempt> attempt = (*mailer)->Send(Mail());
  ASSERT_THAT(attempt, IsOk());
  EXPECT_FALSE(attempt->sent);
  EXPECT_EQ(attempt->smtp_code, 0);
  EXPECT_THAT(attempt->error, HasSubstr("Couldn't connect"));
}

TEST_F(InvoiceMailerTest, UnusableConfigurationIsRefusedAtCreate) {
  EXPECT_THAT(CurlInvoiceMailer::Create({.url = "http://127.0.0.1:25", .from = kFrom}),
              HasErrorCode(domain::ErrorCode::kValidationError));
  EXPECT_THAT(CurlInvoiceMailer::Create({.url = "smtp://127.0.0.1:25", .from = "no-at-sign"}),
              HasErrorCode(domain::ErrorCode::kValidationError));
  EXPECT_THAT(CurlInvoiceMailer::Create(
                  {.url = "smtp://127.0.0.1:25", .from = "a@b\r\nBcc: x@evil.test"}),
              HasErrorCode(domain::ErrorCode::kValidationError));
  EXPECT_THAT(CurlInvoiceMailer::Create({.url = "smtp://127.0.0.1:25",
                                         .from = kFrom,
                                         .credentials_file = dir_ + "/missing"}),
              HasErrorCode(domain::ErrorCode::kValidationError));
}

TEST_F(InvoiceMailerTest, UnusableRecipientIsRefusedBeforeSending) {
  StartServer();
  absl::StatusOr<std::unique_ptr<CurlInvoiceMailer>> mailer = CurlInvoiceMailer::Create(Options());
  ASSERT_THAT(mailer, IsOk());
  app::InvoiceMail mail = Mail();
  mail.customer.email = "ap@acme.test>\r\nRCPT TO:<x@evil.test";
  EXPECT_THAT((*mailer)->Send(mail), HasErrorCode(domain::ErrorCode::kValidationError));
  EXPECT_EQ(Saved(1, "rcpt_tos", absl::Milliseconds(300)), "");
}

}  // namespace
}  // namespace billing::delivery
