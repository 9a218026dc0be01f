// Credit notes: corrections of a processed invoice. They are never edited
// or deleted; a credit lowers the amount due first, and whatever exceeds it
// is owed back to the customer.
#ifndef BILLING_DOMAIN_CREDIT_NOTE_H_
#define BILLING_DOMAIN_CREDIT_NOTE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/invoice.h"
#include "domain/receivables.h"

namespace billing::domain {

inline constexpr std::string_view kCreditNoteIdPrefix = "cn_";
inline constexpr size_t kMaxCreditNoteMemoChars = 2000;

enum class CreditNoteReason {
  kDuplicate,
  kFraudulent,
  kOrderChange,
  kProductUnsatisfactory,
  kOther,
};

// "duplicate", "fraudulent", "order_change", "product_unsatisfactory", "other".
std::string_view CreditNoteReasonName(CreditNoteReason reason);
std::optional<CreditNoteReason> CreditNoteReasonFromName(std::string_view name);

struct CreditNote {
  std::string account_id;
  std::string id;
  std::string number;  // e.g. "CN-000007"; set by storage in the issuing transaction
  std::string invoice_id;
  std::string customer_id;
  std::string currency;  // always the invoice's
  int64_t amount = 0;    // minor units, > 0
  CreditNoteReason reason = CreditNoteReason::kOther;
  std::string memo;
  absl::CivilDay date;  // the day it takes effect (revenue and ledger): its issue day
  absl::Time create_time;
  // The tax the note reverses (of `amount`, which is gross) and its split
  // across the invoice's breakdown entries, aligned with them (same
  // category, percentage and reason; an entry it leaves alone has zeros).
  int64_t tax_amount = 0;
  std::vector<TaxBreakdownEntry> tax_breakdown;
  // Its email to the customer, as an invoice's: queued when issued (kNone
  // when the customer has no email address), then sent or failed by the
  // mail worker. The only part of a note that changes.
  InvoiceDelivery delivery;
};

// What the note reverses net of tax: what revenue takes back.
inline int64_t NetAmount(const CreditNote& note) { return note.amount - note.tax_amount; }

// Splits `note`'s gross amount into net and tax across `invoice`'s tax
// breakdown in proportion to what is still uncredited of each entry
// (credit_note_tax.h), after `earlier`, the invoice's notes before it in
// issue order: sets tax_amount and tax_breakdown, so that the notes on an
// invoice never reverse more tax than it charged, per entry. An invoice
// without lines has no tax to reverse. CREDIT_EXCEEDS_INVOICE as
// CheckCreditable.
absl::Status SplitCreditNoteTax(CreditNote& note, const Invoice& invoice,
                                const std::vector<CreditNote>& earlier);

struct CreditNoteInput {
  std::string amount;  // decimal in the invoice's currency, > 0
  std::string reason;  // a CreditNoteReasonName
  std::string memo;    // optional, at most 2000 characters
  std::string currency;  // "" = the invoice's; any other currency is refused
};

// OkStatus when `amount` may be credited on `invoice` now: it is pending or
// paid (else INVOICE_NOT_CREDITABLE) and credited + amount <= amount (else
// CREDIT_EXCEEDS_INVOICE).
absl::Status CheckCreditable(const Invoice& invoice, const InvoiceAmounts& amounts,
                             int64_t amount);

// Validates every field at once (VALIDATION_ERROR naming amount, reason,
// memo, and currency when it is not the invoice's, as for a payment), then
// CheckCreditable. The note is dated `today` (a credit never takes effect
// in the past, so it cannot rewrite a closed month) and has no number yet: the caller allocates one in the transaction that stores it,
// after ApplyCreditNote succeeds, so that a refused note uses up none.
absl::StatusOr<CreditNote> NewCreditNote(std::string id, const Invoice& invoice,
                                         const InvoiceAmounts& amounts,
                                         const CreditNoteInput& input, absl::CivilDay today,
                                         absl::Time now);

// Queues the email of a note being issued: kNone when `customer_email` is
// empty (nobody to send it to), kNotConfigured without an SMTP server, else
// queued now.
void QueueCreditNoteEmail(CreditNote& note, std::string_view customer_email,
                          bool mail_configured, absl::Time now);

// How a credit divides: the part that lowers the amount due, and the part
// beyond it (on a paid or partly paid invoice) owed back to the customer.
struct CreditSplit {
  int64_t lowers_amount_due = 0;
  int64_t owed_to_customer = 0;

  friend bool operator==(const CreditSplit&, const CreditSplit&) = default;
};

// The split of `credit` against the amounts before it.
CreditSplit SplitCredit(const InvoiceAmounts& before, int64_t credit);

// Books `note` on the invoice's amounts as read inside the storing
// transaction: checks CheckCreditable again, adds it to amounts.credited and
// moves a pending invoice to paid when nothing is left due (as Stripe does).
// Returns the split; on error nothing is changed.
absl::StatusOr<CreditSplit> ApplyCreditNote(const CreditNote& note, Invoice& invoice,
                                            InvoiceAmounts& amounts, absl::Time now);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_CREDIT_NOTE_H_
