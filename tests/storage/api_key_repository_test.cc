// API key records on a real SQLite file: stored hashed, found by id,
// listed per account, revoked once.

#include "gtest/gtest.h"
#include "app/ports/store.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using testing::At;
using testing::StoreTest;
using app::StoredApiKey;
using testing::ReadResult;

StoredApiKey Key(std::string id, std::string account, int64_t created) {
  return {.id = std::move(id),
          .account_id = std::move(account),
          .scopes = "invoices:read",
          .secret_sha256 = std::string(64, 'f'),
          .create_time = At(created)};
}

class ApiKeyRepositoryTest : public StoreTest {
 protected:
  absl::Status Insert(const StoredApiKey& key) {
    return store_->Write([&](app::Transaction& t) { return t.api_keys().Insert(key); });
  }
};

TEST_P(ApiKeyRepositoryTest, RoundTripsAndRefusesADuplicateId) {
  ASSERT_OK(Insert(Key("k1", "acct_a", 1)));
  auto found = ReadResult(*store_, [](app::Transaction& t) { return t.api_keys().Find("k1"); });
  ASSERT_OK(found.status());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->account_id, "acct_a");
  EXPECT_EQ((*found)->scopes, "invoices:read");
  EXPECT_EQ((*found)->secret_sha256, std::string(64, 'f'));
  EXPECT_EQ((*found)->create_time, At(1));
  EXPECT_FALSE((*found)->revoke_time.has_value());

  EXPECT_EQ(domain::ErrorCodeOf(Insert(Key("k1", "acct_b", 2))), domain::ErrorCode::kAlreadyExists);
  auto absent = ReadResult(*store_, [](app::Transaction& t) { return t.api_keys().Find("nope"); });
  ASSERT_OK(absent.status());
  EXPECT_FALSE(absent->has_value());
}

TEST_P(ApiKeyRepositoryTest, ListsPerAccountOldestFirst) {
  ASSERT_OK(Insert(Key("k2", "acct_a", 2)));
  ASSERT_OK(Insert(Key("k1", "acct_a", 1)));
  ASSERT_OK(Insert(Key("k3", "acct_b", 3)));
  auto mine = ReadResult(*store_, [](app::Transaction& t) { return t.api_keys().List("acct_a"); });
  ASSERT_OK(mine.status());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].id, "k1");
  auto all = ReadResult(*store_, [](app::Transaction& t) { return t.api_keys().List(""); });
  ASSERT_OK(all.status());
  EXPECT_EQ(all->size(), 3u);
}

TEST_P(ApiKeyRepositoryTest, RevokesOnce) {
  ASSERT_OK(Insert(Key("k1", "acct_a", 1)));
  bool first = false, second = true;
  ASSERT_OK(store_->Write([&](app::Transaction& t) -> absl::Status {
    auto revoked = t.api_keys().Revoke("k1", At(5));
    if (!revoked.ok()) return revoked.status();
    first = *revoked;
    revoked = t.api_keys().Revoke("k1", At(6));
    if (!revoked.ok()) return revoked.status();
    second = *revoked;
    return absl::OkStatus();
  }));
  EXPECT_TRUE(first);
  EXPECT_FALSE(second) << "a revoked key stays revoked at its first time";
  auto found = ReadResult(*store_, [](app::Transaction& t) { return t.api_keys().Find("k1"); });
  ASSERT_OK(found.status());
  EXPECT_EQ((*found)->revoke_time, At(5));
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiKeyRepositoryTest,
                         ::testing::Values(billing::testing::Backend::kSqlite,
                                           billing::testing::Backend::kPostgres),
                         billing::testing::BackendName);

}  // namespace
}  // namespace billing::storage
