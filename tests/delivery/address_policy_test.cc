#include "delivery/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace billing::delivery {
namespace {

// The policy's verdict on a numeric address: nullopt = public.
std::optional<std::string> Verdict(const std::string& text) {
  sockaddr_storage storage{};
  if (text.find(':') == std::string::npos) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    v4->sin_family = AF_INET;
    EXPECT_EQ(inet_pton(AF_INET, text.c_str(), &v4->sin_addr), 1) << text;
  } else {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    v6->sin6_family = AF_INET6;
    EXPECT_EQ(inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr), 1) << text;
  }
  std::optional<std::string_view> reason = NonPublicReason(reinterpret_cast<sockaddr*>(&storage));
  if (!reason.has_value()) return std::nullopt;
  return std::string(*reason);
}

TEST(AddressPolicyTest, RefusesEveryNonPublicIpv4Range) {
  for (const char* address :
       {"0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254",
        "127.0.0.1", "127.1.2.3", "169.254.169.254", "172.16.0.1", "172.31.255.255",
        "192.0.0.8", "192.0.2.1", "192.168.1.1", "198.18.0.1", "198.19.255.255",
        "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1",
        "255.255.255.255"}) {
    EXPECT_TRUE(Verdict(address).has_value()) << address;
  }
}

TEST(AddressPolicyTest, AllowsPublicIpv4JustOutsideTheRanges) {
  for (const char* address : {"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255",
                              "100.128.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255",
                              "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255"}) {
    EXPECT_EQ(Verdict(address), std::nullopt) << address;
  }
}

TEST(AddressPolicyTest, NamesTheReason) {
  EXPECT_EQ(Verdict("127.0.0.1"), "loopback (127.0.0.0/8)");
  EXPECT_EQ(Verdict("169.254.169.254"), "link-local (169.254.0.0/16)");
  EXPECT_EQ(Verdict("fd00::1"), "unique local (fc00::/7)");
}

TEST(AddressPolicyTest, RefusesNonPublicIpv6) {
  for (const char* address :
       {"::", "::1", "fe80::1", "febf::1", "fc00::1", "fdff:ffff::1", "fec0::1", "ff02::1",
        "2001:db8::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::127.0.0.1", "64:ff9b::a00:1",
        "2002:c0a8:0101::1", "100::1"}) {
    EXPECT_TRUE(Verdict(address).has_value()) << address;
  }
}

// Every IPv6 form that carries an IPv4 address, with loopback, private,
// link-local (the metadata service) and shared-space IPv4 inside.
TEST(AddressPolicyTest, RefusesEveryIpv6FormEmbeddingANonPublicIpv4) {
  for (const char* v4 : {"127.0.0.1", "10.1.2.3", "169.254.169.254", "100.64.0.1", "0.0.0.0"}) {
    for (const std::string& address :
         {"::ffff:" + std::string(v4),      // IPv4-mapped (RFC 4291)
          "::ffff:0:" + std::string(v4),    // IPv4-translated (RFC 6145)
          "::" + std::string(v4),           // IPv4-compatible (deprecated)
          "64:ff9b::" + std::string(v4)}) {  // NAT64 well-known prefix (RFC 6052)
      EXPECT_TRUE(Verdict(address).has_value()) << address;
    }
  }
  // 6to4 carries it in bits 16-48: 2002:7f00:0001:: is 127.0.0.1's.
  for (const char* address : {"2002:7f00:1::1", "2002:a9fe:a9fe::1", "2002:0a00:0001:ffff::1"}) {
    EXPECT_TRUE(Verdict(address).has_value()) << address;
  }
  EXPECT_EQ(Verdict("::ffff:0:127.0.0.1"), "IPv4-translated (::ffff:0:0:0/96) non-public address");
}

TEST(AddressPolicyTest, RefusesWholeTheFormsWhoseIpv4CannotBeJudged) {
  // Local-use NAT64 (RFC 8215), even with a public IPv4 at the /96 offset;
  // the unassigned rest of 64:ff9b::/32; Teredo (client address obfuscated,
  // reached through the client's NAT); IPv4-compatible, even of a public one.
  EXPECT_EQ(Verdict("64:ff9b:1::808:808"), "local-use NAT64 (64:ff9b:1::/48)");
  EXPECT_TRUE(Verdict("64:ff9b:1:ab00::1").has_value());
  EXPECT_TRUE(Verdict("64:ff9b:2::808:808").has_value());
  EXPECT_EQ(Verdict("2001:0:4136:e378:8000:63bf:3fff:fdd2"), "Teredo (2001::/32)");
  EXPECT_TRUE(Verdict("::8.8.8.8").has_value());
  EXPECT_TRUE(Verdict("2001:2::1").has_value());  // benchmarking
}

TEST(AddressPolicyTest, AllowsPublicIpv6IncludingEmbeddedPublicIpv4) {
  for (const char* address : {"2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8",
                              "::ffff:0:8.8.8.8", "64:ff9b::808:808", "2002:0808:0808::1",
                              "2001:4860:4860::8888"}) {
    EXPECT_EQ(Verdict(address), std::nullopt) << address;
  }
}

TEST(AddressPolicyTest, AddressTextIsNumeric) {
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::1", &v6.sin6_addr);
  EXPECT_EQ(AddressText(reinterpret_cast<sockaddr*>(&v6)), "::1");
}

}  // namespace
}  // namespace billing::delivery
