#include "app/payments.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "app/customers.h"
#include "app/events.h"
#include "app/idempotency.h"
#include "app/page_tokens.h"
#include "common/status_macros.h"
#include "domain/event.h"
#include "domain/ids.h"
#include "domain/ledger.h"
#include "domain/receivables.h"
#include "domain/write_off.h"

namespace billing::app {

absl::StatusOr<domain::Payment> RecordPayment(Transaction& tx, const ResourceEncoder& encoder,
                                              domain::Invoice& invoice,
                                              const domain::PaymentInput& input, absl::Time now) {
  RETURN_IF_ERROR(LockCustomerBalance(tx, invoice.account_id, invoice.customer_id));
  domain::InvoiceAmounts amounts = domain::AmountsOf(invoice);
  // On an uncollectible invoice all that is due is still written off
  // (credit notes are refused on it), so the payment reverses what it pays.
  const int64_t written_off =
      invoice.status == domain::InvoiceStatus::kUncollectible ? domain::AmountDue(amounts) : 0;
  ASSIGN_OR_RETURN(domain::Payment payment,
                   domain::NewPayment(domain::NewId(domain::kPaymentIdPrefix), invoice, amounts,
                                      input, absl::ToCivilDay(now, absl::UTCTimeZone()), now));
  RETURN_IF_ERROR(domain::ApplyPayment(payment, invoice, amounts, now));
  domain::StoreAmounts(invoice, amounts);
  invoice.update_time = now;
  RETURN_IF_ERROR(tx.invoices().Update(invoice));
  RETURN_IF_ERROR(tx.payments().Insert(payment));
  std::vector<domain::LedgerEntry> entries = domain::WriteOffReversalLedgerEntries(
      payment, domain::WriteOffReversalAmount(written_off, 0, payment.amount), now);
  entries.push_back(domain::PaymentLedgerEntry(payment, now));
  RETURN_IF_ERROR(BookLedgerEntries(tx, encoder, entries, now));
  RETURN_IF_ERROR(RecordEvent(tx, encoder, payment.account_id, domain::kPaymentCreated, payment.id,
                              encoder.Encode(payment), now));
  return payment;
}

absl::StatusOr<domain::Payment> Payments::Create(const CallContext& ctx,
                                                 std::string_view invoice_id,
                                                 const domain::PaymentInput& input) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  std::optional<domain::Payment> result;
  // Keyed: a retried payment is booked once (issue 11's duplicate payment).
  RETURN_IF_ERROR(WriteOnce(store_, ctx, result, [&](Transaction& tx) -> absl::Status {
    // Locked until commit: concurrent payments on one invoice are booked one
    // after the other, each against what the one before left due.
    ASSIGN_OR_RETURN(domain::Invoice invoice, tx.invoices().Get(ctx.account_id, invoice_id));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "invoice", invoice));
    const domain::InvoiceStatus before = invoice.status;
    const absl::Time now = clock_();
    ASSIGN_OR_RETURN(result, RecordPayment(tx, encoder_, invoice, input, now));
    return RecordInvoiceAmountsChanged(tx, encoder_, invoice, before, now);
  }));
  return *std::move(result);
}

absl::StatusOr<domain::Payment> Payments::Get(const CallContext& ctx,
                                              std::string_view payment_id) {
  RETURN_IF_ERROR(RequireId("payment_id", payment_id, domain::kPaymentIdPrefix));
  std::optional<domain::Payment> result;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(result, tx.payments().Get(ctx.account_id, payment_id));
    return absl::OkStatus();
  }));
  return *std::move(result);
}

absl::StatusOr<domain::Page<domain::Payment>> Payments::List(const CallContext& ctx, int page,
                                                             int page_size,
                                                             const PaymentFilter& filter,
                                                             std::string_view page_token) {
  if (!filter.invoice_id.empty()) {
    RETURN_IF_ERROR(RequireId("invoice_id", filter.invoice_id, domain::kInvoiceIdPrefix));
  }
  if (!filter.customer_id.empty()) RETURN_IF_ERROR(RequireId("customer_id", filter.customer_id));
  // A token continues only the list it was made for: same filters (ids,
  // checked above, hold no '/').
  const std::string list_key =
      absl::StrCat("payments/i=", filter.invoice_id, "/c=", filter.customer_id);
  ASSIGN_OR_RETURN(domain::PageRequest request,
                   MakeListPageRequest(store_, ctx, page, page_size, page_token, list_key));
  std::optional<domain::Page<domain::Payment>> result;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    if (!filter.invoice_id.empty()) {
      RETURN_IF_ERROR(tx.invoices().Get(ctx.account_id, filter.invoice_id).status());
    }
    if (!filter.customer_id.empty()) {
      RETURN_IF_ERROR(tx.customers().Get(ctx.account_id, filter.customer_id).status());
    }
    ASSIGN_OR_RETURN(result, tx.payments().List(ctx.account_id, filter, request));
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(SetSealedNextPageToken(store_, ctx, *result, list_key));
  return *std::move(result);
}

}  // namespace billing::app
