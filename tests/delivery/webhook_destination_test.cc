#include "delivery/webhook_destination.h"

#include <string>
#include <vector>

#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::delivery {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using ::testing::Contains;
using ::testing::HasSubstr;

TEST(WebhookDestinationTest, PortDefaultsToTheScheme) {
  absl::StatusOr<WebhookUrl> http = ParseWebhookUrl("http://Erp.Example.com/hooks");
  absl::StatusOr<WebhookUrl> https = ParseWebhookUrl("https://erp.example.com/hooks?x=1");
  absl::StatusOr<WebhookUrl> explicit_port = ParseWebhookUrl("https://erp.example.com:8443/");
  ASSERT_THAT(http, IsOk());
  ASSERT_THAT(https, IsOk());
  ASSERT_THAT(explicit_port, IsOk());
  EXPECT_EQ(http->host, "erp.example.com");
  EXPECT_EQ(http->port, 80);
  EXPECT_EQ(https->port, 443);
  EXPECT_EQ(explicit_port->port, 8443);
}

TEST(WebhookDestinationTest, RefusesPortsOutsideOneTo65535) {
  for (const char* url : {"https://erp.example.com:0/", "http://erp.example.com:00/x",
                          "https://erp.example.com:65536/", "http://[2606:4700::1]:0/",
                          "http://erp.example.com:99999999999/"}) {
    absl::StatusOr<WebhookUrl> parsed = ParseWebhookUrl(url);
    EXPECT_THAT(parsed, HasErrorCode(domain::ErrorCode::kValidationError)) << url;
    EXPECT_THAT(std::string(parsed.status().message()), HasSubstr("from 1 to 65535")) << url;
    EXPECT_THAT(CheckWebhookDestination(url, /*allow_private_networks=*/true),
                HasErrorCode(domain::ErrorCode::kValidationError))
        << url;
  }
  absl::StatusOr<WebhookUrl> highest = ParseWebhookUrl("https://erp.example.com:65535/");
  ASSERT_THAT(highest, IsOk());
  EXPECT_EQ(highest->port, 65535);
  absl::StatusOr<WebhookUrl> lowest = ParseWebhookUrl("http://erp.example.com:1/");
  ASSERT_THAT(lowest, IsOk());
  EXPECT_EQ(lowest->port, 1);
}

TEST(WebhookDestinationTest, AnIpv4TranslatedLoopbackLiteralIsRefused) {
  absl::Status refused = CheckWebhookDestination("http://[::ffff:0:127.0.0.1]/", false);
  EXPECT_THAT(refused, HasErrorCode(domain::ErrorCode::kValidationError));
  EXPECT_THAT(std::string(refused.message()), HasSubstr("IPv4-translated"));
}

TEST(WebhookDestinationTest, PinsNamesToEveryCheckedAddress) {
  absl::StatusOr<WebhookUrl> url = ParseWebhookUrl("https://erp.example.com:8443/");
  ASSERT_THAT(url, IsOk());
  EXPECT_FALSE(IsIpLiteral(*url));
  EXPECT_EQ(ResolveEntry(*url, {"203.0.113.7", "2001:db8::7"}),
            "erp.example.com:8443:203.0.113.7,[2001:db8::7]");
}

TEST(WebhookDestinationTest, IpLiteralsNeedNoPin) {
  absl::StatusOr<WebhookUrl> v4 = ParseWebhookUrl("http://127.0.0.1:8080/");
  absl::StatusOr<WebhookUrl> v6 = ParseWebhookUrl("http://[::1]:8080/");
  ASSERT_THAT(v4, IsOk());
  ASSERT_THAT(v6, IsOk());
  EXPECT_TRUE(IsIpLiteral(*v4));
  EXPECT_TRUE(IsIpLiteral(*v6));
  EXPECT_EQ(v6->host, "[::1]");
}

TEST(WebhookDestinationTest, ResolvesAndChecksEveryAddress) {
  absl::StatusOr<WebhookUrl> v6 = ParseWebhookUrl("http://[::1]:8080/");
  ASSERT_THAT(v6, IsOk());
  absl::Status refused = ResolveAllowed(*v6, false).status();
  EXPECT_THAT(refused, HasErrorCode(domain::ErrorCode::kValidationError));
  EXPECT_THAT(std::string(refused.message()), HasSubstr("loopback (::1)"));
  EXPECT_THAT(ResolveAllowed(*v6, true), IsOk());

  // localhost comes from /etc/hosts, with at least its IPv4 address.
  absl::StatusOr<WebhookUrl> name = ParseWebhookUrl("http://localhost:8080/");
  ASSERT_THAT(name, IsOk());
  absl::StatusOr<std::vector<std::string>> addresses = ResolveAllowed(*name, true);
  ASSERT_THAT(addresses, IsOk());
  EXPECT_THAT(*addresses, Contains("127.0.0.1"));
  EXPECT_THAT(ResolveAllowed(*name, false), HasErrorCode(domain::ErrorCode::kValidationError));
}

TEST(WebhookDestinationTest, AnEndpointMayNameAHostThatDoesNotResolveYet) {
  // .invalid never resolves (RFC 6761): saved, since DNS often comes after
  // the endpoint, but no attempt can reach it until it resolves.
  const std::string unknown = "https://billing-hooks.invalid/events";
  EXPECT_THAT(CheckWebhookDestination(unknown, false), IsOk());
  absl::StatusOr<WebhookUrl> parsed = ParseWebhookUrl(unknown);
  ASSERT_THAT(parsed, IsOk());
  absl::Status attempt = ResolveAllowed(*parsed, false).status();
  EXPECT_THAT(attempt, HasErrorCode(domain::ErrorCode::kValidationError));
  EXPECT_THAT(std::string(attempt.message()), HasSubstr("does not resolve"));

  // A name that resolves is checked now: localhost is loopback.
  EXPECT_THAT(CheckWebhookDestination("http://localhost:8080/", false),
              HasErrorCode(domain::ErrorCode::kValidationError));
  EXPECT_THAT(CheckWebhookDestination("http://localhost:8080/", true), IsOk());
  EXPECT_THAT(CheckWebhookDestination("ftp://billing-hooks.invalid/", false),
              HasErrorCode(domain::ErrorCode::kValidationError));
}

TEST(WebhookDestinationTest, RefusesWhatIsNotAPlainHttpUrl) {
  for (const char* url :
       {"", "example.com/hooks", "ftp://example.com/", "file:///etc/passwd",
        "https://user:secret@example.com/", "http://exa mple.com/"}) {
    EXPECT_THAT(ParseWebhookUrl(url), HasErrorCode(domain::ErrorCode::kValidationError)) << url;
  }
}

}  // namespace
}  // namespace billing::delivery
