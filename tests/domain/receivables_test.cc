#include "domain/receivables.h"

#include <cstdint>
#include <limits>

#include "absl/time/time.h"
#include "domain/error.h"
#include "domain/invoice.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOkAndHolds;

const absl::Time kNow = absl::FromUnixSeconds(1'780'000'000);

Invoice InvoiceIn(InvoiceStatus status) {
  Invoice invoice;
  invoice.id = "inv_1";
  invoice.currency = "USD";
  invoice.amount = 10000;
  invoice.status = status;
  return invoice;
}

TEST(AmountDueTest, AmountLessCreditedLessPaid) {
  EXPECT_EQ(AmountDue({10000, 0, 0}), 10000);
  EXPECT_EQ(AmountDue({10000, 5000, 0}), 5000);
  EXPECT_EQ(AmountDue({10000, 5000, 2500}), 2500);
  EXPECT_EQ(AmountDue({10000, 10000, 0}), 0);
  EXPECT_EQ(AmountOwedToCustomer({10000, 5000, 2500}), 0);
}

TEST(AmountDueTest, NeverBelowZeroTheRestIsOwedToTheCustomer) {
  // Paid in full, then credited 30.00: nothing due, 30.00 owed back.
  EXPECT_EQ(AmountDue({10000, 10000, 3000}), 0);
  EXPECT_EQ(AmountOwedToCustomer({10000, 10000, 3000}), 3000);
  // Paid 80.00, then credited 50.00: 20.00 of the credit lowered the amount
  // due, the other 30.00 is owed back.
  EXPECT_EQ(AmountDue({10000, 8000, 5000}), 0);
  EXPECT_EQ(AmountOwedToCustomer({10000, 8000, 5000}), 3000);
}

TEST(AmountDueTest, HugeAmountsDoNotOverflow) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(AmountDue({kMax, kMax, kMax}), 0);
  EXPECT_EQ(AmountOwedToCustomer({kMax, kMax, kMax}), kMax);
  EXPECT_EQ(AmountDue({kMax, 0, 1}), kMax - 1);
}

TEST(SettleTest, PendingInvoiceWithNothingDueBecomesPaid) {
  Invoice invoice = InvoiceIn(InvoiceStatus::kPending);
  EXPECT_FALSE(SettleIfNothingDue(invoice, {10000, 9999, 0}, kNow));
  EXPECT_EQ(invoice.status, InvoiceStatus::kPending);
  EXPECT_TRUE(SettleIfNothingDue(invoice, {10000, 4000, 6000}, kNow));
  EXPECT_EQ(invoice.status, InvoiceStatus::kPaid);
  EXPECT_EQ(invoice.pay_time, kNow);
  // Already paid: nothing more to do.
  EXPECT_FALSE(SettleIfNothingDue(invoice, {10000, 4000, 6000}, kNow));
  Invoice draft = InvoiceIn(InvoiceStatus::kDraft);
  EXPECT_FALSE(SettleIfNothingDue(draft, {10000, 0, 10000}, kNow));
  EXPECT_EQ(draft.status, InvoiceStatus::kDraft);
}

TEST(CheckAmountsOfTest, AmountsMustBeTheInvoices) {
  const Invoice invoice = InvoiceIn(InvoiceStatus::kPending);
  EXPECT_TRUE(CheckAmountsOf(invoice, {10000, 2500, 7500}).ok());
  EXPECT_THAT(CheckAmountsOf(invoice, {9999, 0, 0}), HasErrorCode(ErrorCode::kInternal));
  EXPECT_THAT(CheckAmountsOf(invoice, {10000, -1, 0}), HasErrorCode(ErrorCode::kInternal));
  Invoice cancelled = invoice;
  EXPECT_THAT(CancelInvoice(cancelled, {5000, 0, 0}, kNow), HasErrorCode(ErrorCode::kInternal));
  EXPECT_EQ(cancelled.status, InvoiceStatus::kPending);
}

TEST(CancelInvoiceTest, PendingInvoiceReversesWhatWasStillDue) {
  Invoice invoice = InvoiceIn(InvoiceStatus::kPending);
  EXPECT_THAT(CancelInvoice(invoice, {10000, 0, 0}, kNow), IsOkAndHolds(10000));
  EXPECT_EQ(invoice.status, InvoiceStatus::kCancelled);
  EXPECT_EQ(invoice.cancel_time, kNow);
  // A credit of 25.00 already lowered the balance: only 75.00 is reversed.
  Invoice credited = InvoiceIn(InvoiceStatus::kPending);
  EXPECT_THAT(CancelInvoice(credited, {10000, 0, 2500}, kNow), IsOkAndHolds(7500));
}

TEST(CancelInvoiceTest, DraftReversesNothing) {
  Invoice draft = InvoiceIn(InvoiceStatus::kDraft);
  EXPECT_THAT(CancelInvoice(draft, {10000, 0, 0}, kNow), IsOkAndHolds(0));
  EXPECT_EQ(draft.status, InvoiceStatus::kCancelled);
}

TEST(CancelInvoiceTest, RefusedOnceAnyPaymentExists) {
  Invoice invoice = InvoiceIn(InvoiceStatus::kPending);
  EXPECT_THAT(CancelInvoice(invoice, {10000, 1, 0}, kNow),
              HasErrorCode(ErrorCode::kInvoiceHasPayments));
  EXPECT_EQ(invoice.status, InvoiceStatus::kPending);
  EXPECT_EQ(invoice.cancel_time, std::nullopt);
}

TEST(CancelInvoiceTest, PaidAndCancelledAreFinal) {
  for (InvoiceStatus status : {InvoiceStatus::kPaid, InvoiceStatus::kCancelled}) {
    Invoice invoice = InvoiceIn(status);
    EXPECT_THAT(CancelInvoice(invoice, {10000, 0, 10000}, kNow),
                HasErrorCode(ErrorCode::kInvalidStateTransition));
    EXPECT_EQ(invoice.status, status);
  }
}

// Issue 18 item 2: a cancelled invoice asks for nothing, whatever its
// amounts (the cancellation's ledger entry reversed what was due).
TEST(AmountDueTest, ACancelledInvoiceOwesNothing) {
  Invoice invoice = InvoiceIn(InvoiceStatus::kPending);
  invoice.amount_credited = 3000;
  EXPECT_EQ(AmountDue(invoice), 7000);
  invoice.status = InvoiceStatus::kCancelled;
  EXPECT_EQ(AmountDue(invoice), 0);
  EXPECT_EQ(AmountDue(InvoiceIn(InvoiceStatus::kDraft)), 10000) << "what processing makes due";
}

}  // namespace
}  // namespace billing::domain
