// An invoice, its line items, and the lifecycle it moves through:
//   draft -> pending (process) -> paid
//   draft -> cancelled, pending -> cancelled
// paid and cancelled are final.
#ifndef BILLING_DOMAIN_INVOICE_H_
#define BILLING_DOMAIN_INVOICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/invoice_document.h"

namespace billing::domain {

enum class InvoiceStatus { kDraft, kPending, kPaid, kCancelled };

// "draft", "pending", "paid", "cancelled" (the storage and log spelling).
std::string_view InvoiceStatusName(InvoiceStatus status);
std::optional<InvoiceStatus> InvoiceStatusFromName(std::string_view name);

// OkStatus if the lifecycle allows from -> to, else INVALID_STATE_TRANSITION
// naming both states. (from == to is not a transition and is refused.)
absl::Status CheckTransition(InvoiceStatus from, InvoiceStatus to);

struct LineItem {
  std::string description;
  int64_t quantity = 0;           // >= 1
  int64_t unit_amount = 0;        // minor units, >= 0
  int64_t amount = 0;             // quantity * unit_amount, minor units
  std::optional<absl::CivilDay> service_period_start;  // both set or neither
  std::optional<absl::CivilDay> service_period_end;    // inclusive
};

// The email of a processed invoice to its customer: queued when processed
// (or sent again on request), then sent or failed by the mail worker.
enum class InvoiceDeliveryStatus { kNone, kNotConfigured, kQueued, kSent, kFailed };

// "none", "not_configured", "queued", "sent", "failed" (storage spelling).
std::string_view InvoiceDeliveryStatusName(InvoiceDeliveryStatus status);
std::optional<InvoiceDeliveryStatus> InvoiceDeliveryStatusFromName(std::string_view name);

struct InvoiceDelivery {
  InvoiceDeliveryStatus status = InvoiceDeliveryStatus::kNone;  // kNone: a draft
  int attempts = 0;  // over the invoice's life: each attempt's Message-ID differs
  // When this round was queued: retries end give_up_after past it.
  std::optional<absl::Time> queue_time;
  // While queued: when the worker may take it (a claimed one: its lease's end).
  std::optional<absl::Time> next_attempt_time;
  std::optional<absl::Time> sent_time;  // the last accepted attempt
  std::string last_error;               // of the last failed attempt
};

struct Invoice {
  std::string account_id;
  std::string id;
  std::string customer_id;
  std::string currency;  // ISO 4217 code
  int64_t amount = 0;    // minor units, > 0
  InvoiceStatus status = InvoiceStatus::kDraft;
  absl::CivilDay due_date;
  // False only on a draft created without a due date: due_date then holds
  // its creation day (UTC) and means nothing until processing gives it one
  // by payment terms (payment_terms.h). Every processed invoice has one.
  bool has_due_date = true;
  std::string notes;
  std::vector<LineItem> line_items;
  absl::Time create_time;
  absl::Time update_time;
  std::optional<absl::Time> process_time;
  std::optional<absl::Time> pay_time;
  std::optional<absl::Time> cancel_time;
  // Set once, in the transaction that processes the invoice ("INV-000042");
  // empty while draft. A cancelled invoice keeps it.
  std::string number;
  // Minor units: the sums of the invoice's payments and credit notes, kept
  // on the row so that they are read (and locked) with it.
  int64_t amount_paid = 0;
  int64_t amount_credited = 0;
  InvoiceDelivery delivery;
  // The seller and the buyer as they were when the invoice was processed
  // (EN 16931 BG-4, BG-7), frozen then; none while draft.
  std::optional<DocumentParty> seller;
  std::optional<DocumentParty> buyer;
};

// Line items and fields as the caller sent them: text not yet parsed.
struct LineItemInput {
  std::string description;
  int64_t quantity = 0;
  std::string unit_amount;
  std::string service_period_start;  // "" = none
  std::string service_period_end;
};

struct InvoiceInput {
  std::string customer_id;
  std::string currency;  // "" = the customer's default currency
  std::string amount;    // "" allowed only with line items (then computed)
  std::string due_date;  // "": none yet (a draft takes one when processed)
  std::string notes;
  std::vector<LineItemInput> line_items;
  std::optional<InvoiceStatus> status;  // only read by UpdateInvoice
};

// Builds a draft from `input`, validating every field at once:
// currency (ISO 4217), amount (> 0, the currency's decimals, equal to the sum
// of the line items when both are given), due date (optional), notes (<= 2000 chars),
// each line (description 1-500 chars, quantity >= 1, unit amount >= 0, a
// service period with both ends and start <= end), at most 100 lines.
// `default_currency` is used when input.currency is empty.
absl::StatusOr<Invoice> NewInvoice(std::string account_id, std::string id,
                                   const InvoiceInput& input,
                                   std::string_view default_currency, absl::Time now);

// Replaces every writable field of a draft; INVOICE_NOT_EDITABLE otherwise.
absl::StatusOr<Invoice> ReplaceInvoice(const Invoice& current, const InvoiceInput& input,
                                       std::string_view default_currency, absl::Time now);

// The outcome of a partial update: the invoice to store and, when the update
// moved it to another status, the transition the caller must carry out with
// its side effects (see ApplyTransition).
struct InvoiceUpdate {
  Invoice invoice;
  std::optional<InvoiceStatus> new_status;
};

// Applies the fields named in `paths` (customer_id, currency, amount,
// due_date, notes, line_items, status). Amount, currency, customer and line
// items change only while draft (INVOICE_NOT_EDITABLE); notes any time; the
// due date until paid (removed, with "", only from a draft); status by the
// lifecycle table. Unknown paths or an
// empty list: ValidationError on "update_mask".
absl::StatusOr<InvoiceUpdate> UpdateInvoice(const Invoice& current, const InvoiceInput& input,
                                            const std::vector<std::string>& paths,
                                            absl::Time now);

// Moves `invoice` to `to` if the lifecycle allows it and stamps the matching
// time (process_time, pay_time, cancel_time) and update_time. Cancelling
// withdraws an email still queued: a cancelled invoice asks for no money.
absl::Status ApplyTransition(Invoice& invoice, InvoiceStatus to, absl::Time now);

// Gives an invoice being processed on `issue_date` (the organization's
// today) its due date by ResolveDueDate: its own, refused when before the
// issue date (ValidationError on due_date), or the default by terms.
absl::Status SetDueDateAtProcessing(Invoice& invoice, absl::CivilDay issue_date,
                                    std::optional<int> customer_terms_days,
                                    int organization_terms_days);

// Only drafts may be deleted or replaced: INVOICE_NOT_EDITABLE otherwise.
absl::Status CheckDeletable(const Invoice& invoice);

// Whether the invoice was issued to its customer and still stands: pending
// or paid. A draft was never issued; a cancelled invoice was withdrawn.
// Only these are emailed, and only these may show money due.
bool IsIssued(InvoiceStatus status);
// INVOICE_NOT_ISSUED unless IsIssued(invoice.status).
absl::Status CheckIssued(const Invoice& invoice);

// Queues the email of an invoice just processed, or records that no SMTP
// server is configured (the invoice then shows not_configured):
// INVOICE_NOT_ISSUED unless issued. Keeps the attempt count and sent_time.
absl::Status QueueInvoiceEmail(Invoice& invoice, bool mail_configured, absl::Time now);

// A request to email the invoice again (SendInvoice): INVOICE_NOT_ISSUED
// unless issued, EMAIL_NOT_CONFIGURED without an SMTP server (nothing would
// be sent, so nothing is recorded), else queued as QueueInvoiceEmail does.
absl::Status ResendInvoiceEmail(Invoice& invoice, bool mail_configured, absl::Time now);

// The last_error of an email withdrawn because its invoice was cancelled
// before it went out: the delivery then shows failed, never retried.
inline constexpr std::string_view kEmailWithdrawnError =
    "not sent: the invoice was cancelled before its email went out";
// Withdraws a queued email of an invoice that is no longer issued; true when
// one was withdrawn. An email already sent stays as it is.
bool WithdrawInvoiceEmail(Invoice& invoice);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_INVOICE_H_
