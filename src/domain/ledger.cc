#include "domain/ledger.h"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/status_macros.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/dates.h"
#include "domain/error.h"
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
  entry.document_id = invoice.id;
  return entry;
}

// Sums in the order given, refusing to wrap.
absl::Status AddToBalance(std::map<std::string, int64_t>& balances, const std::string& currency,
                          int64_t amount) {
  int64_t& balance = balances[currency];
  if (__builtin_add_overflow(balance, amount, &balance)) {
    return Error(ErrorCode::kInternal,
                 absl::StrCat("the ", currency, " balance overflows 64-bit minor units"));
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<LedgerEntry> LedgerEntriesForTransition(const Invoice& invoice, InvoiceStatus from,
                                                    absl::Time now) {
  const InvoiceStatus to = invoice.status;
  if (from == InvoiceStatus::kDraft && to == InvoiceStatus::kPending) {
    return {Entry(invoice, std::string(kLedgerInvoiceProcessed), invoice.amount, now)};
  }
  // Paying and cancelling write PaymentLedgerEntry and
  // CancellationLedgerEntries, for what was actually paid or still due.
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

LedgerEntry PaymentLedgerEntry(const Payment& payment, absl::Time now) {
  LedgerEntry entry;
  entry.account_id = payment.account_id;
  entry.id = NewId(kLedgerEntryIdPrefix);
  entry.customer_id = payment.customer_id;
  entry.invoice_id = payment.invoice_id;
  entry.kind = std::string(kLedgerPaymentReceived);
  entry.amount = -payment.amount;
  entry.currency = payment.currency;
  entry.create_time = now;
  entry.document_id = payment.id;
  return entry;
}

LedgerEntry CreditNoteLedgerEntry(const CreditNote& note, absl::Time now) {
  LedgerEntry entry;
  entry.account_id = note.account_id;
  entry.id = NewId(kLedgerEntryIdPrefix);
  entry.customer_id = note.customer_id;
  entry.invoice_id = note.invoice_id;
  entry.kind = std::string(kLedgerCreditNoteIssued);
  entry.amount = -note.amount;
  entry.currency = note.currency;
  entry.create_time = now;
  entry.document_id = note.id;
  return entry;
}

std::vector<LedgerEntry> CancellationLedgerEntries(const Invoice& invoice, int64_t reversed,
                                                   absl::Time now) {
  if (reversed == 0) return {};
  return {Entry(invoice, std::string(kLedgerInvoiceCancelled), -reversed, now)};
}

absl::StatusOr<std::vector<CurrencyBalance>> BalancesOf(const std::vector<LedgerEntry>& entries) {
  std::map<std::string, int64_t> balances;  // ordered by currency code
  for (const LedgerEntry& entry : entries) {
    RETURN_IF_ERROR(AddToBalance(balances, entry.currency, entry.amount));
  }
  std::vector<CurrencyBalance> result;
  result.reserve(balances.size());
  for (const auto& [currency, amount] : balances) result.push_back({currency, amount});
  return result;
}

absl::StatusOr<std::vector<StatementLine>> Statement(std::vector<LedgerEntry> entries,
                                                     const std::vector<CurrencyBalance>& opening) {
  std::stable_sort(entries.begin(), entries.end(), [](const LedgerEntry& a, const LedgerEntry& b) {
    return a.create_time < b.create_time;
  });
  std::map<std::string, int64_t> balances;
  for (const CurrencyBalance& balance : opening) {
    RETURN_IF_ERROR(AddToBalance(balances, balance.currency, balance.amount));
  }
  std::vector<StatementLine> lines;
  lines.reserve(entries.size());
  for (LedgerEntry& entry : entries) {
    RETURN_IF_ERROR(AddToBalance(balances, entry.currency, entry.amount));
    const int64_t running = balances[entry.currency];
    const absl::CivilDay date = absl::ToCivilDay(entry.create_time, absl::UTCTimeZone());
    lines.push_back({std::move(entry), date, running});
  }
  return lines;
}

}  // namespace billing::domain
