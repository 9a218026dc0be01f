#include "domain/receivables.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::domain {

InvoiceAmounts AmountsOf(const Invoice& invoice) {
  return {.amount = invoice.amount,
          .paid = invoice.amount_paid,
          .credited = invoice.amount_credited};
}

void StoreAmounts(Invoice& invoice, const InvoiceAmounts& amounts) {
  invoice.amount_paid = amounts.paid;
  invoice.amount_credited = amounts.credited;
}

// In 128 bits: paid + credited may exceed the amount (a credit on a paid
// invoice), and both may be near INT64_MAX.
absl::StatusOr<Currency> CurrencyOfInvoice(const Invoice& invoice) {
  absl::StatusOr<Currency> currency = FindCurrency(invoice.currency);
  if (!currency.ok()) {
    return Error(ErrorCode::kInternal,
                 absl::StrCat("invoice ", invoice.id, " has an unknown currency ",
                              Quoted(invoice.currency)));
  }
  return currency;
}

std::optional<int64_t> ParsePositiveAmount(std::string_view field, std::string_view text,
                                           const Currency& currency,
                                           ViolationCollector& violations) {
  if (text.empty()) {
    violations.Add(std::string(field), "is required");
    return std::nullopt;
  }
  absl::StatusOr<int64_t> parsed = ParseAmount(text, currency);
  if (!parsed.ok()) {
    violations.AddStatus(std::string(field), parsed.status());
    return std::nullopt;
  }
  if (*parsed == 0) {
    violations.Add(std::string(field), "must be greater than zero");
    return std::nullopt;
  }
  return *parsed;
}

int64_t AmountDue(const InvoiceAmounts& amounts) {
  const __int128 due = __int128{amounts.amount} - amounts.credited - amounts.paid;
  return due > 0 ? static_cast<int64_t>(due) : 0;
}

int64_t AmountDue(const Invoice& invoice) {
  switch (invoice.status) {
    case InvoiceStatus::kCancelled:
      return 0;
    case InvoiceStatus::kDraft:
    case InvoiceStatus::kPending:
    case InvoiceStatus::kPaid:
    case InvoiceStatus::kUncollectible:  // written off, yet still owed
      return AmountDue(AmountsOf(invoice));
  }
  return 0;
}

int64_t AmountOwedToCustomer(const InvoiceAmounts& amounts) {
  const __int128 owed = __int128{amounts.credited} + amounts.paid - amounts.amount;
  return owed > 0 ? static_cast<int64_t>(owed) : 0;
}

absl::Status CheckAmountsOf(const Invoice& invoice, const InvoiceAmounts& amounts) {
  if (amounts.amount == invoice.amount && amounts.paid >= 0 && amounts.credited >= 0) {
    return absl::OkStatus();
  }
  return Error(ErrorCode::kInternal,
               absl::StrCat("the amounts read for invoice ", invoice.id, " (", amounts.amount,
                            " paid ", amounts.paid, " credited ", amounts.credited,
                            ") do not match its amount ", invoice.amount));
}

bool SettleIfNothingDue(Invoice& invoice, const InvoiceAmounts& amounts, absl::Time now) {
  if ((invoice.status != InvoiceStatus::kPending &&
       invoice.status != InvoiceStatus::kUncollectible) ||
      AmountDue(amounts) != 0) {
    return false;
  }
  return ApplyTransition(invoice, InvoiceStatus::kPaid, now).ok();
}

absl::StatusOr<int64_t> CancelInvoice(Invoice& invoice, const InvoiceAmounts& amounts,
                                      absl::Time now) {
  RETURN_IF_ERROR(CheckAmountsOf(invoice, amounts));
  const bool was_due = invoice.status == InvoiceStatus::kPending ||
                      invoice.status == InvoiceStatus::kUncollectible;
  if (was_due && amounts.paid > 0) {
    // Credit notes are refused on an uncollectible invoice (write_off.h).
    return Error(ErrorCode::kInvoiceHasPayments,
                 absl::StrCat("invoice ", invoice.id, " has recorded payments and cannot be "
                              "cancelled; ",
                              invoice.status == InvoiceStatus::kUncollectible
                                  ? "it stays written off until paid"
                                  : "issue a credit note instead"));
  }
  RETURN_IF_ERROR(ApplyTransition(invoice, InvoiceStatus::kCancelled, now));
  return was_due ? AmountDue(amounts) : 0;
}

}  // namespace billing::domain
