#include "delivery/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace billing::delivery {
namespace {

struct Range4 {
  uint32_t network;
  int prefix;
  std::string_view reason;
};

constexpr uint32_t Ip4(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// IANA's IPv4 special-purpose registry, less what is globally reachable.
constexpr std::array<Range4, 16> kBlocked4 = {{
    {Ip4(0, 0, 0, 0), 8, "this network (0.0.0.0/8)"},
    {Ip4(10, 0, 0, 0), 8, "private (10.0.0.0/8)"},
    {Ip4(100, 64, 0, 0), 10, "shared address space (100.64.0.0/10)"},
    {Ip4(127, 0, 0, 0), 8, "loopback (127.0.0.0/8)"},
    {Ip4(169, 254, 0, 0), 16, "link-local (169.254.0.0/16)"},
    {Ip4(172, 16, 0, 0), 12, "private (172.16.0.0/12)"},
    {Ip4(192, 0, 0, 0), 24, "IETF protocol assignments (192.0.0.0/24)"},
    {Ip4(192, 0, 2, 0), 24, "documentation (192.0.2.0/24)"},
    {Ip4(192, 88, 99, 0), 24, "6to4 relay anycast (192.88.99.0/24)"},
    {Ip4(192, 168, 0, 0), 16, "private (192.168.0.0/16)"},
    {Ip4(198, 18, 0, 0), 15, "benchmarking (198.18.0.0/15)"},
    {Ip4(198, 51, 100, 0), 24, "documentation (198.51.100.0/24)"},
    {Ip4(203, 0, 113, 0), 24, "documentation (203.0.113.0/24)"},
    {Ip4(224, 0, 0, 0), 4, "multicast (224.0.0.0/4)"},
    {Ip4(240, 0, 0, 0), 4, "reserved (240.0.0.0/4)"},
    {Ip4(255, 255, 255, 255), 32, "broadcast (255.255.255.255)"},
}};

std::optional<std::string_view> NonPublicReason4(uint32_t address) {
  for (const Range4& range : kBlocked4) {
    uint32_t mask = range.prefix == 0 ? 0 : ~uint32_t{0} << (32 - range.prefix);
    if ((address & mask) == range.network) return range.reason;
  }
  return std::nullopt;
}

uint32_t Ip4At(const uint8_t* bytes) {
  return Ip4(bytes[0], bytes[1], bytes[2], bytes[3]);
}

bool HasPrefix(const uint8_t* bytes, std::initializer_list<uint8_t> prefix) {
  size_t i = 0;
  for (uint8_t byte : prefix) {
    if (bytes[i++] != byte) return false;
  }
  return true;
}

bool AllZero(const uint8_t* bytes, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (bytes[i] != 0) return false;
  }
  return true;
}

// The IPv6 forms that carry an IPv4 address (RFC 4291, 6052, 6145, 8215,
// 3056, 4380), each decided on its own: docs/delivery.md. An address a
// translator or tunnel turns into a non-public IPv4 one is as private as
// that IPv4 address.
std::optional<std::string_view> EmbeddedIpv4Reason(const uint8_t* b) {
  // IPv4-mapped ::ffff:0:0/96: a dual-stack socket connects to the IPv4
  // address itself.
  if (AllZero(b, 10) && b[10] == 0xff && b[11] == 0xff) {
    if (NonPublicReason4(Ip4At(b + 12))) return "IPv4-mapped (::ffff:0:0/96) non-public address";
    return std::nullopt;
  }
  // IPv4-translated ::ffff:0:0:0/96 (SIIT, RFC 6145): a translator on the
  // path turns it into the IPv4 address.
  if (AllZero(b, 8) && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0) {
    if (NonPublicReason4(Ip4At(b + 12))) {
      return "IPv4-translated (::ffff:0:0:0/96) non-public address";
    }
    return std::nullopt;
  }
  // IPv4-compatible ::/96: deprecated (RFC 4291 2.5.5.1), never legitimate.
  if (AllZero(b, 12)) return "IPv4-compatible (deprecated, ::/96)";
  // NAT64 well-known prefix 64:ff9b::/96: the NAT64 gateway connects to the
  // IPv4 address (RFC 6052 forbids it for non-global ones; not all obey).
  if (HasPrefix(b, {0x00, 0x64, 0xff, 0x9b}) && AllZero(b + 4, 8)) {
    if (NonPublicReason4(Ip4At(b + 12))) return "NAT64 (64:ff9b::/96) of a non-public IPv4 address";
    return std::nullopt;
  }
  // Local-use NAT64 64:ff9b:1::/48 (RFC 8215): a site's own translator,
  // where the IPv4 address may sit at any of RFC 6052's offsets: not
  // globally reachable, so refused whole.
  if (HasPrefix(b, {0x00, 0x64, 0xff, 0x9b, 0x00, 0x01})) {
    return "local-use NAT64 (64:ff9b:1::/48)";
  }
  // The rest of 64:ff9b::/32 is unassigned: nothing public lives there.
  if (HasPrefix(b, {0x00, 0x64, 0xff, 0x9b})) return "reserved NAT64 space (64:ff9b::/32)";
  // 6to4 2002::/16: the relay tunnels to the IPv4 address in bits 16-48.
  if (HasPrefix(b, {0x20, 0x02})) {
    if (NonPublicReason4(Ip4At(b + 2))) return "6to4 (2002::/16) of a non-public IPv4 address";
    return std::nullopt;
  }
  // Teredo 2001::/32 (RFC 4380): a relay forwards to the client's IPv4
  // address (obfuscated in the last 32 bits) through whatever NAT it is
  // behind; the guard cannot tell where that lands, and Teredo serves no
  // real webhook receiver: refused whole.
  if (HasPrefix(b, {0x20, 0x01, 0x00, 0x00})) return "Teredo (2001::/32)";
  return std::nullopt;
}

std::optional<std::string_view> NonPublicReason6(const in6_addr& address) {
  const uint8_t* b = address.s6_addr;
  if (AllZero(b, 15) && b[15] == 0) return "unspecified (::)";
  if (AllZero(b, 15) && b[15] == 1) return "loopback (::1)";
  if (std::optional<std::string_view> reason = EmbeddedIpv4Reason(b)) return reason;
  if ((b[0] & 0xfe) == 0xfc) return "unique local (fc00::/7)";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local (fe80::/10)";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "site-local (fec0::/10)";
  if (b[0] == 0xff) return "multicast (ff00::/8)";
  if (HasPrefix(b, {0x20, 0x01, 0x0d, 0xb8})) return "documentation (2001:db8::/32)";
  if (HasPrefix(b, {0x20, 0x01, 0x00, 0x02, 0x00, 0x00})) return "benchmarking (2001:2::/48)";
  if (HasPrefix(b, {0x01, 0x00}) && AllZero(b + 2, 6)) return "discard-only (100::/64)";
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> NonPublicReason(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return NonPublicReason4(ntohl(v4->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    return NonPublicReason6(reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
  }
  return "not an IP address";
}

std::string AddressText(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text,
              sizeof(text));
  } else if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text,
              sizeof(text));
  }
  return text;
}

}  // namespace billing::delivery
