#include "domain/write_off.h"

#include <cstdint>
#include <vector>

#include "absl/time/time.h"
#include "domain/error.h"
#include "domain/invoice.h"
#include "domain/ledger.h"
#include "domain/payment.h"
#include "domain/receivables.h"
#include "domain/revenue.h"
#include "domain/revenue_adjustments.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOkAndHolds;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const absl::Time kNow = absl::FromUnixSeconds(1'780'000'000);

Invoice InvoiceIn(InvoiceStatus status) {
  Invoice invoice;
  invoice.account_id = "acct_1";
  invoice.id = "inv_1";
  invoice.customer_id = "cus_1";
  invoice.currency = "EUR";
  invoice.amount = 10000;
  invoice.status = status;
  return invoice;
}

TEST(WriteOffAmountTest, WritesOffWhatIsStillDueOnAPendingInvoice) {
  const Invoice invoice = InvoiceIn(InvoiceStatus::kPending);
  EXPECT_THAT(WriteOffAmount(invoice, {10000, 0, 0}), IsOkAndHolds(10000));
  // Paid 30.00 and credited 20.00: 50.00 is written off.
  EXPECT_THAT(WriteOffAmount(invoice, {10000, 3000, 2000}), IsOkAndHolds(5000));
}

TEST(WriteOffAmountTest, RefusesAnythingButAPendingInvoiceWithSomethingDue) {
  for (InvoiceStatus status :
       {InvoiceStatus::kDraft, InvoiceStatus::kPaid, InvoiceStatus::kCancelled,
        InvoiceStatus::kUncollectible}) {
    absl::StatusOr<int64_t> amount = WriteOffAmount(InvoiceIn(status), {10000, 0, 0});
    EXPECT_THAT(amount, HasErrorCode(ErrorCode::kInvalidStateTransition));
    EXPECT_THAT(amount.status().message(), HasSubstr(InvoiceStatusName(status)));
  }
  const Invoice pending = InvoiceIn(InvoiceStatus::kPending);
  EXPECT_THAT(WriteOffAmount(pending, {10000, 4000, 6000}),
              HasErrorCode(ErrorCode::kInvalidStateTransition));
  // Amounts read for another invoice are a wiring mistake.
  EXPECT_THAT(WriteOffAmount(pending, {999, 0, 0}), HasErrorCode(ErrorCode::kInternal));
}

TEST(WriteOffLedgerEntryTest, LowersTheCustomersBalanceByTheAmount) {
  const Invoice invoice = InvoiceIn(InvoiceStatus::kPending);
  const LedgerEntry entry = WriteOffLedgerEntry(invoice, 7000, kNow);
  EXPECT_EQ(entry.kind, "write_off");
  EXPECT_EQ(entry.amount, -7000);
  EXPECT_EQ(entry.currency, "EUR");
  EXPECT_EQ(entry.customer_id, "cus_1");
  EXPECT_EQ(entry.invoice_id, "inv_1");
  EXPECT_EQ(entry.document_id, "inv_1");
  EXPECT_EQ(entry.account_id, "acct_1");
  EXPECT_EQ(entry.create_time, kNow);
  EXPECT_THAT(entry.id, ::testing::StartsWith("led_"));
}

TEST(WriteOffReversalTest, APaymentReversesOnlyWhatIsStillWrittenOff) {
  EXPECT_EQ(WriteOffReversalAmount(7000, 0, 3000), 3000);
  EXPECT_EQ(WriteOffReversalAmount(7000, 3000, 5000), 4000);
  EXPECT_EQ(WriteOffReversalAmount(7000, 7000, 100), 0);
  EXPECT_EQ(WriteOffReversalAmount(0, 0, 100), 0);  // never written off
  EXPECT_EQ(WriteOffReversalAmount(7000, 9000, 100), 0);
}

TEST(WriteOffReversalTest, ThePaymentLeavesTheBalanceWhereTheWriteOffPutIt) {
  // 100.00 invoiced, 30.00 paid, 70.00 written off: the customer owes 0.
  Invoice invoice = InvoiceIn(InvoiceStatus::kPending);
  Payment first{.account_id = "acct_1", .id = "pay_1", .invoice_id = "inv_1",
                .customer_id = "cus_1", .currency = "EUR", .amount = 3000};
  std::vector<LedgerEntry> entries = LedgerEntriesForTransition(invoice, InvoiceStatus::kDraft,
                                                                kNow);
  entries.push_back(PaymentLedgerEntry(first, kNow));
  const int64_t written_off = WriteOffAmount(invoice, {10000, 3000, 0}).value();
  entries.push_back(WriteOffLedgerEntry(invoice, written_off, kNow));
  EXPECT_THAT(BalancesOf(entries), IsOkAndHolds(::testing::ElementsAre(CurrencyBalance{"EUR", 0})));
  // 50.00 arrives anyway: it reverses 50.00 of the write-off; the balance
  // stays 0 and 20.00 remains written off.
  Payment late = first;
  late.id = "pay_2";
  late.amount = 5000;
  const int64_t reversed = WriteOffReversalAmount(written_off, 0, late.amount);
  const std::vector<LedgerEntry> reversal = WriteOffReversalLedgerEntries(late, reversed, kNow);
  ASSERT_THAT(reversal, SizeIs(1));
  EXPECT_EQ(reversal[0].kind, "write_off_reversal");
  EXPECT_EQ(reversal[0].amount, 5000);
  EXPECT_EQ(reversal[0].document_id, "pay_2");
  entries.insert(entries.end(), reversal.begin(), reversal.end());
  entries.push_back(PaymentLedgerEntry(late, kNow));
  EXPECT_THAT(BalancesOf(entries), IsOkAndHolds(::testing::ElementsAre(CurrencyBalance{"EUR", 0})));
  EXPECT_THAT(WriteOffReversalLedgerEntries(late, 0, kNow), IsEmpty());
}

TEST(MarkUncollectibleTest, MovesAPendingInvoiceAndReturnsWhatIsWrittenOff) {
  Invoice invoice = InvoiceIn(InvoiceStatus::kPending);
  EXPECT_THAT(MarkUncollectible(invoice, {10000, 2500, 0}, kNow), IsOkAndHolds(7500));
  EXPECT_EQ(invoice.status, InvoiceStatus::kUncollectible);
  EXPECT_EQ(invoice.update_time, kNow);
  EXPECT_THAT(MarkUncollectible(invoice, {10000, 2500, 0}, kNow),
              HasErrorCode(ErrorCode::kInvalidStateTransition));
  // Still owed: shown due, payable, and paid once nothing is due.
  invoice.amount_paid = 2500;
  EXPECT_EQ(AmountDue(invoice), 7500);
  EXPECT_FALSE(SettleIfNothingDue(invoice, {10000, 9000, 0}, kNow));
  EXPECT_TRUE(SettleIfNothingDue(invoice, {10000, 10000, 0}, kNow));
  EXPECT_EQ(invoice.status, InvoiceStatus::kPaid);
}

// A bad debt is an expense: the sale it wrote off stays recognized.
TEST(MarkUncollectibleTest, RevenueStaysAsRecognized) {
  Invoice pending = InvoiceIn(InvoiceStatus::kPending);
  pending.process_time = kNow;
  Invoice written_off = pending;
  ASSERT_TRUE(MarkUncollectible(written_off, {10000, 0, 0}, kNow).ok());
  const std::vector<RecognizableAmount> recognized = RecognizableAmounts(written_off);
  ASSERT_THAT(recognized, SizeIs(1));
  EXPECT_EQ(recognized[0].amount, RecognizableAmounts(pending)[0].amount);
  EXPECT_EQ(RevenuePieces(written_off, {}), RevenuePieces(pending, {}))
      << "not reversed as a cancellation is";
  EXPECT_THAT(RevenuePieces(written_off, {}), SizeIs(1));
}

}  // namespace
}  // namespace billing::domain
