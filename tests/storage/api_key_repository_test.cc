// API key records on a real SQLite file: stored hashed, found by id,
// listed per account, revoked once.
#include "storage/sqlite/api_key_repository.h"

#include "gtest/gtest.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using testing::At;
using testing::DatabaseTest;
using testing::ReadResult;

StoredApiKey Key(std::string id, std::string account, int64_t created) {
  return {.id = std::move(id),
          .account_id = std::move(account),
          .scopes = "invoices:read",
          .secret_sha256 = std::string(64, 'f'),
          .create_time = At(created)};
}

class ApiKeyRepositoryTest : public DatabaseTest {
 protected:
  absl::Status Insert(const StoredApiKey& key) {
    return db_->Write([&](Connection& c) { return InsertApiKey(c, key); });
  }
};

TEST_F(ApiKeyRepositoryTest, RoundTripsAndRefusesADuplicateId) {
  ASSERT_OK(Insert(Key("k1", "acct_a", 1)));
  auto found = ReadResult(*db_, [](Connection& c) { return FindApiKey(c, "k1"); });
  ASSERT_OK(found.status());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->account_id, "acct_a");
  EXPECT_EQ((*found)->scopes, "invoices:read");
  EXPECT_EQ((*found)->secret_sha256, std::string(64, 'f'));
  EXPECT_EQ((*found)->create_time, At(1));
  EXPECT_FALSE((*found)->revoke_time.has_value());

  EXPECT_EQ(domain::ErrorCodeOf(Insert(Key("k1", "acct_b", 2))), domain::ErrorCode::kAlreadyExists);
  auto absent = ReadResult(*db_, [](Connection& c) { return FindApiKey(c, "nope"); });
  ASSERT_OK(absent.status());
  EXPECT_FALSE(absent->has_value());
}

TEST_F(ApiKeyRepositoryTest, ListsPerAccountOldestFirst) {
  ASSERT_OK(Insert(Key("k2", "acct_a", 2)));
  ASSERT_OK(Insert(Key("k1", "acct_a", 1)));
  ASSERT_OK(Insert(Key("k3", "acct_b", 3)));
  auto mine = ReadResult(*db_, [](Connection& c) { return ListApiKeys(c, "acct_a"); });
  ASSERT_OK(mine.status());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].id, "k1");
  auto all = ReadResult(*db_, [](Connection& c) { return ListApiKeys(c, ""); });
  ASSERT_OK(all.status());
  EXPECT_EQ(all->size(), 3u);
}

TEST_F(ApiKeyRepositoryTest, RevokesOnce) {
  ASSERT_OK(Insert(Key("k1", "acct_a", 1)));
  bool first = false, second = true;
  ASSERT_OK(db_->Write([&](Connection& c) -> absl::Status {
    auto revoked = RevokeApiKey(c, "k1", At(5));
    if (!revoked.ok()) return revoked.status();
    first = *revoked;
    revoked = RevokeApiKey(c, "k1", At(6));
    if (!revoked.ok()) return revoked.status();
    second = *revoked;
    return absl::OkStatus();
  }));
  EXPECT_TRUE(first);
  EXPECT_FALSE(second) << "a revoked key stays revoked at its first time";
  auto found = ReadResult(*db_, [](Connection& c) { return FindApiKey(c, "k1"); });
  ASSERT_OK(found.status());
  EXPECT_EQ((*found)->revoke_time, At(5));
}

}  // namespace
}  // namespace billing::storage
