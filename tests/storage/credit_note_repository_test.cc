// Credit notes' emails (credit_note_emails) on both backends: stored with
// the note in its transaction, read back with it, claimed once when due.
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "app/ports/store.h"
#include "domain/credit_note.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using domain::CreditNote;
using domain::InvoiceDeliveryStatus;
using testing::At;
using testing::MakeCustomer;
using testing::MakeInvoice;
using testing::ReadResult;
using testing::WriteResult;

class CreditNoteRepositoryTest : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
      if (absl::Status s = t.customers().Insert(MakeCustomer("acct_a", "cus_1", At(0)));
          !s.ok()) {
        return s;
      }
      domain::Invoice invoice = MakeInvoice("acct_a", "inv_1", "cus_1", At(0));
      invoice.status = domain::InvoiceStatus::kPending;
      invoice.number = "INV-000001";
      return t.invoices().Insert(invoice);
    }));
  }

  // A note of 1.00 USD on inv_1; `email`: its customer has an address.
  static CreditNote Note(const std::string& id, bool email, absl::Time now = At(10)) {
    CreditNote note{.account_id = "acct_a",
                    .id = id,
                    .number = "CN-" + id,
                    .invoice_id = "inv_1",
                    .customer_id = "cus_1",
                    .currency = "USD",
                    .amount = 100,
                    .date = absl::CivilDay(2026, 1, 1),
                    .create_time = now};
    domain::QueueCreditNoteEmail(note, email ? "ap@acme.test" : "", /*mail_configured=*/true,
                                 now);
    return note;
  }

  absl::StatusOr<CreditNote> Get(const std::string& id) {
    return ReadResult(*store_,
                      [&](app::Transaction& t) { return t.credit_notes().Get("acct_a", id); });
  }
  absl::StatusOr<std::optional<CreditNote>> Claim(absl::Time now) {
    return WriteResult(*store_, [&](app::Transaction& t) {
      return t.credit_notes().ClaimDueEmail(now, now + absl::Seconds(120));
    });
  }
};

TEST_P(CreditNoteRepositoryTest, TheQueuedEmailIsStoredWithTheNoteAndReadBackWithIt) {
  ASSERT_OK(store_->Write(
      [&](app::Transaction& t) { return t.credit_notes().Insert(Note("cn_1", true)); }));
  absl::StatusOr<CreditNote> read = Get("cn_1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->delivery.status, InvoiceDeliveryStatus::kQueued);
  EXPECT_EQ(read->delivery.queue_time, At(10));
  EXPECT_EQ(read->delivery.next_attempt_time, At(10));
  EXPECT_EQ(read->delivery.attempts, 0);

  absl::StatusOr<domain::Page<CreditNote>> page = ReadResult(*store_, [&](app::Transaction& t) {
    return t.credit_notes().List("acct_a", {}, domain::PageRequest{.page = 1, .page_size = 10});
  });
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].delivery.status, InvoiceDeliveryStatus::kQueued);
}

TEST_P(CreditNoteRepositoryTest, ANoteWithoutAnAddressQueuesNothing) {
  ASSERT_OK(store_->Write(
      [&](app::Transaction& t) { return t.credit_notes().Insert(Note("cn_1", false)); }));
  absl::StatusOr<CreditNote> read = Get("cn_1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->delivery.status, InvoiceDeliveryStatus::kNone);
  EXPECT_EQ(CountRows("credit_note_emails"), 0);
  absl::StatusOr<std::optional<CreditNote>> claimed = Claim(At(1000));
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  EXPECT_FALSE(claimed->has_value());
}

// The email is part of the note's transaction: a note whose transaction
// fails leaves no email behind to be sent.
TEST_P(CreditNoteRepositoryTest, ANoteRolledBackLeavesNoEmail) {
  const absl::Status failed = store_->Write([&](app::Transaction& t) -> absl::Status {
    if (absl::Status s = t.credit_notes().Insert(Note("cn_1", true)); !s.ok()) return s;
    return absl::AbortedError("the issuing transaction fails after the insert");
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(CountRows("credit_note_emails"), 0);
  absl::StatusOr<std::optional<CreditNote>> claimed = Claim(At(1000));
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  EXPECT_FALSE(claimed->has_value());
}

// Due emails are claimed oldest first, each once until its lease ends; a
// failed attempt's retry time and a sent one's state are kept.
TEST_P(CreditNoteRepositoryTest, DueEmailsAreClaimedOnceAndTheirOutcomeKept) {
  ASSERT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
    if (absl::Status s = t.credit_notes().Insert(Note("cn_late", true, At(20))); !s.ok()) {
      return s;
    }
    return t.credit_notes().Insert(Note("cn_early", true, At(10)));
  }));
  absl::StatusOr<std::optional<CreditNote>> none = Claim(At(5));
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_FALSE(none->has_value()) << "not due yet";

  absl::StatusOr<std::optional<CreditNote>> first = Claim(At(30));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->id, "cn_early");
  EXPECT_EQ((*first)->delivery.next_attempt_time, At(30) + absl::Seconds(120));
  absl::StatusOr<std::optional<CreditNote>> second = Claim(At(30));
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_TRUE(second->has_value());
  EXPECT_EQ((*second)->id, "cn_late");
  absl::StatusOr<std::optional<CreditNote>> third = Claim(At(31));
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_FALSE(third->has_value()) << "both are leased";

  // A failed attempt: queued again for a retry, its error kept.
  CreditNote failed = **first;
  failed.delivery.attempts = 1;
  failed.delivery.last_error = "connection refused";
  failed.delivery.next_attempt_time = At(40);
  ASSERT_OK(store_->Write(
      [&](app::Transaction& t) { return t.credit_notes().UpdateDelivery(failed); }));
  absl::StatusOr<CreditNote> read = Get("cn_early");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->delivery.status, InvoiceDeliveryStatus::kQueued);
  EXPECT_EQ(read->delivery.attempts, 1);
  EXPECT_EQ(read->delivery.last_error, "connection refused");
  absl::StatusOr<std::optional<CreditNote>> retry = Claim(At(40));
  ASSERT_TRUE(retry.ok()) << retry.status();
  ASSERT_TRUE(retry->has_value());
  EXPECT_EQ((*retry)->id, "cn_early");
  EXPECT_EQ((*retry)->delivery.attempts, 1);

  CreditNote sent = **retry;
  sent.delivery.status = InvoiceDeliveryStatus::kSent;
  sent.delivery.attempts = 2;
  sent.delivery.sent_time = At(41);
  sent.delivery.next_attempt_time.reset();
  sent.delivery.last_error.clear();
  ASSERT_OK(store_->Write(
      [&](app::Transaction& t) { return t.credit_notes().UpdateDelivery(sent); }));
  read = Get("cn_early");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->delivery.status, InvoiceDeliveryStatus::kSent);
  EXPECT_EQ(read->delivery.sent_time, At(41));
  absl::StatusOr<std::optional<CreditNote>> after = Claim(At(10000));
  ASSERT_TRUE(after.ok()) << after.status();
  ASSERT_TRUE(after->has_value()) << "cn_late's lease ended";
  EXPECT_EQ((*after)->id, "cn_late");
}

TEST_P(CreditNoteRepositoryTest, UpdatingTheDeliveryOfAMissingNoteIsNotFound) {
  EXPECT_EQ(testing::CodeOf(store_->Write([&](app::Transaction& t) {
              return t.credit_notes().UpdateDelivery(Note("cn_missing", true));
            })),
            domain::ErrorCode::kCreditNoteNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditNoteRepositoryTest,
                         ::testing::Values(billing::testing::Backend::kSqlite,
                                           billing::testing::Backend::kPostgres),
                         billing::testing::BackendName);

}  // namespace
}  // namespace billing::storage
