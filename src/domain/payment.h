// Money received against a pending invoice. Partial payments are allowed;
// a payment never collects more than the invoice's amount due.
#ifndef BILLING_DOMAIN_PAYMENT_H_
#define BILLING_DOMAIN_PAYMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/invoice.h"
#include "domain/receivables.h"

namespace billing::domain {

inline constexpr std::string_view kPaymentIdPrefix = "pay_";
inline constexpr size_t kMaxPaymentReferenceChars = 500;

enum class PaymentMethod { kBankTransfer, kCard, kCash, kCheck, kOther };

// "bank_transfer", "card", "cash", "check", "other".
std::string_view PaymentMethodName(PaymentMethod method);
std::optional<PaymentMethod> PaymentMethodFromName(std::string_view name);

struct Payment {
  std::string account_id;
  std::string id;
  std::string invoice_id;
  std::string customer_id;
  std::string currency;  // always the invoice's
  int64_t amount = 0;    // minor units, > 0
  PaymentMethod method = PaymentMethod::kOther;
  std::string reference;  // e.g. the bank's transaction id
  absl::CivilDay received_date;
  absl::Time create_time;
};

// As the caller sent it: text not yet parsed.
struct PaymentInput {
  std::string amount;         // decimal in the invoice's currency, > 0
  std::string currency;       // "" = the invoice's; any other currency is refused
  std::string method;         // a PaymentMethodName
  std::string reference;      // optional, at most 500 characters
  std::string received_date;  // YYYY-MM-DD, not after today; "" = today
};

// OkStatus when `amount` may be paid on `invoice` now: the invoice is
// pending (else INVOICE_NOT_PAYABLE) and amount <= AmountDue (else
// PAYMENT_EXCEEDS_AMOUNT_DUE).
absl::Status CheckPayable(const Invoice& invoice, const InvoiceAmounts& amounts, int64_t amount);

// Validates every field of `input` against the invoice at once
// (VALIDATION_ERROR naming each bad field: amount, currency, method,
// reference, received_date), then CheckPayable. Nothing is changed; the
// caller stores the payment and calls ApplyPayment in one transaction.
absl::StatusOr<Payment> NewPayment(std::string id, const Invoice& invoice,
                                   const InvoiceAmounts& amounts, const PaymentInput& input,
                                   absl::CivilDay today, absl::Time now);

// Books `payment` on the invoice's amounts as read inside the transaction
// that stores it: checks CheckPayable again (a concurrent payment may have
// landed since NewPayment), adds it to amounts.paid and moves the invoice to
// paid when nothing is left due. On error nothing is changed.
absl::Status ApplyPayment(const Payment& payment, Invoice& invoice, InvoiceAmounts& amounts,
                          absl::Time now);

// What `PATCH {"status": "paid"}` means: a payment of the whole amount due,
// method other, received today. Refused as that PATCH always was when the
// lifecycle does not allow the move to paid (INVALID_STATE_TRANSITION).
absl::StatusOr<PaymentInput> WholeAmountDuePayment(const Invoice& invoice,
                                                   const InvoiceAmounts& amounts,
                                                   absl::CivilDay today);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_PAYMENT_H_
