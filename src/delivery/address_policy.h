// Which addresses a webhook may be delivered to. A webhook URL is chosen by
// a caller, so without this check billing would POST on the caller's behalf
// into its own network (SSRF): the metadata service, a database, an admin
// port on loopback.
#ifndef BILLING_DELIVERY_ADDRESS_POLICY_H_
#define BILLING_DELIVERY_ADDRESS_POLICY_H_

#include <netinet/in.h>
#include <sys/socket.h>

#include <optional>
#include <string>
#include <string_view>

namespace billing::delivery {

// Why `address` is not a public unicast address, e.g. "loopback
// (127.0.0.0/8)", or nullopt when it is. Refused: this host, loopback,
// link-local, private (RFC 1918, 100.64.0.0/10 shared, fc00::/7 unique
// local, fec0::/10 site-local), multicast, broadcast, reserved and
// documentation ranges, and the IPv6 forms that embed an IPv4 address:
// IPv4-mapped, IPv4-translated, NAT64 64:ff9b::/96 and 6to4 2002::/16 when
// the embedded address is non-public; IPv4-compatible ::/96, local-use NAT64
// 64:ff9b:1::/48 and Teredo 2001::/32 always (docs/delivery.md says why).
// Families other than IPv4 and IPv6 are refused too.
std::optional<std::string_view> NonPublicReason(const sockaddr* address);

// The numeric text of an IPv4 or IPv6 address ("10.0.0.1", "::1").
std::string AddressText(const sockaddr* address);

}  // namespace billing::delivery

#endif  // BILLING_DELIVERY_ADDRESS_POLICY_H_
