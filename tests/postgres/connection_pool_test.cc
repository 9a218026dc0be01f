// The PostgreSQL connection pool never starves itself: a thread that holds a
// lease and asks for another (a request needing a second connection while
// its first is busy) gets one at once instead of waiting for its own.
#include "storage/postgres/connection_pool.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/test_backend.h"

namespace billing::storage::postgres {
namespace {

ConnectionSettings Settings() {
  return ConnectionSettings{.conninfo = testing::PostgresServerUri(),
                            .connect_timeout = absl::Seconds(3),
                            .statement_timeout = absl::Seconds(10)};
}

TEST(PostgresConnectionPoolTest, AHolderOfEveryConnectionGetsAnotherWithoutWaiting) {
  ConnectionPool pool(Settings(), /*size=*/1, /*acquire_timeout=*/absl::Seconds(3));
  absl::StatusOr<ConnectionPool::Lease> first = pool.Acquire();
  ASSERT_TRUE(first.ok()) << first.status();
  const absl::Time start = absl::Now();
  absl::StatusOr<ConnectionPool::Lease> second = pool.Acquire();
  ASSERT_TRUE(second.ok()) << second.status();
  // Not after the acquire timeout: it never waited for the first.
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  ASSERT_TRUE((*second)->Query("SELECT 1").ok());
  EXPECT_EQ(pool.open(), 2);
  { ConnectionPool::Lease done = *std::move(second); }
  // The one beyond the bound is closed on return; the pool is back to one.
  EXPECT_EQ(pool.open(), 1);
}

TEST(PostgresConnectionPoolTest, OtherThreadsStillWaitForTheBound) {
  ConnectionPool pool(Settings(), /*size=*/1, /*acquire_timeout=*/absl::Milliseconds(300));
  absl::StatusOr<ConnectionPool::Lease> held = pool.Acquire();
  ASSERT_TRUE(held.ok()) << held.status();
  absl::Status other;
  std::thread([&] { other = pool.Acquire().status(); }).join();
  EXPECT_FALSE(other.ok());
  EXPECT_EQ(pool.open(), 1);
}

}  // namespace
}  // namespace billing::storage::postgres
