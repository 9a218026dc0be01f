#include "domain/ledger.h"

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/invoice.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

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
}

TEST(LedgerTest, PaymentAndCancellationSettleTheDebt) {
  std::vector<LedgerEntry> paid = LedgerEntriesForTransition(
      SampleInvoice(InvoiceStatus::kPaid), InvoiceStatus::kPending, kNow);
  ASSERT_EQ(paid.size(), 1u);
  EXPECT_EQ(paid[0].kind, "payment_received");
  EXPECT_EQ(paid[0].amount, -1250);

  std::vector<LedgerEntry> cancelled = LedgerEntriesForTransition(
      SampleInvoice(InvoiceStatus::kCancelled), InvoiceStatus::kPending, kNow);
  ASSERT_EQ(cancelled.size(), 1u);
  EXPECT_EQ(cancelled[0].kind, "invoice_cancelled");
  EXPECT_EQ(cancelled[0].amount, -1250);
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

}  // namespace
}  // namespace billing::domain
