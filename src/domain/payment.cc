#include "domain/payment.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/dates.h"
#include "domain/error.h"
#include "domain/free_text.h"
#include "domain/money.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

constexpr PaymentMethod kAllMethods[] = {PaymentMethod::kBankTransfer, PaymentMethod::kCard,
                                         PaymentMethod::kCash, PaymentMethod::kCheck,
                                         PaymentMethod::kOther};

}  // namespace

std::string_view PaymentMethodName(PaymentMethod method) {
  switch (method) {
    case PaymentMethod::kBankTransfer: return "bank_transfer";
    case PaymentMethod::kCard: return "card";
    case PaymentMethod::kCash: return "cash";
    case PaymentMethod::kCheck: return "check";
    case PaymentMethod::kOther: return "other";
  }
  return "other";
}

std::optional<PaymentMethod> PaymentMethodFromName(std::string_view name) {
  for (PaymentMethod method : kAllMethods) {
    if (PaymentMethodName(method) == name) return method;
  }
  return std::nullopt;
}

absl::Status CheckPayable(const Invoice& invoice, const InvoiceAmounts& amounts, int64_t amount) {
  // A written-off debt may still be paid (write_off.h reverses the write-off).
  if (invoice.status != InvoiceStatus::kPending &&
      invoice.status != InvoiceStatus::kUncollectible) {
    return Error(ErrorCode::kInvoiceNotPayable,
                 absl::StrCat("invoice ", invoice.id, " is ", Av(InvoiceStatusName(invoice.status)),
                              "; payments are recorded only against pending or uncollectible "
                              "invoices"));
  }
  const int64_t due = AmountDue(amounts);
  if (amount > due) {
    return Error(ErrorCode::kPaymentExceedsAmountDue,
                 absl::StrCat("a payment of ", FormatMoneyWithCode(amount, invoice.currency),
                              " exceeds the amount due on invoice ", invoice.id, " (",
                              FormatMoneyWithCode(due, invoice.currency), ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Payment> NewPayment(std::string id, const Invoice& invoice,
                                   const InvoiceAmounts& amounts, const PaymentInput& input,
                                   absl::CivilDay today, absl::Time now) {
  ASSIGN_OR_RETURN(Currency currency, CurrencyOfInvoice(invoice));
  ViolationCollector violations;
  std::optional<int64_t> amount =
      ParsePositiveAmount("amount", input.amount, currency, violations);
  if (!input.currency.empty() && input.currency != invoice.currency) {
    violations.Add("currency", absl::StrCat("must be the invoice's currency ",
                                            Av(invoice.currency), " (got ",
                                            Quoted(input.currency), ")"));
  }
  std::optional<PaymentMethod> method = PaymentMethodFromName(input.method);
  if (!method.has_value()) {
    violations.Add("method", absl::StrCat("must be one of bank_transfer, card, cash, check, "
                                          "other (got ",
                                          Quoted(input.method), ")"));
  }
  // A reference (a bank's transaction id, a check number) is one line.
  ValidateFreeText("reference", input.reference,
                   {.kind = TextKind::kSingleLine, .max_chars = kMaxPaymentReferenceChars},
                   violations);
  absl::CivilDay received_date = today;
  if (!input.received_date.empty()) {
    absl::StatusOr<absl::CivilDay> parsed = ParseDate(input.received_date);
    if (!parsed.ok()) {
      violations.AddStatus("received_date", parsed.status());
    } else if (*parsed > today) {
      violations.Add("received_date", absl::StrCat("must not be in the future (today is ",
                                                   FormatDate(today), ")"));
    } else {
      received_date = *parsed;
    }
  }
  RETURN_IF_ERROR(violations.ToStatus());
  RETURN_IF_ERROR(CheckPayable(invoice, amounts, *amount));

  Payment payment;
  payment.account_id = invoice.account_id;
  payment.id = std::move(id);
  payment.invoice_id = invoice.id;
  payment.customer_id = invoice.customer_id;
  payment.currency = invoice.currency;
  payment.amount = *amount;
  payment.method = *method;
  payment.reference = input.reference;
  payment.received_date = received_date;
  payment.create_time = now;
  return payment;
}

absl::Status ApplyPayment(const Payment& payment, Invoice& invoice, InvoiceAmounts& amounts,
                          absl::Time now) {
  if (payment.invoice_id != invoice.id || payment.currency != invoice.currency) {
    return Error(ErrorCode::kInternal, absl::StrCat("payment ", payment.id,
                                                    " does not belong to invoice ", invoice.id));
  }
  RETURN_IF_ERROR(CheckAmountsOf(invoice, amounts));
  RETURN_IF_ERROR(CheckPayable(invoice, amounts, payment.amount));
  amounts.paid += payment.amount;  // cannot overflow: paid + amount <= amount - credited
  SettleIfNothingDue(invoice, amounts, now);
  return absl::OkStatus();
}

absl::StatusOr<PaymentInput> WholeAmountDuePayment(const Invoice& invoice,
                                                   const InvoiceAmounts& amounts,
                                                   absl::CivilDay today) {
  RETURN_IF_ERROR(CheckTransition(invoice.status, InvoiceStatus::kPaid));
  PaymentInput input;
  const int64_t due = AmountDue(amounts);
  absl::StatusOr<Currency> currency = FindCurrency(invoice.currency);
  input.amount = currency.ok() ? FormatAmount(due, *currency) : absl::StrCat(due);
  input.currency = invoice.currency;
  input.method = std::string(PaymentMethodName(PaymentMethod::kOther));
  input.received_date = FormatDate(today);
  return input;
}

}  // namespace billing::domain
