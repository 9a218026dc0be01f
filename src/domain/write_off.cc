#include "domain/write_off.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/ids.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

constexpr std::string_view kLedgerEntryIdPrefix = "led_";

absl::Status NotWritable(const Invoice& invoice, std::string_view state) {
  return Error(ErrorCode::kInvalidStateTransition,
               absl::StrCat("invoice ", invoice.id, " is ", Av(state),
                            "; only a pending invoice with an amount due can be marked "
                            "uncollectible"));
}

}  // namespace

absl::StatusOr<int64_t> WriteOffAmount(const Invoice& invoice, const InvoiceAmounts& amounts) {
  RETURN_IF_ERROR(CheckAmountsOf(invoice, amounts));
  if (invoice.status == InvoiceStatus::kUncollectible) {
    return NotWritable(invoice, "already uncollectible");
  }
  if (invoice.status != InvoiceStatus::kPending) {
    return NotWritable(invoice, InvoiceStatusName(invoice.status));
  }
  const int64_t due = AmountDue(amounts);
  if (due == 0) return NotWritable(invoice, "pending with nothing due");
  return due;
}

absl::StatusOr<int64_t> MarkUncollectible(Invoice& invoice, const InvoiceAmounts& amounts,
                                          absl::Time now) {
  ASSIGN_OR_RETURN(const int64_t amount, WriteOffAmount(invoice, amounts));
  RETURN_IF_ERROR(ApplyTransition(invoice, InvoiceStatus::kUncollectible, now));
  return amount;
}

LedgerEntry WriteOffLedgerEntry(const Invoice& invoice, int64_t amount, absl::Time now) {
  LedgerEntry entry;
  entry.account_id = invoice.account_id;
  entry.id = NewId(kLedgerEntryIdPrefix);
  entry.customer_id = invoice.customer_id;
  entry.invoice_id = invoice.id;
  entry.kind = std::string(kLedgerWriteOff);
  entry.amount = -amount;
  entry.currency = invoice.currency;
  entry.create_time = now;
  entry.document_id = invoice.id;
  return entry;
}

int64_t WriteOffReversalAmount(int64_t written_off, int64_t already_reversed,
                               int64_t payment_amount) {
  const int64_t outstanding = std::max<int64_t>(written_off - already_reversed, 0);
  return std::clamp<int64_t>(payment_amount, 0, outstanding);
}

std::vector<LedgerEntry> WriteOffReversalLedgerEntries(const Payment& payment, int64_t reversed,
                                                       absl::Time now) {
  if (reversed == 0) return {};
  LedgerEntry entry;
  entry.account_id = payment.account_id;
  entry.id = NewId(kLedgerEntryIdPrefix);
  entry.customer_id = payment.customer_id;
  entry.invoice_id = payment.invoice_id;
  entry.kind = std::string(kLedgerWriteOffReversal);
  entry.amount = reversed;
  entry.currency = payment.currency;
  entry.create_time = now;
  entry.document_id = payment.id;
  return {entry};
}

std::vector<LedgerEntry> WriteOffReversalLedgerEntries(const Invoice& invoice, int64_t reversed,
                                                       absl::Time now) {
  if (reversed == 0) return {};
  LedgerEntry entry = WriteOffLedgerEntry(invoice, -reversed, now);
  entry.kind = std::string(kLedgerWriteOffReversal);
  return {entry};
}

}  // namespace billing::domain
