// An invoice, its line items, and the lifecycle it moves through:
//   draft -> pending (process) -> paid
//   draft -> cancelled, pending -> cancelled
//   pending -> uncollectible (written off) -> paid (a late payment) or
//   cancelled (voided, as Stripe allows)
// paid and cancelled are final.
#ifndef BILLING_DOMAIN_INVOICE_H_
#define BILLING_DOMAIN_INVOICE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/decimal_quantity.h"
#include "domain/invoice_document.h"
#include "domain/tax_calculation.h"
#include "domain/tax_rate.h"
#include "domain/tax_rate_resource.h"

namespace billing::domain {

enum class InvoiceStatus { kDraft, kPending, kPaid, kCancelled, kUncollectible };

// "draft", "pending", "paid", "cancelled", "uncollectible" (the storage and
// log spelling).
std::string_view InvoiceStatusName(InvoiceStatus status);
std::optional<InvoiceStatus> InvoiceStatusFromName(std::string_view name);

// OkStatus if the lifecycle allows from -> to, else INVALID_STATE_TRANSITION
// naming both states. (from == to is not a transition and is refused.)
absl::Status CheckTransition(InvoiceStatus from, InvoiceStatus to);

struct LineItem {
  std::string description;
  DecimalQuantity quantity;       // > 0, at most 4 decimals
  int64_t unit_amount = 0;        // minor units, >= 0
  // quantity x unit_amount rounded once (LineGrossAmount), before discount:
  // net of tax for exclusive rates, including it for inclusive ones.
  int64_t amount = 0;
  std::optional<absl::CivilDay> service_period_start;  // both set or neither
  std::optional<absl::CivilDay> service_period_end;    // inclusive
  int64_t discount_amount = 0;  // minor units, 0..amount
  std::string tax_rate_id;      // the line's own rate; "": the invoice's default
  // The terms of the rate that applied (its own or the default) as last
  // read; frozen when the invoice is processed. None: untaxed.
  std::optional<TaxRateTerms> tax_rate;
  // Computed (ComputeInvoiceTotals): after discount, without tax, and the
  // line's share of its breakdown entry's tax.
  int64_t net_amount = 0;
  int64_t tax_amount = 0;
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
  // Of the last failed attempt; once sent, what the email left out ("" none).
  std::string last_error;
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
  // The rate of lines without one of their own; "" none.
  std::string default_tax_rate_id;
  // Computed from the lines (ComputeInvoiceTotals): amount = subtotal +
  // tax_amount whenever the invoice has lines.
  int64_t subtotal = 0;
  int64_t tax_amount = 0;
  std::vector<TaxBreakdownEntry> tax_breakdown;
  // Frozen with them: what else its document shows as issued.
  std::optional<DocumentTerms> terms;
  // Never stored: whole days past the due date on the day it was read, in
  // the organization's zone (overdue.h), 0 when not overdue. Set by the
  // app layer, as it changes with the day, not with the invoice.
  int64_t days_overdue = 0;
};

// Line items and fields as the caller sent them: text not yet parsed.
struct LineItemInput {
  std::string description;
  int64_t quantity = 0;  // whole units; 0 when quantity_decimal is given
  std::string unit_amount;
  std::string service_period_start;  // "" = none
  std::string service_period_end;
  std::string quantity_decimal;  // "7.5"; "" = quantity
  std::string discount_amount;   // "" = none
  std::string tax_rate_id;       // "" = the invoice's default
};

struct InvoiceInput {
  std::string customer_id;
  std::string currency;  // "" = the customer's default currency
  std::string amount;    // "" allowed only with line items (then computed)
  std::string due_date;  // "": none yet (a draft takes one when processed)
  std::string notes;
  std::vector<LineItemInput> line_items;
  std::optional<InvoiceStatus> status;  // only read by UpdateInvoice
  std::string default_tax_rate_id;      // "" = none
};

// The account's tax rates an invoice names, as the caller read them.
using TaxRatesById = std::map<std::string, TaxRate, std::less<>>;

// The well-formed rate ids `input` names (its lines' and its default), for
// the caller to read before NewInvoice, ReplaceInvoice or UpdateInvoice;
// a malformed one is left to their validation.
std::vector<std::string> TaxRateIdsOf(const InvoiceInput& input);
// The rate ids a stored invoice names (its lines' and its default).
std::vector<std::string> TaxRateIdsOf(const Invoice& invoice);

// Recomputes the totals from the lines as stored, with their frozen terms:
// each line's amount, net and tax share, subtotal, tax_amount and
// tax_breakdown (the amount stays as stored: every write through this file
// made it the total). Storage calls it on every invoice it reads.
absl::Status ComputeInvoiceTotals(Invoice& invoice);

// Freezes the terms of the rates the lines name (their own, else the
// default) from `rates`, then prices it (amount = the total): what
// processing does with the rates as they are then. TAX_RATE_NOT_FOUND for a rate missing
// from `rates`.
absl::Status ApplyTaxRates(Invoice& invoice, const TaxRatesById& rates);

// Builds a draft from `input`, validating every field at once:
// currency (ISO 4217), amount (> 0, the currency's decimals, equal to the sum
// of the line items when both are given), due date (optional), notes (<= 2000 chars),
// each line (description 1-500 chars, quantity >= 1, unit amount >= 0, a
// service period with both ends and start <= end), at most 100 lines.
// `default_currency` is used when input.currency is empty.
// Lines may have a decimal quantity (quantity_decimal, at most 4 places,
// else the whole `quantity`), a discount (0..the line's amount) and a tax
// rate (of `rates`, active; TAX_RATE_NOT_FOUND when not there), the
// invoice a default rate; the amount is then the total with tax
// (CalculateInvoiceTotals), and a given amount must equal it.
absl::StatusOr<Invoice> NewInvoice(std::string account_id, std::string id,
                                   const InvoiceInput& input,
                                   std::string_view default_currency, absl::Time now,
                                   const TaxRatesById& rates = {});

// Replaces every writable field of a draft; INVOICE_NOT_EDITABLE otherwise.
absl::StatusOr<Invoice> ReplaceInvoice(const Invoice& current, const InvoiceInput& input,
                                       std::string_view default_currency, absl::Time now,
                                       const TaxRatesById& rates = {});

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
// default_tax_rate_id is a draft-only path too; changing lines, currency or
// the default reprices the draft with `rates` (which must hold the rates
// the result names).
absl::StatusOr<InvoiceUpdate> UpdateInvoice(const Invoice& current, const InvoiceInput& input,
                                            const std::vector<std::string>& paths,
                                            absl::Time now, const TaxRatesById& rates = {});

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

// Whether the invoice was issued to its customer and still stands: pending,
// paid or uncollectible (written off, still owed). A draft was never
// issued; a cancelled invoice was withdrawn.
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
