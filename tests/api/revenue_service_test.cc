// RevenueCalculationService: queued calls, the worker, results worked by
// hand, and calculations that survive a restart.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::billing::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::StartsWith;

v1::RevenueCalculation Period(const std::string& start, const std::string& end) {
  v1::RevenueCalculation calc;
  calc.set_period_start(start);
  calc.set_period_end(end);
  return calc;
}

// 3 x 100.00 over 2026-01-01..2026-03-31 (90 days), processed.
v1::Invoice ProcessedQuarter(BillingClient& client, const std::string& customer_id) {
  v1::Invoice invoice;
  invoice.set_customer_id(customer_id);
  invoice.set_due_date("2099-01-31");
  v1::LineItem* line = invoice.add_line_items();
  line->set_description("Support, Q1");
  line->set_quantity(3);
  line->set_unit_amount("100.00");
  line->set_service_period_start("2026-01-01");
  line->set_service_period_end("2026-03-31");
  v1::Invoice created, processed;
  EXPECT_TRUE(client.CreateInvoice(invoice, &created).ok());
  EXPECT_TRUE(client.ProcessInvoice(created.id(), &processed).ok());
  return processed;
}

class RevenueServiceTestOnBothBackends : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(RevenueServiceTestOnBothBackends, RecognizesDailySharesWorkedByHand) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  v1::Customer customer = client.MustCreateCustomer("USD");
  ProcessedQuarter(client, customer.id());
  client.MustCreateInvoice(customer.id(), "999.00");  // a draft: never counts

  v1::RevenueCalculation queued;
  ASSERT_TRUE(
      client.CreateRevenueCalculation(Period("2026-01-01", "2026-02-28"), &queued).ok());
  EXPECT_THAT(queued.id(), StartsWith("rcalc_"));
  EXPECT_EQ(queued.status(), v1::REVENUE_CALCULATION_STATUS_QUEUED);

  v1::RevenueCalculation done = client.AwaitCalculation(queued.id());
  ASSERT_EQ(done.status(), v1::REVENUE_CALCULATION_STATUS_SUCCEEDED) << done.failure_reason();
  EXPECT_TRUE(done.has_complete_time());
  ASSERT_EQ(done.results_size(), 1);
  const v1::CurrencyRevenue& usd = done.results(0);
  EXPECT_EQ(usd.currency(), "USD");
  // 30000 cents over 90 days. By Jan 31: 30000*31/90 = 10333.33 -> 10333.
  // By Feb 28: 30000*59/90 = 19666.67 -> 19667. Feb = 19667 - 10333 = 9334.
  EXPECT_EQ(usd.recognized_amount(), "196.67");
  EXPECT_EQ(usd.deferred_amount(), "103.33");
  ASSERT_EQ(usd.schedule_size(), 2);
  EXPECT_EQ(usd.schedule(0).month(), "2026-01");
  EXPECT_EQ(usd.schedule(0).amount(), "103.33");
  EXPECT_EQ(usd.schedule(1).month(), "2026-02");
  EXPECT_EQ(usd.schedule(1).amount(), "93.34");
}

TEST_P(RevenueServiceTestOnBothBackends, OneCustomersRevenueOnly) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  v1::Customer mine = client.MustCreateCustomer("EUR");
  v1::Customer other = client.MustCreateCustomer("USD");
  ProcessedQuarter(client, mine.id());
  ProcessedQuarter(client, other.id());

  v1::RevenueCalculation request = Period("2026-01-01", "2026-12-31");
  request.set_customer_id(mine.id());
  v1::RevenueCalculation queued;
  ASSERT_TRUE(client.CreateRevenueCalculation(request, &queued).ok());
  v1::RevenueCalculation done = client.AwaitCalculation(queued.id());
  ASSERT_EQ(done.results_size(), 1);
  EXPECT_EQ(done.results(0).currency(), "EUR");
  EXPECT_EQ(done.results(0).recognized_amount(), "300.00");
  EXPECT_EQ(done.results(0).deferred_amount(), "0.00");
  EXPECT_EQ(done.results(0).schedule_size(), 12);
}

TEST_P(RevenueServiceTestOnBothBackends, BadRequestsAreRefusedBeforeQueuing) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  v1::RevenueCalculation out;
  grpc::Status reversed = client.CreateRevenueCalculation(Period("2026-03-01", "2026-01-01"), &out);
  EXPECT_EQ(reversed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorReason(reversed), "VALIDATION_ERROR");
  EXPECT_FALSE(ViolatedFields(reversed).empty());

  grpc::Status missing = client.CreateRevenueCalculation(Period("", "2026-13-01"), &out);
  EXPECT_THAT(ViolatedFields(missing), ::testing::IsSupersetOf({"period_start", "period_end"}));

  v1::RevenueCalculation ghost = Period("2026-01-01", "2026-01-31");
  ghost.set_customer_id("cus_ghost");
  EXPECT_EQ(ErrorReason(client.CreateRevenueCalculation(ghost, &out)), "CUSTOMER_NOT_FOUND");

  grpc::Status unknown = client.GetRevenueCalculation("rcalc_ghost", &out);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ErrorReason(unknown), "REVENUE_CALCULATION_NOT_FOUND");

  v1::ListRevenueCalculationsResponse list;
  ASSERT_TRUE(client.ListRevenueCalculations(0, 0, &list).ok());
  EXPECT_EQ(list.total_items(), 0) << "refused requests queue nothing";
}

TEST_P(RevenueServiceTestOnBothBackends, QueuedCalculationsSurviveARestart) {
  std::string db_path;
  std::string id;
  {
    server::ServerOptions no_worker;
    no_worker.run_revenue_worker = false;
    TestServer server(GetParam(), no_worker);
    db_path = server.db_path();
    BillingClient client(server.channel(), server.authorization());
    v1::Customer customer = client.MustCreateCustomer("USD");
    ProcessedQuarter(client, customer.id());
    v1::RevenueCalculation queued;
    ASSERT_TRUE(client.CreateRevenueCalculation(Period("2026-01-01", "2026-03-31"), &queued).ok());
    id = queued.id();
    v1::ListRevenueCalculationsResponse list;
    ASSERT_TRUE(client.ListRevenueCalculations(1, 10, &list).ok());
    ASSERT_EQ(list.revenue_calculations_size(), 1);
    EXPECT_EQ(list.revenue_calculations(0).status(), v1::REVENUE_CALCULATION_STATUS_QUEUED);
  }
  TestServer restarted(GetParam(), {}, db_path);
  BillingClient client(restarted.channel(), restarted.authorization());
  v1::RevenueCalculation done = client.AwaitCalculation(id);
  ASSERT_EQ(done.status(), v1::REVENUE_CALCULATION_STATUS_SUCCEEDED);
  EXPECT_EQ(done.results(0).recognized_amount(), "300.00");
}

TEST(RevenueServiceTest, AnUnreadableInvoiceFailsTheCalculationVisibly) {
  TestServer server;
  BillingClient client(server.channel(), server.authorization());
  v1::Customer customer = client.MustCreateCustomer("USD");
  ProcessedQuarter(client, customer.id());
  ::billing::testing::CorruptInvoiceDueDates(server.db_path());

  v1::RevenueCalculation queued;
  ASSERT_TRUE(client.CreateRevenueCalculation(Period("2026-01-01", "2026-03-31"), &queued).ok());
  v1::RevenueCalculation done = client.AwaitCalculation(queued.id());
  EXPECT_EQ(done.status(), v1::REVENUE_CALCULATION_STATUS_FAILED);
  EXPECT_FALSE(done.failure_reason().empty());
  EXPECT_THAT(done.failure_reason(), ::testing::Not(::testing::HasSubstr("garbage")));
  EXPECT_EQ(done.results_size(), 0);
}

TEST_P(RevenueServiceTestOnBothBackends, ListIsNewestFirstAndPaged) {
  server::ServerOptions no_worker;
  no_worker.run_revenue_worker = false;
  TestServer server(GetParam(), no_worker);
  BillingClient client(server.channel(), server.authorization());
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    v1::RevenueCalculation queued;
    ASSERT_TRUE(client.CreateRevenueCalculation(Period("2026-01-01", "2026-01-31"), &queued).ok());
    ids.push_back(queued.id());
  }
  v1::ListRevenueCalculationsResponse page;
  ASSERT_TRUE(client.ListRevenueCalculations(1, 2, &page).ok());
  ASSERT_EQ(page.revenue_calculations_size(), 2);
  EXPECT_EQ(page.revenue_calculations(0).id(), ids[2]);
  EXPECT_EQ(page.total_items(), 3);
  EXPECT_EQ(page.total_pages(), 2);
}

// Issue 8 item 3: one key queued 3,000 calculations and another tenant's
// one waited for minutes.
TEST(RevenueServiceTest, EachAccountMayQueueOnlySoMany) {
  server::ServerOptions options;
  options.run_revenue_worker = false;
  options.revenue_queue_limit = 3;
  TestServer server(options);
  BillingClient client(server.channel(), server.authorization());
  v1::RevenueCalculation out;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.CreateRevenueCalculation(Period("2026-01-01", "2026-01-31"), &out).ok());
  }
  grpc::Status full = client.CreateRevenueCalculation(Period("2026-01-01", "2026-01-31"), &out);
  EXPECT_EQ(full.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorReason(full), "REVENUE_QUEUE_FULL");

  BillingClient other(server.channel(),
                      "Apikey " + server.CreateApiKey("acct_other", {auth::Scope::kRevenueWrite}));
  EXPECT_TRUE(other.CreateRevenueCalculation(Period("2026-01-01", "2026-01-31"), &out).ok())
      << "the cap is per account";
  v1::ListRevenueCalculationsResponse list;
  ASSERT_TRUE(client.ListRevenueCalculations(1, 100, &list).ok());
  EXPECT_EQ(list.total_items(), 3) << "the refused one was not queued";
}

TEST(RevenueServiceTest, AccountsAreServedRoundRobin) {
  server::ServerOptions queue_only;
  queue_only.run_revenue_worker = false;
  TestServer queued(queue_only);
  BillingClient busy(queued.channel(), queued.authorization());
  const std::string small_key =
      queued.CreateApiKey("acct_small", {auth::Scope::kRevenueRead, auth::Scope::kRevenueWrite});
  BillingClient small(queued.channel(), "Apikey " + small_key);
  constexpr int kBusy = 20;
  std::vector<std::string> busy_ids;
  v1::RevenueCalculation out;
  for (int i = 0; i < kBusy; ++i) {
    ASSERT_TRUE(busy.CreateRevenueCalculation(Period("2026-01-01", "2026-12-31"), &out).ok());
    busy_ids.push_back(out.id());
  }
  ASSERT_TRUE(small.CreateRevenueCalculation(Period("2026-01-01", "2026-01-31"), &out).ok());
  const std::string small_id = out.id();
  const std::string authorization = queued.authorization();
  const std::string db = queued.db_path();
  queued.Stop();

  // The same queue, now with its worker: the small account's one
  // calculation, queued last, is not left behind the busy account's.
  TestServer running({}, db);
  BillingClient busy_again(running.channel(), authorization);
  BillingClient small_again(running.channel(), "Apikey " + small_key);
  const v1::RevenueCalculation small_done = small_again.AwaitCalculation(small_id);
  ASSERT_EQ(small_done.status(), v1::REVENUE_CALCULATION_STATUS_SUCCEEDED);
  int busy_before_small = 0;
  for (const std::string& id : busy_ids) {
    const v1::RevenueCalculation done = busy_again.AwaitCalculation(id);
    ASSERT_EQ(done.status(), v1::REVENUE_CALCULATION_STATUS_SUCCEEDED);
    if (done.complete_time().seconds() * 1'000'000'000LL + done.complete_time().nanos() <
        small_done.complete_time().seconds() * 1'000'000'000LL + small_done.complete_time().nanos()) {
      ++busy_before_small;
    }
  }
  EXPECT_LE(busy_before_small, 2) << "of " << kBusy << " finished before the small account's one";
}

TEST(RevenueServiceTest, SeveralWorkersRunEveryCalculation) {
  server::ServerOptions options;
  options.revenue_workers = 4;
  TestServer server(options);
  BillingClient client(server.channel(), server.authorization());
  v1::Customer customer = client.MustCreateCustomer("USD");
  ProcessedQuarter(client, customer.id());
  std::vector<std::string> ids;
  v1::RevenueCalculation out;
  for (int i = 0; i < 12; ++i) {
    ASSERT_TRUE(client.CreateRevenueCalculation(Period("2026-01-01", "2026-02-28"), &out).ok());
    ids.push_back(out.id());
  }
  for (const std::string& id : ids) {
    const v1::RevenueCalculation done = client.AwaitCalculation(id);
    ASSERT_EQ(done.status(), v1::REVENUE_CALCULATION_STATUS_SUCCEEDED) << done.failure_reason();
    ASSERT_EQ(done.results_size(), 1);
    EXPECT_EQ(done.results(0).recognized_amount(), "196.67") << "the same answer from any worker";
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, RevenueServiceTestOnBothBackends,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
