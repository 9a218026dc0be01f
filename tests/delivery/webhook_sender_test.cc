// The webhook sender against a real receiver on loopback
// (tests/receivers/webhook_receiver.py), which verifies each signature the
// way an ERP would and records every POST it gets.
#include "delivery/curl_webhook_sender.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "delivery/peer_process.h"
#include "domain/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::delivery {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using ::billing::testing::MakeTempDir;
using ::billing::testing::PeerProcess;
using ::billing::testing::ReadFileOrEmpty;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kSecret[] = "whsec_receiver_knows_this_one";
constexpr char kBody[] =
    R"({"id":"evt_1","type":"invoice.processed","data":{"id":"inv_1","amount":"300.00"}})";

// One POST as the receiver saw it.
struct Received {
  std::string path, event_id, event_type, verdict, seen, content_type, extra;
};

class WebhookSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    record_ = dir_ + "/received.tsv";
    absl::StatusOr<std::unique_ptr<PeerProcess>> receiver = PeerProcess::Start(
        {BILLING_TEST_PYTHON, BILLING_RECEIVERS_DIR "/webhook_receiver.py", "--secret", kSecret,
         "--record", record_});
    ASSERT_THAT(receiver, IsOk()) << "the webhook receiver must start; run ctest, whose "
                                     "delivery_test_venv fixture creates the venv";
    receiver_ = *std::move(receiver);
  }

  // The record stays behind for a failed test to be looked at.
  void TearDown() override {
    receiver_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  std::string Url(const std::string& path) const {
    return absl::StrCat("http://127.0.0.1:", receiver_->port(), path);
  }

  static app::WebhookMessage Message(std::string url, std::string event_id = "evt_1") {
    return app::WebhookMessage{.url = std::move(url), .event_id = std::move(event_id),
                               .event_type = "invoice.processed", .body = kBody,
                               .secrets = {kSecret}};
  }

  static WebhookSenderOptions Loopback() {
    return WebhookSenderOptions{.allow_private_networks = true};
  }

  // What the receiver recorded, once it has recorded at least `count` POSTs
  // (or after `wait`, to show that nothing more arrives).
  std::vector<Received> ReceivedPosts(size_t count, absl::Duration wait = absl::Seconds(5)) {
    const absl::Time deadline = absl::Now() + wait;
    std::vector<Received> posts;
    do {
      posts.clear();
      for (absl::string_view line :
           absl::StrSplit(ReadFileOrEmpty(record_), '\n', absl::SkipEmpty())) {
        std::vector<std::string> f = absl::StrSplit(line, '\t');
        f.resize(7);
        posts.push_back({f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
      }
      if (posts.size() >= count) return posts;
      absl::SleepFor(absl::Milliseconds(20));
    } while (absl::Now() < deadline);
    return posts;
  }

  std::string dir_;
  std::string record_;
  std::unique_ptr<PeerProcess> receiver_;
};

TEST_F(WebhookSenderTest, SignedPostIsVerifiedByTheReceiver) {
  CurlWebhookSender sender(Loopback());
  absl::StatusOr<app::WebhookAttempt> attempt = sender.Send(Message(Url("/ok")));
  ASSERT_THAT(attempt, IsOk());
  EXPECT_TRUE(attempt->delivered) << attempt->error;
  EXPECT_EQ(attempt->status_code, 200);
  EXPECT_EQ(attempt->error, "");
  EXPECT_EQ(attempt->response_body, "received");

  std::vector<Received> posts = ReceivedPosts(1);
  ASSERT_THAT(posts, SizeIs(1));
  EXPECT_EQ(posts[0].path, "/ok");
  EXPECT_EQ(posts[0].event_id, "evt_1");
  EXPECT_EQ(posts[0].event_type, "invoice.processed");
  EXPECT_EQ(posts[0].verdict, "verified");
  EXPECT_EQ(posts[0].content_type, "application/json");
}

TEST_F(WebhookSenderTest, DuringRotationEitherSecretVerifies) {
  CurlWebhookSender sender(Loopback());
  app::WebhookMessage rotating = Message(Url("/ok"), "evt_rotating");
  rotating.secrets = {"whsec_the_new_one", kSecret};
  app::WebhookMessage new_only = Message(Url("/ok"), "evt_new_only");
  new_only.secrets = {"whsec_the_new_one"};

  absl::StatusOr<app::WebhookAttempt> with_both = sender.Send(rotating);
  absl::StatusOr<app::WebhookAttempt> with_new = sender.Send(new_only);
  ASSERT_THAT(with_both, IsOk());
  ASSERT_THAT(with_new, IsOk());
  EXPECT_TRUE(with_both->delivered) << with_both->error;
  // This receiver still only knows the old secret.
  EXPECT_FALSE(with_new->delivered);
  EXPECT_EQ(with_new->status_code, 400);

  std::vector<Received> posts = ReceivedPosts(2);
  ASSERT_THAT(posts, SizeIs(2));
  EXPECT_EQ(posts[0].verdict, "verified");
  EXPECT_EQ(posts[1].verdict, "bad-signature:mismatch");
}

TEST_F(WebhookSenderTest, RetriesCarryTheSameEventIdAndAreCountedAsDuplicates) {
  CurlWebhookSender sender(Loopback());
  ASSERT_THAT(sender.Send(Message(Url("/fail"), "evt_retry")), IsOk());
  ASSERT_THAT(sender.Send(Message(Url("/ok"), "evt_retry")), IsOk());
  std::vector<Received> posts = ReceivedPosts(2);
  ASSERT_THAT(posts, SizeIs(2));
  EXPECT_EQ(posts[1].event_id, "evt_retry");
  EXPECT_EQ(posts[1].seen, "2");
}

TEST_F(WebhookSenderTest, ServerErrorIsAFailureWithItsStatus) {
  CurlWebhookSender sender(Loopback());
  absl::StatusOr<app::WebhookAttempt> attempt = sender.Send(Message(Url("/fail")));
  ASSERT_THAT(attempt, IsOk());
  EXPECT_FALSE(attempt->delivered);
  EXPECT_EQ(attempt->status_code, 500);
  EXPECT_EQ(attempt->error, "HTTP 500");
  EXPECT_EQ(attempt->response_body, "failing on purpose");
}

TEST_F(WebhookSenderTest, TimeoutIsHonored) {
  WebhookSenderOptions options = Loopback();
  options.timeout = absl::Seconds(1);
  CurlWebhookSender sender(options);
  absl::StatusOr<app::WebhookAttempt> attempt = sender.Send(Message(Url("/hang?seconds=10")));
  ASSERT_THAT(attempt, IsOk());
  EXPECT_FALSE(attempt->delivered);
  EXPECT_EQ(attempt->status_code, 0);
  EXPECT_THAT(attempt->error, HasSubstr("Timeout"));
  EXPECT_GE(attempt->duration, absl::Milliseconds(900));
  EXPECT_LT(attempt->duration, absl::Seconds(3));
}

TEST_F(WebhookSenderTest, ConnectionClosedWithoutAnswerIsAFailure) {
  CurlWebhookSender sender(Loopback());
  absl::StatusOr<app::WebhookAttempt> attempt = sender.Send(Message(Url("/close")));
  ASSERT_THAT(attempt, IsOk());
  EXPECT_FALSE(attempt->delivered);
  EXPECT_EQ(attempt->status_code, 0);
  EXPECT_THAT(attempt->error, HasSubstr("Empty reply"));
}

TEST_F(WebhookSenderTest, ConnectionRefusedIsAFailure) {
  // A port that was free a moment ago and has no listener now.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{.sin_family = AF_INET, .sin_port = 0,
                      .sin_addr = {.s_addr = htonl(INADDR_LOOPBACK)}};
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);

  CurlWebhookSender sender(Loopback());
  absl::StatusOr<app::WebhookAttempt> attempt = sender.Send(
      Message(absl::StrCat("http://127.0.0.1:", ntohs(address.sin_port), "/ok")));
  ASSERT_THAT(attempt, IsOk());
  EXPECT_FALSE(attempt->delivered);
  EXPECT_EQ(attempt->status_code, 0);
  EXPECT_THAT(attempt->error, HasSubstr("Couldn't connect"));
}

TEST_F(WebhookSenderTest, RedirectIsNotFollowed) {
  CurlWebhookSender sender(Loopback());
  absl::StatusOr<app::WebhookAttempt> attempt = sender.Send(Message(Url("/redirect")));
  ASSERT_THAT(attempt, IsOk());
  EXPECT_FALSE(attempt->delivered);
  EXPECT_EQ(attempt->status_code, 302);
  EXPECT_EQ(attempt->error, "HTTP 302 (redirects are not followed)");
  // Had the sender followed it, /ok would have been posted to as well.
  std::vector<Received> posts = ReceivedPosts(2, absl::Milliseconds(500));
  ASSERT_THAT(posts, SizeIs(1));
  EXPECT_EQ(posts[0].path, "/redirect");
}

TEST_F(WebhookSenderTest, ResponseReadIsBounded) {
  constexpr int64_t kHuge = 256 << 20;  // far more than any socket buffer holds
  WebhookSenderOptions options = Loopback();
  options.max_response_bytes = 4096;
  CurlWebhookSender sender(options);
  absl::StatusOr<app::WebhookAttempt> attempt =
      sender.Send(Message(Url(absl::StrCat("/large?bytes=", kHuge))));
  ASSERT_THAT(attempt, IsOk());
  EXPECT_TRUE(attempt->delivered) << attempt->error;
  EXPECT_EQ(attempt->status_code, 200);
  EXPECT_EQ(attempt->response_body, std::string(4096, 'x'));
  EXPECT_LT(attempt->duration, absl::Seconds(5));

  // The receiver saw the client go away long before the end of the body.
  std::vector<Received> posts = ReceivedPosts(1);
  ASSERT_THAT(posts, SizeIs(1));
  int64_t written = 0;
  ASSERT_TRUE(absl::SimpleAtoi(absl::StripPrefix(posts[0].extra, "bytes_written="), &written))
      << posts[0].extra;
  EXPECT_LT(written, kHuge);
}

TEST_F(WebhookSenderTest, PrivateAddressIsRefusedWithoutTheOption) {
  CurlWebhookSender guarded(WebhookSenderOptions{});
  EXPECT_THAT(guarded.CheckUrl(Url("/ok")), HasErrorCode(domain::ErrorCode::kValidationError));
  absl::StatusOr<app::WebhookAttempt> refused = guarded.Send(Message(Url("/ok"), "evt_private"));
  ASSERT_THAT(refused, IsOk());
  EXPECT_FALSE(refused->delivered);
  EXPECT_EQ(refused->status_code, 0);
  EXPECT_THAT(refused->error, HasSubstr("loopback"));
  EXPECT_THAT(ReceivedPosts(1, absl::Milliseconds(500)), SizeIs(0));

  CurlWebhookSender allowed(Loopback());
  EXPECT_THAT(allowed.CheckUrl(Url("/ok")), IsOk());
  absl::StatusOr<app::WebhookAttempt> delivered =
      allowed.Send(Message(Url("/ok"), "evt_private"));
  ASSERT_THAT(delivered, IsOk());
  EXPECT_TRUE(delivered->delivered) << delivered->error;
  EXPECT_THAT(ReceivedPosts(1), SizeIs(1));
}

TEST_F(WebhookSenderTest, ProxyFromTheEnvironmentIsNotUsed) {
  // Were the proxy used, the receiver would get the POST for a port where
  // nothing listens; the guard would have checked the wrong destination.
  const std::string proxy = absl::StrCat("http://127.0.0.1:", receiver_->port());
  setenv("http_proxy", proxy.c_str(), 1);
  setenv("HTTP_PROXY", proxy.c_str(), 1);
  CurlWebhookSender sender(Loopback());
  absl::StatusOr<app::WebhookAttempt> attempt = sender.Send(Message("http://127.0.0.1:1/ok"));
  unsetenv("http_proxy");
  unsetenv("HTTP_PROXY");
  ASSERT_THAT(attempt, IsOk());
  EXPECT_FALSE(attempt->delivered);
  EXPECT_THAT(attempt->error, HasSubstr("Couldn't connect"));
  EXPECT_THAT(ReceivedPosts(1, absl::Milliseconds(300)), SizeIs(0));
}

TEST_F(WebhookSenderTest, HostNamesAreResolvedCheckedAndPinned) {
  const std::string url = absl::StrCat("http://localhost:", receiver_->port(), "/ok");
  CurlWebhookSender guarded(WebhookSenderOptions{});
  EXPECT_THAT(guarded.CheckUrl(url), HasErrorCode(domain::ErrorCode::kValidationError));
  CurlWebhookSender allowed(Loopback());
  absl::StatusOr<app::WebhookAttempt> attempt = allowed.Send(Message(url));
  ASSERT_THAT(attempt, IsOk());
  EXPECT_TRUE(attempt->delivered) << attempt->error;
}

TEST_F(WebhookSenderTest, UnusableMessagesAreRefusedBeforeSending) {
  CurlWebhookSender sender(Loopback());
  app::WebhookMessage no_secret = Message(Url("/ok"));
  no_secret.secrets.clear();
  app::WebhookMessage injected = Message(Url("/ok"), "evt_1\r\nX-Injected: 1");
  EXPECT_THAT(sender.Send(no_secret), HasErrorCode(domain::ErrorCode::kValidationError));
  EXPECT_THAT(sender.Send(injected), HasErrorCode(domain::ErrorCode::kValidationError));
  for (const std::string& url :
       {std::string("ftp://127.0.0.1/x"), std::string("file:///etc/passwd"),
        std::string("gopher://127.0.0.1:70/"), std::string("not a url"),
        absl::StrCat("http://user:pw@127.0.0.1:", receiver_->port(), "/ok")}) {
    EXPECT_THAT(sender.Send(Message(url)), HasErrorCode(domain::ErrorCode::kValidationError))
        << url;
    EXPECT_THAT(sender.CheckUrl(url), HasErrorCode(domain::ErrorCode::kValidationError)) << url;
  }
  EXPECT_THAT(ReceivedPosts(1, absl::Milliseconds(300)), SizeIs(0));
}

}  // namespace
}  // namespace billing::delivery
