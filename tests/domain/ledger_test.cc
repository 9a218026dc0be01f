#include "domain/ledger.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/credit_note.h"
#include "domain/error.h"
#include "domain/invoice.h"
#include "domain/money.h"
#include "domain/payment.h"
#include "domain/receivables.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using ::billing::testing::IsOkAndHolds;

const absl::Time kNow = absl::FromUnixSeconds(1'750'000'000);

Invoice SampleInvoice(InvoiceStatus status) {
  Invoice invoice;
  invoice.account_id = "acct";
  invoice.id = "inv_1";
  invoice.customer_id = "cus_1";
  invoice.currency = "USD";
  invoice.amount = 1250;
  invoice.status = status;
  invoice.due_date = absl::CivilDay(2026, 12, 1);
  return invoice;
}

TEST(LedgerTest, ProcessingRecordsWhatTheCustomerOwes) {
  std::vector<LedgerEntry> entries = LedgerEntriesForTransition(
      SampleInvoice(InvoiceStatus::kPending), InvoiceStatus::kDraft, kNow);
  ASSERT_EQ(entries.size(), 1u);
  const LedgerEntry& entry = entries[0];
  EXPECT_EQ(entry.kind, "invoice_processed");
  EXPECT_EQ(entry.amount, 1250);
  EXPECT_EQ(entry.currency, "USD");
  EXPECT_EQ(entry.account_id, "acct");
  EXPECT_EQ(entry.customer_id, "cus_1");
  EXPECT_EQ(entry.invoice_id, "inv_1");
  EXPECT_EQ(entry.create_time, kNow);
  EXPECT_EQ(entry.id.substr(0, 4), "led_");
  EXPECT_EQ(entry.id.size(), 4u + 26u);
  EXPECT_EQ(entry.document_id, "inv_1");
}

TEST(LedgerTest, PayingAndCancellingAreNotBookedAsTheWholeAmount) {
  // Their entries come from the payment and from what was still due, not
  // from the invoice's total (a partly paid invoice must not be reversed
  // in full).
  EXPECT_TRUE(LedgerEntriesForTransition(SampleInvoice(InvoiceStatus::kPaid),
                                         InvoiceStatus::kPending, kNow)
                  .empty());
  EXPECT_TRUE(LedgerEntriesForTransition(SampleInvoice(InvoiceStatus::kCancelled),
                                         InvoiceStatus::kPending, kNow)
                  .empty());
}

TEST(LedgerTest, CancellingADraftOwesNothing) {
  EXPECT_TRUE(LedgerEntriesForTransition(SampleInvoice(InvoiceStatus::kCancelled),
                                         InvoiceStatus::kDraft, kNow)
                  .empty());
}

TEST(LedgerTest, EntryIdsAreUnique) {
  Invoice invoice = SampleInvoice(InvoiceStatus::kPending);
  EXPECT_NE(LedgerEntriesForTransition(invoice, InvoiceStatus::kDraft, kNow)[0].id,
            LedgerEntriesForTransition(invoice, InvoiceStatus::kDraft, kNow)[0].id);
}

TEST(OutboxTest, ProcessingQueuesTheInvoiceForSending) {
  std::vector<OutboxMessage> messages = OutboxMessagesForTransition(
      SampleInvoice(InvoiceStatus::kPending), InvoiceStatus::kDraft, kNow);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].topic, "invoice.send");
  EXPECT_EQ(messages[0].account_id, "acct");
  EXPECT_EQ(messages[0].id.substr(0, 4), "msg_");
  EXPECT_EQ(messages[0].create_time, kNow);
  EXPECT_EQ(messages[0].payload,
            R"({"invoiceId":"inv_1","customerId":"cus_1","amount":"12.50",)"
            R"("currency":"USD","dueDate":"2026-12-01"})");
}

TEST(OutboxTest, PayloadStaysValidJsonForAnyId) {
  Invoice invoice = SampleInvoice(InvoiceStatus::kPending);
  invoice.customer_id = "we\"ird\\id\n";
  invoice.currency = "JPY";
  std::vector<OutboxMessage> messages =
      OutboxMessagesForTransition(invoice, InvoiceStatus::kDraft, kNow);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].payload.find(R"("customerId":"we\"ird\\id\n")"), std::string::npos)
      << messages[0].payload;
  EXPECT_NE(messages[0].payload.find(R"("amount":"1250")"), std::string::npos)
      << messages[0].payload;
}

TEST(OutboxTest, OtherTransitionsQueueNothing) {
  EXPECT_TRUE(OutboxMessagesForTransition(SampleInvoice(InvoiceStatus::kPaid),
                                          InvoiceStatus::kPending, kNow)
                  .empty());
  EXPECT_TRUE(OutboxMessagesForTransition(SampleInvoice(InvoiceStatus::kCancelled),
                                          InvoiceStatus::kPending, kNow)
                  .empty());
  EXPECT_TRUE(OutboxMessagesForTransition(SampleInvoice(InvoiceStatus::kCancelled),
                                          InvoiceStatus::kDraft, kNow)
                  .empty());
}

// ---- Entries for payments, credit notes and cancellations

Payment SamplePayment() {
  Payment payment;
  payment.account_id = "acct";
  payment.id = "pay_1";
  payment.invoice_id = "inv_1";
  payment.customer_id = "cus_1";
  payment.currency = "USD";
  payment.amount = 500;
  return payment;
}

CreditNote SampleCreditNote() {
  CreditNote note;
  note.account_id = "acct";
  note.id = "cn_1";
  note.invoice_id = "inv_1";
  note.customer_id = "cus_1";
  note.currency = "USD";
  note.amount = 300;
  return note;
}

TEST(LedgerTest, PaymentEntryLowersTheBalanceAndNamesThePayment) {
  LedgerEntry entry = PaymentLedgerEntry(SamplePayment(), kNow);
  EXPECT_EQ(entry.kind, "payment_received");
  EXPECT_EQ(entry.amount, -500);
  EXPECT_EQ(entry.currency, "USD");
  EXPECT_EQ(entry.account_id, "acct");
  EXPECT_EQ(entry.customer_id, "cus_1");
  EXPECT_EQ(entry.invoice_id, "inv_1");
  EXPECT_EQ(entry.document_id, "pay_1");
  EXPECT_EQ(entry.create_time, kNow);
  EXPECT_EQ(entry.id.substr(0, 4), "led_");
}

TEST(LedgerTest, CreditNoteEntryLowersTheBalanceAndNamesTheNote) {
  LedgerEntry entry = CreditNoteLedgerEntry(SampleCreditNote(), kNow);
  EXPECT_EQ(entry.kind, "credit_note_issued");
  EXPECT_EQ(entry.amount, -300);
  EXPECT_EQ(entry.invoice_id, "inv_1");
  EXPECT_EQ(entry.document_id, "cn_1");
  EXPECT_EQ(entry.customer_id, "cus_1");
}

TEST(LedgerTest, CancellationReversesWhatWasStillDue) {
  std::vector<LedgerEntry> entries =
      CancellationLedgerEntries(SampleInvoice(InvoiceStatus::kCancelled), 950, kNow);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].kind, "invoice_cancelled");
  EXPECT_EQ(entries[0].amount, -950);
  EXPECT_EQ(entries[0].document_id, "inv_1");
  EXPECT_TRUE(
      CancellationLedgerEntries(SampleInvoice(InvoiceStatus::kCancelled), 0, kNow).empty());
}

// ---- Balances and statements

LedgerEntry At(int minute, std::string kind, std::string document, int64_t amount,
               std::string currency) {
  LedgerEntry entry;
  entry.customer_id = "cus_1";
  entry.kind = std::move(kind);
  entry.document_id = std::move(document);
  entry.amount = amount;
  entry.currency = std::move(currency);
  entry.create_time =
      absl::FromCivil(absl::CivilMinute(2026, 3, 31, 23, 58), absl::UTCTimeZone()) +
      absl::Minutes(minute);
  return entry;
}

// Worked by hand: invoice A 100.00 USD; pay 50.00; credit 75.00 (25.00 of
// it owed back); invoice B 5000 JPY; invoice C 40.00 USD, then cancelled.
std::vector<LedgerEntry> HandWorkedEntries() {
  return {At(0, "invoice_processed", "inv_a", 10000, "USD"),
          At(1, "payment_received", "pay_1", -5000, "USD"),
          At(2, "credit_note_issued", "cn_1", -7500, "USD"),
          At(3, "invoice_processed", "inv_b", 5000, "JPY"),
          At(4, "invoice_processed", "inv_c", 4000, "USD"),
          At(5, "invoice_cancelled", "inv_c", -4000, "USD")};
}

TEST(BalanceTest, OneBalancePerCurrencyOwedPositiveOwingNegative) {
  EXPECT_THAT(BalancesOf(HandWorkedEntries()),
              IsOkAndHolds(std::vector<CurrencyBalance>{{"JPY", 5000}, {"USD", -2500}}));
  EXPECT_THAT(BalancesOf({}), IsOkAndHolds(std::vector<CurrencyBalance>{}));
  // Settled to zero still shows the currency.
  EXPECT_THAT(BalancesOf({At(0, "invoice_processed", "i", 100, "EUR"),
                          At(1, "payment_received", "p", -100, "EUR")}),
              IsOkAndHolds(std::vector<CurrencyBalance>{{"EUR", 0}}));
}

TEST(BalanceTest, OverflowIsAnErrorNotAWrap) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  std::vector<LedgerEntry> entries = {At(0, "invoice_processed", "a", kMax, "USD"),
                                      At(1, "invoice_processed", "b", 1, "USD")};
  EXPECT_THAT(BalancesOf(entries), HasErrorCode(ErrorCode::kInternal));
  EXPECT_THAT(Statement(entries), HasErrorCode(ErrorCode::kInternal));
}

TEST(StatementTest, RunningBalancesPerCurrencyOldestFirst) {
  std::vector<LedgerEntry> entries = HandWorkedEntries();
  std::reverse(entries.begin(), entries.end());  // the statement orders them
  absl::StatusOr<std::vector<StatementLine>> lines = Statement(entries);
  ASSERT_THAT(lines, IsOk());
  std::vector<std::string> documents;
  std::vector<int64_t> running;
  for (const StatementLine& line : *lines) {
    documents.push_back(line.entry.document_id);
    running.push_back(line.running_balance);
  }
  EXPECT_EQ(documents,
            (std::vector<std::string>{"inv_a", "pay_1", "cn_1", "inv_b", "inv_c", "inv_c"}));
  EXPECT_EQ(running, (std::vector<int64_t>{10000, 5000, -2500, 5000, 1500, -2500}));
  // Written at 23:58 and 23:59 on March 31, then on April 1 (UTC).
  EXPECT_EQ((*lines)[1].date, absl::CivilDay(2026, 3, 31));
  EXPECT_EQ((*lines)[2].date, absl::CivilDay(2026, 4, 1));
}

TEST(StatementTest, APageCarriesOnFromTheBalancesBeforeIt) {
  std::vector<LedgerEntry> entries = HandWorkedEntries();
  std::vector<LedgerEntry> first(entries.begin(), entries.begin() + 2);
  std::vector<LedgerEntry> rest(entries.begin() + 2, entries.end());
  absl::StatusOr<std::vector<StatementLine>> page =
      Statement(rest, BalancesOf(first).value());
  ASSERT_THAT(page, IsOk());
  std::vector<int64_t> running;
  for (const StatementLine& line : *page) running.push_back(line.running_balance);
  EXPECT_EQ(running, (std::vector<int64_t>{-2500, 5000, 1500, -2500}));
}

// ---- The property: random sequences of invoices, payments, credit notes and
// cancellations, driven through the domain rules the use cases call. After
// every step the entries sum to the expected balance, and for every invoice
// amount = paid + credited + reversed + due - owed back: no minor unit
// appears or vanishes.

struct TrackedInvoice {
  Invoice invoice;
  InvoiceAmounts amounts;
  int64_t reversed = 0;
  bool processed = false;
};

TEST(LedgerPropertyTest, EntriesAlwaysSumToTheBalanceAndNoUnitAppearsOrVanishes) {
  std::mt19937_64 rng(20261125);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  const absl::Time start = absl::FromUnixSeconds(1'780'000'000);
  const absl::CivilDay today(2026, 5, 28);
  std::vector<TrackedInvoice> invoices;
  std::vector<LedgerEntry> entries;
  int payments = 0, credits = 0, cancellations = 0, refusals = 0;

  for (int step = 0; step < 3000; ++step) {
    const absl::Time now = start + absl::Seconds(step);
    const int64_t op = invoices.empty() ? 0 : uniform(0, 9);
    if (op <= 1) {  // a new invoice, usually processed
      TrackedInvoice tracked;
      tracked.invoice.account_id = "acct";
      tracked.invoice.id = absl::StrCat("inv_", step);
      tracked.invoice.customer_id = "cus_1";
      tracked.invoice.currency = uniform(0, 2) == 0 ? "JPY" : (uniform(0, 1) ? "USD" : "KWD");
      tracked.invoice.amount = uniform(1, 5'000'000);
      tracked.amounts.amount = tracked.invoice.amount;
      if (uniform(0, 4) != 0) {
        ASSERT_THAT(ApplyTransition(tracked.invoice, InvoiceStatus::kPending, now), IsOk());
        for (LedgerEntry& e :
             LedgerEntriesForTransition(tracked.invoice, InvoiceStatus::kDraft, now)) {
          entries.push_back(std::move(e));
        }
        tracked.processed = true;
      }
      invoices.push_back(std::move(tracked));
    } else {
      TrackedInvoice& t = invoices[uniform(0, static_cast<int64_t>(invoices.size()) - 1)];
      const Currency currency = FindCurrency(t.invoice.currency).value();
      const InvoiceAmounts before = t.amounts;
      const InvoiceStatus status_before = t.invoice.status;
      if (op <= 5) {  // a payment, sometimes too large or on the wrong status
        const int64_t due = AmountDue(t.amounts);
        // One in five is PATCH {"status": "paid"}: the whole amount due.
        PaymentInput input{FormatAmount(uniform(1, due + due / 4 + 1), currency), "", "card",
                           "", ""};
        if (uniform(0, 4) == 0 && t.invoice.status == InvoiceStatus::kPending) {
          input = WholeAmountDuePayment(t.invoice, t.amounts, today).value();
        }
        absl::StatusOr<Payment> payment =
            NewPayment(absl::StrCat("pay_", step), t.invoice, t.amounts, input, today, now);
        if (payment.ok()) {
          ASSERT_THAT(ApplyPayment(*payment, t.invoice, t.amounts, now), IsOk());
          entries.push_back(PaymentLedgerEntry(*payment, now));
          ++payments;
        } else {
          ++refusals;
          EXPECT_TRUE(ErrorCodeOf(payment.status()) == ErrorCode::kInvoiceNotPayable ||
                      ErrorCodeOf(payment.status()) == ErrorCode::kPaymentExceedsAmountDue)
              << payment.status();
        }
      } else if (op <= 8) {  // a credit note
        const int64_t left = t.amounts.amount - t.amounts.credited;
        CreditNoteInput input{FormatAmount(uniform(1, left + 2), currency), "other", ""};
        absl::StatusOr<CreditNote> note =
            NewCreditNote(absl::StrCat("cn_", step), t.invoice, t.amounts, input, today, now);
        if (note.ok()) {
          absl::StatusOr<CreditSplit> split = ApplyCreditNote(*note, t.invoice, t.amounts, now);
          ASSERT_THAT(split, IsOk());
          EXPECT_EQ(split->lowers_amount_due + split->owed_to_customer, note->amount);
          EXPECT_EQ(split->lowers_amount_due, AmountDue(before) - AmountDue(t.amounts));
          EXPECT_EQ(split->owed_to_customer,
                    AmountOwedToCustomer(t.amounts) - AmountOwedToCustomer(before));
          entries.push_back(CreditNoteLedgerEntry(*note, now));
          ++credits;
        } else {
          ++refusals;
          EXPECT_TRUE(ErrorCodeOf(note.status()) == ErrorCode::kInvoiceNotCreditable ||
                      ErrorCodeOf(note.status()) == ErrorCode::kCreditExceedsInvoice)
              << note.status();
        }
      } else {  // a cancellation
        absl::StatusOr<int64_t> reversed = CancelInvoice(t.invoice, t.amounts, now);
        if (reversed.ok()) {
          t.reversed = *reversed;
          for (LedgerEntry& e : CancellationLedgerEntries(t.invoice, *reversed, now)) {
            entries.push_back(std::move(e));
          }
          ++cancellations;
        } else {
          ++refusals;
          EXPECT_EQ(t.invoice.status, status_before);
        }
      }
      if (t.invoice.status == status_before && t.amounts == before) continue;
    }

    // The invariants, after every change.
    std::map<std::string, int64_t> expected_balance;
    std::map<std::string, int64_t> entries_by_invoice;
    for (const LedgerEntry& e : entries) entries_by_invoice[e.invoice_id] += e.amount;
    for (const TrackedInvoice& t : invoices) {
      const InvoiceAmounts& a = t.amounts;
      const bool cancelled = t.invoice.status == InvoiceStatus::kCancelled;
      const int64_t due = cancelled ? 0 : AmountDue(a);
      const int64_t owed_back = AmountOwedToCustomer(a);
      ASSERT_LE(a.paid + a.credited, 2 * a.amount);
      if (!t.processed) {
        ASSERT_EQ(a, (InvoiceAmounts{a.amount, 0, 0}));
        ASSERT_EQ(entries_by_invoice[t.invoice.id], 0);
        continue;
      }
      ASSERT_EQ(a.amount, a.paid + a.credited + t.reversed + due - owed_back) << t.invoice.id;
      ASSERT_EQ(entries_by_invoice[t.invoice.id], due - owed_back) << t.invoice.id;
      ASSERT_EQ(t.invoice.status == InvoiceStatus::kPending, !cancelled && due > 0)
          << t.invoice.id;
      expected_balance[t.invoice.currency] += due - owed_back;
    }
    std::vector<CurrencyBalance> balances = BalancesOf(entries).value();
    ASSERT_EQ(balances.size(), expected_balance.size());
    for (const CurrencyBalance& b : balances) {
      ASSERT_EQ(b.amount, expected_balance[b.currency]) << b.currency << " at step " << step;
    }
  }

  // The statement ends on the balance in each currency, shuffled or not,
  // and paging it anywhere changes no running balance.
  std::vector<LedgerEntry> shuffled = entries;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  std::vector<StatementLine> lines = Statement(shuffled).value();
  ASSERT_EQ(lines.size(), entries.size());
  std::map<std::string, int64_t> last;
  for (size_t i = 0; i < lines.size(); ++i) {
    ASSERT_EQ(lines[i].entry.id, entries[i].id);
    last[lines[i].entry.currency] = lines[i].running_balance;
  }
  const std::vector<CurrencyBalance> final_balances = BalancesOf(entries).value();
  for (const CurrencyBalance& b : final_balances) EXPECT_EQ(last[b.currency], b.amount);
  const size_t cut = entries.size() / 3;
  std::vector<StatementLine> page =
      Statement(std::vector<LedgerEntry>(entries.begin() + cut, entries.end()),
                BalancesOf(std::vector<LedgerEntry>(entries.begin(), entries.begin() + cut))
                    .value())
          .value();
  for (size_t i = 0; i < page.size(); ++i) {
    ASSERT_EQ(page[i].running_balance, lines[cut + i].running_balance);
  }
  // The sequence exercised every path.
  EXPECT_GT(payments, 100);
  EXPECT_GT(credits, 100);
  EXPECT_GT(cancellations, 10);
  EXPECT_GT(refusals, 100);
}

}  // namespace
}  // namespace billing::domain
