// Payment reminders (invoice_reminders) on both backends: each (invoice,
// offset) is claimed once, a second claim is false without failing its
// transaction, and the queue hands a due reminder to one worker.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "app/ports/store.h"
#include "common/status_macros.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using domain::InvoiceReminder;
using domain::ReminderStatus;
using testing::At;
using testing::MakeCustomer;
using testing::MakeInvoice;
using testing::ReadResult;

class InvoiceReminderRepositoryTest : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
      RETURN_IF_ERROR(t.customers().Insert(MakeCustomer("acct_a", "cus_1", At(0))));
      domain::Invoice invoice = MakeInvoice("acct_a", "inv_1", "cus_1", At(0));
      invoice.status = domain::InvoiceStatus::kPending;
      invoice.due_date = absl::CivilDay(2026, 3, 10);
      return t.invoices().Insert(invoice);
    }));
  }

  static InvoiceReminder Reminder(int offset, ReminderStatus status) {
    InvoiceReminder reminder{.account_id = "acct_a",
                             .invoice_id = "inv_1",
                             .offset_days = offset,
                             .scheduled_date = absl::CivilDay(2026, 3, 10) + offset,
                             .claim_date = absl::CivilDay(2026, 3, 20),
                             .status = status,
                             .claim_time = At(5)};
    if (status == ReminderStatus::kQueued) reminder.next_attempt_time = At(5);
    return reminder;
  }

  // Claims `reminder` and then writes `after` in the same transaction:
  // whether the claim won, and that the transaction still committed.
  bool Claim(const InvoiceReminder& reminder) {
    bool won = false;
    EXPECT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
      ASSIGN_OR_RETURN(won, t.invoice_reminders().Claim(reminder));
      return t.customers().Insert(MakeCustomer("acct_a", "cus_" + std::to_string(++inserted_),
                                               At(6)));
    }));
    return won;
  }

  int inserted_ = 1;
};

TEST_P(InvoiceReminderRepositoryTest, EachOffsetIsClaimedOnceAndAConflictFailsNothing) {
  EXPECT_TRUE(Claim(Reminder(-3, ReminderStatus::kSkipped)));
  EXPECT_TRUE(Claim(Reminder(7, ReminderStatus::kQueued)));
  EXPECT_FALSE(Claim(Reminder(7, ReminderStatus::kQueued))) << "claimed once only";
  EXPECT_EQ(CountRows("customers"), 4) << "the losing claim's transaction still committed";

  absl::StatusOr<std::set<int>> claimed = ReadResult(*store_, [&](app::Transaction& t) {
    return t.invoice_reminders().ClaimedOffsets("acct_a", "inv_1");
  });
  ASSERT_OK(claimed.status());
  EXPECT_EQ(*claimed, (std::set<int>{-3, 7}));

  absl::StatusOr<std::vector<InvoiceReminder>> listed = ReadResult(*store_, [&](app::Transaction& t) {
    return t.invoice_reminders().List("acct_a", "inv_1");
  });
  ASSERT_OK(listed.status());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0], Reminder(-3, ReminderStatus::kSkipped)) << "read back as written";
  EXPECT_EQ((*listed)[1], Reminder(7, ReminderStatus::kQueued));
}

TEST_P(InvoiceReminderRepositoryTest, TheQueueHandsADueReminderOutOnceAndKeepsItsOutcome) {
  ASSERT_TRUE(Claim(Reminder(1, ReminderStatus::kQueued)));
  auto claim_due = [&](int now) {
    std::optional<InvoiceReminder> due;
    EXPECT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
      ASSIGN_OR_RETURN(due, t.invoice_reminders().ClaimDue(At(now), At(now + 100)));
      return absl::OkStatus();
    }));
    return due;
  };
  EXPECT_FALSE(claim_due(4).has_value()) << "not due before its next attempt time";
  std::optional<InvoiceReminder> due = claim_due(10);
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(due->offset_days, 1);
  EXPECT_FALSE(claim_due(20).has_value()) << "leased to the worker that took it";

  due->status = ReminderStatus::kSent;
  due->sent_time = At(30);
  due->attempts = 1;
  due->next_attempt_time.reset();
  ASSERT_OK(store_->Write(
      [&](app::Transaction& t) { return t.invoice_reminders().Update(*due); }));
  EXPECT_FALSE(claim_due(500).has_value()) << "sent: never handed out again";
  absl::StatusOr<std::vector<InvoiceReminder>> listed = ReadResult(*store_, [&](app::Transaction& t) {
    return t.invoice_reminders().List("acct_a", "inv_1");
  });
  ASSERT_OK(listed.status());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0], *due);
}

INSTANTIATE_TEST_SUITE_P(Backends, InvoiceReminderRepositoryTest,
                         ::testing::Values(billing::testing::Backend::kSqlite,
                                           billing::testing::Backend::kPostgres),
                         billing::testing::BackendName);

}  // namespace
}  // namespace billing::storage
