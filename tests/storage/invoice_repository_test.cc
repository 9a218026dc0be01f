// Invoices, line items, the ledger and the outbox in SQLite.

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "app/ports/ledger_repository.h"
#include "app/ports/store.h"
#include "domain/credit_note.h"
#include "domain/revenue_adjustments.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using domain::ErrorCode;
using domain::Invoice;
using domain::InvoiceStatus;
using domain::LineItem;
using testing::At;
using testing::CodeOf;
using testing::MakeCustomer;
using testing::MakeInvoice;
using testing::ReadResult;
using app::InvoiceFilter;

class InvoiceRepositoryTest : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (const char* account : {"acct_a", "acct_b"}) {
      for (const char* customer : {"cus_1", "cus_2"}) {
        ASSERT_OK(store_->Write([&](app::Transaction& t) {
          return t.customers().Insert(MakeCustomer(account, customer, At(0)));
        }));
      }
    }
  }

  absl::Status Insert(const Invoice& invoice) {
    return store_->Write([&](app::Transaction& t) { return t.invoices().Insert(invoice); });
  }
  absl::StatusOr<Invoice> Get(const std::string& account, const std::string& id) {
    return ReadResult(*store_, [&](app::Transaction& t) { return t.invoices().Get(account, id); });
  }
  absl::StatusOr<domain::Page<Invoice>> List(const std::string& account,
                                             const InvoiceFilter& filter, int page = 1,
                                             int size = 20) {
    return ReadResult(*store_, [&](app::Transaction& t) {
      return t.invoices().List(account, filter, domain::PageRequest{.page = page, .page_size = size});
    });
  }
  static std::vector<std::string> Ids(const std::vector<Invoice>& invoices) {
    std::vector<std::string> ids;
    for (const Invoice& invoice : invoices) ids.push_back(invoice.id);
    return ids;
  }
};

LineItem Line(std::string description, int64_t quantity, int64_t unit_amount) {
  return LineItem{.description = std::move(description),
                  .quantity = domain::DecimalQuantity::Whole(quantity),
                  .unit_amount = unit_amount,
                  .amount = quantity * unit_amount};
}

// An invoice that exercises every column: lines with and without service
// periods, and some lifecycle times set while others are not.
Invoice FullInvoice() {
  Invoice invoice = MakeInvoice("acct_a", "inv_1", "cus_1", At(0));
  invoice.currency = "KWD";
  invoice.status = InvoiceStatus::kPaid;
  invoice.due_date = absl::CivilDay(2028, 2, 29);
  invoice.notes = "net 30\nthank you";
  LineItem hosting = Line("Hosting", 3, 1001);
  hosting.service_period_start = absl::CivilDay(2026, 1, 15);
  hosting.service_period_end = absl::CivilDay(2026, 4, 14);
  invoice.line_items = {hosting, Line("Setup fee", 1, 997)};
  invoice.amount = 3003 + 997;
  invoice.update_time = At(30);
  invoice.process_time = At(10);
  invoice.pay_time = At(20);
  invoice.number = "INV-000042";
  invoice.amount_paid = 3000;
  invoice.amount_credited = 1000;
  return invoice;
}

void ExpectSameLine(const LineItem& actual, const LineItem& expected) {
  EXPECT_EQ(actual.description, expected.description);
  EXPECT_EQ(actual.quantity, expected.quantity);
  EXPECT_EQ(actual.unit_amount, expected.unit_amount);
  EXPECT_EQ(actual.amount, expected.amount);
  EXPECT_EQ(actual.service_period_start, expected.service_period_start);
  EXPECT_EQ(actual.service_period_end, expected.service_period_end);
}

void ExpectSameInvoice(const Invoice& actual, const Invoice& expected) {
  EXPECT_EQ(actual.account_id, expected.account_id);
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.customer_id, expected.customer_id);
  EXPECT_EQ(actual.currency, expected.currency);
  EXPECT_EQ(actual.amount, expected.amount);
  EXPECT_EQ(actual.status, expected.status);
  EXPECT_EQ(actual.due_date, expected.due_date);
  EXPECT_EQ(actual.notes, expected.notes);
  EXPECT_EQ(actual.create_time, expected.create_time);
  EXPECT_EQ(actual.update_time, expected.update_time);
  EXPECT_EQ(actual.process_time, expected.process_time);
  EXPECT_EQ(actual.pay_time, expected.pay_time);
  EXPECT_EQ(actual.cancel_time, expected.cancel_time);
  EXPECT_EQ(actual.number, expected.number);
  EXPECT_EQ(actual.amount_paid, expected.amount_paid);
  EXPECT_EQ(actual.amount_credited, expected.amount_credited);
  ASSERT_EQ(actual.line_items.size(), expected.line_items.size());
  for (size_t i = 0; i < actual.line_items.size(); ++i) {
    ExpectSameLine(actual.line_items[i], expected.line_items[i]);
  }
}

TEST_P(InvoiceRepositoryTest, InsertedInvoiceReadsBackIdentically) {
  Invoice invoice = FullInvoice();
  ASSERT_OK(Insert(invoice));
  absl::StatusOr<Invoice> read = Get("acct_a", "inv_1");
  ASSERT_OK(read.status());
  ExpectSameInvoice(*read, invoice);
  EXPECT_FALSE(read->cancel_time.has_value());
}

TEST_P(InvoiceRepositoryTest, EveryStatusIsStoredAndReadBack) {
  int n = 0;
  // uncollectible: migration 16 widened the status CHECK on both backends.
  for (InvoiceStatus status : {InvoiceStatus::kDraft, InvoiceStatus::kPending,
                               InvoiceStatus::kPaid, InvoiceStatus::kCancelled,
                               InvoiceStatus::kUncollectible}) {
    ++n;
    Invoice invoice = MakeInvoice("acct_a", "inv_" + std::to_string(n), "cus_1", At(n));
    invoice.status = status;
    ASSERT_OK(Insert(invoice));
    EXPECT_EQ(Get("acct_a", invoice.id)->status, status);
  }
}

TEST_P(InvoiceRepositoryTest, MissingInvoiceIsInvoiceNotFound) {
  ASSERT_OK(Insert(MakeInvoice("acct_a", "inv_1", "cus_1", At(0))));
  EXPECT_EQ(CodeOf(Get("acct_a", "inv_2").status()), ErrorCode::kInvoiceNotFound);
  // Another account's invoice does not exist for this one.
  absl::StatusOr<Invoice> other = Get("acct_b", "inv_1");
  EXPECT_EQ(CodeOf(other.status()), ErrorCode::kInvoiceNotFound);
  EXPECT_EQ(other.status().message(), "invoice inv_1 not found");
}

TEST_P(InvoiceRepositoryTest, InvoiceNeedsACustomerOfTheSameAccount) {
  absl::Status missing = Insert(MakeInvoice("acct_a", "inv_1", "cus_9", At(0)));
  EXPECT_EQ(CodeOf(missing), ErrorCode::kCustomerNotFound);
  // cus_3 exists only in acct_c.
  ASSERT_OK(store_->Write(
      [](app::Transaction& t) { return t.customers().Insert(MakeCustomer("acct_c", "cus_3", At(0))); }));
  absl::Status foreign = Insert(MakeInvoice("acct_a", "inv_1", "cus_3", At(0)));
  EXPECT_EQ(CodeOf(foreign), ErrorCode::kCustomerNotFound);
  EXPECT_EQ(CountRows("invoices"), 0);
}

TEST_P(InvoiceRepositoryTest, TakenIdIsAlreadyExistsAndWritesNoLines) {
  ASSERT_OK(Insert(MakeInvoice("acct_a", "inv_1", "cus_1", At(0))));
  Invoice again = FullInvoice();
  absl::Status status = Insert(again);
  EXPECT_EQ(CodeOf(status), ErrorCode::kAlreadyExists);
  EXPECT_EQ(status.message(), "invoice inv_1 already exists");
  EXPECT_EQ(CountRows("invoice_line_items"), 0);
  // The same id in another account is a different invoice.
  Invoice elsewhere = MakeInvoice("acct_b", "inv_1", "cus_1", At(0));
  EXPECT_OK(Insert(elsewhere));
}

TEST_P(InvoiceRepositoryTest, UpdateRewritesTheRowAndReplacesTheLines) {
  ASSERT_OK(Insert(FullInvoice()));
  Invoice changed = FullInvoice();
  changed.customer_id = "cus_2";
  changed.status = InvoiceStatus::kCancelled;
  changed.pay_time.reset();
  changed.cancel_time = At(50);
  changed.notes = "";
  changed.line_items = {Line("Consulting", 2, 500)};
  changed.amount = 1000;
  changed.update_time = At(50);
  ASSERT_OK(store_->Write([&](app::Transaction& t) { return t.invoices().Update(changed); }));
  absl::StatusOr<Invoice> read = Get("acct_a", "inv_1");
  ASSERT_OK(read.status());
  ExpectSameInvoice(*read, changed);
  EXPECT_EQ(CountRows("invoice_line_items"), 1);
}

TEST_P(InvoiceRepositoryTest, UpdateOfAMissingInvoiceIsNotFound) {
  absl::Status status = store_->Write([](app::Transaction& t) {
    return t.invoices().Update(MakeInvoice("acct_a", "inv_9", "cus_1", At(0)));
  });
  EXPECT_EQ(CodeOf(status), ErrorCode::kInvoiceNotFound);
}

TEST_P(InvoiceRepositoryTest, UpdateToAnUnknownCustomerIsCustomerNotFound) {
  ASSERT_OK(Insert(MakeInvoice("acct_a", "inv_1", "cus_1", At(0))));
  Invoice changed = MakeInvoice("acct_a", "inv_1", "cus_9", At(0));
  absl::Status status = store_->Write([&](app::Transaction& t) { return t.invoices().Update(changed); });
  EXPECT_EQ(CodeOf(status), ErrorCode::kCustomerNotFound);
  EXPECT_EQ(Get("acct_a", "inv_1")->customer_id, "cus_1");
}

// Processing's last step, while it holds the number: the status and the
// number alone; the lines and the rest stay as written; the list totals
// follow the status; a number the account has is ALREADY_EXISTS.
TEST_P(InvoiceRepositoryTest, SetStatusAndNumberWritesOnlyThoseAndKeepsNumbersUnique) {
  Invoice draft = MakeInvoice("acct_a", "inv_1", "cus_1", At(0));
  draft.line_items = {Line("Consulting", 2, 500)};
  draft.amount = 1000;
  ASSERT_OK(Insert(draft));
  ASSERT_OK(Insert(MakeInvoice("acct_a", "inv_2", "cus_1", At(1))));
  Invoice issued = draft;
  issued.status = InvoiceStatus::kPending;
  issued.number = "INV-000001";
  issued.notes = "not written by SetStatusAndNumber";
  issued.line_items.clear();
  ASSERT_OK(store_->Write(
      [&](app::Transaction& t) { return t.invoices().SetStatusAndNumber(issued); }));
  absl::StatusOr<Invoice> read = Get("acct_a", "inv_1");
  ASSERT_OK(read.status());
  EXPECT_EQ(read->status, InvoiceStatus::kPending);
  EXPECT_EQ(read->number, "INV-000001");
  EXPECT_EQ(read->notes, draft.notes);
  ASSERT_EQ(read->line_items.size(), 1u);
  ExpectSameLine(read->line_items[0], draft.line_items[0]);
  absl::StatusOr<domain::Page<Invoice>> pending =
      List("acct_a", {.status = InvoiceStatus::kPending});
  ASSERT_OK(pending.status());
  EXPECT_EQ(pending->total_items, 1);
  EXPECT_EQ(List("acct_a", {.status = InvoiceStatus::kDraft})->total_items, 1);

  Invoice second = MakeInvoice("acct_a", "inv_2", "cus_1", At(1));
  second.status = InvoiceStatus::kPending;
  second.number = "INV-000001";
  absl::Status taken = store_->Write(
      [&](app::Transaction& t) { return t.invoices().SetStatusAndNumber(second); });
  EXPECT_EQ(CodeOf(taken), ErrorCode::kAlreadyExists);
  EXPECT_EQ(Get("acct_a", "inv_2")->status, InvoiceStatus::kDraft);
  Invoice missing = MakeInvoice("acct_a", "inv_9", "cus_1", At(0));
  missing.number = "INV-000009";
  EXPECT_EQ(CodeOf(store_->Write(
                [&](app::Transaction& t) { return t.invoices().SetStatusAndNumber(missing); })),
            ErrorCode::kInvoiceNotFound);
}

TEST_P(InvoiceRepositoryTest, DeleteRemovesTheInvoiceAndItsLines) {
  ASSERT_OK(Insert(FullInvoice()));
  ASSERT_OK(store_->Write([](app::Transaction& t) { return t.invoices().Delete("acct_a", "inv_1"); }));
  EXPECT_EQ(CodeOf(Get("acct_a", "inv_1").status()), ErrorCode::kInvoiceNotFound);
  EXPECT_EQ(CountRows("invoice_line_items"), 0);
  absl::Status again = store_->Write([](app::Transaction& t) { return t.invoices().Delete("acct_a", "inv_1"); });
  EXPECT_EQ(CodeOf(again), ErrorCode::kInvoiceNotFound);
}

TEST_P(InvoiceRepositoryTest, ListFiltersByCustomerAndStatusWithMatchingTotals) {
  struct Row {
    const char* id;
    const char* customer;
    InvoiceStatus status;
  };
  const Row rows[] = {{"inv_1", "cus_1", InvoiceStatus::kDraft},
                      {"inv_2", "cus_2", InvoiceStatus::kPending},
                      {"inv_3", "cus_1", InvoiceStatus::kPending},
                      {"inv_4", "cus_1", InvoiceStatus::kPaid},
                      {"inv_5", "cus_2", InvoiceStatus::kDraft}};
  int second = 0;
  for (const Row& row : rows) {
    Invoice invoice = MakeInvoice("acct_a", row.id, row.customer, At(second++));
    invoice.status = row.status;
    ASSERT_OK(Insert(invoice));
  }
  ASSERT_OK(Insert(MakeInvoice("acct_b", "inv_6", "cus_1", At(0))));  // other tenant

  absl::StatusOr<domain::Page<Invoice>> all = List("acct_a", {});
  ASSERT_OK(all.status());
  EXPECT_EQ(Ids(all->items), (std::vector<std::string>{"inv_1", "inv_2", "inv_3", "inv_4", "inv_5"}));
  EXPECT_EQ(all->total_items, 5);

  absl::StatusOr<domain::Page<Invoice>> of_customer = List("acct_a", {.customer_id = "cus_1"});
  EXPECT_EQ(Ids(of_customer->items), (std::vector<std::string>{"inv_1", "inv_3", "inv_4"}));
  EXPECT_EQ(of_customer->total_items, 3);

  absl::StatusOr<domain::Page<Invoice>> pending =
      List("acct_a", {.status = InvoiceStatus::kPending});
  EXPECT_EQ(Ids(pending->items), (std::vector<std::string>{"inv_2", "inv_3"}));
  EXPECT_EQ(pending->total_items, 2);

  absl::StatusOr<domain::Page<Invoice>> both =
      List("acct_a", {.customer_id = "cus_2", .status = InvoiceStatus::kDraft});
  EXPECT_EQ(Ids(both->items), (std::vector<std::string>{"inv_5"}));
  EXPECT_EQ(both->total_items, 1);

  // Page 2 of size 2 of the unfiltered list, total still counts every match.
  absl::StatusOr<domain::Page<Invoice>> page_two = List("acct_a", {}, 2, 2);
  EXPECT_EQ(Ids(page_two->items), (std::vector<std::string>{"inv_3", "inv_4"}));
  EXPECT_EQ(page_two->total_items, 5);
  EXPECT_EQ(page_two->total_pages(), 3);
}

TEST_P(InvoiceRepositoryTest, CursorPagesWalkTheListOnceInOrder) {
  // Three share a creation instant: the id breaks the tie, on both sides of
  // a page boundary.
  const char* ids[] = {"inv_a", "inv_c", "inv_b", "inv_d", "inv_e"};
  const int seconds[] = {1, 2, 2, 2, 3};
  for (int i = 0; i < 5; ++i) {
    Invoice invoice = MakeInvoice("acct_a", ids[i], i % 2 == 0 ? "cus_1" : "cus_2", At(seconds[i]));
    ASSERT_OK(Insert(invoice));
  }
  ASSERT_OK(Insert(MakeInvoice("acct_b", "inv_z", "cus_1", At(2))));  // other tenant
  std::vector<std::string> walked;
  domain::PageRequest request{.page = 1, .page_size = 2};
  int pages = 0;
  while (true) {
    absl::StatusOr<domain::Page<Invoice>> page = ReadResult(*store_, [&](app::Transaction& t) {
      return t.invoices().List("acct_a", {}, request);
    });
    ASSERT_OK(page.status());
    EXPECT_EQ(page->total_items, 5);
    for (const Invoice& invoice : page->items) walked.push_back(invoice.id);
    ++pages;
    if (!page->next.has_value()) break;
    ASSERT_EQ(page->next->id, page->items.back().id);
    request.after = page->next;
    request.skipped += static_cast<int64_t>(page->items.size());
  }
  EXPECT_EQ(walked, (std::vector<std::string>{"inv_a", "inv_b", "inv_c", "inv_d", "inv_e"}));
  EXPECT_EQ(pages, 3);

  // A page number (offset) lands on the same rows as the cursor did.
  absl::StatusOr<domain::Page<Invoice>> page_two = List("acct_a", {}, 2, 2);
  EXPECT_EQ(Ids(page_two->items), (std::vector<std::string>{"inv_c", "inv_d"}));
  ASSERT_TRUE(page_two->next.has_value());
  EXPECT_EQ(page_two->next->id, "inv_d");
  absl::StatusOr<domain::Page<Invoice>> last = List("acct_a", {}, 3, 2);
  EXPECT_FALSE(last->next.has_value());
}

TEST_P(InvoiceRepositoryTest, TotalsFollowEveryWriteWithoutRecounting) {
  ASSERT_OK(Insert(MakeInvoice("acct_a", "inv_1", "cus_1", At(0))));
  ASSERT_OK(Insert(MakeInvoice("acct_a", "inv_2", "cus_1", At(1))));
  ASSERT_OK(Insert(MakeInvoice("acct_a", "inv_3", "cus_2", At(2))));
  // inv_1 processed, inv_2 moved to another customer, inv_3 deleted.
  ASSERT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
    absl::StatusOr<Invoice> one = t.invoices().Get("acct_a", "inv_1");
    if (!one.ok()) return one.status();
    one->status = InvoiceStatus::kPending;
    if (absl::Status s = t.invoices().Update(*one); !s.ok()) return s;
    absl::StatusOr<Invoice> two = t.invoices().Get("acct_a", "inv_2");
    if (!two.ok()) return two.status();
    two->customer_id = "cus_2";
    if (absl::Status s = t.invoices().Update(*two); !s.ok()) return s;
    return t.invoices().Delete("acct_a", "inv_3");
  }));
  // A write that fails leaves the totals as they were.
  EXPECT_FALSE(Insert(MakeInvoice("acct_a", "inv_1", "cus_1", At(5))).ok());

  auto total = [&](InvoiceFilter filter) {
    absl::StatusOr<domain::Page<Invoice>> page = List("acct_a", filter);
    EXPECT_OK(page.status());
    EXPECT_EQ(static_cast<int64_t>(page->items.size()), page->total_items);
    return page->total_items;
  };
  EXPECT_EQ(total({}), 2);
  EXPECT_EQ(total({.customer_id = "cus_1"}), 1);
  EXPECT_EQ(total({.customer_id = "cus_2"}), 1);
  EXPECT_EQ(total({.status = InvoiceStatus::kPending}), 1);
  EXPECT_EQ(total({.status = InvoiceStatus::kDraft}), 1);
  EXPECT_EQ(total({.customer_id = "cus_1", .status = InvoiceStatus::kPending}), 1);
  EXPECT_EQ(total({.customer_id = "cus_1", .status = InvoiceStatus::kDraft}), 0);
  EXPECT_EQ(total({.customer_id = "cus_2", .status = InvoiceStatus::kDraft}), 1);
  absl::StatusOr<domain::Page<Invoice>> other = List("acct_b", {});
  EXPECT_EQ(other->total_items, 0);
}

TEST_P(InvoiceRepositoryTest, ListedInvoicesCarryTheirLines) {
  ASSERT_OK(Insert(FullInvoice()));
  absl::StatusOr<domain::Page<Invoice>> page = List("acct_a", {});
  ASSERT_OK(page.status());
  ASSERT_EQ(page->items.size(), 1u);
  ExpectSameInvoice(page->items[0], FullInvoice());
}

TEST_P(InvoiceRepositoryTest, ListedPageReadsEachInvoicesOwnLinesAndEmailInOrder) {
  // A page of several invoices reads all their lines (and emails) at once:
  // each must still get its own, in position order, and none where it has none.
  Invoice full = FullInvoice();
  full.delivery = domain::InvoiceDelivery{.status = domain::InvoiceDeliveryStatus::kFailed,
                                          .attempts = 3,
                                          .queue_time = At(11),
                                          .sent_time = At(12),
                                          .last_error = "550 mailbox unavailable"};
  Invoice no_lines = MakeInvoice("acct_a", "inv_2", "cus_2", At(1));
  no_lines.line_items.clear();
  no_lines.amount = 500;
  Invoice many = MakeInvoice("acct_a", "inv_3", "cus_1", At(2));
  many.line_items = {Line("zeta", 1, 300), Line("alpha", 2, 100), Line("mid", 3, 1)};
  many.amount = 300 + 200 + 3;
  many.status = InvoiceStatus::kPending;
  many.process_time = At(2);
  many.delivery = domain::InvoiceDelivery{.status = domain::InvoiceDeliveryStatus::kQueued,
                                          .attempts = 0,
                                          .queue_time = At(2),
                                          .next_attempt_time = At(3)};
  Invoice other_account = MakeInvoice("acct_b", "inv_3b", "cus_1", At(2));
  other_account.line_items = {Line("not mine", 1, 1)};
  other_account.amount = 1;
  for (const Invoice* invoice : {&full, &no_lines, &many, &other_account}) {
    ASSERT_OK(Insert(*invoice));
  }
  for (const Invoice* invoice : {&full, &many}) {  // an email is stored by an update
    ASSERT_OK(store_->Write([&](app::Transaction& t) { return t.invoices().Update(*invoice); }));
  }
  absl::StatusOr<domain::Page<Invoice>> page = List("acct_a", {});
  ASSERT_OK(page.status());
  ASSERT_EQ(Ids(page->items), (std::vector<std::string>{"inv_1", "inv_2", "inv_3"}));
  const Invoice* expected[] = {&full, &no_lines, &many};
  for (size_t i = 0; i < page->items.size(); ++i) {
    ExpectSameInvoice(page->items[i], *expected[i]);
    const domain::InvoiceDelivery& got = page->items[i].delivery;
    const domain::InvoiceDelivery& want = expected[i]->delivery;
    EXPECT_EQ(got.status, want.status) << i;
    EXPECT_EQ(got.attempts, want.attempts) << i;
    EXPECT_EQ(got.queue_time, want.queue_time) << i;
    EXPECT_EQ(got.next_attempt_time, want.next_attempt_time) << i;
    EXPECT_EQ(got.sent_time, want.sent_time) << i;
    EXPECT_EQ(got.last_error, want.last_error) << i;
  }
}

TEST_P(InvoiceRepositoryTest, ProcessedInvoicesAreThoseEverProcessed) {
  // A cancelled invoice counts when it was processed first: its revenue
  // before the cancellation stays in the reports.
  struct Row {
    const char* id;
    InvoiceStatus status;
    bool processed;
  };
  const Row rows[] = {{"inv_draft", InvoiceStatus::kDraft, false},
                      {"inv_pending", InvoiceStatus::kPending, true},
                      {"inv_paid", InvoiceStatus::kPaid, true},
                      {"inv_cancelled_draft", InvoiceStatus::kCancelled, false},
                      {"inv_cancelled_pending", InvoiceStatus::kCancelled, true}};
  int second = 0;
  for (const Row& row : rows) {
    Invoice invoice = MakeInvoice("acct_a", row.id, "cus_1", At(second++));
    invoice.status = row.status;
    if (row.processed) invoice.process_time = At(100);
    invoice.line_items = {Line("Work", 1, 1200)};
    ASSERT_OK(Insert(invoice));
  }
  Invoice other_customer = MakeInvoice("acct_a", "inv_other", "cus_2", At(10));
  other_customer.status = InvoiceStatus::kPaid;
  other_customer.process_time = At(100);
  ASSERT_OK(Insert(other_customer));
  Invoice other_account = MakeInvoice("acct_b", "inv_b", "cus_1", At(10));
  other_account.status = InvoiceStatus::kPaid;
  other_account.process_time = At(100);
  ASSERT_OK(Insert(other_account));

  absl::StatusOr<std::vector<Invoice>> all =
      ReadResult(*store_, [](app::Transaction& t) { return t.invoices().ListProcessed("acct_a", ""); });
  ASSERT_OK(all.status());
  EXPECT_EQ(Ids(*all), (std::vector<std::string>{"inv_pending", "inv_paid", "inv_cancelled_pending",
                                                 "inv_other"}));
  ASSERT_FALSE(all->empty());
  EXPECT_EQ((*all)[0].line_items.size(), 1u);  // the revenue report needs the lines

  absl::StatusOr<std::vector<Invoice>> one =
      ReadResult(*store_, [](app::Transaction& t) { return t.invoices().ListProcessed("acct_a", "cus_2"); });
  ASSERT_OK(one.status());
  EXPECT_EQ(Ids(*one), (std::vector<std::string>{"inv_other"}));
}

TEST_P(InvoiceRepositoryTest, StreamedProcessedInvoicesAreTheListedOnesAcrossBatches) {
  // More than two of the adapters' batches (500), with shared timestamps at
  // batch edges, drafts in between, and several lines each.
  ASSERT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
    for (int i = 0; i < 1203; ++i) {
      Invoice invoice = MakeInvoice("acct_a", absl::StrCat("inv_", 10000 + i),
                                    i % 3 == 0 ? "cus_2" : "cus_1", At(i / 7));
      invoice.status = i % 5 == 0 ? InvoiceStatus::kDraft
                                  : (i % 2 == 0 ? InvoiceStatus::kPaid : InvoiceStatus::kPending);
      if (invoice.status != InvoiceStatus::kDraft) invoice.process_time = At(i / 7);
      invoice.line_items = {Line("a", 1, 100), Line(absl::StrCat("b", i), 2, 50)};
      invoice.amount = 200;
      if (absl::Status s = t.invoices().Insert(invoice); !s.ok()) return s;
    }
    return absl::OkStatus();
  }));
  for (const char* customer : {"", "cus_2"}) {
    absl::StatusOr<std::vector<Invoice>> listed = ReadResult(
        *store_, [&](app::Transaction& t) { return t.invoices().ListProcessed("acct_a", customer); });
    ASSERT_OK(listed.status());
    std::vector<Invoice> streamed;
    ASSERT_OK(store_->Read([&](app::Transaction& t) {
      return t.invoices().ForEachProcessed("acct_a", customer, [&](const Invoice& invoice) {
        streamed.push_back(invoice);
        return absl::OkStatus();
      });
    }));
    EXPECT_EQ(Ids(streamed), Ids(*listed)) << customer;
    EXPECT_GT(streamed.size(), 200u);
    for (size_t i = 0; i < streamed.size() && i < listed->size(); ++i) {
      ExpectSameInvoice(streamed[i], (*listed)[i]);
    }
  }
  // The visitor's error ends the walk and is returned.
  int visited = 0;
  absl::Status stopped = store_->Read([&](app::Transaction& t) {
    return t.invoices().ForEachProcessed("acct_a", "", [&](const Invoice&) {
      return ++visited == 3 ? absl::CancelledError("enough") : absl::OkStatus();
    });
  });
  EXPECT_EQ(stopped.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(visited, 3);
}

TEST_P(InvoiceRepositoryTest, TheRevenueReadGivesWhatWholeInvoicesGiveToTheMinorUnit) {
  // Across batches (500), with shared timestamps at their edges: currencies,
  // exclusive, inclusive and exempt tax, discounts, month-spanning service
  // periods, lines without one, invoices without lines, cancellations with
  // and without a cancel time, write-offs, drafts, credit notes.
  const domain::TaxRateTerms vat{.percentage = 200000};
  const domain::TaxRateTerms inclusive{.percentage = 100000, .inclusive = true};
  const domain::TaxRateTerms exempt{.category = domain::TaxCategory::kExempt,
                                    .exemption_reason = "Exempt supply",
                                    .exemption_reason_code = "VATEX-EU-132"};
  const char* currencies[] = {"EUR", "USD", "JPY"};
  std::vector<domain::CreditNote> notes;
  ASSERT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
    for (int i = 0; i < 1103; ++i) {
      Invoice invoice = MakeInvoice("acct_a", absl::StrCat("inv_", 20000 + (i * 7919) % 100000),
                                    i % 3 == 0 ? "cus_2" : "cus_1", At(i / 7));
      invoice.currency = currencies[i % 3];
      const InvoiceStatus statuses[] = {InvoiceStatus::kDraft, InvoiceStatus::kPending,
                                        InvoiceStatus::kPaid, InvoiceStatus::kCancelled,
                                        InvoiceStatus::kUncollectible};
      invoice.status = statuses[i % 5];
      if (invoice.status != InvoiceStatus::kDraft && i % 11 != 0) {
        invoice.process_time = At(86400 * (i % 40));
      }
      invoice.update_time = At(86400 * (i % 40 + 17));
      if (invoice.status == InvoiceStatus::kCancelled && i % 2 == 0) {
        invoice.cancel_time = At(86400 * (i % 40 + 9));
      }
      if (i % 13 != 0) {
        LineItem spread = Line(absl::StrCat("Plan ", i), 1 + i % 4, 1000 + i);
        spread.service_period_start = absl::CivilDay(2026, 1 + i % 12, 1 + i % 28);
        spread.service_period_end = *spread.service_period_start + 30 + i % 200;
        spread.discount_amount = i % 4 == 0 ? 7 : 0;
        LineItem once = Line("Setup", 1, 300 + i % 50);
        LineItem free = Line("Free", 1, 0);
        const int terms = i % 4;
        for (LineItem* line : {&spread, &once, &free}) {
          if (terms == 1) line->tax_rate = vat;
          if (terms == 2) line->tax_rate = inclusive;
          if (terms == 3) line->tax_rate = exempt;
        }
        invoice.line_items = {spread, once};
        if (i % 5 == 1) invoice.line_items.push_back(free);
      }
      invoice.amount = 0;
      for (const LineItem& line : invoice.line_items) invoice.amount += line.amount;
      if (invoice.line_items.empty()) invoice.amount = 1200 + i;
      if (i % 6 == 1) {
        notes.push_back(domain::CreditNote{.invoice_id = invoice.id,
                                           .amount = 250 + i,
                                           .date = absl::CivilDay(2026, 1 + i % 12, 15),
                                           .tax_amount = i % 4 == 1 ? 40 : 0});
      }
      if (absl::Status s = t.invoices().Insert(invoice); !s.ok()) return s;
    }
    Invoice other = MakeInvoice("acct_b", "inv_b", "cus_1", At(3));
    other.status = InvoiceStatus::kPaid;
    other.process_time = At(3);
    return t.invoices().Insert(other);
  }));
  const absl::CivilDay from(2026, 1, 1), to(2027, 12, 31);
  for (const char* customer : {"", "cus_2"}) {
    absl::StatusOr<std::vector<Invoice>> whole = ReadResult(
        *store_, [&](app::Transaction& t) { return t.invoices().ListProcessed("acct_a", customer); });
    ASSERT_OK(whole.status());
    std::map<std::string, std::vector<domain::RevenuePiece>> expected, actual;
    for (const Invoice& invoice : *whole) {
      expected[invoice.id] = domain::RevenuePieces(invoice, notes);
    }
    ASSERT_OK(store_->Read([&](app::Transaction& t) {
      return t.invoices().ForEachRevenueInvoice("acct_a", customer, [&](const Invoice& invoice) {
        EXPECT_FALSE(actual.contains(invoice.id)) << invoice.id << " visited twice";
        actual[invoice.id] = domain::RevenuePieces(invoice, notes);
        return absl::OkStatus();
      });
    }));
    EXPECT_GT(actual.size(), customer[0] == '\0' ? 500u : 200u) << customer;  // "": 2 batches
    EXPECT_EQ(actual, expected) << customer;
    std::vector<domain::RevenuePiece> expected_all, actual_all;
    for (const auto& [id, pieces] : expected) {
      expected_all.insert(expected_all.end(), pieces.begin(), pieces.end());
    }
    for (const auto& [id, pieces] : actual) {
      actual_all.insert(actual_all.end(), pieces.begin(), pieces.end());
    }
    const std::vector<domain::CurrencyRevenue> schedule =
        domain::CalculateAdjustedRevenue(actual_all, from, to);
    EXPECT_EQ(schedule.size(), customer[0] == '\0' ? 3u : 1u);
    EXPECT_EQ(schedule, domain::CalculateAdjustedRevenue(expected_all, from, to)) << customer;
  }
  // The visitor's error ends the walk and is returned.
  int visited = 0;
  absl::Status stopped = store_->Read([&](app::Transaction& t) {
    return t.invoices().ForEachRevenueInvoice("acct_a", "", [&](const Invoice&) {
      return ++visited == 3 ? absl::CancelledError("enough") : absl::OkStatus();
    });
  });
  EXPECT_EQ(stopped.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(visited, 3);
}

TEST_P(InvoiceRepositoryTest, TheTaxReportReadsOnlyInvoicesProcessedCancelledOrCreditedInItsWindow) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  auto day = [&](int d, int hour = 12) {
    return absl::FromCivil(absl::CivilSecond(2026, 1, d, hour, 0, 0), utc);
  };
  const absl::Time from = day(10, 0), until = day(11, 0);
  ASSERT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
    auto add = [&](std::string account, std::string id, std::optional<absl::Time> processed,
                   InvoiceStatus status, std::optional<absl::Time> cancelled = std::nullopt) {
      Invoice invoice = MakeInvoice(std::move(account), std::move(id), "cus_1", day(1));
      invoice.status = status;
      invoice.process_time = processed;
      invoice.cancel_time = cancelled;
      invoice.line_items = {Line("Work", 1, 1000)};
      invoice.amount = 1000;
      return t.invoices().Insert(invoice);
    };
    auto credit = [&](std::string id, std::string invoice_id, absl::Time when) {
      domain::CreditNote note;
      note.account_id = "acct_a";
      note.id = id;
      note.number = id;
      note.invoice_id = std::move(invoice_id);
      note.customer_id = "cus_1";
      note.currency = "USD";
      note.amount = 100;
      note.date = absl::ToCivilDay(when, utc);
      note.create_time = when;
      return t.credit_notes().Insert(note);
    };
    for (absl::Status s : {
             add("acct_a", "inv_in", day(10), InvoiceStatus::kPending),
             add("acct_a", "inv_before", day(1), InvoiceStatus::kPaid),
             add("acct_a", "inv_at_end", until, InvoiceStatus::kPending),
             add("acct_a", "inv_cancelled_in", day(1), InvoiceStatus::kCancelled, day(10, 23)),
             add("acct_a", "inv_cancelled_after", day(1), InvoiceStatus::kCancelled, day(12)),
             add("acct_a", "inv_credited_in", day(1), InvoiceStatus::kPending),
             add("acct_a", "inv_credited_after", day(1), InvoiceStatus::kPending),
             add("acct_a", "inv_draft", std::nullopt, InvoiceStatus::kDraft),
             add("acct_b", "inv_other_account", day(10), InvoiceStatus::kPending),
         }) {
      if (!s.ok()) return s;
    }
    if (absl::Status s = credit("cn_in", "inv_credited_in", day(10, 0)); !s.ok()) return s;
    return credit("cn_after", "inv_credited_after", day(12));
  }));
  std::vector<Invoice> read;
  ASSERT_OK(store_->Read([&](app::Transaction& t) {
    return t.invoices().ForEachProcessedActiveIn("acct_a", from, until, [&](const Invoice& invoice) {
      read.push_back(invoice);
      return absl::OkStatus();
    });
  }));
  EXPECT_EQ(Ids(read),
            (std::vector<std::string>{"inv_cancelled_in", "inv_credited_in", "inv_in"}))
      << "oldest first, then by id";
  ASSERT_FALSE(read.empty());
  EXPECT_EQ(read[0].line_items.size(), 1u);  // the report needs the lines
}

domain::LedgerEntry Entry(std::string id, std::string kind, int64_t amount, absl::Time time) {
  return domain::LedgerEntry{.account_id = "acct_a",
                             .id = std::move(id),
                             .customer_id = "cus_1",
                             .invoice_id = "inv_1",
                             .kind = std::move(kind),
                             .amount = amount,
                             .currency = "USD",
                             .create_time = time};
}

TEST_P(InvoiceRepositoryTest, LedgerEntriesReadBackInTheOrderTheyHappened) {
  ASSERT_OK(Insert(MakeInvoice("acct_a", "inv_1", "cus_1", At(0))));
  // Same timestamp: insertion order decides, not the (random) id.
  std::vector<domain::LedgerEntry> entries = {Entry("led_z", "invoice_processed", 1200, At(5)),
                                              Entry("led_a", "payment_received", -1200, At(5))};
  for (const domain::LedgerEntry& entry : entries) {
    ASSERT_OK(store_->Write([&](app::Transaction& t) { return t.ledger().Insert(entry); }));
  }
  absl::StatusOr<std::vector<domain::LedgerEntry>> read = ReadResult(
      *store_, [](app::Transaction& t) { return t.ledger().ListForInvoice("acct_a", "inv_1"); });
  ASSERT_OK(read.status());
  ASSERT_EQ(read->size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ((*read)[i].id, entries[i].id);
    EXPECT_EQ((*read)[i].account_id, "acct_a");
    EXPECT_EQ((*read)[i].customer_id, "cus_1");
    EXPECT_EQ((*read)[i].invoice_id, "inv_1");
    EXPECT_EQ((*read)[i].kind, entries[i].kind);
    EXPECT_EQ((*read)[i].amount, entries[i].amount);
    EXPECT_EQ((*read)[i].currency, "USD");
    EXPECT_EQ((*read)[i].create_time, At(5));
  }
  absl::StatusOr<std::vector<domain::LedgerEntry>> other = ReadResult(
      *store_, [](app::Transaction& t) { return t.ledger().ListForInvoice("acct_b", "inv_1"); });
  EXPECT_TRUE(other->empty());
}

// The aging report's sums (domain::AgingReport): as of a cutoff, per
// customer, currency and due date, what is owed apart from what is owing,
// so that an overpaid invoice ages as current and does not hide another
// one's late amount of the same due date; later entries and drafts count
// for nothing.
TEST_P(InvoiceRepositoryTest, OpenAmountsAsOfACutoffKeepOwedAndOwingApart) {
  auto processed = [&](std::string id, absl::CivilDay due) {
    Invoice invoice = MakeInvoice("acct_a", std::move(id), "cus_1", At(0));
    invoice.status = InvoiceStatus::kPending;
    invoice.process_time = At(0);
    invoice.due_date = due;
    return Insert(invoice);
  };
  const absl::CivilDay due(2026, 2, 1), later_due(2026, 3, 1);
  ASSERT_OK(processed("inv_1", due));
  ASSERT_OK(processed("inv_2", due));
  ASSERT_OK(processed("inv_3", later_due));
  ASSERT_OK(Insert(MakeInvoice("acct_a", "inv_draft", "cus_1", At(0))));
  auto entry = [](std::string id, std::string invoice, int64_t amount, absl::Time when) {
    domain::LedgerEntry e = Entry(std::move(id), "invoice_processed", amount, when);
    e.invoice_id = std::move(invoice);
    return e;
  };
  for (const domain::LedgerEntry& e :
       {entry("led_1", "inv_1", 1000, At(1)), entry("led_2", "inv_2", 500, At(1)),
        entry("led_3", "inv_2", -700, At(2)), entry("led_4", "inv_3", 300, At(1)),
        entry("led_5", "inv_3", -300, At(5))}) {
    ASSERT_OK(store_->Write([&](app::Transaction& t) { return t.ledger().Insert(e); }));
  }
  absl::StatusOr<std::vector<domain::OpenItem>> items =
      ReadResult(*store_, [](app::Transaction& t) {
        return t.ledger().OpenAmountsBefore("acct_a", At(3));
      });
  ASSERT_OK(items.status());
  std::vector<std::tuple<std::string, std::string, absl::CivilDay, int64_t>> read;
  for (const domain::OpenItem& item : *items) {
    read.emplace_back(item.customer_id, item.currency, item.due_date, item.amount);
  }
  std::sort(read.begin(), read.end());
  EXPECT_EQ(read, (std::vector<std::tuple<std::string, std::string, absl::CivilDay, int64_t>>{
                      {"cus_1", "USD", due, -200},
                      {"cus_1", "USD", due, 1000},
                      {"cus_1", "USD", later_due, 300}}))
      << "inv_3's payment came after the cutoff";
  absl::StatusOr<std::vector<domain::OpenItem>> other =
      ReadResult(*store_, [](app::Transaction& t) {
        return t.ledger().OpenAmountsBefore("acct_b", At(3));
      });
  ASSERT_OK(other.status());
  EXPECT_TRUE(other->empty());
}

// The balance a booking reads is kept with the entries (customer_balances);
// it must stay the ledger's sum, per customer and currency, through
// rolled-back writes, and fail rather than wrap on an overflow.
TEST_P(InvoiceRepositoryTest, RunningBalancesStayTheLedgersSums) {
  ASSERT_OK(Insert(MakeInvoice("acct_a", "inv_1", "cus_1", At(0))));
  ASSERT_OK(Insert(MakeInvoice("acct_a", "inv_2", "cus_2", At(0))));
  auto entry = [](std::string id, std::string customer, std::string invoice, int64_t amount,
                  std::string currency) {
    domain::LedgerEntry e = Entry(std::move(id), "invoice_processed", amount, At(1));
    e.customer_id = std::move(customer);
    e.invoice_id = std::move(invoice);
    e.currency = std::move(currency);
    return e;
  };
  std::vector<domain::LedgerEntry> entries = {
      entry("led_1", "cus_1", "inv_1", 1200, "USD"), entry("led_2", "cus_1", "inv_1", -200, "USD"),
      entry("led_3", "cus_1", "inv_1", 999, "EUR"),  entry("led_4", "cus_2", "inv_2", 50, "USD"),
      entry("led_5", "cus_1", "inv_1", -1000, "USD")};
  for (const domain::LedgerEntry& e : entries) {
    ASSERT_OK(store_->Write([&](app::Transaction& t) { return t.ledger().Insert(e); }));
  }
  // Rolled back: neither the entry nor its balance change remains.
  absl::Status failed = store_->Write([&](app::Transaction& t) -> absl::Status {
    if (absl::Status s = t.ledger().Insert(entry("led_6", "cus_1", "inv_1", 7, "USD")); !s.ok()) {
      return s;
    }
    return t.ledger().Insert(entries[0]);  // a taken id
  });
  EXPECT_EQ(CodeOf(failed), ErrorCode::kAlreadyExists);

  auto balances = [&](const std::string& customer, int64_t first_entries) {
    std::vector<std::string> shown;
    absl::StatusOr<std::vector<domain::CurrencyBalance>> read =
        ReadResult(*store_, [&](app::Transaction& t) {
          return t.ledger().Balances("acct_a", customer, first_entries);
        });
    EXPECT_OK(read.status());
    if (read.ok()) {
      for (const auto& b : *read) shown.push_back(absl::StrCat(b.currency, " ", b.amount));
    }
    return shown;
  };
  constexpr int64_t kAll = app::LedgerRepository::kAllEntries;
  // A zero balance keeps its currency, as the ledger's sum does.
  EXPECT_EQ(balances("cus_1", kAll), (std::vector<std::string>{"EUR 999", "USD 0"}));
  EXPECT_EQ(balances("cus_2", kAll), (std::vector<std::string>{"USD 50"}));
  // The summing path (a statement page's opening balances) agrees.
  EXPECT_EQ(balances("cus_1", kAll), balances("cus_1", kAll - 1));
  EXPECT_EQ(balances("cus_2", kAll), balances("cus_2", kAll - 1));

  ASSERT_OK(store_->Write([&](app::Transaction& t) {
    return t.ledger().Insert(entry("led_7", "cus_2", "inv_2", INT64_MAX - 50, "USD"));
  }));
  absl::Status overflow = store_->Write([&](app::Transaction& t) {
    return t.ledger().Insert(entry("led_8", "cus_2", "inv_2", 1, "USD"));
  });
  EXPECT_FALSE(overflow.ok()) << "a balance past INT64_MAX must fail, not wrap or round";
  EXPECT_EQ(balances("cus_2", kAll), (std::vector<std::string>{absl::StrCat("USD ", INT64_MAX)}));
}

TEST_P(InvoiceRepositoryTest, OutboxMessagesAreKeptPerAccount) {
  domain::OutboxMessage message{.account_id = "acct_a",
                                .id = "msg_1",
                                .topic = "invoice.send",
                                .payload = R"({"invoice_id":"inv_1"})",
                                .create_time = At(7)};
  ASSERT_OK(store_->Write([&](app::Transaction& t) { return t.outbox().Insert(message); }));
  absl::StatusOr<std::vector<domain::OutboxMessage>> read =
      ReadResult(*store_, [](app::Transaction& t) { return t.outbox().List("acct_a"); });
  ASSERT_OK(read.status());
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ((*read)[0].id, "msg_1");
  EXPECT_EQ((*read)[0].topic, "invoice.send");
  EXPECT_EQ((*read)[0].payload, message.payload);
  EXPECT_EQ((*read)[0].create_time, At(7));
  EXPECT_TRUE(ReadResult(*store_, [](app::Transaction& t) { return t.outbox().List("acct_b"); })
                  ->empty());
  absl::Status duplicate =
      store_->Write([&](app::Transaction& t) { return t.outbox().Insert(message); });
  EXPECT_EQ(CodeOf(duplicate), ErrorCode::kAlreadyExists);
}

TEST_P(InvoiceRepositoryTest, ProcessingThatFailsHalfwayLeavesTheInvoiceAsItWas) {
  // What the app does to process an invoice: update it, record the
  // receivable, queue the notification, all in one Write. If the last step
  // fails, none of it may remain.
  ASSERT_OK(Insert(MakeInvoice("acct_a", "inv_1", "cus_1", At(0))));
  ASSERT_OK(store_->Write([](app::Transaction& t) {
    return t.outbox().Insert({.account_id = "acct_a", .id = "msg_taken", .topic = "t",
                                   .payload = "{}", .create_time = At(0)});
  }));
  Invoice processed = MakeInvoice("acct_a", "inv_1", "cus_1", At(0));
  processed.status = InvoiceStatus::kPending;
  processed.process_time = At(9);
  absl::Status status = store_->Write([&](app::Transaction& t) -> absl::Status {
    if (absl::Status s = t.invoices().Update(processed); !s.ok()) return s;
    if (absl::Status s = t.ledger().Insert(Entry("led_1", "invoice_processed", 1200, At(9)));
        !s.ok()) {
      return s;
    }
    return t.outbox().Insert({.account_id = "acct_a", .id = "msg_taken",
                                   .topic = "invoice.send", .payload = "{}",
                                   .create_time = At(9)});
  });
  EXPECT_EQ(CodeOf(status), ErrorCode::kAlreadyExists);
  absl::StatusOr<Invoice> read = Get("acct_a", "inv_1");
  EXPECT_EQ(read->status, InvoiceStatus::kDraft);
  EXPECT_FALSE(read->process_time.has_value());
  EXPECT_EQ(CountRows("ledger_entries"), 0);
  EXPECT_EQ(CountRows("customer_balances"), 0);
  EXPECT_EQ(CountRows("outbox_messages"), 1);
}

// Overdue on a day: pending, something due, due before it. The scan's
// candidates are those without their event claimed, of every account, and
// a claim succeeds once.
TEST_P(InvoiceRepositoryTest, OverdueFilterCandidatesAndTheEventClaimedOnce) {
  const absl::CivilDay today(2026, 3, 10);
  auto pending = [&](const char* account, const char* id, absl::CivilDay due, int64_t paid) {
    Invoice invoice = MakeInvoice(account, id, "cus_1", At(std::string_view(id).back() - '0'));
    invoice.status = InvoiceStatus::kPending;
    invoice.due_date = due;
    invoice.amount_paid = paid;
    return invoice;
  };
  ASSERT_OK(Insert(pending("acct_a", "inv_1", today - 1, 0)));         // overdue
  ASSERT_OK(Insert(pending("acct_a", "inv_2", today, 0)));             // due today
  Invoice settled = pending("acct_a", "inv_3", today - 5, 0);
  settled.amount_paid = settled.amount;                                // nothing due
  ASSERT_OK(Insert(settled));
  Invoice paid = pending("acct_a", "inv_4", today - 5, 0);
  paid.status = InvoiceStatus::kPaid;
  ASSERT_OK(Insert(paid));
  ASSERT_OK(Insert(pending("acct_b", "inv_5", today - 30, 0)));        // another account's
  Invoice written_off = pending("acct_a", "inv_6", today - 5, 0);     // uncollectible: not late
  written_off.status = InvoiceStatus::kUncollectible;
  ASSERT_OK(Insert(written_off));

  absl::StatusOr<domain::Page<Invoice>> late = List("acct_a", {.overdue = true, .today = today});
  ASSERT_OK(late.status());
  EXPECT_EQ(Ids(late->items), std::vector<std::string>{"inv_1"});
  EXPECT_EQ(late->total_items, 1);
  absl::StatusOr<domain::Page<Invoice>> others =
      List("acct_a", {.overdue = false, .today = today});
  ASSERT_OK(others.status());
  EXPECT_EQ(Ids(others->items), (std::vector<std::string>{"inv_2", "inv_3", "inv_4", "inv_6"}));
  EXPECT_EQ(others->total_items, 4);

  auto candidates = [&](absl::CivilDay due_before) {
    return ReadResult(*store_, [&](app::Transaction& t) {
      return t.invoices().ListOverdueEventCandidates(due_before, std::nullopt, 10);
    });
  };
  auto ids = [](const std::vector<app::InvoiceKey>& keys) {
    std::vector<std::string> out;
    for (const app::InvoiceKey& key : keys) out.push_back(key.account_id + "/" + key.id);
    return out;
  };
  absl::StatusOr<std::vector<app::InvoiceKey>> found = candidates(today);
  ASSERT_OK(found.status());
  EXPECT_EQ(ids(*found), (std::vector<std::string>{"acct_a/inv_1", "acct_b/inv_5"}));

  auto claim = [&](const char* account, const char* id) {
    bool claimed = false;
    EXPECT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
      absl::StatusOr<bool> result = t.invoices().ClaimOverdueEvent(account, id, At(99));
      if (!result.ok()) return result.status();
      claimed = *result;
      return absl::OkStatus();
    }));
    return claimed;
  };
  EXPECT_TRUE(claim("acct_a", "inv_1"));
  EXPECT_FALSE(claim("acct_a", "inv_1")) << "claimed once only";
  found = candidates(today + 30);
  ASSERT_OK(found.status());
  EXPECT_EQ(ids(*found), (std::vector<std::string>{"acct_a/inv_2", "acct_b/inv_5"}))
      << "a claimed invoice is no candidate, whatever the day";
}

INSTANTIATE_TEST_SUITE_P(Backends, InvoiceRepositoryTest,
                         ::testing::Values(billing::testing::Backend::kSqlite,
                                           billing::testing::Backend::kPostgres),
                         billing::testing::BackendName);

}  // namespace
}  // namespace billing::storage
