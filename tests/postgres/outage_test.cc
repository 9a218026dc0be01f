// PostgreSQL stops for a few seconds while calls keep coming: calls fail
// fast with UNAVAILABLE / DATABASE_UNAVAILABLE (never hang), health turns
// NOT_SERVING and back, and the service works again by itself. Stops the
// shared test cluster, so ctest runs this alone (RUN_SERIAL).
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "app/api_keys.h"
#include "auth/scopes.h"
#include "gtest/gtest.h"
#include "tests/postgres/server_process.h"
#include "tests/support/billing_client.h"
#include "tests/support/server_binary.h"
#include "tests/support/test_backend.h"
#include "tests/support/test_server.h"

namespace billing::testing {
namespace {

void Cluster(const std::string& action) {
  const char* ctl = std::getenv("BILLING_TEST_POSTGRES_CTL");
  ASSERT_NE(ctl, nullptr) << "BILLING_TEST_POSTGRES_CTL is not set: run through "
                             "scripts/with-postgres.sh";
  ASSERT_EQ(std::system((std::string(ctl) + " " + action).c_str()), 0) << action;
}

struct Outcome {
  grpc::StatusCode code;
  std::string reason;
  absl::Duration took;
};

TEST(OutageTest, CallsFailFastWhileTheDatabaseIsDownAndRecoverAfter) {
  const std::string db = FreshDatabase(Backend::kPostgres);
  std::string key;
  {
    std::unique_ptr<app::Store> store = OpenTestStore(db);
    ASSERT_NE(store, nullptr);
    app::ApiKeys keys(*store, app::SystemClock());
    auto created = keys.Create("acct_outage", {std::begin(auth::kAllScopes),
                                               std::end(auth::kAllScopes)});
    ASSERT_TRUE(created.ok()) << created.status();
    key = "Apikey " + created->key;
  }
  ServerProcess server(ServerBinary(), db);
  ASSERT_TRUE(server.AwaitHealth("SERVING", absl::Seconds(20))) << server.Health();

  // Load: a steady stream of writes for the whole test.
  absl::Mutex mu;
  std::vector<Outcome> outcomes;
  std::atomic<bool> stop{false};
  std::thread load([&] {
    BillingClient client(server.channel(), key);
    while (!stop.load()) {
      const absl::Time start = absl::Now();
      v1::Customer customer, out;
      customer.set_name("Load");
      customer.set_email("load@example.com");
      customer.set_default_currency("USD");
      grpc::Status status = client.CreateCustomer(customer, &out);
      absl::MutexLock lock(&mu);
      outcomes.push_back({status.error_code(), ErrorReason(status), absl::Now() - start});
      if (!status.ok()) absl::SleepFor(absl::Milliseconds(50));
    }
  });
  absl::SleepFor(absl::Milliseconds(500));

  Cluster("stop");
  EXPECT_TRUE(server.AwaitHealth("NOT_SERVING", absl::Seconds(10))) << server.Health();
  BillingClient client(server.channel(), key);
  v1::Customer out;
  grpc::Status down = client.GetCustomer("cus_anything", &out);
  EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE) << down.error_message();
  EXPECT_EQ(ErrorReason(down), "DATABASE_UNAVAILABLE");
  absl::SleepFor(absl::Seconds(2));

  Cluster("start");
  EXPECT_TRUE(server.AwaitHealth("SERVING", absl::Seconds(15))) << server.Health();
  v1::Customer created;
  v1::Customer customer;
  customer.set_name("After");
  customer.set_email("after@example.com");
  customer.set_default_currency("EUR");
  grpc::Status after = client.CreateCustomer(customer, &created);
  EXPECT_TRUE(after.ok()) << after.error_message();
  stop = true;
  load.join();

  absl::MutexLock lock(&mu);
  int failed = 0;
  for (const Outcome& outcome : outcomes) {
    if (outcome.code == grpc::StatusCode::OK) continue;
    ++failed;
    EXPECT_EQ(outcome.code, grpc::StatusCode::UNAVAILABLE);
    EXPECT_EQ(outcome.reason, "DATABASE_UNAVAILABLE");
    // Failing fast: far below the client's own 30 s deadline.
    EXPECT_LT(outcome.took, absl::Seconds(10));
  }
  EXPECT_GT(failed, 0) << "the load never met the outage";
  EXPECT_EQ(outcomes.back().code, grpc::StatusCode::OK) << "the load recovered";
}

}  // namespace
}  // namespace billing::testing
