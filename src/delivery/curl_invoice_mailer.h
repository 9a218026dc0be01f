// The invoice mailer on libcurl's SMTP: one message per call, a
// multipart/alternative plain-text and HTML rendering of the invoice and the
// mail's attachments (base64, named), with a Message-ID derived from the
// invoice and the attempt.
#ifndef BILLING_DELIVERY_CURL_INVOICE_MAILER_H_
#define BILLING_DELIVERY_CURL_INVOICE_MAILER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/ports/notifications.h"

namespace billing::delivery {

struct SmtpOptions {
  // smtp://host[:port] (STARTTLS when the server offers it) or
  // smtps://host[:port] (TLS from the first byte).
  std::string url;
  std::string from;  // a bare address: the envelope sender and From:
  // A file whose first line is "user:password", or whose two lines are the
  // user and the password; "" sends no AUTH. Read once,
  // at Create, so that a missing file stops the service at start.
  std::string credentials_file;
  std::string ca_file;  // PEM CAs to trust for TLS; "" = the system's
  absl::Duration connect_timeout = absl::Seconds(10);
  absl::Duration timeout = absl::Seconds(60);
};

class CurlInvoiceMailer final : public app::InvoiceMailer {
 public:
  // VALIDATION_ERROR naming the option (smtp_url, smtp_from,
  // smtp_credentials_file) that is unusable.
  static absl::StatusOr<std::unique_ptr<CurlInvoiceMailer>> Create(SmtpOptions options);

  absl::StatusOr<app::MailAttempt> Send(const app::InvoiceMail& mail) override;

 private:
  CurlInvoiceMailer(SmtpOptions options, std::string user, std::string password);

  SmtpOptions options_;
  std::string from_domain_;
  std::string user_;
  std::string password_;
  bool implicit_tls_ = false;
};

}  // namespace billing::delivery

#endif  // BILLING_DELIVERY_CURL_INVOICE_MAILER_H_
