// Webhook endpoints' rules: what a caller may set, which events an endpoint
// gets, and which secrets sign during a rotation.
#include "domain/webhook.h"

#include <string>
#include <vector>

#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> FieldsOf(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

WebhookEndpointInput Input(std::string url, std::vector<std::string> types) {
  return WebhookEndpointInput{.url = std::move(url), .event_types = std::move(types)};
}

TEST(WebhookEndpointInputTest, AcceptsKnownTypesOrEverything) {
  EXPECT_TRUE(ValidateWebhookEndpointInput(
                  Input("https://erp.example.com/hooks", {"invoice.processed", "invoice.paid"}),
                  true)
                  .ok());
  EXPECT_TRUE(ValidateWebhookEndpointInput(Input("HTTP://erp.example.com/x", {"*"}), true).ok());
  // The receivables' own events.
  EXPECT_TRUE(ValidateWebhookEndpointInput(Input("https://erp.example.com/hooks",
                                                 {"payment.created", "credit_note.created"}),
                                           true)
                  .ok());
}

TEST(WebhookEndpointInputTest, NamesEveryBadField) {
  WebhookEndpointInput input = Input("ftp://example.com/x", {"invoice.processed", "invoice.exploded"});
  input.description = "two\nlines";
  EXPECT_THAT(FieldsOf(ValidateWebhookEndpointInput(input, true)),
              ElementsAre("url", "event_types[1]", "description"));
  EXPECT_THAT(FieldsOf(ValidateWebhookEndpointInput(Input("", {}), true)),
              ElementsAre("url", "event_types"));
  EXPECT_THAT(FieldsOf(ValidateWebhookEndpointInput(Input("https://x.example/a b", {"*", "invoice.paid"}), true)),
              ElementsAre("url", "event_types"));
  EXPECT_THAT(FieldsOf(ValidateWebhookEndpointInput(
                  Input("https://x.example/" + std::string(2100, 'a'), {"*"}), true)),
              ElementsAre("url"));
}

TEST(WebhookEndpointInputTest, RefusesATypeListedTwice) {
  absl::Status status = ValidateWebhookEndpointInput(
      Input("https://erp.example.com/hooks",
            {"invoice.paid", "invoice.processed", "invoice.paid", "invoice.paid"}),
      true);
  EXPECT_THAT(FieldsOf(status), ElementsAre("event_types[2]", "event_types[3]"));
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("repeats event_types[0]"));
  WebhookEndpointInput change;
  change.event_types = std::vector<std::string>{"customer.created", "customer.created"};
  EXPECT_THAT(FieldsOf(ValidateWebhookEndpointInput(change, false)),
              ElementsAre("event_types[1]"));
}

TEST(WebhookEndpointInputTest, AnUpdateChecksOnlyWhatItChanges) {
  WebhookEndpointInput change;
  change.enabled = false;
  EXPECT_TRUE(ValidateWebhookEndpointInput(change, false).ok());
  change.event_types = std::vector<std::string>{};
  EXPECT_THAT(FieldsOf(ValidateWebhookEndpointInput(change, false)), ElementsAre("event_types"));
}

TEST(WebhookEndpointTest, SubscribesToItsTypesOrAll) {
  WebhookEndpoint some{.event_types = {"invoice.processed", "invoice.paid"}};
  WebhookEndpoint all{.event_types = {"*"}};
  EXPECT_TRUE(Subscribes(some, "invoice.paid"));
  EXPECT_FALSE(Subscribes(some, "invoice.created"));
  EXPECT_TRUE(Subscribes(all, "revenue_calculation.failed"));
}

TEST(WebhookEndpointTest, TheOldSecretSignsUntilItsRotationExpires) {
  const absl::Time rotated = absl::FromUnixSeconds(1'800'000'000);
  WebhookEndpoint endpoint{.secret = "whsec_new",
                           .previous_secret = "whsec_old",
                           .previous_secret_expire_time = rotated + kSecretRotationOverlap};
  EXPECT_THAT(LiveSecrets(endpoint, rotated + absl::Hours(23)),
              ElementsAre("whsec_new", "whsec_old"));
  EXPECT_THAT(LiveSecrets(endpoint, rotated + absl::Hours(24)), ElementsAre("whsec_new"));
  EXPECT_THAT(LiveSecrets(WebhookEndpoint{.secret = "whsec_only"}, rotated),
              ElementsAre("whsec_only"));
}

TEST(DeliveryStatusTest, NamesRoundTrip) {
  for (DeliveryStatus s : {DeliveryStatus::kPending, DeliveryStatus::kSucceeded,
                           DeliveryStatus::kFailed}) {
    EXPECT_EQ(DeliveryStatusFromName(DeliveryStatusName(s)), s);
  }
  EXPECT_FALSE(DeliveryStatusFromName("delivered").has_value());
}

}  // namespace
}  // namespace billing::domain
