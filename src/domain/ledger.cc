#include "domain/ledger.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/dates.h"
#include "domain/ids.h"
#include "domain/money.h"

namespace billing::domain {
namespace {

constexpr std::string_view kLedgerEntryIdPrefix = "led_";
constexpr std::string_view kOutboxMessageIdPrefix = "msg_";

// A JSON string literal, quotes included. Ids and codes are plain ASCII
// today, but the payload must stay valid JSON whatever they become.
std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", static_cast<unsigned char>(c));
        } else {
          out += c;  // UTF-8 passes through unchanged
        }
    }
  }
  out += '"';
  return out;
}

// Amounts as the API writes them; a stored currency that is somehow not in
// the table still gets its digits, as whole minor units.
std::string AmountText(const Invoice& invoice) {
  absl::StatusOr<Currency> currency = FindCurrency(invoice.currency);
  if (!currency.ok()) return absl::StrCat(invoice.amount);
  return FormatAmount(invoice.amount, *currency);
}

LedgerEntry Entry(const Invoice& invoice, std::string kind, int64_t amount, absl::Time now) {
  LedgerEntry entry;
  entry.account_id = invoice.account_id;
  entry.id = NewId(kLedgerEntryIdPrefix);
  entry.customer_id = invoice.customer_id;
  entry.invoice_id = invoice.id;
  entry.kind = std::move(kind);
  entry.amount = amount;
  entry.currency = invoice.currency;
  entry.create_time = now;
  return entry;
}

}  // namespace

std::vector<LedgerEntry> LedgerEntriesForTransition(const Invoice& invoice, InvoiceStatus from,
                                                    absl::Time now) {
  const InvoiceStatus to = invoice.status;
  if (from == InvoiceStatus::kDraft && to == InvoiceStatus::kPending) {
    return {Entry(invoice, "invoice_processed", invoice.amount, now)};
  }
  if (from == InvoiceStatus::kPending && to == InvoiceStatus::kPaid) {
    return {Entry(invoice, "payment_received", -invoice.amount, now)};
  }
  if (from == InvoiceStatus::kPending && to == InvoiceStatus::kCancelled) {
    return {Entry(invoice, "invoice_cancelled", -invoice.amount, now)};
  }
  // draft -> cancelled: nothing was ever owed.
  return {};
}

std::vector<OutboxMessage> OutboxMessagesForTransition(const Invoice& invoice, InvoiceStatus from,
                                                       absl::Time now) {
  if (from != InvoiceStatus::kDraft || invoice.status != InvoiceStatus::kPending) return {};
  OutboxMessage message;
  message.account_id = invoice.account_id;
  message.id = NewId(kOutboxMessageIdPrefix);
  message.topic = "invoice.send";
  message.payload = absl::StrCat(
      "{\"invoiceId\":", JsonString(invoice.id), ",\"customerId\":", JsonString(invoice.customer_id),
      ",\"amount\":", JsonString(AmountText(invoice)), ",\"currency\":",
      JsonString(invoice.currency), ",\"dueDate\":", JsonString(FormatDate(invoice.due_date)), "}");
  message.create_time = now;
  return {message};
}

}  // namespace billing::domain
