#include "metrics/http_endpoint.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/http_exchange.h"
#include "support/status_matchers.h"

namespace billing::metrics {
namespace {

using ::billing::testing::HttpExchange;
using ::billing::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class MetricsHttpEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.AddCounter("billing_test_total", "Test.", {"k"}).Increment({"v"});
    absl::StatusOr<std::unique_ptr<HttpEndpoint>> endpoint =
        HttpEndpoint::Start("127.0.0.1:0", registry_);
    ASSERT_THAT(endpoint, IsOk());
    endpoint_ = *std::move(endpoint);
    ASSERT_GT(endpoint_->port(), 0);
  }

  Registry registry_;
  std::unique_ptr<HttpEndpoint> endpoint_;
};

TEST_F(MetricsHttpEndpointTest, ServesTheRegistryOnGetMetrics) {
  const std::string body = registry_.Render();
  const std::string answer =
      HttpExchange(endpoint_->port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(answer, HasSubstr("\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
  EXPECT_THAT(answer, HasSubstr("\r\nContent-Length: " + std::to_string(body.size()) + "\r\n"));
  EXPECT_THAT(answer, HasSubstr("\r\nConnection: close\r\n"));
  EXPECT_THAT(answer, ::testing::EndsWith("\r\n\r\n" + body));
  EXPECT_THAT(answer, HasSubstr("billing_test_total{k=\"v\"} 1\n"));
  // One connection after another.
  EXPECT_THAT(HttpExchange(endpoint_->port(), "GET /metrics?x=1 HTTP/1.0\r\n\r\n"),
              StartsWith("HTTP/1.1 200 OK\r\n"));
}

TEST_F(MetricsHttpEndpointTest, OtherPathsMethodsAndMalformedRequests) {
  EXPECT_THAT(HttpExchange(endpoint_->port(), "GET / HTTP/1.1\r\n\r\n"),
              StartsWith("HTTP/1.1 404 Not Found\r\n"));
  const std::string post = HttpExchange(endpoint_->port(), "POST /metrics HTTP/1.1\r\n\r\n");
  EXPECT_THAT(post, StartsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
  EXPECT_THAT(post, HasSubstr("\r\nAllow: GET\r\n"));
  EXPECT_THAT(HttpExchange(endpoint_->port(), "nonsense\r\n\r\n"),
              StartsWith("HTTP/1.1 400 Bad Request\r\n"));
}

TEST_F(MetricsHttpEndpointTest, OversizedRequestIsRefused) {
  const std::string huge =
      "GET /metrics HTTP/1.1\r\nX-Pad: " + std::string(2 * kMaxRequestBytes, 'a') + "\r\n\r\n";
  EXPECT_THAT(HttpExchange(endpoint_->port(), huge),
              StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
  // Still serving.
  EXPECT_THAT(HttpExchange(endpoint_->port(), "GET /metrics HTTP/1.1\r\n\r\n"),
              StartsWith("HTTP/1.1 200 OK\r\n"));
}

TEST(MetricsHttpEndpointStartTest, RefusesABadOrTakenAddress) {
  Registry registry;
  EXPECT_FALSE(HttpEndpoint::Start("no-port", registry).ok());
  EXPECT_FALSE(HttpEndpoint::Start("127.0.0.1:99999", registry).ok());
  absl::StatusOr<std::unique_ptr<HttpEndpoint>> first = HttpEndpoint::Start("127.0.0.1:0", registry);
  ASSERT_THAT(first, IsOk());
  EXPECT_FALSE(
      HttpEndpoint::Start("127.0.0.1:" + std::to_string((*first)->port()), registry).ok());
}

TEST(MetricsHttpEndpointStartTest, StopIsIdempotent) {
  Registry registry;
  absl::StatusOr<std::unique_ptr<HttpEndpoint>> endpoint =
      HttpEndpoint::Start("127.0.0.1:0", registry);
  ASSERT_THAT(endpoint, IsOk());
  (*endpoint)->Stop();
  (*endpoint)->Stop();
}

}  // namespace
}  // namespace billing::metrics
