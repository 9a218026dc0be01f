#include "delivery/webhook_destination.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "delivery/address_policy.h"
#include "delivery/curl_handles.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::delivery {
namespace {

constexpr std::string_view kBadPort = "the port must be a number from 1 to 65535";

absl::Status BadUrl(std::string_view why) {
  return domain::ValidationError("url", std::string(why));
}

std::optional<std::string> UrlPart(CURLU* url, CURLUPart part, unsigned int flags = 0) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, flags) != CURLUE_OK || text == nullptr) return std::nullopt;
  CurlString owned(text);
  return std::string(owned.get());
}

struct AddrinfoDeleter {
  void operator()(addrinfo* list) const { freeaddrinfo(list); }
};

}  // namespace

absl::StatusOr<WebhookUrl> ParseWebhookUrl(std::string_view url) {
  if (url.size() > 2048) return BadUrl("longer than 2048 characters");
  CurlUrl parsed(curl_url());
  if (parsed == nullptr) return domain::Error(domain::ErrorCode::kInternal, "out of memory");
  // No guessing of a missing scheme, no non-ASCII or spaces sneaking through.
  const CURLUcode set = curl_url_set(parsed.get(), CURLUPART_URL, std::string(url).c_str(), 0);
  if (set == CURLUE_BAD_PORT_NUMBER) return BadUrl(kBadPort);
  if (set != CURLUE_OK) return BadUrl(absl::StrCat("not a valid URL: ", domain::Quoted(url)));
  std::optional<std::string> scheme = UrlPart(parsed.get(), CURLUPART_SCHEME);
  if (!scheme.has_value() || (*scheme != "http" && *scheme != "https")) {
    return BadUrl("the scheme must be http or https");
  }
  if (UrlPart(parsed.get(), CURLUPART_USER).has_value()) {
    return BadUrl("credentials in the URL are not allowed");
  }
  std::optional<std::string> host = UrlPart(parsed.get(), CURLUPART_HOST);
  std::optional<std::string> port = UrlPart(parsed.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  int port_number = 0;
  if (!host.has_value() || host->empty() || !port.has_value() ||
      !absl::SimpleAtoi(*port, &port_number)) {
    return BadUrl("the URL has no host");
  }
  // libcurl takes :0, which names no port anyone listens on.
  if (port_number < 1 || port_number > 65535) return BadUrl(kBadPort);
  return WebhookUrl{.url = std::string(url), .host = absl::AsciiStrToLower(*host),
                    .port = port_number};
}

namespace {

using AddressList = std::unique_ptr<addrinfo, AddrinfoDeleter>;

// getaddrinfo for url's host (brackets of an IPv6 literal taken off): the
// addresses, or null with the resolver's error in *rc.
AddressList LookUp(const WebhookUrl& url, int* rc) {
  std::string name = url.host;
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  *rc = getaddrinfo(name.c_str(), nullptr, &hints, &found);
  return AddressList(*rc == 0 ? found : nullptr);
}

// The distinct numeric addresses of `found`, every one allowed by the
// address policy unless `allow_private_networks`.
absl::StatusOr<std::vector<std::string>> AllowedAddresses(const WebhookUrl& url,
                                                          const addrinfo* found,
                                                          bool allow_private_networks) {
  std::vector<std::string> addresses;
  for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
    std::string text = AddressText(entry->ai_addr);
    if (text.empty()) continue;
    if (!allow_private_networks) {
      if (std::optional<std::string_view> reason = NonPublicReason(entry->ai_addr)) {
        return BadUrl(absl::StrCat("the host ", domain::Quoted(url.host), " resolves to ", text,
                                   ", ", domain::Av(*reason),
                                   ": only public addresses receive webhooks"));
      }
    }
    if (std::find(addresses.begin(), addresses.end(), text) == addresses.end()) {
      addresses.push_back(std::move(text));
    }
  }
  if (addresses.empty()) {
    return BadUrl(absl::StrCat("the host ", domain::Quoted(url.host), " has no IP address"));
  }
  return addresses;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ResolveAllowed(const WebhookUrl& url,
                                                        bool allow_private_networks) {
  int rc = 0;
  AddressList found = LookUp(url, &rc);
  if (found == nullptr) {
    return BadUrl(absl::StrCat("the host ", domain::Quoted(url.host),
                               " does not resolve: ", gai_strerror(rc)));
  }
  return AllowedAddresses(url, found.get(), allow_private_networks);
}

absl::Status CheckWebhookDestination(std::string_view url, bool allow_private_networks) {
  ASSIGN_OR_RETURN(WebhookUrl parsed, ParseWebhookUrl(url));
  int rc = 0;
  AddressList found = LookUp(parsed, &rc);
  if (found == nullptr) return absl::OkStatus();
  return AllowedAddresses(parsed, found.get(), allow_private_networks).status();
}

bool IsIpLiteral(const WebhookUrl& url) {
  in_addr v4{};
  return url.host.starts_with('[') || inet_pton(AF_INET, url.host.c_str(), &v4) == 1;
}

std::string ResolveEntry(const WebhookUrl& url, const std::vector<std::string>& addresses) {
  std::vector<std::string> formatted;
  for (const std::string& address : addresses) {
    formatted.push_back(address.find(':') != std::string::npos ? absl::StrCat("[", address, "]")
                                                               : address);
  }
  return absl::StrCat(url.host, ":", url.port, ":", absl::StrJoin(formatted, ","));
}

}  // namespace billing::delivery
