// Two billing-server processes on one PostgreSQL database behave as one
// service: concurrent creates, processes and cancels sent to both leave no
// action done twice and every acknowledged write present; the revenue queue
// is shared without running a calculation twice.
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/barrier.h"
#include "app/api_keys.h"
#include "app/ports/store.h"
#include "auth/scopes.h"
#include "gtest/gtest.h"
#include "tests/postgres/server_process.h"
#include "tests/support/billing_client.h"
#include "tests/support/test_backend.h"
#include "tests/support/test_server.h"

namespace billing::testing {
namespace {

constexpr char kAccount[] = "acct_replicas";

std::string NewKey(app::Store& store) {
  app::ApiKeys keys(store, app::SystemClock());
  absl::StatusOr<app::CreatedApiKey> created =
      keys.Create(kAccount, {std::begin(auth::kAllScopes), std::end(auth::kAllScopes)});
  EXPECT_TRUE(created.ok()) << created.status();
  return created.ok() ? "Apikey " + created->key : "";
}

// Sends the same transition to both replicas at the same moment; returns
// how many were accepted (the other must be INVALID_STATE_TRANSITION).
int Race(BillingClient& a, BillingClient& b, const std::string& id, bool process) {
  absl::Barrier* start = new absl::Barrier(2);
  grpc::Status results[2];
  std::thread other([&] {
    if (start->Block()) delete start;
    v1::Invoice out;
    results[1] = process ? b.ProcessInvoice(id, &out) : b.CancelInvoice(id, &out);
  });
  if (start->Block()) delete start;
  v1::Invoice out;
  results[0] = process ? a.ProcessInvoice(id, &out) : a.CancelInvoice(id, &out);
  other.join();
  int accepted = 0;
  for (const grpc::Status& status : results) {
    if (status.ok()) {
      ++accepted;
    } else {
      EXPECT_EQ(ErrorReason(status), "INVALID_STATE_TRANSITION") << status.error_message();
    }
  }
  return accepted;
}

TEST(ReplicasTest, TwoServersOnOneDatabaseActAsOne) {
  const std::string db = FreshDatabase(Backend::kPostgres);
  // Started together: both migrate the empty schema, under the advisory lock.
  ServerProcess a(BILLING_SERVER_BINARY, db);
  ServerProcess b(BILLING_SERVER_BINARY, db);
  ASSERT_TRUE(a.AwaitHealth("SERVING", absl::Seconds(20))) << a.Health();
  ASSERT_TRUE(b.AwaitHealth("SERVING", absl::Seconds(20))) << b.Health();
  std::unique_ptr<app::Store> store = OpenTestStore(db);
  ASSERT_NE(store, nullptr);
  const std::string key = NewKey(*store);

  constexpr int kThreads = 4;
  constexpr int kRounds = 8;
  std::mutex mu;
  std::vector<std::string> customers, processed, cancelled;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      BillingClient ca(a.channel(), key), cb(b.channel(), key);
      for (int round = 0; round < kRounds; ++round) {
        BillingClient& first = (t + round) % 2 == 0 ? ca : cb;
        BillingClient& second = (t + round) % 2 == 0 ? cb : ca;
        v1::Customer customer = first.MustCreateCustomer("USD");
        v1::Invoice draft = second.MustCreateInvoice(customer.id(), "100.00");
        const bool process = round % 2 == 0;
        EXPECT_EQ(Race(first, second, draft.id(), process), 1) << draft.id();
        std::lock_guard<std::mutex> lock(mu);
        customers.push_back(customer.id());
        (process ? processed : cancelled).push_back(draft.id());
      }
    });
  }
  // Meanwhile both workers share the revenue queue.
  std::vector<std::string> calculations;
  {
    BillingClient ca(a.channel(), key), cb(b.channel(), key);
    for (int i = 0; i < 6; ++i) {
      v1::RevenueCalculation calc, out;
      calc.set_period_start("2026-01-01");
      calc.set_period_end("2026-12-31");
      ASSERT_TRUE((i % 2 == 0 ? ca : cb).CreateRevenueCalculation(calc, &out).ok());
      calculations.push_back(out.id());
    }
  }
  for (std::thread& thread : threads) thread.join();

  // Every acknowledged write is there, and each transition happened once:
  // one ledger entry and one notification per processed invoice, one
  // cancellation entry and nothing else per cancelled draft.
  ASSERT_TRUE(store->Read([&](app::Transaction& tx) -> absl::Status {
    for (const std::string& id : customers) {
      EXPECT_TRUE(tx.customers().Get(kAccount, id).ok()) << id;
    }
    for (const std::string& id : processed) {
      absl::StatusOr<domain::Invoice> invoice = tx.invoices().Get(kAccount, id);
      EXPECT_TRUE(invoice.ok() && invoice->status == domain::InvoiceStatus::kPending) << id;
      absl::StatusOr<std::vector<domain::LedgerEntry>> ledger =
          tx.ledger().ListForInvoice(kAccount, id);
      EXPECT_TRUE(ledger.ok() && ledger->size() == 1) << id;
    }
    for (const std::string& id : cancelled) {
      absl::StatusOr<domain::Invoice> invoice = tx.invoices().Get(kAccount, id);
      EXPECT_TRUE(invoice.ok() && invoice->status == domain::InvoiceStatus::kCancelled) << id;
      absl::StatusOr<std::vector<domain::LedgerEntry>> ledger =
          tx.ledger().ListForInvoice(kAccount, id);
      EXPECT_TRUE(ledger.ok() && ledger->empty()) << id << ": a draft has no receivable";
    }
    absl::StatusOr<std::vector<domain::OutboxMessage>> outbox = tx.outbox().List(kAccount);
    EXPECT_TRUE(outbox.ok());
    if (outbox.ok()) {
      EXPECT_EQ(outbox->size(), processed.size());
    }
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(customers.size(), static_cast<size_t>(kThreads * kRounds));

  BillingClient client(b.channel(), key);
  for (const std::string& id : calculations) {
    v1::RevenueCalculation done = client.AwaitCalculation(id);
    EXPECT_EQ(done.status(), v1::REVENUE_CALCULATION_STATUS_SUCCEEDED) << id;
  }
}

// What makes the shared queue safe: a calculation one transaction has
// claimed is invisible to every other claim until that one ends.
TEST(ReplicasTest, AClaimedCalculationIsSkippedByOtherWorkers) {
  const std::string db = FreshDatabase(Backend::kPostgres);
  std::unique_ptr<app::Store> one = OpenTestStore(db);
  std::unique_ptr<app::Store> two = OpenTestStore(db);
  ASSERT_NE(one, nullptr);
  ASSERT_NE(two, nullptr);
  for (const char* id : {"rcalc_1", "rcalc_2"}) {
    ASSERT_TRUE(one->Write([&](app::Transaction& tx) {
      domain::RevenueCalculation calc;
      calc.account_id = kAccount;
      calc.id = id;
      calc.status = domain::CalculationStatus::kQueued;
      calc.period_start = absl::CivilDay(2026, 1, 1);
      calc.period_end = absl::CivilDay(2026, 1, 31);
      calc.create_time = absl::FromUnixSeconds(std::string(id) == "rcalc_1" ? 1 : 2);
      return tx.revenue_calculations().Insert(calc);
    }).ok());
  }
  std::string first, second;
  ASSERT_TRUE(one->Write([&](app::Transaction& tx) -> absl::Status {
    auto claimed = tx.revenue_calculations().ClaimNext("");
    if (!claimed.ok()) return claimed.status();
    first = (*claimed)->id;
    // Another worker claims while this transaction still holds rcalc_1.
    return two->Write([&](app::Transaction& other) -> absl::Status {
      auto next = other.revenue_calculations().ClaimNext("");
      if (!next.ok()) return next.status();
      second = next->has_value() ? (*next)->id : "";
      return absl::OkStatus();
    });
  }).ok());
  EXPECT_EQ(first, "rcalc_1");
  EXPECT_EQ(second, "rcalc_2");
}

}  // namespace
}  // namespace billing::testing
