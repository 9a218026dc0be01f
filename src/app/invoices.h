// Invoice use cases. Every change that has side effects (ledger entries,
// outbox messages) writes them in the same transaction as the invoice.
#ifndef BILLING_APP_INVOICES_H_
#define BILLING_APP_INVOICES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "app/call_context.h"
#include "app/ports/resource_encoder.h"
#include "domain/invoice.h"
#include "domain/invoice_reminder.h"
#include "domain/invoice_document.h"
#include "domain/paging.h"
#include "app/ports/store.h"

namespace billing::app {

class Invoices {
 public:
  // Every change records its event (invoice.created, .updated, .processed,
  // .paid, .cancelled, .deleted) through `encoder`, in its transaction.
  // `mail_configured`: whether an SMTP server is configured; without one a
  // processed invoice shows delivery status not_configured.
  Invoices(Store& store, const ResourceEncoder& encoder, Clock clock,
           bool mail_configured = false)
      : store_(store),
        encoder_(encoder),
        clock_(std::move(clock)),
        mail_configured_(mail_configured) {}

  absl::StatusOr<domain::Invoice> Create(const CallContext& ctx,
                                         const domain::InvoiceInput& input);
  absl::StatusOr<domain::Invoice> Get(const CallContext& ctx, std::string_view invoice_id);
  // The invoice's payment reminders by offset, ascending, a page of them;
  // INVOICE_NOT_FOUND for an unknown invoice.
  absl::StatusOr<domain::Page<domain::InvoiceReminder>> Reminders(const CallContext& ctx,
                                                                  std::string_view invoice_id,
                                                                  int page, int page_size);
  // CUSTOMER_NOT_FOUND when filtering by a customer that does not exist.
  absl::StatusOr<domain::Page<domain::Invoice>> List(const CallContext& ctx, int page,
                                                     int page_size,
                                                     const InvoiceFilter& filter,
                                                     std::string_view page_token = {});
  absl::StatusOr<domain::Invoice> Replace(const CallContext& ctx, std::string_view invoice_id,
                                          const domain::InvoiceInput& input);
  absl::StatusOr<domain::Invoice> Update(const CallContext& ctx, std::string_view invoice_id,
                                         const domain::InvoiceInput& input,
                                         const std::vector<std::string>& paths);
  absl::Status Delete(const CallContext& ctx, std::string_view invoice_id);
  absl::StatusOr<domain::Invoice> Process(const CallContext& ctx, std::string_view invoice_id);
  absl::StatusOr<domain::Invoice> Cancel(const CallContext& ctx, std::string_view invoice_id);
  // Writes off a pending invoice's amount due (docs/collections.md).
  absl::StatusOr<domain::Invoice> MarkUncollectible(const CallContext& ctx,
                                                    std::string_view invoice_id);
  // Queues the invoice's email to the customer again (the mail worker sends
  // it); INVOICE_NOT_ISSUED unless issued (pending, paid or uncollectible),
  // EMAIL_NOT_CONFIGURED without an SMTP server.
  absl::StatusOr<domain::Invoice> Send(const CallContext& ctx, std::string_view invoice_id);
  // The invoice's document (domain::InvoiceDocumentOf): an issued one's
  // from what was frozen when it was processed, a draft's preview from the
  // organization and customer as they are now.
  absl::StatusOr<domain::InvoiceDocument> Document(const CallContext& ctx,
                                                   std::string_view invoice_id);

 private:
  // Loads the invoice, moves it to `to` and records the transition's side
  // effects, all inside one write transaction.
  absl::StatusOr<domain::Invoice> Transition(const CallContext& ctx,
                                             std::string_view invoice_id,
                                             domain::InvoiceStatus to);

  absl::Status Record(Transaction& tx, std::string_view type, const domain::Invoice& invoice);

  Store& store_;
  const ResourceEncoder& encoder_;
  Clock clock_;
  bool mail_configured_;
};

}  // namespace billing::app

#endif  // BILLING_APP_INVOICES_H_
