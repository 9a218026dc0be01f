// Webhooks end to end: a real server (on SQLite and on PostgreSQL) delivers
// events to a real receiver on loopback (tests/receivers/webhook_receiver.py),
// which verifies each signature as an ERP would and records every POST.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "billing/v1/event.grpc.pb.h"
#include "billing/v1/webhook.grpc.pb.h"
#include "delivery/peer_process.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "support/billing_client.h"
#include "support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::FreePort;
using ::billing::testing::PeerProcess;
using ::billing::testing::ReadFileOrEmpty;
using ::billing::testing::TestServer;
using ::billing::testing::ViolatedFields;
using ::billing::testing::WaitFor;
using ::testing::ElementsAre;
using ::testing::StartsWith;

// One POST as the receiver saw it.
struct Received {
  std::string path, event_id, event_type, verdict, seen;
};

// Fast retries, so that a test sees several attempts and the give-up.
server::ServerOptions FastRetries(bool allow_private = true) {
  server::ServerOptions options;
  options.webhooks_allow_private_networks = allow_private;
  options.webhooks.poll_interval = absl::Milliseconds(100);
  options.webhooks.retry = {.initial_delay = absl::Milliseconds(300),
                            .max_delay = absl::Milliseconds(600),
                            .give_up_after = absl::Hours(1)};
  return options;
}

class WebhookDeliveryTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir(
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_ + "/bodies");
  }
  void TearDown() override {
    receiver_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  void Serve(server::ServerOptions options) {
    server_ = std::make_unique<TestServer>(GetParam(), std::move(options));
    client_ = std::make_unique<BillingClient>(server_->channel(), server_->authorization());
    webhooks_ = v1::WebhookEndpointService::NewStub(server_->channel());
    events_ = v1::EventService::NewStub(server_->channel());
  }

  // Starts the receiver on `port` knowing `secret`; fails the test if it
  // cannot start.
  void StartReceiver(const std::string& secret, int port) {
    absl::StatusOr<std::unique_ptr<PeerProcess>> receiver = PeerProcess::Start(
        {BILLING_TEST_PYTHON, BILLING_RECEIVERS_DIR "/webhook_receiver.py", "--secret", secret,
         "--record", dir_ + "/received.tsv", "--port", absl::StrCat(port), "--bodies",
         dir_ + "/bodies"});
    ASSERT_TRUE(receiver.ok()) << receiver.status()
                               << "; run ctest, whose delivery_test_venv fixture makes the venv";
    receiver_ = *std::move(receiver);
  }

  // An endpoint for `types` at `path` on a fresh loopback port, with the
  // receiver started there.
  void CreateEndpointWithReceiver(const std::string& path, const std::vector<std::string>& types,
                                  v1::WebhookEndpoint* endpoint) {
    const int port = FreePort();
    ASSERT_TRUE(
        CreateEndpoint(absl::StrCat("http://127.0.0.1:", port, path), types, endpoint).ok());
    StartReceiver(endpoint->secret(), port);
  }

  std::unique_ptr<grpc::ClientContext> Context() const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", server_->authorization());
    return context;
  }

  grpc::Status CreateEndpoint(const std::string& url, const std::vector<std::string>& types,
                              v1::WebhookEndpoint* out) {
    v1::CreateWebhookEndpointRequest request;
    request.mutable_webhook_endpoint()->set_url(url);
    for (const std::string& type : types) request.mutable_webhook_endpoint()->add_event_types(type);
    return webhooks_->CreateWebhookEndpoint(Context().get(), request, out);
  }

  v1::WebhookEndpoint GetEndpoint(const std::string& id) {
    v1::GetWebhookEndpointRequest request;
    request.set_webhook_endpoint_id(id);
    v1::WebhookEndpoint out;
    EXPECT_TRUE(webhooks_->GetWebhookEndpoint(Context().get(), request, &out).ok());
    return out;
  }

  std::vector<v1::WebhookDelivery> Deliveries(const std::string& endpoint_id) {
    v1::ListWebhookDeliveriesRequest request;
    request.set_webhook_endpoint_id(endpoint_id);
    request.set_page_size(100);
    v1::ListWebhookDeliveriesResponse out;
    EXPECT_TRUE(webhooks_->ListWebhookDeliveries(Context().get(), request, &out).ok());
    return {out.webhook_deliveries().begin(), out.webhook_deliveries().end()};
  }

  std::vector<v1::Event> Events(const std::string& type) {
    v1::ListEventsRequest request;
    request.set_type(type);
    request.set_page_size(100);
    v1::ListEventsResponse out;
    EXPECT_TRUE(events_->ListEvents(Context().get(), request, &out).ok());
    return {out.events().begin(), out.events().end()};
  }

  std::vector<Received> Posts() const {
    std::vector<Received> posts;
    for (absl::string_view line : absl::StrSplit(ReadFileOrEmpty(dir_ + "/received.tsv"), '\n',
                                                 absl::SkipEmpty())) {
      std::vector<std::string> f = absl::StrSplit(line, '\t');
      f.resize(5);
      posts.push_back({f[0], f[1], f[2], f[3], f[4]});
    }
    return posts;
  }

  // Whether the endpoint's one delivery has failed for good.
  bool OnlyDeliveryFailed(const std::string& endpoint_id) {
    std::vector<v1::WebhookDelivery> d = Deliveries(endpoint_id);
    return d.size() == 1 && d[0].status() == v1::WEBHOOK_DELIVERY_STATUS_FAILED;
  }

  bool AllSucceeded(const std::string& endpoint_id, size_t count) {
    std::vector<v1::WebhookDelivery> deliveries = Deliveries(endpoint_id);
    if (deliveries.size() != count) return false;
    for (const v1::WebhookDelivery& d : deliveries) {
      if (d.status() != v1::WEBHOOK_DELIVERY_STATUS_SUCCEEDED) return false;
    }
    return true;
  }

  std::string dir_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<BillingClient> client_;
  std::unique_ptr<v1::WebhookEndpointService::Stub> webhooks_;
  std::unique_ptr<v1::EventService::Stub> events_;
  std::unique_ptr<PeerProcess> receiver_;
};

TEST_P(WebhookDeliveryTest, AProcessedInvoiceArrivesSignedWithinSeconds) {
  Serve(FastRetries());
  const int port = FreePort();
  v1::WebhookEndpoint endpoint;
  ASSERT_TRUE(CreateEndpoint(absl::StrCat("http://127.0.0.1:", port, "/ok"),
                             {"invoice.processed"}, &endpoint)
                  .ok());
  EXPECT_THAT(endpoint.id(), StartsWith("we_"));
  EXPECT_THAT(endpoint.secret(), StartsWith("whsec_"));
  EXPECT_TRUE(endpoint.enabled());
  EXPECT_EQ(GetEndpoint(endpoint.id()).secret(), "");  // shown once only
  StartReceiver(endpoint.secret(), port);

  v1::Customer customer = client_->MustCreateCustomer("USD");
  v1::Invoice draft = client_->MustCreateInvoice(customer.id(), "300.00");
  v1::Invoice processed;
  ASSERT_TRUE(client_->ProcessInvoice(draft.id(), &processed).ok());

  ASSERT_TRUE(WaitFor([&] { return !Posts().empty(); }, absl::Seconds(5)));
  std::vector<v1::Event> events = Events("invoice.processed");
  ASSERT_EQ(events.size(), 1u);
  std::vector<Received> posts = Posts();
  ASSERT_EQ(posts.size(), 1u);  // only the subscribed type
  EXPECT_EQ(posts[0].event_id, events[0].id());
  EXPECT_EQ(posts[0].event_type, "invoice.processed");
  EXPECT_EQ(posts[0].verdict, "verified");

  // The body is the event's JSON: the invoice after processing in REST form.
  google::protobuf::Struct body;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  ReadFileOrEmpty(dir_ + "/bodies/" + events[0].id()), &body)
                  .ok());
  EXPECT_EQ(body.fields().at("id").string_value(), events[0].id());
  EXPECT_EQ(body.fields().at("type").string_value(), "invoice.processed");
  EXPECT_EQ(body.fields().at("resourceId").string_value(), draft.id());
  const google::protobuf::Struct& data = body.fields().at("data").struct_value();
  EXPECT_EQ(data.fields().at("status").string_value(), "pending");
  EXPECT_EQ(data.fields().at("amount").string_value(), "300.00");
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(data, events[0].data()));

  ASSERT_TRUE(WaitFor([&] { return AllSucceeded(endpoint.id(), 1); }, absl::Seconds(5)));
  v1::WebhookDelivery delivery = Deliveries(endpoint.id())[0];
  EXPECT_EQ(delivery.event_id(), events[0].id());
  EXPECT_EQ(delivery.attempts(), 1);
  EXPECT_EQ(delivery.last_status_code(), 200);
  EXPECT_FALSE(delivery.has_next_attempt_time());
}

TEST_P(WebhookDeliveryTest, ReceiverDownThenUpGetsEveryEventWithItsFirstId) {
  Serve(FastRetries());
  const int port = FreePort();
  v1::WebhookEndpoint endpoint;
  ASSERT_TRUE(
      CreateEndpoint(absl::StrCat("http://127.0.0.1:", port, "/ok"), {"*"}, &endpoint).ok());
  for (int i = 0; i < 3; ++i) client_->MustCreateCustomer("EUR");
  // Refused connections: retried, with the error shown.
  ASSERT_TRUE(WaitFor(
      [&] {
        std::vector<v1::WebhookDelivery> d = Deliveries(endpoint.id());
        return d.size() == 3 && d[0].attempts() >= 2 && d[2].attempts() >= 2;
      },
      absl::Seconds(10)));
  v1::WebhookDelivery failing = Deliveries(endpoint.id())[0];
  EXPECT_EQ(failing.status(), v1::WEBHOOK_DELIVERY_STATUS_PENDING);
  EXPECT_EQ(failing.last_status_code(), 0);
  EXPECT_NE(failing.last_error(), "");
  EXPECT_TRUE(failing.has_next_attempt_time());

  StartReceiver(endpoint.secret(), port);
  ASSERT_TRUE(WaitFor([&] { return AllSucceeded(endpoint.id(), 3); }, absl::Seconds(10)));
  std::vector<std::string> posted;
  for (const Received& post : Posts()) {
    EXPECT_EQ(post.verdict, "verified");
    posted.push_back(post.event_id);
  }
  std::vector<std::string> created;
  for (const v1::Event& event : Events("customer.created")) created.push_back(event.id());
  std::sort(posted.begin(), posted.end());
  std::sort(created.begin(), created.end());
  EXPECT_EQ(posted, created);
}

TEST_P(WebhookDeliveryTest, FailuresAreRetriedWithTheSameIdUntilTheEndpointIsDisabled) {
  server::ServerOptions options = FastRetries();
  options.webhooks.retry.give_up_after = absl::Seconds(2);
  options.webhooks.disable_after = absl::Seconds(1);
  Serve(options);
  v1::WebhookEndpoint endpoint;
  ASSERT_NO_FATAL_FAILURE(CreateEndpointWithReceiver("/fail", {"customer.created"}, &endpoint));
  client_->MustCreateCustomer("USD");

  ASSERT_TRUE(WaitFor([&] { return OnlyDeliveryFailed(endpoint.id()); }, absl::Seconds(10)));
  // Disabled after failing for 1 s, before the 2 s retry deadline: what was
  // still pending fails at once, saying why.
  v1::WebhookDelivery delivery = Deliveries(endpoint.id())[0];
  EXPECT_GE(delivery.attempts(), 3);
  EXPECT_EQ(delivery.last_error(), "the endpoint is disabled");
  EXPECT_TRUE(delivery.has_complete_time());
  EXPECT_FALSE(delivery.has_next_attempt_time());
  std::vector<Received> posts = Posts();
  ASSERT_GE(posts.size(), 2u);
  for (const Received& post : posts) {
    EXPECT_EQ(post.path, "/fail");
    EXPECT_EQ(post.event_id, delivery.event_id());
    EXPECT_EQ(post.verdict, "verified");
  }
  EXPECT_EQ(posts.back().seen, absl::StrCat(posts.size()));

  v1::WebhookEndpoint disabled = GetEndpoint(endpoint.id());
  EXPECT_FALSE(disabled.enabled());
  EXPECT_EQ(disabled.disabled_reason(), "every delivery failed for 3 days");
  EXPECT_TRUE(disabled.has_disable_time());
}

TEST_P(WebhookDeliveryTest, ADeliveryFailsAtTheRetryDeadline) {
  server::ServerOptions options = FastRetries();
  options.webhooks.retry.give_up_after = absl::Seconds(1);
  Serve(options);  // disabling after 3 days: not within this test
  v1::WebhookEndpoint endpoint;
  ASSERT_NO_FATAL_FAILURE(CreateEndpointWithReceiver("/fail", {"customer.created"}, &endpoint));
  client_->MustCreateCustomer("USD");
  ASSERT_TRUE(WaitFor([&] { return OnlyDeliveryFailed(endpoint.id()); }, absl::Seconds(10)));
  v1::WebhookDelivery delivery = Deliveries(endpoint.id())[0];
  EXPECT_GE(delivery.attempts(), 2);
  EXPECT_EQ(delivery.last_status_code(), 500);
  EXPECT_EQ(delivery.attempts(), static_cast<int>(Posts().size()));
  EXPECT_TRUE(GetEndpoint(endpoint.id()).enabled());
}

TEST_P(WebhookDeliveryTest, ADeadEndpointDoesNotSlowALiveOne) {
  Serve(FastRetries());
  const int port = FreePort();
  v1::WebhookEndpoint dead, live;
  ASSERT_TRUE(CreateEndpoint(absl::StrCat("http://127.0.0.1:", port, "/hang?seconds=30"),
                             {"*"}, &dead)
                  .ok());
  ASSERT_TRUE(
      CreateEndpoint(absl::StrCat("http://127.0.0.1:", port, "/ok"), {"*"}, &live).ok());
  // One receiver serves both paths; it verifies with the live one's secret.
  StartReceiver(live.secret(), port);
  const absl::Time start = absl::Now();
  for (int i = 0; i < 6; ++i) client_->MustCreateCustomer("USD");
  ASSERT_TRUE(WaitFor([&] { return AllSucceeded(live.id(), 6); }, absl::Seconds(8)));
  // Well inside the dead one's 10 s timeout, with 6 of its attempts waiting.
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  for (const v1::WebhookDelivery& d : Deliveries(dead.id())) {
    EXPECT_EQ(d.status(), v1::WEBHOOK_DELIVERY_STATUS_PENDING);
  }
}

TEST_P(WebhookDeliveryTest, RotationSignsWithBothSecretsAndRedeliverKeepsTheId) {
  Serve(FastRetries());
  v1::WebhookEndpoint endpoint;
  // The receiver knows only the old secret.
  ASSERT_NO_FATAL_FAILURE(CreateEndpointWithReceiver("/ok", {"customer.created"}, &endpoint));
  v1::RotateWebhookEndpointSecretRequest rotate;
  rotate.set_webhook_endpoint_id(endpoint.id());
  v1::WebhookEndpoint rotated;
  ASSERT_TRUE(webhooks_->RotateWebhookEndpointSecret(Context().get(), rotate, &rotated).ok());
  EXPECT_THAT(rotated.secret(), StartsWith("whsec_"));
  EXPECT_NE(rotated.secret(), endpoint.secret());

  client_->MustCreateCustomer("USD");
  ASSERT_TRUE(WaitFor([&] { return AllSucceeded(endpoint.id(), 1); }, absl::Seconds(5)));
  const std::string event_id = Events("customer.created")[0].id();

  v1::RedeliverEventRequest redeliver;
  redeliver.set_event_id(event_id);
  v1::RedeliverEventResponse again;
  ASSERT_TRUE(events_->RedeliverEvent(Context().get(), redeliver, &again).ok());
  EXPECT_EQ(again.queued_deliveries(), 1);
  EXPECT_EQ(again.event().id(), event_id);
  ASSERT_TRUE(WaitFor([&] { return AllSucceeded(endpoint.id(), 2); }, absl::Seconds(5)));
  std::vector<Received> posts = Posts();
  ASSERT_EQ(posts.size(), 2u);
  for (const Received& post : posts) {
    EXPECT_EQ(post.event_id, event_id);
    EXPECT_EQ(post.verdict, "verified");
  }
  EXPECT_EQ(posts[1].seen, "2");
}

TEST_P(WebhookDeliveryTest, APrivateAddressIsRefusedWithoutTheFlag) {
  Serve(FastRetries(/*allow_private=*/false));
  for (const std::string url : {"http://127.0.0.1:8080/hook", "http://10.1.2.3/hook",
                                "http://169.254.169.254/latest", "http://[::1]:9/x"}) {
    v1::WebhookEndpoint out;
    grpc::Status status = CreateEndpoint(url, {"*"}, &out);
    EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR") << url;
    EXPECT_THAT(ViolatedFields(status), ElementsAre("url")) << url;
  }
  v1::WebhookEndpoint out;
  grpc::Status bad_type = CreateEndpoint("http://127.0.0.1:8080/hook", {"invoice.exploded"}, &out);
  EXPECT_EQ(ErrorReason(bad_type), "VALIDATION_ERROR");
}

// IPv6 forms that carry a loopback or private IPv4 address, and ports
// outside 1-65535: refused on create and on update, naming url.
TEST_P(WebhookDeliveryTest, EmbeddedPrivateIpv4AndBadPortsAreRefusedOnCreateAndUpdate) {
  Serve(FastRetries(/*allow_private=*/false));
  v1::WebhookEndpoint endpoint;
  // A name that does not resolve yet is accepted (its attempts resolve again).
  ASSERT_TRUE(CreateEndpoint("https://billing-hooks.invalid/events", {"*"}, &endpoint).ok());
  for (const std::string url :
       {"http://[::ffff:0:127.0.0.1]/", "http://[::ffff:0:a00:1]/hook",
        "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::7f00:1]/",
        "http://[64:ff9b:1::a00:1]/", "http://[2002:7f00:1::1]/", "http://[::127.0.0.1]/",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "https://billing-hooks.invalid:0/",
        "https://billing-hooks.invalid:65536/"}) {
    v1::WebhookEndpoint out;
    grpc::Status created = CreateEndpoint(url, {"*"}, &out);
    EXPECT_EQ(ErrorReason(created), "VALIDATION_ERROR") << url;
    EXPECT_THAT(ViolatedFields(created), ElementsAre("url")) << url;

    v1::UpdateWebhookEndpointRequest update;
    update.set_webhook_endpoint_id(endpoint.id());
    update.mutable_webhook_endpoint()->set_url(url);
    update.mutable_update_mask()->add_paths("url");
    grpc::Status updated = webhooks_->UpdateWebhookEndpoint(Context().get(), update, &out);
    EXPECT_EQ(ErrorReason(updated), "VALIDATION_ERROR") << url;
    EXPECT_THAT(ViolatedFields(updated), ElementsAre("url")) << url;
  }
  EXPECT_EQ(GetEndpoint(endpoint.id()).url(), "https://billing-hooks.invalid/events");
}

// enabled: false on create is kept (the field has presence), and such an
// endpoint is given no delivery while an enabled one beside it is.
TEST_P(WebhookDeliveryTest, AnEndpointCreatedDisabledReceivesNothing) {
  Serve(FastRetries());
  const int port = FreePort();
  v1::CreateWebhookEndpointRequest request;
  request.mutable_webhook_endpoint()->set_url(absl::StrCat("http://127.0.0.1:", port, "/off"));
  request.mutable_webhook_endpoint()->add_event_types("customer.created");
  request.mutable_webhook_endpoint()->set_enabled(false);
  v1::WebhookEndpoint off;
  ASSERT_TRUE(webhooks_->CreateWebhookEndpoint(Context().get(), request, &off).ok());
  EXPECT_FALSE(off.enabled());
  EXPECT_FALSE(GetEndpoint(off.id()).enabled());
  v1::WebhookEndpoint on;
  ASSERT_TRUE(
      CreateEndpoint(absl::StrCat("http://127.0.0.1:", port, "/ok"), {"customer.created"}, &on)
          .ok());
  EXPECT_TRUE(on.enabled()) << "unset is enabled";
  StartReceiver(on.secret(), port);

  client_->MustCreateCustomer("USD");
  ASSERT_TRUE(WaitFor([&] { return AllSucceeded(on.id(), 1); }, absl::Seconds(5)));
  absl::SleepFor(absl::Milliseconds(500));  // 5 polls of the dispatcher
  EXPECT_TRUE(Deliveries(off.id()).empty());
  for (const Received& post : Posts()) EXPECT_EQ(post.path, "/ok");
}

TEST_P(WebhookDeliveryTest, ATypeListedTwiceIsRefusedOnCreateAndUpdate) {
  Serve(FastRetries());
  v1::WebhookEndpoint out;
  grpc::Status created = CreateEndpoint("http://127.0.0.1:9/x", {"invoice.paid", "invoice.paid"}, &out);
  EXPECT_EQ(ErrorReason(created), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(created), ElementsAre("event_types[1]"));
  v1::WebhookEndpoint endpoint;
  ASSERT_TRUE(CreateEndpoint("http://127.0.0.1:9/x", {"invoice.paid"}, &endpoint).ok());
  v1::UpdateWebhookEndpointRequest update;
  update.set_webhook_endpoint_id(endpoint.id());
  for (const char* type : {"customer.created", "invoice.paid", "customer.created"}) {
    update.mutable_webhook_endpoint()->add_event_types(type);
  }
  update.mutable_update_mask()->add_paths("event_types");
  grpc::Status updated = webhooks_->UpdateWebhookEndpoint(Context().get(), update, &out);
  EXPECT_EQ(ErrorReason(updated), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(updated), ElementsAre("event_types[2]"));
  EXPECT_THAT(GetEndpoint(endpoint.id()).event_types(), ElementsAre("invoice.paid"));
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookDeliveryTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
