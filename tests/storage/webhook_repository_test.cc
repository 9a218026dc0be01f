// Webhook deliveries through the port, on both backends: listed newest
// first, those written in one transaction (one timestamp) in reverse write
// order, and a walk by page cursor gives what one big page gives.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/ports/store.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using testing::At;
using testing::ReadResult;
using testing::StoreTest;

class WebhookRepositoryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_OK(store_->Write([](app::Transaction& t) {
      return t.webhooks().InsertEndpoint(domain::WebhookEndpoint{
          .account_id = "acct",
          .id = "we_1",
          .url = "https://example.com/hooks",
          .event_types = {"*"},
          .secret = "whsec_x",
          .create_time = At(0),
          .update_time = At(0)});
    }));
  }

  // Deliveries whd_0.. written in order, `per_time` sharing each timestamp.
  void InsertDeliveries(int n, int per_time) {
    ASSERT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
      for (int i = 0; i < n; ++i) {
        absl::Status status = t.webhooks().InsertDelivery(domain::WebhookDelivery{
            .account_id = "acct",
            .id = absl::StrCat("whd_", i),
            .endpoint_id = "we_1",
            .event_id = absl::StrCat("evt_", i),
            .event_type = "invoice.processed",
            .status = domain::DeliveryStatus::kPending,
            .next_attempt_time = At(100),
            .create_time = At(i / per_time)});
        if (!status.ok()) return status;
      }
      return absl::OkStatus();
    }));
  }

  std::vector<std::string> Ids(const domain::PageRequest& request,
                               std::optional<domain::PageCursor>* next = nullptr) {
    auto page = ReadResult(*store_, [&](app::Transaction& t) {
      return t.webhooks().ListDeliveries("acct", "we_1", request);
    });
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> ids;
    if (!page.ok()) return ids;
    for (const domain::WebhookDelivery& d : page->items) ids.push_back(d.id);
    if (next != nullptr) *next = page->next;
    return ids;
  }
};

TEST_P(WebhookRepositoryTest, AWalkByCursorGivesWhatOneBigPageGives) {
  InsertDeliveries(7, /*per_time=*/3);
  const std::vector<std::string> all = Ids({.page = 1, .page_size = 100});
  EXPECT_EQ(all, (std::vector<std::string>{"whd_6", "whd_5", "whd_4", "whd_3", "whd_2", "whd_1",
                                           "whd_0"}));
  std::vector<std::string> walked;
  domain::PageRequest request{.page = 1, .page_size = 2};
  for (int pages = 0; pages < 10; ++pages) {
    std::optional<domain::PageCursor> next;
    for (const std::string& id : Ids(request, &next)) walked.push_back(id);
    if (!next.has_value()) break;
    request.after = next;
    request.skipped = static_cast<int64_t>(walked.size());
    ++request.page;
  }
  EXPECT_EQ(walked, all);
}

// The enabled endpoints are read once per transaction (every event asks),
// but an endpoint the transaction writes is in its next answer, and a
// disabled or deleted one is out of it; the next transaction reads anew.
TEST_P(WebhookRepositoryTest, EnabledEndpointsFollowTheTransactionsOwnEndpointWrites) {
  auto ids = [](const absl::StatusOr<std::vector<domain::WebhookEndpoint>>& endpoints) {
    std::vector<std::string> out;
    EXPECT_TRUE(endpoints.ok()) << endpoints.status();
    if (endpoints.ok()) {
      for (const domain::WebhookEndpoint& e : *endpoints) out.push_back(e.id);
    }
    return out;
  };
  using Ids = std::vector<std::string>;
  ASSERT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
    EXPECT_EQ(ids(t.webhooks().ListEnabledEndpoints("acct")), Ids{"we_1"});
    domain::WebhookEndpoint second{.account_id = "acct",
                                   .id = "we_2",
                                   .url = "https://example.com/two",
                                   .event_types = {"*"},
                                   .secret = "whsec_y",
                                   .create_time = At(1),
                                   .update_time = At(1)};
    if (absl::Status s = t.webhooks().InsertEndpoint(second); !s.ok()) return s;
    EXPECT_EQ(ids(t.webhooks().ListEnabledEndpoints("acct")), (Ids{"we_1", "we_2"}));
    second.enabled = false;
    if (absl::Status s = t.webhooks().UpdateEndpoint(second); !s.ok()) return s;
    EXPECT_EQ(ids(t.webhooks().ListEnabledEndpoints("acct")), Ids{"we_1"});
    if (absl::Status s = t.webhooks().DeleteEndpoint("acct", "we_1"); !s.ok()) return s;
    EXPECT_EQ(ids(t.webhooks().ListEnabledEndpoints("acct")), Ids{});
    EXPECT_EQ(ids(t.webhooks().ListEnabledEndpoints("other")), Ids{});
    return absl::OkStatus();
  }));
  ASSERT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
    EXPECT_EQ(ids(t.webhooks().ListEnabledEndpoints("acct")), Ids{});
    return t.webhooks().InsertEndpoint(domain::WebhookEndpoint{.account_id = "acct",
                                                               .id = "we_3",
                                                               .url = "https://example.com/3",
                                                               .event_types = {"*"},
                                                               .secret = "whsec_z",
                                                               .create_time = At(2),
                                                               .update_time = At(2)});
  }));
  ASSERT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
    EXPECT_EQ(ids(t.webhooks().ListEnabledEndpoints("acct")), Ids{"we_3"});
    return absl::OkStatus();
  }));
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookRepositoryTest,
                         ::testing::Values(billing::testing::Backend::kSqlite,
                                           billing::testing::Backend::kPostgres),
                         billing::testing::BackendName);

}  // namespace
}  // namespace billing::storage
