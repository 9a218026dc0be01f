// Two billing-server processes on one PostgreSQL database behave as one
// service: concurrent creates, processes and cancels sent to both leave no
// action done twice and every acknowledged write present; the revenue queue
// is shared without running a calculation twice.
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/barrier.h"
#include "absl/time/clock.h"
#include "app/api_keys.h"
#include "app/ports/store.h"
#include "auth/scopes.h"
#include "domain/document_number.h"
#include "gtest/gtest.h"
#include "tests/postgres/server_process.h"
#include "tests/support/billing_client.h"
#include "tests/support/organization_seed.h"
#include "tests/support/server_binary.h"
#include "tests/support/test_backend.h"
#include "tests/support/test_server.h"

namespace billing::testing {
namespace {

constexpr char kAccount[] = "acct_replicas";

std::string NewKey(app::Store& store) {
  // Processing needs the account's organization (the seller).
  EXPECT_TRUE(SeedOrganization(store, kAccount).ok());
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
  ServerProcess a(ServerBinary(), db);
  ServerProcess b(ServerBinary(), db);
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

// The calls of a concurrent run that did not succeed, as "CODE REASON:
// message", for the failure message.
class Failures {
 public:
  void Add(const std::string& what, const grpc::Status& status) {
    std::lock_guard<std::mutex> lock(mu_);
    list_.push_back(what + ": " + std::to_string(status.error_code()) + " " +
                    ErrorReason(status) + ": " + status.error_message());
  }
  std::vector<std::string> list() {
    std::lock_guard<std::mutex> lock(mu_);
    return list_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> list_;
};

// Whether the invoice numbers `numbers` are exactly INV-000001..INV-(size),
// in any order: no number skipped, none issued twice.
::testing::AssertionResult GapFree(std::vector<std::string> numbers) {
  std::vector<int64_t> sequences;
  for (const std::string& number : numbers) {
    absl::StatusOr<domain::DocumentNumber> parsed = domain::ParseDocumentNumber(number);
    if (!parsed.ok()) return ::testing::AssertionFailure() << "not a number: " << number;
    sequences.push_back(parsed->sequence);
  }
  std::sort(sequences.begin(), sequences.end());
  for (size_t i = 0; i < sequences.size(); ++i) {
    if (sequences[i] != static_cast<int64_t>(i + 1)) {
      return ::testing::AssertionFailure()
             << "number " << i + 1 << " of " << sequences.size() << " is " << sequences[i];
    }
  }
  return ::testing::AssertionSuccess();
}

// Deadlocks PostgreSQL has detected in the test database so far. Each one
// stalls its callers for deadlock_timeout (1 s) before one is undone and
// retried. Read once the servers are gone: a backend reports its count when
// it ends (the counter is the whole database's, shared by the tests running
// alongside, which make none either).
int64_t DeadlocksSoFar(const std::string& db) {
  absl::SleepFor(absl::Seconds(2));  // for backends just closed to report
  return QueryInt(db, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
}

// A new user's first minutes: on a fresh database, many more clients than
// the server has database connections each create an invoice and process
// it. Every call succeeds, the numbers issued are consecutive, and no
// transaction deadlocked: the first writes of an account and a customer
// must not deadlock over the rows they share (creating an invoice locked
// its customer FOR UPDATE, which processing's ledger entry then waited for
// while holding the list counters the create needed next).
TEST(ReplicasTest, ManyMoreCallersThanConnectionsAllSucceedOnAFreshDatabase) {
  const std::string db = FreshDatabase(Backend::kPostgres);
  const int64_t deadlocks_before = DeadlocksSoFar(db);
  auto server = std::make_unique<ServerProcess>(ServerBinary(), db);  // 8 connections
  ASSERT_TRUE(server->AwaitHealth("SERVING", absl::Seconds(20))) << server->Health();
  std::unique_ptr<app::Store> store = OpenTestStore(db);
  ASSERT_NE(store, nullptr);
  const std::string key = NewKey(*store);
  const std::string customer =
      BillingClient(server->channel(), key).MustCreateCustomer("USD").id();

  constexpr int kClients = 48;
  constexpr int kRounds = 8;
  Failures failures;
  std::mutex mu;
  std::vector<std::string> numbers;
  std::vector<std::thread> clients;
  absl::Barrier* start = new absl::Barrier(kClients);
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      BillingClient client(server->channel(), key);
      if (start->Block()) delete start;
      for (int round = 0; round < kRounds; ++round) {
        v1::Invoice draft, processed;
        draft.set_customer_id(customer);
        draft.set_amount("100.00");
        draft.set_due_date("2099-12-31");
        grpc::Status created = client.CreateInvoice(draft, &draft);
        if (!created.ok()) {
          failures.Add("create", created);
          continue;
        }
        if (t % 2 == 1) continue;  // half only create, alongside the processing
        grpc::Status status = client.ProcessInvoice(draft.id(), &processed);
        if (!status.ok()) {
          failures.Add("process " + draft.id(), status);
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        numbers.push_back(processed.number());
      }
    });
  }
  for (std::thread& client : clients) client.join();
  server.reset();
  store.reset();
  const std::vector<std::string> failed = failures.list();
  EXPECT_TRUE(failed.empty()) << failed.size() << " calls failed, first: " << failed.front();
  EXPECT_EQ(numbers.size(), static_cast<size_t>(kClients / 2 * kRounds));
  EXPECT_TRUE(GapFree(numbers));
  EXPECT_EQ(DeadlocksSoFar(db) - deadlocks_before, 0);
}

// Clients of both replicas race to process and to cancel each fresh draft
// of one new customer, all four calls at once: nothing fails but the
// refused moves (no 5xx), exactly one cancel wins, at most one process does
// (before the cancel), the numbers taken by the winning processes are
// consecutive, and no transaction deadlocked.
TEST(ReplicasTest, ProcessAndCancelRacedOnFreshInvoicesHaveOneWinnerEach) {
  const std::string db = FreshDatabase(Backend::kPostgres);
  const int64_t deadlocks_before = DeadlocksSoFar(db);
  auto a = std::make_unique<ServerProcess>(ServerBinary(), db);
  auto b = std::make_unique<ServerProcess>(ServerBinary(), db);
  ASSERT_TRUE(a->AwaitHealth("SERVING", absl::Seconds(20))) << a->Health();
  ASSERT_TRUE(b->AwaitHealth("SERVING", absl::Seconds(20))) << b->Health();
  std::unique_ptr<app::Store> store = OpenTestStore(db);
  ASSERT_NE(store, nullptr);
  const std::string key = NewKey(*store);
  const std::string customer = BillingClient(a->channel(), key).MustCreateCustomer("USD").id();

  constexpr int kClients = 16;
  constexpr int kRounds = 5;
  Failures failures;
  std::mutex mu;
  std::vector<std::string> numbers, cancelled;
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      BillingClient ca(a->channel(), key), cb(b->channel(), key);
      for (int round = 0; round < kRounds; ++round) {
        v1::Invoice draft;
        draft.set_customer_id(customer);
        draft.set_amount("100.00");
        draft.set_due_date("2099-12-31");
        grpc::Status created = ((t + round) % 2 == 0 ? cb : ca).CreateInvoice(draft, &draft);
        if (!created.ok()) {
          failures.Add("create", created);
          continue;
        }
        // process on a, process on b, cancel on a, cancel on b
        v1::Invoice out[4];
        grpc::Status results[4];
        absl::Barrier* go = new absl::Barrier(4);
        std::vector<std::thread> racers;
        for (int i = 0; i < 4; ++i) {
          racers.emplace_back([&, i] {
            BillingClient& client = i % 2 == 0 ? ca : cb;
            if (go->Block()) delete go;
            results[i] = i < 2 ? client.ProcessInvoice(draft.id(), &out[i])
                               : client.CancelInvoice(draft.id(), &out[i]);
          });
        }
        for (std::thread& racer : racers) racer.join();
        int processes = 0, cancels = 0;
        for (int i = 0; i < 4; ++i) {
          if (results[i].ok()) {
            (i < 2 ? processes : cancels) += 1;
          } else if (ErrorReason(results[i]) != "INVALID_STATE_TRANSITION") {
            failures.Add((i < 2 ? "process " : "cancel ") + draft.id(), results[i]);
          }
        }
        EXPECT_LE(processes, 1) << draft.id();
        EXPECT_EQ(cancels, 1) << draft.id();
        std::lock_guard<std::mutex> lock(mu);
        for (int i = 0; i < 2; ++i) {
          if (results[i].ok()) numbers.push_back(out[i].number());
        }
        cancelled.push_back(draft.id());
      }
    });
  }
  for (std::thread& client : clients) client.join();
  const std::vector<std::string> failed = failures.list();
  EXPECT_TRUE(failed.empty()) << failed.size() << " calls failed, first: " << failed.front();
  EXPECT_EQ(cancelled.size(), static_cast<size_t>(kClients * kRounds));
  EXPECT_TRUE(GapFree(numbers));
  // Every race ended cancelled, whoever won it.
  {
    BillingClient client(a->channel(), key);
    for (const std::string& id : cancelled) {
      v1::Invoice invoice;
      ASSERT_TRUE(client.GetInvoice(id, &invoice).ok()) << id;
      EXPECT_EQ(invoice.status(), v1::INVOICE_STATUS_CANCELLED) << id;
    }
  }
  a.reset();
  b.reset();
  store.reset();
  EXPECT_EQ(DeadlocksSoFar(db) - deadlocks_before, 0);
}

// Processing holds the customer's balance row and then the account's number
// row until it commits, and every other processing of that customer or
// account waits for them: so it writes the invoice (lines, parties, email)
// before it takes either. Here the customer's row is held elsewhere (as a
// payment being booked would): the process waiting for it has already
// written the invoice's lines, and once the row is free it finishes with
// the account's first number. (It used to lock the customer first, and the
// whole of processing ran with it held: half the rate on a fresh database,
// where 32 callers had one customer.)
TEST(ReplicasTest, ProcessingWritesTheInvoiceBeforeWaitingForTheCustomersBalance) {
  const std::string db = FreshDatabase(Backend::kPostgres);
  auto server = std::make_unique<ServerProcess>(ServerBinary(), db);
  ASSERT_TRUE(server->AwaitHealth("SERVING", absl::Seconds(20))) << server->Health();
  std::unique_ptr<app::Store> store = OpenTestStore(db);
  ASSERT_NE(store, nullptr);
  const std::string key = NewKey(*store);
  BillingClient client(server->channel(), key);
  const std::string customer = client.MustCreateCustomer("USD").id();
  const std::string draft = client.MustCreateInvoice(customer, "100.00").id();

  PGconn* holder = PQconnectdb(db.c_str());
  ASSERT_EQ(PQstatus(holder), CONNECTION_OK) << PQerrorMessage(holder);
  auto exec = [&](const std::string& sql) {
    PGresult* result = PQexec(holder, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK ||
                    PQresultStatus(result) == PGRES_TUPLES_OK;
    std::string value = ok && PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
    EXPECT_TRUE(ok) << sql << ": " << PQresultErrorMessage(result);
    PQclear(result);
    return value;
  };
  const std::string holder_pid = exec("SELECT pg_backend_pid()");
  exec("BEGIN");
  exec("SELECT 1 FROM customers WHERE id = '" + customer + "' FOR NO KEY UPDATE");

  grpc::Status processed;
  v1::Invoice out;
  std::thread process([&] { processed = client.ProcessInvoice(draft, &out); });
  // The server's backend that waits for the holder (other tests may share
  // the database: only a backend the holder blocks counts).
  int64_t waiter = 0;
  for (int i = 0; i < 200 && waiter == 0; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
    waiter = QueryInt(db, "SELECT pid FROM pg_stat_activity WHERE " + holder_pid +
                              " = ANY (pg_blocking_pids(pid))");
  }
  ASSERT_NE(waiter, 0) << "processing never waited for the customer's row";
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM pg_locks WHERE pid = " + std::to_string(waiter) +
                             " AND relation = 'invoice_line_items'::regclass"
                             " AND mode = 'RowExclusiveLock' AND granted"),
            1)
      << "processing waited for the customer's row before writing the invoice";
  exec("ROLLBACK");
  process.join();
  PQfinish(holder);
  ASSERT_TRUE(processed.ok()) << processed.error_message();
  EXPECT_EQ(out.status(), v1::INVOICE_STATUS_PENDING);
  EXPECT_TRUE(GapFree({out.number()})) << out.number();
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
    auto claimed = tx.revenue_calculations().ClaimNext("", absl::Now());
    if (!claimed.ok()) return claimed.status();
    first = (*claimed)->id;
    // Another worker claims while this transaction still holds rcalc_1.
    return two->Write([&](app::Transaction& other) -> absl::Status {
      auto next = other.revenue_calculations().ClaimNext("", absl::Now());
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
