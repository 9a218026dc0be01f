// What the app layer calls to tell the outside world about a change: a
// webhook POST to a subscribed endpoint, the invoice emailed to the
// customer. One call is one attempt; scheduling retries (see
// domain/retry_schedule.h) and recording the outcome are the caller's job.
// Implementations (src/delivery, target billing_delivery) are thread-safe.
#ifndef BILLING_APP_PORTS_NOTIFICATIONS_H_
#define BILLING_APP_PORTS_NOTIFICATIONS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/credit_note.h"
#include "domain/customer.h"
#include "domain/invoice.h"
#include "domain/invoice_reminder.h"

namespace billing::app {

struct WebhookMessage {
  std::string url;         // the endpoint's http:// or https:// URL
  std::string event_id;    // Billing-Event-Id: the same on every retry
  std::string event_type;  // Billing-Event-Type, e.g. "invoice.processed"
  std::string body;        // the event's JSON, sent and signed byte for byte
  // The endpoint's live secrets, newest first: one, or two during a rotation
  // (each gives a v1= in Billing-Signature).
  std::vector<std::string> secrets;
};

struct WebhookAttempt {
  bool delivered = false;     // a 2xx arrived within the timeout
  int status_code = 0;        // the HTTP status; 0 when no response arrived
  std::string error;          // why not delivered, for people; "" when delivered
  std::string response_body;  // the start of the response, a few KiB at most
  absl::Duration duration;
};

class WebhookSender {
 public:
  virtual ~WebhookSender() = default;

  // Whether `url` is one this sender delivers to: http or https, and a
  // host that (unless private networks are allowed) resolves only to
  // public addresses; a host that does not resolve yet is accepted.
  // VALIDATION_ERROR on field "url" otherwise. For creating and updating
  // an endpoint; Send resolves and checks again at every attempt.
  virtual absl::Status CheckUrl(std::string_view url) = 0;

  // One signed POST. An attempt that failed (refused address, connection
  // error, timeout, non-2xx) is an OK result with delivered = false; a
  // non-OK status means the message itself is unusable (VALIDATION_ERROR:
  // bad URL syntax or scheme, no secret) and retrying it cannot help.
  virtual absl::StatusOr<WebhookAttempt> Send(const WebhookMessage& message) = 0;
};

// A file attached to an email, beside its text and HTML.
struct MailAttachment {
  std::string file_name;     // "INV-000042.pdf"
  std::string content_type;  // "application/pdf", "application/xml"
  std::string data;          // the bytes, as GET /pdf or /e-invoice answers them
};

struct InvoiceMail {
  domain::Invoice invoice;
  domain::Customer customer;  // the recipient is customer.email
  int attempt = 1;            // 1, 2, ...: each attempt has its own Message-ID
  // The invoice's PDF, then its UBL e-invoice when the customer takes one
  // (of the credit note, when the mail is one).
  std::vector<MailAttachment> attachments;
  // Set: the mail is this credit note on `invoice` (domain::RenderCreditNoteEmail,
  // Message-ID "<credit_note.<id>.<attempt>@...>"), not the invoice itself.
  std::optional<domain::CreditNote> credit_note;
  // Set: the mail is a payment reminder of the invoice (RenderReminderEmail),
  // not the invoice's own email. At most one of the two is set.
  std::optional<domain::InvoiceReminder> reminder;
};

struct MailAttempt {
  bool sent = false;       // the SMTP server accepted the message
  int smtp_code = 0;       // the server's last reply code; 0 when none
  std::string error;       // why not sent, for people; "" when sent
  std::string message_id;  // "<invoice.<id>.<attempt>@<from domain>>" (or credit_note.)
  absl::Duration duration;
};

class InvoiceMailer {
 public:
  virtual ~InvoiceMailer() = default;

  // Renders the invoice (domain/invoice_email.h) and hands it to the SMTP
  // server. A failed transaction is an OK result with sent = false; a
  // non-OK status means the mail cannot be built (VALIDATION_ERROR on
  // "email" for an unusable recipient address).
  virtual absl::StatusOr<MailAttempt> Send(const InvoiceMail& mail) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_NOTIFICATIONS_H_
