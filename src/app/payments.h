// Payment use cases: money received against a pending invoice, booked on
// the invoice and the ledger in the transaction that stores it.
#ifndef BILLING_APP_PAYMENTS_H_
#define BILLING_APP_PAYMENTS_H_

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "app/call_context.h"
#include "app/ports/resource_encoder.h"
#include "app/ports/store.h"
#include "domain/invoice.h"
#include "domain/paging.h"
#include "domain/payment.h"

namespace billing::app {

// Inside a write transaction, on `invoice` as read (and locked) in it:
// validates `input`, books the payment on the invoice's amounts (moving it to
// paid when nothing is left due) and stores the invoice, the payment, its
// ledger entry and its payment.created event (through `encoder`). The
// invoice's own event, invoice.paid when it moved, is the caller's to record.
// On error the caller's transaction rolls back whatever was written. Shared
// by Payments::Create and an invoice PATCH to paid.
absl::StatusOr<domain::Payment> RecordPayment(Transaction& tx, const ResourceEncoder& encoder,
                                              domain::Invoice& invoice,
                                              const domain::PaymentInput& input, absl::Time now);

class Payments {
 public:
  // Records payment.created (and invoice.paid when a payment settles the
  // invoice) through `encoder`, in the payment's transaction.
  Payments(Store& store, const ResourceEncoder& encoder, Clock clock)
      : store_(store), encoder_(encoder), clock_(std::move(clock)) {}

  absl::StatusOr<domain::Payment> Create(const CallContext& ctx, std::string_view invoice_id,
                                         const domain::PaymentInput& input);
  absl::StatusOr<domain::Payment> Get(const CallContext& ctx, std::string_view payment_id);
  // Filters by invoice and/or customer; INVOICE_NOT_FOUND / CUSTOMER_NOT_FOUND
  // when the one named does not exist.
  // page_token: a previous page's next_page_token (app/page_tokens.h).
  absl::StatusOr<domain::Page<domain::Payment>> List(const CallContext& ctx, int page,
                                                     int page_size, const PaymentFilter& filter,
                                                     std::string_view page_token = {});

 private:
  Store& store_;
  const ResourceEncoder& encoder_;
  Clock clock_;
};

}  // namespace billing::app

#endif  // BILLING_APP_PAYMENTS_H_
