// Events on both backends: the list newest first, events of one instant in
// the order they were written, paged by number (offset) or after a cursor
// (keyset), filtered by type and resource, one account's only.

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "app/ports/store.h"
#include "domain/event.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using app::EventFilter;
using domain::Event;
using testing::At;
using testing::ReadResult;

Event MakeEvent(std::string account_id, std::string id, std::string type,
                std::string resource_id, absl::Time create_time) {
  return Event{.account_id = std::move(account_id),
               .id = std::move(id),
               .type = std::move(type),
               .resource_id = std::move(resource_id),
               .data_json = "{}",
               .create_time = create_time};
}

class EventRepositoryTest : public testing::StoreTest {
 protected:
  // Writes `events` in one transaction, in that order.
  absl::Status Insert(const std::vector<Event>& events) {
    return store_->Write([&](app::Transaction& t) -> absl::Status {
      for (const Event& event : events) {
        if (absl::Status status = t.events().Insert(event); !status.ok()) return status;
      }
      return absl::OkStatus();
    });
  }
  absl::StatusOr<domain::Page<Event>> List(const std::string& account, const EventFilter& filter,
                                           const domain::PageRequest& request) {
    return ReadResult(*store_,
                      [&](app::Transaction& t) { return t.events().List(account, filter, request); });
  }
  // Every page from the first, each continued after the previous one's
  // cursor, as page tokens do; the ids in the order walked.
  std::vector<std::string> WalkByCursor(const std::string& account, const EventFilter& filter,
                                        int page_size, int64_t total, int& pages) {
    std::vector<std::string> walked;
    domain::PageRequest request{.page = 1, .page_size = page_size};
    pages = 0;
    while (pages < 100) {
      absl::StatusOr<domain::Page<Event>> page = List(account, filter, request);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      EXPECT_EQ(page->total_items, total);
      for (const Event& event : page->items) walked.push_back(event.id);
      ++pages;
      if (!page->next.has_value()) break;
      EXPECT_EQ(page->next->id, page->items.back().id);
      EXPECT_EQ(page->next->create_time_us, absl::ToUnixMicros(page->items.back().create_time));
      request.after = page->next;
      request.skipped += static_cast<int64_t>(page->items.size());
    }
    return walked;
  }
  static std::vector<std::string> Ids(const domain::Page<Event>& page) {
    std::vector<std::string> ids;
    for (const Event& event : page.items) ids.push_back(event.id);
    return ids;
  }

  // acct_a: evt_1 at 1 s; then, in one transaction at 2 s, evt_z, evt_m,
  // evt_b (ids out of alphabetical order, so that only the write order can
  // put them right); then evt_y at 3 s and evt_x, evt_c at 4 s (another
  // transaction sharing an instant). acct_b: one at 2 s.
  void InsertSample() {
    ASSERT_OK(Insert({MakeEvent("acct_a", "evt_1", "customer.created", "cus_1", At(1))}));
    ASSERT_OK(Insert({MakeEvent("acct_a", "evt_z", "invoice.created", "inv_1", At(2)),
                      MakeEvent("acct_a", "evt_m", "invoice.processed", "inv_1", At(2)),
                      MakeEvent("acct_a", "evt_b", "invoice.created", "inv_2", At(2))}));
    ASSERT_OK(Insert({MakeEvent("acct_b", "evt_other", "invoice.created", "inv_1", At(2))}));
    ASSERT_OK(Insert({MakeEvent("acct_a", "evt_y", "invoice.paid", "inv_1", At(3))}));
    ASSERT_OK(Insert({MakeEvent("acct_a", "evt_x", "payment.created", "pay_1", At(4)),
                      MakeEvent("acct_a", "evt_c", "invoice.created", "inv_3", At(4))}));
  }
};

// Newest first; of one instant, the last written first.
const std::vector<std::string> kNewestFirst = {"evt_c", "evt_x", "evt_y", "evt_b",
                                               "evt_m", "evt_z", "evt_1"};

TEST_P(EventRepositoryTest, CursorPagesWalkTheListOnceNewestFirstInWriteOrder) {
  InsertSample();
  // Every page size puts a boundary inside a run of events of one instant.
  for (int size : {1, 2, 3, 4, 7, 8}) {
    int pages = 0;
    EXPECT_EQ(WalkByCursor("acct_a", {}, size, 7, pages), kNewestFirst) << "page size " << size;
    EXPECT_EQ(pages, (7 + size - 1) / size) << "page size " << size;
  }

  // A page number (offset) lands on the same rows as the cursor did, and
  // gives the cursor that continues after it.
  absl::StatusOr<domain::Page<Event>> two = List("acct_a", {}, {.page = 2, .page_size = 2});
  ASSERT_OK(two.status());
  EXPECT_EQ(Ids(*two), (std::vector<std::string>{"evt_y", "evt_b"}));
  ASSERT_TRUE(two->next.has_value());
  EXPECT_EQ(two->next->id, "evt_b");
  absl::StatusOr<domain::Page<Event>> three =
      List("acct_a", {}, {.page = 3, .page_size = 2, .after = two->next, .skipped = 4});
  ASSERT_OK(three.status());
  EXPECT_EQ(Ids(*three), (std::vector<std::string>{"evt_m", "evt_z"}));
  absl::StatusOr<domain::Page<Event>> last = List("acct_a", {}, {.page = 4, .page_size = 2});
  ASSERT_OK(last.status());
  EXPECT_EQ(Ids(*last), (std::vector<std::string>{"evt_1"}));
  EXPECT_FALSE(last->next.has_value());
}

TEST_P(EventRepositoryTest, CursorPagesOfAFilterStayInsideIt) {
  InsertSample();
  int pages = 0;
  EXPECT_EQ(WalkByCursor("acct_a", {.type = "invoice.created"}, 1, 3, pages),
            (std::vector<std::string>{"evt_c", "evt_b", "evt_z"}));
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(WalkByCursor("acct_a", {.resource_id = "inv_1"}, 2, 3, pages),
            (std::vector<std::string>{"evt_y", "evt_m", "evt_z"}));
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(WalkByCursor("acct_a", {.type = "invoice.created", .resource_id = "inv_1"}, 1, 1,
                         pages),
            (std::vector<std::string>{"evt_z"}));
  EXPECT_EQ(pages, 1);
  // The other account's event of the same instant and resource is not in it.
  EXPECT_EQ(WalkByCursor("acct_b", {.resource_id = "inv_1"}, 1, 1, pages),
            (std::vector<std::string>{"evt_other"}));
  EXPECT_EQ(WalkByCursor("acct_a", {.type = "invoice.deleted"}, 2, 0, pages),
            std::vector<std::string>{});
}

TEST_P(EventRepositoryTest, ACursorWhoseEventIsGoneContinuesBeforeItsInstant) {
  InsertSample();
  // The cursor's event was purged since its page (or never was this
  // account's): the list goes on with the older instants, skipping only
  // the events that shared its instant, whose place cannot be known.
  const domain::PageRequest after_gone{
      .page = 2,
      .page_size = 10,
      .after = domain::PageCursor{.create_time_us = absl::ToUnixMicros(At(2)), .id = "evt_gone"},
      .skipped = 3};
  absl::StatusOr<domain::Page<Event>> page = List("acct_a", {}, after_gone);
  ASSERT_OK(page.status());
  EXPECT_EQ(Ids(*page), (std::vector<std::string>{"evt_1"}));
  EXPECT_FALSE(page->next.has_value());
  // Another account's event does not place a cursor in this one's list.
  domain::PageRequest after_other = after_gone;
  after_other.after->id = "evt_other";
  page = List("acct_a", {}, after_other);
  ASSERT_OK(page.status());
  EXPECT_EQ(Ids(*page), (std::vector<std::string>{"evt_1"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, EventRepositoryTest,
                         ::testing::Values(billing::testing::Backend::kSqlite,
                                           billing::testing::Backend::kPostgres),
                         billing::testing::BackendName);

}  // namespace
}  // namespace billing::storage
