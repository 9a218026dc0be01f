// The service's Prometheus endpoint over real HTTP, after real RPCs.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "api/rpc_metrics.h"
#include "api/status_mapping.h"
#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/http_exchange.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::TestServer;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// GET /metrics from 127.0.0.1:port, the whole answer (headers and body).
std::string Scrape(int port) {
  return testing::HttpExchange(port, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

v1::Customer SampleCustomer() {
  v1::Customer customer;
  customer.set_name("Metered");
  customer.set_email("m@metered.example");
  customer.set_default_currency("USD");
  return customer;
}

class MetricsEndpointTest : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(MetricsEndpointTest, RealRpcsShowUpOverRealHttp) {
  server::ServerOptions options;
  options.metrics_listen = "127.0.0.1:0";
  TestServer server(GetParam(), options);
  ASSERT_GT(server.server().metrics_port(), 0);
  BillingClient client(server.channel(), server.authorization());
  v1::Customer out;
  ASSERT_TRUE(client.CreateCustomer(SampleCustomer(), &out).ok());
  EXPECT_EQ(client.GetCustomer("cus_missing", &out).error_code(), grpc::StatusCode::NOT_FOUND);

  const std::string answer = Scrape(server.server().metrics_port());
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(answer, HasSubstr("\nbilling_rpc_requests_total{method=\"/billing.v1.CustomerService/"
                                "CreateCustomer\",code=\"OK\"} 1\n"));
  EXPECT_THAT(answer, HasSubstr("\nbilling_rpc_requests_total{method=\"/billing.v1.CustomerService/"
                                "GetCustomer\",code=\"NOT_FOUND\"} 1\n"));
  EXPECT_THAT(answer, HasSubstr("\nbilling_rpc_duration_seconds_count{method=\"/billing.v1."
                                "CustomerService/CreateCustomer\"} 1\n"));
  EXPECT_THAT(answer, HasSubstr("\nbilling_rpc_duration_seconds_bucket{method=\"/billing.v1."
                                "CustomerService/CreateCustomer\",le=\"+Inf\"} 1\n"));
  EXPECT_THAT(answer, HasSubstr("\n# TYPE billing_rpc_duration_seconds histogram\n"));
  EXPECT_THAT(answer, HasSubstr("\nbilling_revenue_queue_depth 0\n"));
  EXPECT_THAT(answer, HasSubstr("\nbilling_database_errors_total 0\n"));
  EXPECT_THAT(answer, Not(HasSubstr("cus_missing")));
}

INSTANTIATE_TEST_SUITE_P(Backends, MetricsEndpointTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

TEST(MetricsEndpointSqliteTest, QueuedRevenueCalculationsAndDatabaseErrorsAreCounted) {
  server::ServerOptions options;
  options.metrics_listen = "127.0.0.1:0";
  options.run_revenue_worker = false;  // the calculation stays queued
  options.busy_timeout = absl::Milliseconds(200);
  TestServer server(options);
  BillingClient client(server.channel(), server.authorization());
  v1::RevenueCalculation calc;
  calc.set_period_start("2026-01-01");
  calc.set_period_end("2026-01-31");
  v1::RevenueCalculation created;
  ASSERT_TRUE(client.CreateRevenueCalculation(calc, &created).ok());

  // Another process holds the write lock: the call is DATABASE_UNAVAILABLE.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(server.db_path().c_str(), &other), SQLITE_OK);
  sqlite3_busy_timeout(other, 10000);  // past the server's background writers
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  v1::Customer out;
  EXPECT_EQ(client.CreateCustomer(SampleCustomer(), &out).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(other);

  const std::string answer = Scrape(server.server().metrics_port());
  EXPECT_THAT(answer, HasSubstr("\nbilling_revenue_queue_depth 1\n"));
  EXPECT_THAT(answer, HasSubstr("\nbilling_database_errors_total 1\n"));
  EXPECT_THAT(answer, HasSubstr("\nbilling_rpc_requests_total{method=\"/billing.v1.CustomerService/"
                                "CreateCustomer\",code=\"UNAVAILABLE\"} 1\n"));
}

// The value of the sample line that starts with `series ` (-1 if none).
double Sample(const std::string& text, const std::string& series) {
  const size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

TEST(MetricsEndpointSqliteTest, GroupCommitBatchesAndTheWriteQueueAreExposed) {
  server::ServerOptions options;
  options.metrics_listen = "127.0.0.1:0";
  TestServer server(testing::Backend::kSqlite, options);
  BillingClient client(server.channel(), server.authorization());
  const std::string before = Scrape(server.server().metrics_port());
  const double batches = Sample(before, "billing_storage_write_batch_size_count");
  ASSERT_GE(batches, 0) << before;
  v1::Customer out;
  ASSERT_TRUE(client.CreateCustomer(SampleCustomer(), &out).ok());

  // Our write is at least one more batch holding at least one write. (The
  // webhook dispatcher's claims are writes too, so the count is a floor.)
  const std::string after = Scrape(server.server().metrics_port());
  const double batches_after = Sample(after, "billing_storage_write_batch_size_count");
  EXPECT_GE(batches_after, batches + 1);
  EXPECT_GE(Sample(after, "billing_storage_write_batch_size_sum"),
            Sample(before, "billing_storage_write_batch_size_sum") + 1);
  EXPECT_EQ(Sample(after, "billing_storage_write_batch_size_bucket{le=\"+Inf\"}"), batches_after);
  EXPECT_THAT(after, HasSubstr("\n# TYPE billing_storage_write_batch_size histogram\n"));
  EXPECT_THAT(after, HasSubstr("\nbilling_storage_write_queue_depth 0\n"));
  EXPECT_GE(Sample(after, "billing_storage_connection_waits_total"), 0);
  EXPECT_GE(Sample(after, "billing_storage_connection_wait_seconds_total"), 0);
}

// Resident set size by /proc/self/statm: the server runs in this process.
double StatmResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  double size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<double>(sysconf(_SC_PAGESIZE));
}

TEST(MetricsEndpointSqliteTest, ProcessMetricsAreThisProcesssOwn) {
  server::ServerOptions options;
  options.metrics_listen = "127.0.0.1:0";
  TestServer server(testing::Backend::kSqlite, options);
  const int port = server.server().metrics_port();
  const std::string first = Scrape(port);
  EXPECT_THAT(first, HasSubstr("\n# TYPE process_cpu_seconds_total counter\n"));
  EXPECT_GT(Sample(first, "process_cpu_seconds_total"), 0);
  EXPECT_GT(Sample(first, "process_resident_memory_bytes"), 0);
  EXPECT_NEAR(Sample(first, "process_resident_memory_bytes"), StatmResidentBytes(), 8 << 20);
  EXPECT_GE(Sample(first, "process_virtual_memory_bytes"),
            Sample(first, "process_resident_memory_bytes"));
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  EXPECT_EQ(Sample(first, "process_max_fds"), static_cast<double>(limit.rlim_cur));
  const double now = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  EXPECT_LE(Sample(first, "process_start_time_seconds"), now + 1);
  EXPECT_GT(Sample(first, "process_start_time_seconds"), now - 3600);

  // Four files opened are four descriptors more (the server's own threads
  // may open a few meanwhile, hence a range).
  const double fds = Sample(Scrape(port), "process_open_fds");
  std::vector<int> opened;
  for (int i = 0; i < 4; ++i) opened.push_back(open("/proc/self/stat", O_RDONLY));
  const double with_files = Sample(Scrape(port), "process_open_fds");
  for (int fd : opened) close(fd);
  EXPECT_GE(with_files, fds + 4);
  EXPECT_LT(with_files, fds + 4 + 8);
}

TEST(MetricsEndpointSqliteTest, BuildInfoNamesVersionAndCommit) {
  server::ServerOptions options;
  options.metrics_listen = "127.0.0.1:0";
  TestServer server(testing::Backend::kSqlite, options);
  const std::string answer = Scrape(server.server().metrics_port());
  EXPECT_THAT(answer, HasSubstr("\n# TYPE billing_build_info gauge\n"));
  EXPECT_THAT(answer, HasSubstr("\nbilling_build_info{version=\"" BILLING_TEST_BUILD_VERSION
                                "\",commit=\"" BILLING_TEST_BUILD_COMMIT "\"} 1\n"));
}

TEST(MetricsEndpointSqliteTest, OffUnlessAsked) {
  TestServer server;
  EXPECT_EQ(server.server().metrics_port(), 0);
}

TEST(RpcMetricsTest, UnknownMethodsShareOneLabel) {
  metrics::Registry registry;
  api::RpcMetrics rpc(registry, {"billing.v1.InvoiceService"});
  rpc.Observe("/billing.v1.InvoiceService/GetInvoice", grpc::Status::OK, absl::Milliseconds(1));
  rpc.Observe("/made.up/Name1", grpc::Status(grpc::StatusCode::UNIMPLEMENTED, ""),
              absl::Milliseconds(1));
  rpc.Observe("/made.up/Name2", grpc::Status(grpc::StatusCode::UNIMPLEMENTED, ""),
              absl::Milliseconds(1));
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("billing_rpc_requests_total{method=\"/billing.v1.InvoiceService/"
                              "GetInvoice\",code=\"OK\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("billing_rpc_requests_total{method=\"unknown\",code=\"UNIMPLEMENTED\"} 2\n"));
  EXPECT_THAT(text, Not(HasSubstr("made.up")));
}

TEST(RpcMetricsTest, DatabaseUnavailableIsToldByItsReason) {
  EXPECT_TRUE(api::IsDatabaseUnavailable(api::ToGrpcStatus(
      domain::Error(domain::ErrorCode::kDatabaseUnavailable, "busy"), "req_1")));
  EXPECT_FALSE(api::IsDatabaseUnavailable(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down")));
  EXPECT_FALSE(api::IsDatabaseUnavailable(grpc::Status::OK));
}

}  // namespace
}  // namespace billing
