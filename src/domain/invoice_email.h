// The invoice as the customer reads it in an email: a subject, a plain-text
// body and an HTML body showing the same things (the number, the customer,
// the lines, the amounts with their currency, the due date and the amount
// due). Pure: the mail transport lives in src/delivery.
#ifndef BILLING_DOMAIN_INVOICE_EMAIL_H_
#define BILLING_DOMAIN_INVOICE_EMAIL_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "domain/credit_note.h"
#include "domain/customer.h"
#include "domain/invoice.h"
#include "domain/invoice_reminder.h"

namespace billing::domain {

struct InvoiceEmailContent {
  std::string subject;  // one line, ASCII: safe as a header as it is
  std::string text;     // text/plain, UTF-8, "\n" line ends
  std::string html;     // text/html, every caller-written value escaped
};

// INVALID_ARGUMENT only if the invoice's currency is unknown (stored
// invoices always have a valid one).
absl::StatusOr<InvoiceEmailContent> RenderInvoiceEmail(const Invoice& invoice,
                                                       const Customer& customer);

// The email of a credit note issued on `invoice`: "Credit note CN-… for
// invoice INV-…" with the amount credited and its currency, the tax it
// reverses and the memo. INVALID_ARGUMENT as RenderInvoiceEmail.
absl::StatusOr<InvoiceEmailContent> RenderCreditNoteEmail(const CreditNote& note,
                                                          const Invoice& invoice,
                                                          const Customer& customer);

// "<credit_note.<id>.<attempt>@<domain>>", as InvoiceMessageId.
std::string CreditNoteMessageId(std::string_view credit_note_id, int attempt,
                                std::string_view domain);

// A payment reminder: the number, the current amount due, the due date and
// how late it is as of the reminder's claim_date (LatenessText). Errors as
// RenderInvoiceEmail.
absl::StatusOr<InvoiceEmailContent> RenderReminderEmail(const Invoice& invoice,
                                                        const Customer& customer,
                                                        const InvoiceReminder& reminder);

// "<reminder.<invoice id>.<offset>.<attempt>@<domain>>": as InvoiceMessageId,
// one per reminder and attempt.
std::string ReminderMessageId(std::string_view invoice_id, int offset_days, int attempt,
                              std::string_view domain);

// The Message-ID of the `attempt`-th (1, 2, ...) email of an invoice:
// "<invoice.<id>.<attempt>@<domain>>". The same invoice and attempt always
// give the same id, so a resend is recognisable and a retried SMTP
// transaction of one attempt is deduplicated by the receiving side.
std::string InvoiceMessageId(std::string_view invoice_id, int attempt,
                             std::string_view domain);

// & < > " ' as entities: text placed in HTML content or attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_INVOICE_EMAIL_H_
