// Where a webhook goes: the URL taken apart, its host resolved once and
// every address checked against the address policy. The sender then pins
// the connection to exactly these addresses (CURLOPT_RESOLVE), so that a
// DNS answer that changes between the check and the connect (DNS
// rebinding) cannot steer the POST elsewhere.
#ifndef BILLING_DELIVERY_WEBHOOK_DESTINATION_H_
#define BILLING_DELIVERY_WEBHOOK_DESTINATION_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace billing::delivery {

struct WebhookUrl {
  std::string url;   // as given
  std::string host;  // as in the URL (an IPv6 literal keeps its brackets)
  int port = 0;      // explicit or the scheme's default
};

// http:// or https:// with a host, no user info: VALIDATION_ERROR on "url"
// otherwise.
absl::StatusOr<WebhookUrl> ParseWebhookUrl(std::string_view url);

// The numeric addresses `url`'s host resolves to, all allowed by the
// address policy unless `allow_private_networks`. VALIDATION_ERROR on "url"
// when the host does not resolve or any address is not public (one bad
// address refuses the host: it is not ours to pick the good ones).
absl::StatusOr<std::vector<std::string>> ResolveAllowed(const WebhookUrl& url,
                                                        bool allow_private_networks);

// Whether an endpoint may be saved with `url`: a well-formed http(s) URL
// whose host, if it resolves now, resolves only to allowed addresses. A
// host that does not resolve (yet) is accepted, as DNS is often set up
// after the endpoint: every attempt resolves and checks again, and fails
// (and retries) while the name is unknown.
absl::Status CheckWebhookDestination(std::string_view url, bool allow_private_networks);

// The CURLOPT_RESOLVE entry pinning url's host and port to `addresses`:
// "host:port:addr[,addr]" with IPv6 addresses in brackets. Not needed (and
// not accepted by every libcurl) for a host that is an IP literal, which
// libcurl never resolves: see IsIpLiteral.
bool IsIpLiteral(const WebhookUrl& url);
std::string ResolveEntry(const WebhookUrl& url, const std::vector<std::string>& addresses);

}  // namespace billing::delivery

#endif  // BILLING_DELIVERY_WEBHOOK_DESTINATION_H_
