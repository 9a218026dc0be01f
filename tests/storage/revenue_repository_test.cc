// Revenue calculations in SQLite: exact round trip of results and
// schedules, tenancy, ordering, and what the worker picks up next.

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "app/ports/store.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using domain::CalculationStatus;
using domain::CurrencyRevenue;
using domain::ErrorCode;
using domain::RevenueCalculation;
using testing::At;
using testing::CodeOf;
using testing::MakeCalculation;
using testing::ReadResult;
using testing::WriteResult;

class RevenueRepositoryTest : public testing::StoreTest {
 protected:
  absl::Status Insert(const RevenueCalculation& calc) {
    return store_->Write([&](app::Transaction& t) { return t.revenue_calculations().Insert(calc); });
  }
  absl::Status Update(const RevenueCalculation& calc) {
    return store_->Write([&](app::Transaction& t) { return t.revenue_calculations().Update(calc); });
  }
  absl::StatusOr<RevenueCalculation> Get(const std::string& account, const std::string& id) {
    return ReadResult(*store_, [&](app::Transaction& t) { return t.revenue_calculations().Get(account, id); });
  }
  // The worker's claim after serving `after_account` (round robin), taking
  // over running calculations claimed before `stale_before`.
  absl::StatusOr<std::optional<RevenueCalculation>> Next(std::string after_account = "",
                                                         absl::Time stale_before = absl::Now()) {
    // Claiming locks, so it happens in a write transaction.
    return WriteResult(*store_, [&](app::Transaction& t) {
      return t.revenue_calculations().ClaimNext(after_account, stale_before);
    });
  }
  absl::StatusOr<int64_t> CountUnfinished(const std::string& account) {
    return ReadResult(*store_, [&](app::Transaction& t) {
      return t.revenue_calculations().CountUnfinished(account);
    });
  }
  absl::StatusOr<int64_t> CountAllUnfinished() {
    return ReadResult(*store_, [&](app::Transaction& t) {
      return t.revenue_calculations().CountAllUnfinished();
    });
  }
};

// Two currencies (in the domain's order), uneven amounts, and a schedule
// that crosses a year end.
std::vector<CurrencyRevenue> SampleResults() {
  return {
      CurrencyRevenue{.currency = "EUR",
                      .recognized = 10001,
                      .deferred = 3,
                      .schedule = {{absl::CivilMonth(2025, 12), 3334},
                                   {absl::CivilMonth(2026, 1), 3333},
                                   {absl::CivilMonth(2026, 2), 3334}}},
      CurrencyRevenue{.currency = "JPY",
                      .recognized = 0,
                      .deferred = 0,
                      .schedule = {{absl::CivilMonth(2025, 12), 0},
                                   {absl::CivilMonth(2026, 1), 0},
                                   {absl::CivilMonth(2026, 2), 0}}},
  };
}

void ExpectSameCalculation(const RevenueCalculation& actual, const RevenueCalculation& expected) {
  EXPECT_EQ(actual.account_id, expected.account_id);
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.status, expected.status);
  EXPECT_EQ(actual.period_start, expected.period_start);
  EXPECT_EQ(actual.period_end, expected.period_end);
  EXPECT_EQ(actual.customer_id, expected.customer_id);
  EXPECT_EQ(actual.results, expected.results);
  EXPECT_EQ(actual.failure_reason, expected.failure_reason);
  EXPECT_EQ(actual.create_time, expected.create_time);
  EXPECT_EQ(actual.start_time, expected.start_time);
  EXPECT_EQ(actual.complete_time, expected.complete_time);
}

TEST_P(RevenueRepositoryTest, QueuedCalculationReadsBackIdentically) {
  RevenueCalculation calc = MakeCalculation("acct_1", "rcalc_1", At(0));
  ASSERT_OK(Insert(calc));
  absl::StatusOr<RevenueCalculation> read = Get("acct_1", "rcalc_1");
  ASSERT_OK(read.status());
  ExpectSameCalculation(*read, calc);
  EXPECT_EQ(read->customer_id, "");  // every customer
  EXPECT_FALSE(read->start_time.has_value());
}

TEST_P(RevenueRepositoryTest, FinishedCalculationKeepsResultsAndSchedulesExactly) {
  RevenueCalculation calc = MakeCalculation("acct_1", "rcalc_1", At(0));
  calc.customer_id = "cus_1";
  calc.period_start = absl::CivilDay(2025, 12, 1);
  calc.period_end = absl::CivilDay(2026, 2, 28);
  ASSERT_OK(Insert(calc));

  calc.status = CalculationStatus::kSucceeded;
  calc.results = SampleResults();
  calc.start_time = At(1);
  calc.complete_time = At(2);
  ASSERT_OK(Update(calc));
  absl::StatusOr<RevenueCalculation> read = Get("acct_1", "rcalc_1");
  ASSERT_OK(read.status());
  ExpectSameCalculation(*read, calc);
}

TEST_P(RevenueRepositoryTest, UpdateReplacesEarlierResults) {
  RevenueCalculation calc = MakeCalculation("acct_1", "rcalc_1", At(0));
  calc.results = SampleResults();
  ASSERT_OK(Insert(calc));
  calc.status = CalculationStatus::kFailed;
  calc.failure_reason = "customer cus_1 was deleted";
  calc.results = {SampleResults()[1]};
  calc.complete_time = At(3);
  ASSERT_OK(Update(calc));
  absl::StatusOr<RevenueCalculation> read = Get("acct_1", "rcalc_1");
  ASSERT_OK(read.status());
  ExpectSameCalculation(*read, calc);
  EXPECT_EQ(CountRows("revenue_results"), 1);
  EXPECT_EQ(CountRows("revenue_schedule_entries"), 3);
}

TEST_P(RevenueRepositoryTest, EveryStatusIsStoredAndReadBack) {
  int n = 0;
  for (CalculationStatus status : {CalculationStatus::kQueued, CalculationStatus::kRunning,
                                   CalculationStatus::kSucceeded, CalculationStatus::kFailed}) {
    ++n;
    RevenueCalculation calc = MakeCalculation("acct_1", "rcalc_" + std::to_string(n), At(n));
    calc.status = status;
    ASSERT_OK(Insert(calc));
    EXPECT_EQ(Get("acct_1", calc.id)->status, status);
  }
}

TEST_P(RevenueRepositoryTest, MissingCalculationIsRevenueCalculationNotFound) {
  ASSERT_OK(Insert(MakeCalculation("acct_1", "rcalc_1", At(0))));
  absl::StatusOr<RevenueCalculation> other_account = Get("acct_2", "rcalc_1");
  EXPECT_EQ(CodeOf(other_account.status()), ErrorCode::kRevenueCalculationNotFound);
  EXPECT_EQ(other_account.status().message(), "revenue calculation rcalc_1 not found");
  absl::Status update = Update(MakeCalculation("acct_1", "rcalc_2", At(0)));
  EXPECT_EQ(CodeOf(update), ErrorCode::kRevenueCalculationNotFound);
}

TEST_P(RevenueRepositoryTest, TakenIdIsAlreadyExists) {
  ASSERT_OK(Insert(MakeCalculation("acct_1", "rcalc_1", At(0))));
  EXPECT_EQ(CodeOf(Insert(MakeCalculation("acct_1", "rcalc_1", At(1)))), ErrorCode::kAlreadyExists);
}

TEST_P(RevenueRepositoryTest, ListIsNewestFirstPerAccountWithTotal) {
  ASSERT_OK(Insert(MakeCalculation("acct_1", "rcalc_old", At(0))));
  ASSERT_OK(Insert(MakeCalculation("acct_1", "rcalc_new", At(20))));
  ASSERT_OK(Insert(MakeCalculation("acct_2", "rcalc_other", At(30))));
  RevenueCalculation middle = MakeCalculation("acct_1", "rcalc_mid", At(10));
  middle.results = SampleResults();
  ASSERT_OK(Insert(middle));

  absl::StatusOr<domain::Page<RevenueCalculation>> page = ReadResult(*store_, [](app::Transaction& t) {
    return t.revenue_calculations().List("acct_1", domain::PageRequest{.page = 1, .page_size = 2});
  });
  ASSERT_OK(page.status());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, "rcalc_new");
  EXPECT_EQ(page->items[1].id, "rcalc_mid");
  EXPECT_EQ(page->items[1].results, SampleResults());
  EXPECT_EQ(page->total_items, 3);
  EXPECT_EQ(page->total_pages(), 2);

  // After page 1's last (the middle one) comes the oldest, and nothing more.
  ASSERT_TRUE(page->next.has_value());
  absl::StatusOr<domain::Page<RevenueCalculation>> rest = ReadResult(*store_, [&](app::Transaction& t) {
    return t.revenue_calculations().List(
        "acct_1", domain::PageRequest{.page = 2, .page_size = 2, .after = page->next, .skipped = 2});
  });
  ASSERT_OK(rest.status());
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].id, "rcalc_old");
  EXPECT_FALSE(rest->next.has_value());
  EXPECT_EQ(rest->total_items, 3);
}

TEST_P(RevenueRepositoryTest, WorkerPicksQueuedOrLeftRunningOfTheNextAccount) {
  absl::StatusOr<std::optional<RevenueCalculation>> none = Next();
  ASSERT_OK(none.status());
  EXPECT_FALSE(none->has_value());

  RevenueCalculation done = MakeCalculation("acct_1", "rcalc_done", At(0));
  done.status = CalculationStatus::kSucceeded;
  RevenueCalculation failed = MakeCalculation("acct_1", "rcalc_failed", At(1));
  failed.status = CalculationStatus::kFailed;
  RevenueCalculation queued = MakeCalculation("acct_1", "rcalc_queued", At(3));
  RevenueCalculation running = MakeCalculation("acct_2", "rcalc_running", At(2));
  running.status = CalculationStatus::kRunning;  // left behind by a stopped server
  for (const RevenueCalculation* calc : {&done, &failed, &queued, &running}) {
    ASSERT_OK(Insert(*calc));
  }

  absl::StatusOr<std::optional<RevenueCalculation>> next = Next("acct_1");
  ASSERT_OK(next.status());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->id, "rcalc_running") << "left running by a stopped server: offered again";
  EXPECT_EQ((*next)->account_id, "acct_2");

  running.status = CalculationStatus::kSucceeded;
  ASSERT_OK(Update(running));
  next = Next("acct_2");
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->id, "rcalc_queued");

  queued.status = CalculationStatus::kFailed;
  ASSERT_OK(Update(queued));
  EXPECT_FALSE(Next()->has_value());
}

// A worker's claim (running, since its start time) keeps the others off
// until it runs out: a fresh one is passed over, a stale one taken over.
TEST_P(RevenueRepositoryTest, ARunningCalculationIsOfferedOnlyOnceItsClaimIsStale) {
  RevenueCalculation claimed = MakeCalculation("acct_1", "rcalc_claimed", At(0));
  claimed.status = CalculationStatus::kRunning;
  claimed.start_time = At(10);
  ASSERT_OK(Insert(claimed));
  ASSERT_OK(Insert(MakeCalculation("acct_1", "rcalc_queued", At(1))));

  absl::StatusOr<std::optional<RevenueCalculation>> next = Next("", /*stale_before=*/At(10));
  ASSERT_OK(next.status());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->id, "rcalc_queued") << "claimed at the cutoff: still its worker's";

  next = Next("", /*stale_before=*/At(11));
  ASSERT_OK(next.status());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->id, "rcalc_claimed") << "claimed before the cutoff: taken over";
}

TEST_P(RevenueRepositoryTest, QueuedCalculationsSurviveARestart) {
  ASSERT_OK(Insert(MakeCalculation("acct_1", "rcalc_1", At(0))));
  Reopen();
  absl::StatusOr<std::optional<RevenueCalculation>> next = Next();
  ASSERT_OK(next.status());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->id, "rcalc_1");
}

// The queries the fair worker is built on: a per-account count for the cap,
// and round robin by account.
TEST_P(RevenueRepositoryTest, QueuedCalculationsAreOfferedRoundRobinByAccount) {
  ASSERT_OK(Insert(MakeCalculation("acct_a", "rcalc_a1", At(0))));
  ASSERT_OK(Insert(MakeCalculation("acct_a", "rcalc_a2", At(1))));
  ASSERT_OK(Insert(MakeCalculation("acct_b", "rcalc_b1", At(5))));
  RevenueCalculation running = MakeCalculation("acct_c", "rcalc_c1", At(2));
  running.status = CalculationStatus::kRunning;
  running.start_time = At(3);
  ASSERT_OK(Insert(running));

  auto next_after = [&](const std::string& account) {
    absl::StatusOr<std::optional<RevenueCalculation>> next = Next(account);
    EXPECT_TRUE(next.ok()) << next.status();
    return next.ok() && next->has_value() ? (*next)->id : std::string("none");
  };
  EXPECT_EQ(next_after(""), "rcalc_a1");
  EXPECT_EQ(next_after("acct_a"), "rcalc_b1") << "the next account, though its one is newest";
  EXPECT_EQ(next_after("acct_b"), "rcalc_c1") << "left running by a stopped server: offered";
  EXPECT_EQ(next_after("acct_c"), "rcalc_a1") << "wraps around";

  auto count = [&](const std::string& account) {
    absl::StatusOr<int64_t> n = CountUnfinished(account);
    EXPECT_TRUE(n.ok()) << n.status();
    return n.ok() ? *n : -1;
  };
  EXPECT_EQ(count("acct_a"), 2);
  EXPECT_EQ(count("acct_c"), 1) << "running counts against the cap";
  EXPECT_EQ(count("acct_none"), 0);
  absl::StatusOr<int64_t> all = CountAllUnfinished();
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(*all, 4)
      << "every account's queued and running";
}

INSTANTIATE_TEST_SUITE_P(Backends, RevenueRepositoryTest,
                         ::testing::Values(billing::testing::Backend::kSqlite,
                                           billing::testing::Backend::kPostgres),
                         billing::testing::BackendName);

}  // namespace
}  // namespace billing::storage
