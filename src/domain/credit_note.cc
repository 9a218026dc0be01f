#include "domain/credit_note.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/credit_note_tax.h"
#include "domain/error.h"
#include "domain/invoice_totals.h"
#include "domain/free_text.h"
#include "domain/money.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

constexpr CreditNoteReason kAllReasons[] = {
    CreditNoteReason::kDuplicate, CreditNoteReason::kFraudulent, CreditNoteReason::kOrderChange,
    CreditNoteReason::kProductUnsatisfactory, CreditNoteReason::kOther};

}  // namespace

std::string_view CreditNoteReasonName(CreditNoteReason reason) {
  switch (reason) {
    case CreditNoteReason::kDuplicate: return "duplicate";
    case CreditNoteReason::kFraudulent: return "fraudulent";
    case CreditNoteReason::kOrderChange: return "order_change";
    case CreditNoteReason::kProductUnsatisfactory: return "product_unsatisfactory";
    case CreditNoteReason::kOther: return "other";
  }
  return "other";
}

std::optional<CreditNoteReason> CreditNoteReasonFromName(std::string_view name) {
  for (CreditNoteReason reason : kAllReasons) {
    if (CreditNoteReasonName(reason) == name) return reason;
  }
  return std::nullopt;
}

absl::Status CheckCreditable(const Invoice& invoice, const InvoiceAmounts& amounts,
                             int64_t amount) {
  if (invoice.status != InvoiceStatus::kPending && invoice.status != InvoiceStatus::kPaid) {
    return Error(ErrorCode::kInvoiceNotCreditable,
                 absl::StrCat("invoice ", invoice.id, " is ", Av(InvoiceStatusName(invoice.status)),
                              "; credit notes are issued only against pending or paid invoices"));
  }
  const int64_t creditable = amounts.amount - amounts.credited;  // credited <= amount
  if (amount > creditable) {
    return Error(ErrorCode::kCreditExceedsInvoice,
                 absl::StrCat("a credit of ", FormatMoneyWithCode(amount, invoice.currency),
                              " would credit invoice ", invoice.id, " beyond its amount (",
                              FormatMoneyWithCode(creditable, invoice.currency), " is left to credit)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<CreditNote> NewCreditNote(std::string id, const Invoice& invoice,
                                         const InvoiceAmounts& amounts,
                                         const CreditNoteInput& input, absl::CivilDay today,
                                         absl::Time now) {
  ASSIGN_OR_RETURN(Currency currency, CurrencyOfInvoice(invoice));
  ViolationCollector violations;
  std::optional<int64_t> amount =
      ParsePositiveAmount("amount", input.amount, currency, violations);
  std::optional<CreditNoteReason> reason = CreditNoteReasonFromName(input.reason);
  if (!reason.has_value()) {
    violations.Add("reason", absl::StrCat("must be one of duplicate, fraudulent, order_change, "
                                          "product_unsatisfactory, other (got ",
                                          Quoted(input.reason), ")"));
  }
  // A memo may span lines, like an invoice's notes.
  ValidateFreeText("memo", input.memo,
                   {.kind = TextKind::kMultiLine, .max_chars = kMaxCreditNoteMemoChars},
                   violations);
  if (!input.currency.empty() && input.currency != invoice.currency) {
    violations.Add("currency", absl::StrCat("must be the invoice's currency ",
                                            Av(invoice.currency), " (got ",
                                            Quoted(input.currency), ")"));
  }
  RETURN_IF_ERROR(violations.ToStatus());
  RETURN_IF_ERROR(CheckCreditable(invoice, amounts, *amount));

  CreditNote note;
  note.account_id = invoice.account_id;
  note.id = std::move(id);
  note.invoice_id = invoice.id;
  note.customer_id = invoice.customer_id;
  note.currency = invoice.currency;
  note.amount = *amount;
  note.reason = *reason;
  note.memo = input.memo;
  note.date = today;
  note.create_time = now;
  return note;
}

CreditSplit SplitCredit(const InvoiceAmounts& before, int64_t credit) {
  const int64_t lowers = std::min(credit, AmountDue(before));
  return {lowers, credit - lowers};
}

absl::StatusOr<CreditSplit> ApplyCreditNote(const CreditNote& note, Invoice& invoice,
                                            InvoiceAmounts& amounts, absl::Time now) {
  if (note.invoice_id != invoice.id || note.currency != invoice.currency) {
    return Error(ErrorCode::kInternal, absl::StrCat("credit note ", note.id,
                                                    " does not belong to invoice ", invoice.id));
  }
  RETURN_IF_ERROR(CheckAmountsOf(invoice, amounts));
  RETURN_IF_ERROR(CheckCreditable(invoice, amounts, note.amount));
  const CreditSplit split = SplitCredit(amounts, note.amount);
  amounts.credited += note.amount;  // cannot overflow: credited + amount <= amount
  SettleIfNothingDue(invoice, amounts, now);
  return split;
}

absl::Status SplitCreditNoteTax(CreditNote& note, const Invoice& invoice,
                                const std::vector<CreditNote>& earlier) {
  note.tax_amount = 0;
  note.tax_breakdown.clear();
  if (invoice.line_items.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(InvoiceTotals totals, TotalsOfLines(invoice.line_items));
  // Replayed in issue order: each earlier note took what it takes here.
  std::vector<int64_t> amounts;
  amounts.reserve(earlier.size() + 1);
  for (const CreditNote& before : earlier) amounts.push_back(before.amount);
  amounts.push_back(note.amount);
  ASSIGN_OR_RETURN(std::vector<CreditNoteTax> notes,
                   AllocateCreditNotesTax(totals.tax, amounts));
  note.tax_amount = notes.back().tax_amount;
  note.tax_breakdown = notes.back().breakdown;
  return absl::OkStatus();
}

void QueueCreditNoteEmail(CreditNote& note, std::string_view customer_email,
                          bool mail_configured, absl::Time now) {
  InvoiceDelivery& delivery = note.delivery;
  delivery = InvoiceDelivery{};
  if (customer_email.empty()) return;
  if (!mail_configured) {
    delivery.status = InvoiceDeliveryStatus::kNotConfigured;
    return;
  }
  delivery.status = InvoiceDeliveryStatus::kQueued;
  delivery.queue_time = now;
  delivery.next_attempt_time = now;
}

}  // namespace billing::domain
