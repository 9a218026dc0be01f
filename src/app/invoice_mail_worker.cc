#include "app/invoice_mail_worker.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

#include "app/credit_notes.h"
#include "common/status_macros.h"
#include "domain/customer.h"
#include "domain/error.h"
#include "domain/invoice_document_builder.h"
#include "domain/invoice_reminder.h"
#include "domain/organization.h"
#include "domain/receivables.h"
#include "domain/text.h"
#include "log/json_log.h"

namespace billing::app {

using domain::InvoiceDeliveryStatus;

InvoiceMailWorker::InvoiceMailWorker(Store& store, InvoiceMailer& mailer,
                                     const DocumentRenderer& renderer, Clock clock,
                                     MailWorkerOptions options)
    : store_(store),
      mailer_(mailer),
      renderer_(renderer),
      clock_(std::move(clock)),
      options_(std::move(options)) {}

InvoiceMailWorker::~InvoiceMailWorker() { Stop(); }

void InvoiceMailWorker::Start() {
  if (!threads_.empty()) return;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = false;
  }
  for (int i = 0; i < std::max(1, options_.workers); ++i) {
    threads_.emplace_back([this] { Work(); });
  }
}

void InvoiceMailWorker::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

void InvoiceMailWorker::Work() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    const bool invoice = AttemptOne();
    const bool credit_note = AttemptOneCreditNote();
    const bool reminder = AttemptReminder();
    if (invoice || credit_note || reminder) continue;  // more may be due
    absl::MutexLock lock(&mu_);
    auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
    mu_.AwaitWithTimeout(absl::Condition(&stopping), options_.poll_interval);
  }
}

bool InvoiceMailWorker::AttemptOne() {
  std::optional<domain::Invoice> claimed;
  std::optional<domain::Customer> customer;
  bool withdrawn = false;
  const absl::Time now = clock_();
  const absl::Status status = store_.Write([&](Transaction& tx) -> absl::Status {
    withdrawn = false;
    ASSIGN_OR_RETURN(claimed, tx.invoices().ClaimDueEmail(now, now + options_.lease));
    if (!claimed.has_value()) return absl::OkStatus();
    // Queued before its invoice was cancelled (by a version that did not
    // withdraw it then): a cancelled invoice asks for no money, so it is
    // withdrawn, never sent.
    if (domain::WithdrawInvoiceEmail(*claimed)) {
      RETURN_IF_ERROR(tx.invoices().Update(*claimed));
      withdrawn = true;
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(customer,
                     tx.customers().GetToReference(claimed->account_id, claimed->customer_id));
    return absl::OkStatus();
  });
  if (!status.ok()) {
    log::Warning("invoice email queue unreadable; retried at the next poll",
                 {log::Str("error", status.ToString())});
    return false;
  }
  if (!claimed.has_value()) return false;
  if (withdrawn) return true;
  const Outcome outcome = SendOnce(
      InvoiceMail{.invoice = *claimed,
                  .customer = *customer,
                  .attempt = claimed->delivery.attempts + 1},
      "invoice's", [&] { return Attachments(*claimed, *customer); });
  const absl::Status recorded =
      Record(*claimed, outcome.attempt, outcome.retryable, outcome.omitted);
  if (!recorded.ok()) {
    log::Warning("invoice email outcome not stored; it is tried again",
                 {log::Str("invoice_id", claimed->id), log::Str("error", recorded.ToString())});
  }
  return true;
}

bool InvoiceMailWorker::AttemptReminder() {
  std::optional<domain::InvoiceReminder> claimed;
  std::optional<domain::Invoice> invoice;
  std::optional<domain::Customer> customer;
  bool withdrawn = false;
  const absl::Time now = clock_();
  const absl::Status status = store_.Write([&](Transaction& tx) -> absl::Status {
    withdrawn = false;
    ASSIGN_OR_RETURN(claimed, tx.invoice_reminders().ClaimDue(now, now + options_.lease));
    if (!claimed.has_value()) return absl::OkStatus();
    ASSIGN_OR_RETURN(invoice, tx.invoices().Get(claimed->account_id, claimed->invoice_id));
    ASSIGN_OR_RETURN(customer,
                     tx.customers().GetToReference(invoice->account_id, invoice->customer_id));
    // Paid (or cancelled, written off) since the scan claimed it: a
    // reminder would ask for money no longer owed.
    const bool collectible =
        invoice->status == domain::InvoiceStatus::kPending && domain::AmountDue(*invoice) > 0;
    if (!collectible || !customer->reminders_enabled) {
      claimed->status = domain::ReminderStatus::kSkipped;
      claimed->next_attempt_time.reset();
      claimed->error = collectible ? "not sent: the customer opted out of reminders"
                                   : "not sent: nothing was due any more when it was to go out";
      RETURN_IF_ERROR(tx.invoice_reminders().Update(*claimed));
      withdrawn = true;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) {
    log::Warning("reminder queue unreadable; retried at the next poll",
                 {log::Str("error", status.ToString())});
    return false;
  }
  if (!claimed.has_value()) return false;
  if (withdrawn) return true;
  const Outcome outcome = SendOnce(
      InvoiceMail{.invoice = *invoice,
                  .customer = *customer,
                  .attempt = claimed->attempts + 1,
                  .reminder = *claimed},
      "invoice's", [&] { return Attachments(*invoice, *customer); });
  const absl::Status recorded = RecordReminder(*claimed, outcome.attempt, outcome.retryable);
  if (!recorded.ok()) {
    log::Warning("reminder outcome not stored; it is tried again",
                 {log::Str("invoice_id", claimed->invoice_id),
                  log::Str("error", recorded.ToString())});
  }
  return true;
}

absl::Status InvoiceMailWorker::RecordReminder(const domain::InvoiceReminder& claimed,
                                               const MailAttempt& attempt, bool retryable) {
  const absl::Time now = clock_();
  domain::InvoiceReminder outcome = claimed;
  outcome.attempts = claimed.attempts + 1;
  if (attempt.sent) {
    outcome.status = domain::ReminderStatus::kSent;
    outcome.sent_time = now;
    outcome.error.clear();
    outcome.next_attempt_time.reset();
  } else {
    outcome.error = attempt.error;
    if (retryable) {
      absl::MutexLock lock(&mu_);
      outcome.next_attempt_time = domain::NextAttemptTime(options_.retry, outcome.attempts,
                                                          claimed.claim_time, now, random_);
    } else {
      outcome.next_attempt_time.reset();
    }
    if (!outcome.next_attempt_time.has_value()) {
      outcome.status = domain::ReminderStatus::kFailed;
      log::Warning("reminder email failed; not retried",
                   {log::Str("invoice_id", claimed.invoice_id), log::Str("error", attempt.error)});
    }
  }
  return store_.Write(
      [&](Transaction& tx) -> absl::Status { return tx.invoice_reminders().Update(outcome); });
}

InvoiceMailWorker::Outcome InvoiceMailWorker::SendOnce(
    InvoiceMail mail, std::string_view documents_of,
    absl::FunctionRef<absl::StatusOr<Documents>()> render) {
  Outcome out;
  if (mail.customer.email.empty()) {
    // Queued before the customer's address was removed: retrying cannot help.
    out.attempt.error = "the customer has no email address";
    out.retryable = false;
    return out;
  }
  absl::StatusOr<Documents> documents = render();
  if (!documents.ok()) {
    // Retried like an SMTP failure: a renderer may recover (fonts back
    // after a broken upgrade is fixed), and the email is never dropped.
    out.attempt.error = absl::StrCat("the ", domain::Av(documents_of),
                                     " documents could not be rendered: ",
                                     documents.status().message());
    return out;
  }
  out.omitted = std::move(documents->omitted);
  mail.attachments = std::move(documents->attachments);
  absl::StatusOr<MailAttempt> sent = mailer_.Send(mail);
  if (sent.ok()) {
    out.attempt = *std::move(sent);
  } else {
    // The mail cannot be built (an unusable address): retrying cannot help.
    out.attempt.error = std::string(sent.status().message());
    out.retryable = false;
  }
  return out;
}

absl::StatusOr<InvoiceMailWorker::Documents> InvoiceMailWorker::Attachments(
    const domain::Invoice& invoice, const domain::Customer& customer) {
  Documents out;
  // An issued invoice's document comes from what was frozen; the current
  // parties are never read.
  absl::StatusOr<domain::InvoiceDocument> document = domain::InvoiceDocumentOf(
      invoice, domain::DefaultOrganization(invoice.account_id), {},
      absl::ToCivilDay(clock_(), absl::UTCTimeZone()));
  if (domain::ErrorCodeOf(document.status()) ==
      domain::ErrorCode::kInvoiceDocumentUnavailable) {
    // Processed before its terms were frozen: it has no document to attach
    // (GET /pdf says the same); the email still goes out.
    out.omitted = absl::StrCat("sent without documents: ", document.status().message());
    return out;
  }
  RETURN_IF_ERROR(document.status());
  return Render(*document, customer);
}

absl::StatusOr<InvoiceMailWorker::Documents> InvoiceMailWorker::Render(
    const domain::InvoiceDocument& document, const domain::Customer& customer) {
  Documents out;
  std::vector<MailAttachment>& attachments = out.attachments;
  ASSIGN_OR_RETURN(std::string pdf, renderer_.Pdf(document));
  attachments.push_back({.file_name = absl::StrCat(document.number, ".pdf"),
                         .content_type = "application/pdf",
                         .data = std::move(pdf)});
  // A customer with an electronic address reads e-invoices, and one may
  // ask for them without. What EN 16931 cannot carry (E_INVOICE_UNSUPPORTED:
  // the frozen parties never change, so a retry cannot help) leaves the PDF
  // alone in the email, the reasons kept on the delivery.
  if (customer.identity.electronic_address.has_value() ||
      customer.invoice_delivery.attach_e_invoice) {
    absl::StatusOr<std::string> xml = renderer_.EInvoice(document);
    if (xml.ok()) {
      attachments.push_back({.file_name = absl::StrCat(document.number, ".xml"),
                             .content_type = "application/xml",
                             .data = *std::move(xml)});
    } else if (domain::ErrorCodeOf(xml.status()) != domain::ErrorCode::kEInvoiceUnsupported) {
      return xml.status();
    } else {
      out.omitted = absl::StrCat("sent without its e-invoice: ", xml.status().message());
      log::Warning("document emailed without its e-invoice, which EN 16931 cannot carry",
                   {log::Str("number", document.number),
                    log::Str("error", std::string(xml.status().message()))});
    }
  }
  return out;
}

std::optional<absl::Time> InvoiceMailWorker::NextAttemptTime(
    const domain::InvoiceDelivery& claimed, absl::Time now) {
  absl::MutexLock lock(&mu_);
  return domain::NextAttemptTime(options_.retry, claimed.attempts + 1,
                                 claimed.queue_time.value_or(now), now, random_);
}

namespace {

// What an attempt on the `claimed` delivery makes of the `current` one
// (invoice or credit note); `next`: when a failed one is tried again.
void ApplyAttempt(const domain::InvoiceDelivery& claimed, const MailAttempt& attempt,
                  const std::string& omitted, absl::Time now, std::optional<absl::Time> next,
                  const std::string& kind, const std::string& id,
                  domain::InvoiceDelivery& delivery) {
  delivery.attempts = std::max(delivery.attempts, claimed.attempts + 1);
  if (attempt.sent) delivery.sent_time = now;
  // Sent again (SendInvoice) while this attempt ran: that request stands.
  if (delivery.status != InvoiceDeliveryStatus::kQueued ||
      delivery.queue_time != claimed.queue_time) {
    return;
  }
  if (attempt.sent) {
    delivery.status = InvoiceDeliveryStatus::kSent;
    delivery.next_attempt_time.reset();
    delivery.last_error = omitted;
  } else {
    delivery.last_error = attempt.error;
    delivery.next_attempt_time = next;
    if (!next.has_value()) {
      delivery.status = InvoiceDeliveryStatus::kFailed;
      log::Warning(absl::StrCat(kind, " email failed; not retried"),
                   {log::Str(absl::StrCat(kind, "_id"), id),
                    log::Str("error", attempt.error)});
    }
  }
}

}  // namespace

absl::Status InvoiceMailWorker::Record(const domain::Invoice& claimed,
                                       const MailAttempt& attempt, bool retryable,
                                       const std::string& omitted) {
  const absl::Time now = clock_();
  std::optional<absl::Time> next;
  if (!attempt.sent && retryable) next = NextAttemptTime(claimed.delivery, now);
  return store_.Write([&](Transaction& tx) -> absl::Status {
    absl::StatusOr<domain::Invoice> current = tx.invoices().Get(claimed.account_id, claimed.id);
    if (domain::ErrorCodeOf(current.status()) == domain::ErrorCode::kInvoiceNotFound) {
      return absl::OkStatus();
    }
    RETURN_IF_ERROR(current.status());
    ApplyAttempt(claimed.delivery, attempt, omitted, now, next, "invoice", current->id,
                 current->delivery);
    return tx.invoices().Update(*current);
  });
}

bool InvoiceMailWorker::AttemptOneCreditNote() {
  std::optional<CreditNoteDocumentParts> claimed;
  std::optional<domain::Customer> customer;
  const absl::Time now = clock_();
  const absl::Status status = store_.Write([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<domain::CreditNote> note,
                     tx.credit_notes().ClaimDueEmail(now, now + options_.lease));
    if (!note.has_value()) {
      claimed.reset();
      return absl::OkStatus();
    }
    // The note's email is sent whatever became of its invoice since: a
    // credit note is never withdrawn.
    ASSIGN_OR_RETURN(claimed, ReadCreditNoteDocumentParts(tx, note->account_id, note->id));
    claimed->note.delivery = note->delivery;  // with the lease
    ASSIGN_OR_RETURN(customer, tx.customers().GetToReference(note->account_id,
                                                             note->customer_id));
    return absl::OkStatus();
  });
  if (!status.ok()) {
    log::Warning("credit note email queue unreadable; retried at the next poll",
                 {log::Str("error", status.ToString())});
    return false;
  }
  if (!claimed.has_value()) return false;
  const domain::CreditNote& note = claimed->note;
  const Outcome outcome = SendOnce(
      InvoiceMail{.invoice = claimed->invoice,
                  .customer = *customer,
                  .attempt = note.delivery.attempts + 1,
                  .credit_note = note},
      "credit note's", [&] { return CreditNoteAttachments(*claimed, *customer); });
  const absl::Status recorded =
      RecordCreditNote(note, outcome.attempt, outcome.retryable, outcome.omitted);
  if (!recorded.ok()) {
    log::Warning("credit note email outcome not stored; it is tried again",
                 {log::Str("credit_note_id", note.id), log::Str("error", recorded.ToString())});
  }
  return true;
}

absl::StatusOr<InvoiceMailWorker::Documents> InvoiceMailWorker::CreditNoteAttachments(
    const CreditNoteDocumentParts& parts, const domain::Customer& customer) {
  absl::StatusOr<domain::InvoiceDocument> document = CreditNoteDocumentFrom(parts);
  if (domain::ErrorCodeOf(document.status()) ==
      domain::ErrorCode::kInvoiceDocumentUnavailable) {
    // Its invoice was processed before terms were frozen: no document, as
    // GET /pdf says; the email still goes out.
    return Documents{.omitted = absl::StrCat("sent without documents: ",
                                             document.status().message())};
  }
  RETURN_IF_ERROR(document.status());
  return Render(*document, customer);
}

absl::Status InvoiceMailWorker::RecordCreditNote(const domain::CreditNote& claimed,
                                                 const MailAttempt& attempt, bool retryable,
                                                 const std::string& omitted) {
  const absl::Time now = clock_();
  std::optional<absl::Time> next;
  if (!attempt.sent && retryable) next = NextAttemptTime(claimed.delivery, now);
  return store_.Write([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(domain::CreditNote current,
                     tx.credit_notes().Get(claimed.account_id, claimed.id));
    ApplyAttempt(claimed.delivery, attempt, omitted, now, next, "credit_note", current.id,
                 current.delivery);
    return tx.credit_notes().UpdateDelivery(current);
  });
}

}  // namespace billing::app
