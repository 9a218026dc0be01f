#include "delivery/curl_webhook_sender.h"

#include <curl/curl.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "auth/webhook_signature.h"
#include "common/status_macros.h"
#include "delivery/curl_handles.h"
#include "delivery/webhook_destination.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::delivery {
namespace {

struct ResponseSink {
  std::string body;
  size_t limit = 0;
  bool truncated = false;
};

// Keeps the first `limit` bytes, then stops the transfer: returning less
// than was offered makes libcurl abort with CURLE_WRITE_ERROR, so a huge or
// endless response costs no more than the limit.
size_t WriteBounded(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<ResponseSink*>(user);
  size_t offered = size * count;
  size_t room = sink->limit - sink->body.size();
  if (offered > room) {
    sink->body.append(data, room);
    sink->truncated = true;
    return 0;
  }
  sink->body.append(data, offered);
  return offered;
}

// A header value we put on the wire must not smuggle in another header.
absl::Status CheckHeaderValue(std::string field, std::string_view value) {
  if (value.empty()) return domain::ValidationError(std::move(field), "must not be empty");
  for (char c : value) {
    if (c < 0x21 || c > 0x7e) {
      return domain::ValidationError(std::move(field), "must be printable ASCII without spaces");
    }
  }
  return absl::OkStatus();
}

std::string StatusText(long status_code) {
  if (status_code >= 300 && status_code < 400) {
    return absl::StrCat("HTTP ", status_code, " (redirects are not followed)");
  }
  return absl::StrCat("HTTP ", status_code);
}

}  // namespace

CurlWebhookSender::CurlWebhookSender(WebhookSenderOptions options)
    : options_(std::move(options)) {
  EnsureCurlGlobalInit();
}

absl::Status CurlWebhookSender::CheckUrl(std::string_view url) {
  return CheckWebhookDestination(url, options_.allow_private_networks);
}

absl::StatusOr<app::WebhookAttempt> CurlWebhookSender::Send(const app::WebhookMessage& message) {
  const absl::Time start = absl::Now();
  if (message.secrets.empty()) {
    return domain::ValidationError("secrets", "no secret to sign with");
  }
  RETURN_IF_ERROR(CheckHeaderValue("event_id", message.event_id));
  RETURN_IF_ERROR(CheckHeaderValue("event_type", message.event_type));
  ASSIGN_OR_RETURN(WebhookUrl url, ParseWebhookUrl(message.url));

  app::WebhookAttempt attempt;
  auto finish = [&]() {
    attempt.duration = absl::Now() - start;
    return attempt;
  };
  // Checked at every attempt, not only when the endpoint was created: the
  // name may point elsewhere by now.
  absl::StatusOr<std::vector<std::string>> addresses =
      ResolveAllowed(url, options_.allow_private_networks);
  if (!addresses.ok()) {
    attempt.error = std::string(addresses.status().message());
    return finish();
  }

  CurlEasy curl(curl_easy_init());
  CurlSlist headers;
  CurlSlist resolve;
  const std::string signature =
      auth::WebhookSignatureHeader(message.body, absl::Now(), message.secrets);
  bool lists_ok =
      Append(headers, "Content-Type: application/json") &&
      Append(headers, absl::StrCat("Billing-Event-Id: ", message.event_id)) &&
      Append(headers, absl::StrCat("Billing-Event-Type: ", message.event_type)) &&
      Append(headers, absl::StrCat(domain::Av(auth::kWebhookSignatureHeader), ": ", signature)) &&
      // No "Expect: 100-continue" round trip (libcurl waits up to 1 s for it
      // on larger bodies): the receiver reads the whole body anyway.
      Append(headers, "Expect:") &&
      (IsIpLiteral(url) || Append(resolve, ResolveEntry(url, *addresses)));
  if (curl == nullptr || !lists_ok) {
    return domain::Error(domain::ErrorCode::kInternal, "libcurl: out of memory");
  }

  ResponseSink sink{.limit = options_.max_response_bytes};
  char error_buffer[CURL_ERROR_SIZE] = {};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  // The options the guard rests on are checked: a libcurl that ignored one
  // would deliver where it must not.
  bool guarded =
      curl_easy_setopt(h, CURLOPT_URL, url.url.c_str()) == CURLE_OK &&
      curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK &&
      curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
      // A proxy from the environment (http_proxy, ...) would connect on our
      // behalf to wherever it resolves the host: the checks would be moot.
      curl_easy_setopt(h, CURLOPT_PROXY, "") == CURLE_OK &&
      curl_easy_setopt(h, CURLOPT_RESOLVE, resolve.get()) == CURLE_OK;
  if (!guarded) {
    return domain::Error(domain::ErrorCode::kInternal,
                         absl::StrCat("libcurl refused a webhook option: ", error_buffer));
  }
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   CurlTimeoutMs(options_.connect_timeout));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS,
                   CurlTimeoutMs(options_.timeout));
  curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, message.body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(message.body.size()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, WriteBounded);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);

  CURLcode rc = curl_easy_perform(h);
  long status_code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status_code);
  attempt.status_code = static_cast<int>(status_code);
  attempt.response_body = std::move(sink.body);
  // Stopping a long response ourselves is no failure of the receiver's.
  const bool complete = rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && sink.truncated);
  if (!complete) {
    attempt.error = CurlErrorText(rc, error_buffer);
  } else if (status_code < 200 || status_code > 299) {
    attempt.error = StatusText(status_code);
  } else {
    attempt.delivered = true;
  }
  return finish();
}

}  // namespace billing::delivery
