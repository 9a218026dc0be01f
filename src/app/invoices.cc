#include "app/invoices.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "app/collections.h"
#include "app/customers.h"
#include "app/events.h"
#include "app/idempotency.h"
#include "app/page_tokens.h"
#include "app/payments.h"
#include "common/status_macros.h"
#include "domain/business_calendar.h"
#include "domain/invoice_document_builder.h"
#include "domain/organization.h"
#include "domain/payment_terms.h"
#include "domain/document_number.h"
#include "domain/error.h"
#include "domain/event.h"
#include "domain/customer_identity.h"
#include "domain/ids.h"
#include "domain/text.h"
#include "domain/ledger.h"
#include "domain/receivables.h"
#include "domain/write_off.h"

namespace billing::app {
namespace {

using domain::Invoice;
using domain::InvoiceInput;
using domain::InvoiceStatus;

// Moves `invoice` (as read and locked in `tx`, with any other changes of the
// same call applied) to `to` and stores it with what the move records:
// - pending: its number (taken here, so a refused move uses none), the
//   receivable, the notification and the queued email to the customer;
// - paid: a payment of the whole amount due, method other, received today,
//   with its payment.created event (through `encoder`);
// - cancelled: the reversing entry of what was still due (refused once a
//   payment is recorded), after restoring an uncollectible one's write-off;
// - uncollectible: the write_off entry of the amount due.
// An invoice is issued only with its seller identified (ORGANIZATION_INCOMPLETE
// otherwise, before any number is taken), and names the seller and buyer
// as they are now: later changes of either never alter it. It takes its
// due date here too (payment terms), from the same organization and buyer.
absl::Status FreezeParties(Transaction& tx, Invoice& invoice, absl::Time now) {
  ASSIGN_OR_RETURN(std::optional<domain::Organization> stored,
                   tx.organizations().FindToReference(invoice.account_id));
  const domain::Organization seller =
      stored.has_value() ? *std::move(stored) : domain::DefaultOrganization(invoice.account_id);
  RETURN_IF_ERROR(domain::CheckCanIssue(seller));
  ASSIGN_OR_RETURN(domain::Customer buyer,
                   tx.customers().GetToReference(invoice.account_id, invoice.customer_id));
  // Issued today in the organization's calendar, due by its terms unless
  // the invoice names its own due date (refused when before that day).
  ASSIGN_OR_RETURN(absl::TimeZone zone, domain::LoadOrganizationTimeZone(seller.time_zone));
  RETURN_IF_ERROR(domain::SetDueDateAtProcessing(invoice, domain::LocalDay(now, zone),
                                                 buyer.identity.payment_terms_days,
                                                 seller.default_payment_terms_days));
  invoice.seller = domain::SellerParty(seller);
  invoice.buyer = domain::BuyerParty({.customer_id = buyer.id,
                                      .name = buyer.name,
                                      .email = buyer.email,
                                      .identity = buyer.identity});
  invoice.terms = domain::DocumentTerms{
      .due_date = invoice.due_date,
      .payment_terms_days = domain::EffectivePaymentTermsDays(
          buyer.identity.payment_terms_days, seller.default_payment_terms_days),
      .notes = invoice.notes,
      .payment_instructions = domain::PaymentInstructionsOf(seller),
      .template_version = domain::kCurrentTemplateVersion};
  return absl::OkStatus();
}

// The account's rates named by `ids`, read (and in a write, locked) in
// `tx`: TAX_RATE_NOT_FOUND for one the account does not have.
absl::StatusOr<domain::TaxRatesById> ReadTaxRates(Transaction& tx, std::string_view account_id,
                                                  const std::vector<std::string>& ids) {
  domain::TaxRatesById rates;
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(domain::TaxRate rate, tx.tax_rates().Get(account_id, id));
    rates.emplace(id, std::move(rate));
  }
  return rates;
}

// The rates a change may name: those of the input and of the stored invoice.
absl::StatusOr<domain::TaxRatesById> ReadTaxRates(Transaction& tx, std::string_view account_id,
                                                  const InvoiceInput& input,
                                                  const Invoice* current) {
  std::vector<std::string> ids = domain::TaxRateIdsOf(input);
  if (current != nullptr) {
    for (std::string& id : domain::TaxRateIdsOf(*current)) ids.push_back(std::move(id));
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ReadTaxRates(tx, account_id, ids);
}

// TAX_EXEMPTION_MISMATCH unless every line's rate has the category the
// customer's taxExempt asks for (reverse: AE, exempt: E). An invoice
// without lines has nothing to check.
absl::Status CheckExemption(const domain::Customer& customer, const Invoice& invoice) {
  if (invoice.line_items.empty()) return absl::OkStatus();
  std::vector<std::optional<domain::TaxRateTerms>> rates;
  rates.reserve(invoice.line_items.size());
  for (const domain::LineItem& line : invoice.line_items) rates.push_back(line.tax_rate);
  return domain::CheckTaxExemption(customer.identity.tax_exempt, rates);
}

absl::Status CheckExemption(Transaction& tx, const Invoice& invoice) {
  ASSIGN_OR_RETURN(domain::Customer customer,
                   tx.customers().GetToReference(invoice.account_id, invoice.customer_id));
  return CheckExemption(customer, invoice);
}

absl::Status MoveAndStore(Transaction& tx, const ResourceEncoder& encoder, Invoice& invoice,
                          InvoiceStatus to, absl::Time now, bool mail_configured) {
  const InvoiceStatus from = invoice.status;
  if (to != InvoiceStatus::kPending) {
    RETURN_IF_ERROR(LockCustomerBalance(tx, invoice.account_id, invoice.customer_id));
  }
  if (to == InvoiceStatus::kPaid) {
    ASSIGN_OR_RETURN(domain::PaymentInput whole,
                     domain::WholeAmountDuePayment(invoice, domain::AmountsOf(invoice),
                                                   absl::ToCivilDay(now, absl::UTCTimeZone())));
    return RecordPayment(tx, encoder, invoice, whole, now).status();
  }
  if (to == InvoiceStatus::kCancelled) {
    const bool written_off = from == InvoiceStatus::kUncollectible;
    ASSIGN_OR_RETURN(int64_t reversed,
                     domain::CancelInvoice(invoice, domain::AmountsOf(invoice), now));
    RETURN_IF_ERROR(tx.invoices().Update(invoice));
    // Without payments (CancelInvoice), all that is due is still written off.
    std::vector<domain::LedgerEntry> entries =
        written_off ? domain::WriteOffReversalLedgerEntries(invoice, reversed, now)
                    : std::vector<domain::LedgerEntry>{};
    for (domain::LedgerEntry& entry : domain::CancellationLedgerEntries(invoice, reversed, now)) {
      entries.push_back(std::move(entry));
    }
    return BookLedgerEntries(tx, encoder, entries, now);
  }
  if (to == InvoiceStatus::kUncollectible) {
    ASSIGN_OR_RETURN(int64_t written_off,
                     domain::MarkUncollectible(invoice, domain::AmountsOf(invoice), now));
    RETURN_IF_ERROR(tx.invoices().Update(invoice));
    return BookLedgerEntries(tx, encoder, {domain::WriteOffLedgerEntry(invoice, written_off, now)},
                             now);
  }
  // Priced again with the rates as they are now, whose terms the invoice
  // then keeps: a later change of a rate never alters it.
  ASSIGN_OR_RETURN(domain::TaxRatesById rates,
                   ReadTaxRates(tx, invoice.account_id, domain::TaxRateIdsOf(invoice)));
  RETURN_IF_ERROR(domain::ApplyTaxRates(invoice, rates));
  RETURN_IF_ERROR(CheckExemption(tx, invoice));
  RETURN_IF_ERROR(domain::ApplyTransition(invoice, to, now));
  RETURN_IF_ERROR(FreezeParties(tx, invoice, now));
  RETURN_IF_ERROR(domain::QueueInvoiceEmail(invoice, mail_configured, now));
  // The customer's balance and the account's number sequence stay locked
  // from when they are taken until commit, and every other processing of
  // the customer (balance) or the account (number) waits meanwhile; each
  // statement is a round trip on PostgreSQL. So the invoice with its lines,
  // parties and email, and the notification, none of which carries a
  // number, are written before either, the row still a draft; then the
  // balance (the customer's row, then its balance row, as every booking),
  // then the number; last the status and number, in one statement. The
  // status moves the list counters (trigger), which every other transition
  // also takes after the customer's row: taken before it, they deadlocked.
  {
    Invoice unissued = invoice;
    unissued.status = from;
    unissued.number.clear();
    RETURN_IF_ERROR(tx.invoices().Update(unissued));
  }
  for (const domain::OutboxMessage& message :
       domain::OutboxMessagesForTransition(invoice, from, now)) {
    RETURN_IF_ERROR(tx.outbox().Insert(message));
  }
  // The events' webhook endpoints, read once per transaction: now, not
  // while the rows below are held.
  RETURN_IF_ERROR(tx.webhooks().ListEnabledEndpoints(invoice.account_id).status());
  // The customer's row, locked until commit, read once for the booking.
  ASSIGN_OR_RETURN(domain::Customer customer,
                   tx.customers().Get(invoice.account_id, invoice.customer_id));
  RETURN_IF_ERROR(BookLedgerEntries(tx, encoder, std::move(customer),
                                    domain::LedgerEntriesForTransition(invoice, from, now), now));
  ASSIGN_OR_RETURN(invoice.number, tx.document_numbers().Next(invoice.account_id,
                                                              domain::DocumentKind::kInvoice));
  return tx.invoices().SetStatusAndNumber(invoice);
}

// A due date moved on an issued invoice stays on or after the day it was
// issued, as processing required (ValidationError on due_date).
absl::Status CheckDueDateAfterIssue(Transaction& tx, const Invoice& invoice) {
  if (!invoice.process_time.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<domain::Organization> stored,
                   tx.organizations().FindToReference(invoice.account_id));
  ASSIGN_OR_RETURN(absl::TimeZone zone,
                   domain::LoadOrganizationTimeZone(stored.has_value() ? stored->time_zone : ""));
  return domain::CheckDueDateNotBeforeIssueDate(invoice.due_date,
                                                domain::LocalDay(*invoice.process_time, zone));
}

// The event of a move to `to`: processing, paying, cancelling or writing off.
std::string_view TransitionEventType(InvoiceStatus to) {
  switch (to) {
    case InvoiceStatus::kPending: return domain::kInvoiceProcessed;
    case InvoiceStatus::kPaid: return domain::kInvoicePaid;
    case InvoiceStatus::kCancelled: return domain::kInvoiceCancelled;
    case InvoiceStatus::kUncollectible: return domain::kInvoiceMarkedUncollectible;
    case InvoiceStatus::kDraft: break;
  }
  return domain::kInvoiceUpdated;
}

// The invoice's customer, whose default currency an invoice without one
// takes and whose taxExempt its lines must match. Only referred to: the
// customer's row stays free for other writers.
absl::StatusOr<domain::Customer> CustomerOf(Transaction& tx, std::string_view account_id,
                                            std::string_view customer_id) {
  return tx.customers().GetToReference(account_id, customer_id);
}

}  // namespace

absl::StatusOr<Invoice> Invoices::Create(const CallContext& ctx, const InvoiceInput& input) {
  RETURN_IF_ERROR(RequireId("customer_id", input.customer_id));
  // Drawn before the write job, which runs on SQLite's one writer thread.
  const std::string invoice_id = domain::NewId(domain::kInvoiceIdPrefix);
  std::optional<Invoice> result;
  RETURN_IF_ERROR(WriteOnce(store_, ctx, result, [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(domain::Customer customer,
                     CustomerOf(tx, ctx.account_id, input.customer_id));
    ASSIGN_OR_RETURN(domain::TaxRatesById rates,
                     ReadTaxRates(tx, ctx.account_id, input, nullptr));
    ASSIGN_OR_RETURN(result, domain::NewInvoice(ctx.account_id, invoice_id, input,
                                                customer.default_currency, clock_(), rates));
    RETURN_IF_ERROR(CheckExemption(customer, *result));
    RETURN_IF_ERROR(tx.invoices().Insert(*result));
    // The event's JSON straight from the invoice: Record's Encode would
    // serialize it twice (ETag, bytes) and parse it back, in the writer job.
    return RecordEvent(tx, result->account_id, domain::kInvoiceCreated, result->id,
                       encoder_.RestJson(*result), clock_());
  }));
  return *std::move(result);
}

absl::StatusOr<Invoice> Invoices::Get(const CallContext& ctx, std::string_view invoice_id) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  std::optional<Invoice> invoice;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(invoice, tx.invoices().Get(ctx.account_id, invoice_id));
    return ShowOverdue(tx, *invoice, clock_());
  }));
  return *std::move(invoice);
}

absl::StatusOr<domain::Page<domain::InvoiceReminder>> Invoices::Reminders(
    const CallContext& ctx, std::string_view invoice_id, int page, int page_size) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  ASSIGN_OR_RETURN(domain::PageRequest request, domain::MakePageRequest(page, page_size));
  std::vector<domain::InvoiceReminder> all;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.invoices().Get(ctx.account_id, invoice_id).status());
    ASSIGN_OR_RETURN(all, tx.invoice_reminders().List(ctx.account_id, invoice_id));
    return absl::OkStatus();
  }));
  // A handful per invoice (one per schedule offset): paged in memory.
  domain::Page<domain::InvoiceReminder> result;
  result.request = request;
  result.total_items = static_cast<int64_t>(all.size());
  for (int64_t i = request.offset();
       i < result.total_items && i < request.offset() + request.page_size; ++i) {
    result.items.push_back(std::move(all[static_cast<size_t>(i)]));
  }
  return result;
}

absl::StatusOr<domain::InvoiceDocument> Invoices::Document(const CallContext& ctx,
                                                          std::string_view invoice_id) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  std::optional<Invoice> invoice;
  domain::Organization seller = domain::DefaultOrganization(ctx.account_id);
  domain::BuyerSnapshot buyer;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(invoice, tx.invoices().Get(ctx.account_id, invoice_id));
    if (!invoice->number.empty()) return absl::OkStatus();  // all it shows is frozen
    ASSIGN_OR_RETURN(std::optional<domain::Organization> stored,
                     tx.organizations().Find(ctx.account_id));
    if (stored.has_value()) seller = *std::move(stored);
    ASSIGN_OR_RETURN(domain::Customer customer,
                     tx.customers().Get(ctx.account_id, invoice->customer_id));
    buyer = {.customer_id = customer.id,
             .name = customer.name,
             .email = customer.email,
             .identity = customer.identity};
    return absl::OkStatus();
  }));
  return domain::InvoiceDocumentOf(*invoice, seller, buyer,
                                   absl::ToCivilDay(clock_(), absl::UTCTimeZone()));
}

absl::StatusOr<domain::Page<Invoice>> Invoices::List(const CallContext& ctx, int page,
                                                     int page_size, const InvoiceFilter& filter,
                                                     std::string_view page_token) {
  if (!filter.customer_id.empty()) {
    RETURN_IF_ERROR(RequireId("customer_id", filter.customer_id));
  }
  if (!filter.number.empty()) {
    // Only the exact spelling numbers are issued in can match.
    RETURN_IF_ERROR(domain::ParseDocumentNumber(filter.number).status());
  }
  // A token continues only the list it was made for: same filters.
  const std::string list_key = absl::StrCat(
      "invoices/c=", filter.customer_id, "/s=",
      domain::Av(filter.status.has_value() ? domain::InvoiceStatusName(*filter.status) : ""),
      "/n=", filter.number, "/o=",
      filter.overdue.has_value() ? (*filter.overdue ? "1" : "0") : "");
  ASSIGN_OR_RETURN(domain::PageRequest request,
                   MakeListPageRequest(store_, ctx, page, page_size, page_token, list_key));
  std::optional<domain::Page<Invoice>> result;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    if (!filter.customer_id.empty()) {
      RETURN_IF_ERROR(tx.customers().Get(ctx.account_id, filter.customer_id).status());
    }
    // Overdue is as of today where the organization is, filtered and shown.
    ASSIGN_OR_RETURN(absl::TimeZone zone, OrganizationZone(tx, ctx.account_id));
    InvoiceFilter as_of_today = filter;
    as_of_today.today = domain::LocalDay(clock_(), zone);
    ASSIGN_OR_RETURN(result, tx.invoices().List(ctx.account_id, as_of_today, request));
    for (Invoice& invoice : result->items) ShowOverdue(invoice, zone, as_of_today.today);
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(SetSealedNextPageToken(store_, ctx, *result, list_key));
  return *std::move(result);
}

absl::StatusOr<Invoice> Invoices::Replace(const CallContext& ctx, std::string_view invoice_id,
                                          const InvoiceInput& input) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  RETURN_IF_ERROR(RequireId("customer_id", input.customer_id));
  std::optional<Invoice> result;
  RETURN_IF_ERROR(WriteOnce(store_, ctx, result, [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(Invoice current, tx.invoices().Get(ctx.account_id, invoice_id));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "invoice", current));
    RETURN_IF_ERROR(domain::CheckDeletable(current));
    ASSIGN_OR_RETURN(domain::Customer customer,
                     CustomerOf(tx, ctx.account_id, input.customer_id));
    ASSIGN_OR_RETURN(domain::TaxRatesById rates,
                     ReadTaxRates(tx, ctx.account_id, input, nullptr));
    ASSIGN_OR_RETURN(result, domain::ReplaceInvoice(current, input, customer.default_currency,
                                                    clock_(), rates));
    RETURN_IF_ERROR(CheckExemption(customer, *result));
    RETURN_IF_ERROR(tx.invoices().Update(*result));
    return Record(tx, domain::kInvoiceUpdated, *result);
  }));
  return *std::move(result);
}

absl::StatusOr<Invoice> Invoices::Update(const CallContext& ctx, std::string_view invoice_id,
                                         const InvoiceInput& input,
                                         const std::vector<std::string>& paths) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  auto names = [&](std::string_view path) {
    return std::find(paths.begin(), paths.end(), path) != paths.end();
  };
  const bool changes_customer = names("customer_id");
  // Only the rates of the paths being set are looked up: a body may carry
  // lines the mask leaves alone.
  InvoiceInput named_rates;
  if (names("line_items")) named_rates.line_items = input.line_items;
  if (names("default_tax_rate_id")) named_rates.default_tax_rate_id = input.default_tax_rate_id;
  const bool changes_tax =
      changes_customer || names("line_items") || names("default_tax_rate_id");
  std::optional<Invoice> result;
  RETURN_IF_ERROR(WriteOnce(store_, ctx, result, [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(Invoice current, tx.invoices().Get(ctx.account_id, invoice_id));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "invoice", current));
    ASSIGN_OR_RETURN(domain::TaxRatesById rates,
                     ReadTaxRates(tx, ctx.account_id, named_rates, &current));
    ASSIGN_OR_RETURN(domain::InvoiceUpdate update,
                     domain::UpdateInvoice(current, input, paths, clock_(), rates));
    if (changes_tax) {
      // The lines must match the (perhaps new) customer's taxExempt.
      ASSIGN_OR_RETURN(domain::Customer customer,
                       CustomerOf(tx, ctx.account_id, update.invoice.customer_id));
      RETURN_IF_ERROR(CheckExemption(customer, update.invoice));
    }
    if (std::find(paths.begin(), paths.end(), "due_date") != paths.end()) {
      RETURN_IF_ERROR(CheckDueDateAfterIssue(tx, update.invoice));
    }
    result = update.invoice;
    if (update.new_status.has_value()) {
      // The move itself, with its effects, is MoveAndStore's: start it from
      // the status and times as stored.
      result->status = current.status;
      result->pay_time = current.pay_time;
      result->cancel_time = current.cancel_time;
      result->process_time = current.process_time;
      RETURN_IF_ERROR(MoveAndStore(tx, encoder_, *result, *update.new_status, clock_(),
                                 mail_configured_));
      RETURN_IF_ERROR(ShowOverdue(tx, *result, clock_()));
      return Record(tx, TransitionEventType(*update.new_status), *result);
    }
    RETURN_IF_ERROR(tx.invoices().Update(*result));
    RETURN_IF_ERROR(ShowOverdue(tx, *result, clock_()));
    return Record(tx, domain::kInvoiceUpdated, *result);
  }));
  return *std::move(result);
}

absl::Status Invoices::Delete(const CallContext& ctx, std::string_view invoice_id) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  return WriteOnce(store_, ctx, [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(Invoice current, tx.invoices().Get(ctx.account_id, invoice_id));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "invoice", current));
    RETURN_IF_ERROR(domain::CheckDeletable(current));
    RETURN_IF_ERROR(tx.invoices().Delete(ctx.account_id, invoice_id));
    return Record(tx, domain::kInvoiceDeleted, current);
  });
}

absl::StatusOr<Invoice> Invoices::Process(const CallContext& ctx, std::string_view invoice_id) {
  return Transition(ctx, invoice_id, InvoiceStatus::kPending);
}

absl::StatusOr<Invoice> Invoices::Cancel(const CallContext& ctx, std::string_view invoice_id) {
  return Transition(ctx, invoice_id, InvoiceStatus::kCancelled);
}

absl::StatusOr<Invoice> Invoices::MarkUncollectible(const CallContext& ctx,
                                                    std::string_view invoice_id) {
  return Transition(ctx, invoice_id, InvoiceStatus::kUncollectible);
}

absl::StatusOr<Invoice> Invoices::Transition(const CallContext& ctx,
                                             std::string_view invoice_id, InvoiceStatus to) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  std::optional<Invoice> result;
  RETURN_IF_ERROR(WriteOnce(store_, ctx, result, [&](Transaction& tx) -> absl::Status {
    // Locked until commit: of two concurrent transitions the second sees the
    // first's outcome, so each one happens (and is recorded) once.
    ASSIGN_OR_RETURN(result, tx.invoices().Get(ctx.account_id, invoice_id));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "invoice", *result));
    RETURN_IF_ERROR(MoveAndStore(tx, encoder_, *result, to, clock_(), mail_configured_));
    RETURN_IF_ERROR(ShowOverdue(tx, *result, clock_()));
    return Record(tx, TransitionEventType(to), *result);
  }));
  return *std::move(result);
}

absl::StatusOr<Invoice> Invoices::Send(const CallContext& ctx, std::string_view invoice_id) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  std::optional<Invoice> result;
  RETURN_IF_ERROR(WriteOnce(store_, ctx, result, [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(Invoice invoice, tx.invoices().Get(ctx.account_id, invoice_id));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "invoice", invoice));
    RETURN_IF_ERROR(domain::ResendInvoiceEmail(invoice, mail_configured_, clock_()));
    result = std::move(invoice);
    RETURN_IF_ERROR(tx.invoices().Update(*result));
    return ShowOverdue(tx, *result, clock_());
  }));
  return *std::move(result);
}

absl::Status Invoices::Record(Transaction& tx, std::string_view type, const Invoice& invoice) {
  return RecordEvent(tx, encoder_, invoice.account_id, type, invoice.id,
                     encoder_.Encode(invoice), clock_());
}

}  // namespace billing::app
