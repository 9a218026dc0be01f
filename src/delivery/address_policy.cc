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

std::optional<std::string_view> NonPublicReason6(const in6_addr& address) {
  const uint8_t* b = address.s6_addr;
  if (AllZero(b, 15) && b[15] == 0) return "unspecified (::)";
  if (AllZero(b, 15) && b[15] == 1) return "loopback (::1)";
  // Addresses that carry an IPv4 address are judged by it.
  if (AllZero(b, 10) && b[10] == 0xff && b[11] == 0xff) {
    if (NonPublicReason4(Ip4At(b + 12))) return "IPv4-mapped non-public address";
    return std::nullopt;
  }
  if (AllZero(b, 12)) return "IPv4-compatible (deprecated, ::/96)";
  if (HasPrefix(b, {0x00, 0x64, 0xff, 0x9b}) && AllZero(b + 4, 8)) {
    if (NonPublicReason4(Ip4At(b + 12))) return "NAT64 of a non-public IPv4 address";
    return std::nullopt;
  }
  if (HasPrefix(b, {0x20, 0x02})) {
    if (NonPublicReason4(Ip4At(b + 2))) return "6to4 of a non-public IPv4 address";
    return std::nullopt;
  }
  if ((b[0] & 0xfe) == 0xfc) return "unique local (fc00::/7)";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local (fe80::/10)";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "site-local (fec0::/10)";
  if (b[0] == 0xff) return "multicast (ff00::/8)";
  if (HasPrefix(b, {0x20, 0x01, 0x0d, 0xb8})) return "documentation (2001:db8::/32)";
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
