// Emails processed invoices to their customers: at least once, each attempt
// a fresh Message-ID (the InvoiceMailer), retried on the domain's schedule
// like webhooks, the state on the invoice in the database so that nothing is
// lost to a restart or a kill -9.
//
// Every replica runs one. Each of `workers` threads claims a due email in a
// short write transaction (its next_attempt_time moves to a lease, so no
// other worker or replica takes it, and a worker that dies lets it come due
// again), sends it with no transaction open, and stores the outcome in a
// second one. API calls only queue; they never wait for SMTP.
//
// The invoice's PDF (and, for a customer with an electronic address or who
// asked for it, invoice_delivery.attach_e_invoice, its UBL e-invoice) is
// rendered here, after the claim and with no transaction
// open, from what was frozen when the invoice was processed: the same bytes
// GET /pdf answers. A render failure is an attempt that failed, retried on
// the schedule and shown in deliveryStatus like an SMTP failure.
//
// Credit notes are emailed the same way from their own queue
// (credit_note_emails, queued when a note is issued): the note's PDF and,
// by the same rule, its UBL CreditNote.
//
// Payment reminders (queued by the collections scan, app/collections.h) go
// through the same workers, mailer and retry schedule; their outcome is kept
// on the reminder's row (GET /invoices/{id}/reminders).
#ifndef BILLING_APP_INVOICE_MAIL_WORKER_H_
#define BILLING_APP_INVOICE_MAIL_WORKER_H_

#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "app/call_context.h"
#include "app/credit_notes.h"
#include "app/ports/document_renderer.h"
#include "app/ports/notifications.h"
#include "app/ports/store.h"
#include "domain/credit_note.h"
#include "domain/invoice.h"
#include "domain/invoice_document.h"
#include "domain/retry_schedule.h"

namespace billing::app {

struct MailWorkerOptions {
  int workers = 2;
  // How often the queue is looked at when it was found empty.
  absl::Duration poll_interval = absl::Milliseconds(500);
  // A claimed email is due again after this if its worker vanished; longer
  // than an SMTP transaction can take (the mailer's 10 s + 60 s timeouts).
  absl::Duration lease = absl::Seconds(120);
  domain::RetryPolicy retry;
};

class InvoiceMailWorker {
 public:
  InvoiceMailWorker(Store& store, InvoiceMailer& mailer, const DocumentRenderer& renderer,
                    Clock clock, MailWorkerOptions options = {});
  ~InvoiceMailWorker();  // Stop()

  InvoiceMailWorker(const InvoiceMailWorker&) = delete;
  InvoiceMailWorker& operator=(const InvoiceMailWorker&) = delete;

  void Start();
  // Waits for the attempts in flight (each bounded by the mailer's timeout).
  void Stop();

 private:
  void Work();
  // Claims, sends and records one due email; false when none was due (or
  // the queue could not be read).
  bool AttemptOne();
  // The same for a due credit note email.
  bool AttemptOneCreditNote();
  // The same for one due payment reminder (invoice_reminders): the
  // reminder text (RenderReminderEmail) with the invoice's documents. One
  // whose invoice stopped being collectible since the claim (paid,
  // cancelled, written off) or whose customer opted out is skipped.
  bool AttemptReminder();
  absl::Status RecordReminder(const domain::InvoiceReminder& claimed, const MailAttempt& attempt,
                              bool retryable);
  struct Documents {
    std::vector<MailAttachment> attachments;
    // What the email leaves out and why ("" nothing): kept on the sent
    // invoice's delivery so that the customer's missing e-invoice is seen.
    std::string omitted;
  };
  struct Outcome {
    MailAttempt attempt;
    bool retryable = true;  // a failure is worth another attempt
    std::string omitted;    // as Documents::omitted
  };
  // One attempt at `mail`, its files from `render` (not called for a
  // customer without an address); `documents_of` names them in a render
  // error ("invoice's").
  Outcome SendOnce(InvoiceMail mail, std::string_view documents_of,
                   absl::FunctionRef<absl::StatusOr<Documents>()> render);
  // The files the email carries (see the class comment); an error is the
  // renderer's, and the attempt fails with it.
  absl::StatusOr<Documents> Attachments(const domain::Invoice& invoice,
                                        const domain::Customer& customer);
  absl::StatusOr<Documents> CreditNoteAttachments(const CreditNoteDocumentParts& parts,
                                                  const domain::Customer& customer);
  // The files of an invoice's or a credit note's `document`.
  absl::StatusOr<Documents> Render(const domain::InvoiceDocument& document,
                                   const domain::Customer& customer);
  // `omitted`: kept as the delivery's last error when the attempt was sent.
  absl::Status Record(const domain::Invoice& claimed, const MailAttempt& attempt,
                      bool retryable, const std::string& omitted);
  absl::Status RecordCreditNote(const domain::CreditNote& claimed, const MailAttempt& attempt,
                                bool retryable, const std::string& omitted);
  // When a failed attempt after `claimed` is tried again; nullopt: never.
  std::optional<absl::Time> NextAttemptTime(const domain::InvoiceDelivery& claimed,
                                            absl::Time now);

  Store& store_;
  InvoiceMailer& mailer_;
  const DocumentRenderer& renderer_;
  Clock clock_;
  MailWorkerOptions options_;

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::mt19937_64 random_ ABSL_GUARDED_BY(mu_){std::random_device{}()};
  std::vector<std::thread> threads_;
};

}  // namespace billing::app

#endif  // BILLING_APP_INVOICE_MAIL_WORKER_H_
