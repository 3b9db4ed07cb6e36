// Tests for IpPrefix text (RFC 4291 §2.2, RFC 5952 §4-§5) and RFC 5782 §2.1/§2.4 reversed labels.
#include "vouchd/dnswire/ip_prefix.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace vouchd::dnswire {
namespace {

std::string canonical(std::string_view text) {
  const std::optional<IpPrefix> p = IpPrefix::parse(text);
  return p ? p->to_text() : "<invalid>";
}

TEST(IpPrefixTest, ParsesIpv4Address) {
  const std::optional<IpPrefix> p = IpPrefix::parse("192.0.2.1");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->family, IpFamily::V4);
  EXPECT_EQ(p->length, 32);
  EXPECT_EQ(p->addr[0], 192);
  EXPECT_EQ(p->addr[1], 0);
  EXPECT_EQ(p->addr[2], 2);
  EXPECT_EQ(p->addr[3], 1);
  EXPECT_EQ(p->to_text(), "192.0.2.1");
}

TEST(IpPrefixTest, ParsesIpv4Prefix) {
  const std::optional<IpPrefix> p = IpPrefix::parse("192.0.2.0/24");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->length, 24);
  EXPECT_EQ(p->to_text(), "192.0.2.0/24");
  EXPECT_EQ(canonical("0.0.0.0/0"), "0.0.0.0/0");
  EXPECT_EQ(canonical("255.255.255.255"), "255.255.255.255");
}

TEST(IpPrefixTest, RejectsMalformedIpv4) {
  for (const char* bad :
       {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.04", "1..2.3", "1.2.3.4.",
        ".1.2.3.4", "1.2.3.a", "1.2.3.4 ", " 1.2.3.4", "1234.1.1.1", "1.2.3.-4", "1.2.3.+4"}) {
    EXPECT_FALSE(IpPrefix::parse(bad).has_value()) << bad;
  }
}

TEST(IpPrefixTest, RejectsBadPrefixLength) {
  for (const char* bad : {"192.0.2.0/", "192.0.2.0/33", "192.0.2.0/024", "192.0.2.0/2x",
                          "2001:db8::/129", "2001:db8::/", "192.0.2.0/24/1", "192.0.2.0/1000"}) {
    EXPECT_FALSE(IpPrefix::parse(bad).has_value()) << bad;
  }
}

TEST(IpPrefixTest, RejectsHostBitsAfterPrefix) {
  EXPECT_FALSE(IpPrefix::parse("192.0.2.1/24").has_value());
  EXPECT_FALSE(IpPrefix::parse("192.0.2.64/25").has_value());
  EXPECT_TRUE(IpPrefix::parse("192.0.2.128/25").has_value());
  EXPECT_TRUE(IpPrefix::parse("192.0.2.128/26").has_value());
  EXPECT_FALSE(IpPrefix::parse("2001:db8::1/64").has_value());
  EXPECT_FALSE(IpPrefix::parse("2001:db8:0:1::/56").has_value());
  EXPECT_TRUE(IpPrefix::parse("2001:db8:0:100::/56").has_value());
}

TEST(IpPrefixTest, ParsesIpv6WithCompression) {
  const std::optional<IpPrefix> p = IpPrefix::parse("2001:db8::/56");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->family, IpFamily::V6);
  EXPECT_EQ(p->length, 56);
  EXPECT_EQ(p->addr[0], 0x20);
  EXPECT_EQ(p->addr[1], 0x01);
  EXPECT_EQ(p->addr[2], 0x0d);
  EXPECT_EQ(p->addr[3], 0xb8);
  for (std::size_t k = 4; k < 16; ++k) {
    EXPECT_EQ(p->addr[k], 0) << k;
  }
  EXPECT_EQ(canonical("::"), "::");
  EXPECT_EQ(canonical("::1"), "::1");
  EXPECT_EQ(canonical("1::"), "1::");
  EXPECT_EQ(canonical("1:2:3:4:5:6:7::"), "1:2:3:4:5:6:7:0");
  EXPECT_EQ(canonical("::2:3:4:5:6:7:8"), "0:2:3:4:5:6:7:8");
}

TEST(IpPrefixTest, RejectsMalformedIpv6) {
  for (const char* bad : {":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::2",
                          "1::2:", "12345::", "g::", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
                          "1:2:3:4:5:6:7:8:1.2.3.4", "::1.2.3", "::1.2.3.4:5", "::ffff:01.2.3.4",
                          "1:2:3:4:5:6::1.2.3.4", "[::1]"}) {
    EXPECT_FALSE(IpPrefix::parse(bad).has_value()) << bad;
  }
}

TEST(IpPrefixTest, PrintsRfc5952CanonicalIpv6) {
  EXPECT_EQ(canonical("2001:0DB8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");  // §4.1, §4.3
  EXPECT_EQ(canonical("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");     // §4.2.3: first of equals
  EXPECT_EQ(canonical("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");  // §4.2.2: not for one
  EXPECT_EQ(canonical("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1");           // §4.2.3: longest run
  EXPECT_EQ(canonical("2001:db8::/32"), "2001:db8::/32");
  EXPECT_EQ(canonical("fe80:0:0:0:1:0:0:0"), "fe80::1:0:0:0");
}

TEST(IpPrefixTest, PrintsV4MappedWithDottedTail) {
  const std::optional<IpPrefix> p = IpPrefix::parse("::ffff:127.0.0.2");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->family, IpFamily::V6);
  EXPECT_EQ(p->addr[10], 0xff);
  EXPECT_EQ(p->addr[11], 0xff);
  EXPECT_EQ(p->addr[12], 127);
  EXPECT_EQ(p->addr[15], 2);
  EXPECT_EQ(p->to_text(), "::ffff:127.0.0.2");
  EXPECT_EQ(canonical("0:0:0:0:0:FFFF:7f00:2"), "::ffff:127.0.0.2");
}

TEST(IpPrefixTest, ParsesEmbeddedIpv4Tail) {
  EXPECT_EQ(canonical("64:ff9b::192.0.2.33"), "64:ff9b::c000:221");
  EXPECT_EQ(canonical("1:2:3:4:5:6:192.0.2.1"), "1:2:3:4:5:6:c000:201");
  EXPECT_EQ(canonical("::192.0.2.1"), "::c000:201");
}

TEST(IpPrefixTest, TextRoundTrips) {
  for (const char* text : {"10.0.0.0/8", "127.0.0.2", "2001:db8:1:2:3:4:567:89ab", "2001:db8::/64",
                           "::/0", "::ffff:0.0.0.0/96", "fe80::/10", "ff02::1:ff00:0/104"}) {
    const std::optional<IpPrefix> p = IpPrefix::parse(text);
    ASSERT_TRUE(p.has_value()) << text;
    EXPECT_EQ(p->to_text(), text);
    EXPECT_EQ(IpPrefix::parse(p->to_text()), p) << text;
  }
}

TEST(IpPrefixTest, ContainsChecksFamilyAndLeadingBits) {
  const IpPrefix net = *IpPrefix::parse("192.0.2.0/24");
  EXPECT_TRUE(net.contains(*IpPrefix::parse("192.0.2.99")));
  EXPECT_TRUE(net.contains(*IpPrefix::parse("192.0.2.128/25")));
  EXPECT_TRUE(net.contains(net));
  EXPECT_FALSE(net.contains(*IpPrefix::parse("192.0.3.1")));
  EXPECT_FALSE(net.contains(*IpPrefix::parse("192.0.0.0/16")));
  EXPECT_FALSE(net.contains(*IpPrefix::parse("::ffff:192.0.2.1")));
  const IpPrefix odd = *IpPrefix::parse("2001:db8:80::/41");
  EXPECT_TRUE(odd.contains(*IpPrefix::parse("2001:db8:ff::1")));
  EXPECT_FALSE(odd.contains(*IpPrefix::parse("2001:db8:7f::1")));
  EXPECT_TRUE(IpPrefix::parse("::/0")->contains(*IpPrefix::parse("2001:db8::1")));
}

TEST(IpPrefixTest, ReversesIpv4LabelsPerRfc5782Sec2p1) {
  EXPECT_EQ(reversed_labels(*IpPrefix::parse("192.0.2.99")), "99.2.0.192");
  EXPECT_EQ(reversed_labels(*IpPrefix::parse("127.0.0.2")), "2.0.0.127");
}

TEST(IpPrefixTest, ReversesIpv6NibblesPerRfc5782Sec2p4) {
  EXPECT_EQ(reversed_labels(*IpPrefix::parse("2001:db8:1:2:3:4:567:89ab")),
            "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2");
  EXPECT_EQ(reversed_labels(*IpPrefix::parse("::1")),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0");
}

// Relative owner text -> lower-case wire labels without the root, as the journal gives them.
std::string owner_wire(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t dot = text.find('.', start);
    if (dot == std::string_view::npos) dot = text.size();
    out.push_back(static_cast<char>(dot - start));
    out.append(text.substr(start, dot - start));
    start = dot + 1;
  }
  return out;
}

TEST(DnsxlTilesTest, AlignedPrefixIsItsOwnTile) {
  const auto tiles = dnsxl_tiles(*IpPrefix::parse("192.0.2.0/24"));
  ASSERT_EQ(tiles.size(), 1u);
  EXPECT_EQ(tiles[0].to_text(), "192.0.2.0/24");
}

TEST(DnsxlTilesTest, UnalignedPrefixesSplitAsTheirOwners) {
  std::vector<std::string> text;
  for (const IpPrefix& p : dnsxl_tiles(*IpPrefix::parse("203.0.112.0/23"))) {
    text.push_back(p.to_text());
  }
  EXPECT_EQ(text, (std::vector<std::string>{"203.0.112.0/24", "203.0.113.0/24"}));
  EXPECT_EQ(dnsxl_tiles(*IpPrefix::parse("198.51.100.0/25")).size(), 128u);
  EXPECT_EQ(dnsxl_tiles(*IpPrefix::parse("2001:db8::/62")).size(), 4u);
  EXPECT_EQ(dnsxl_tiles(*IpPrefix::parse("2001:db8::/62"))[3].to_text(), "2001:db8:0:3::/64");
}

TEST(DnsxlPrefixTest, InvertsEveryOwner) {
  for (const char* text : {"192.0.2.1", "192.0.2.0/24", "10.0.0.0/8", "203.0.112.0/23",
                           "2001:db8::1", "2001:db8:1:2::/64", "2001:db8::/62"}) {
    const IpPrefix p = *IpPrefix::parse(text);
    const auto owners = dnsxl_owners(p);
    const auto tiles = dnsxl_tiles(p);
    ASSERT_EQ(owners.size(), tiles.size()) << text;
    for (std::size_t i = 0; i < owners.size(); ++i) {
      const auto back = dnsxl_prefix(owner_wire(owners[i]), p.family);
      ASSERT_TRUE(back.has_value()) << owners[i];
      EXPECT_EQ(*back, tiles[i]) << owners[i];
    }
  }
}

TEST(DnsxlPrefixTest, AmbiguousNamesFollowTheZoneFamily) {
  // `*.1.2` reads as 2.1.0.0/16 or as the IPv6 /8 2100::/8.
  EXPECT_EQ(dnsxl_prefix(owner_wire("*.1.2"), IpFamily::V4)->to_text(), "2.1.0.0/16");
  EXPECT_EQ(dnsxl_prefix(owner_wire("*.1.2"), IpFamily::V6)->to_text(), "2100::/8");
  EXPECT_EQ(dnsxl_prefix(owner_wire("1.2.0.192"), IpFamily::V6)->to_text(), "192.0.2.1");
}

TEST(DnsxlPrefixTest, OtherNamesAreNotAddresses) {
  for (const char* text :
       {"www", "1.2.3", "256.2.0.192", "01.2.0.192", "x.*.2.0.192", "1.2.0.192.5"}) {
    EXPECT_FALSE(dnsxl_prefix(owner_wire(text), IpFamily::V4).has_value()) << text;
  }
  EXPECT_FALSE(dnsxl_prefix("", IpFamily::V4).has_value());
  EXPECT_FALSE(dnsxl_prefix(std::string_view{"\5ab", 3}, IpFamily::V4).has_value());
}

// "4.3.2.1" -> "\x014\x013\x012\x011": the relative wire form cos_shape() reads.
std::string relative_wire(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t dot = text.find('.', start);
    if (dot == std::string_view::npos) dot = text.size();
    out.push_back(static_cast<char>(dot - start));
    out.append(text.substr(start, dot - start));
    start = dot + 1;
  }
  return out;
}

std::string nibbles(std::size_t n, char digit) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out.push_back('.');
    out.push_back(digit);
  }
  return out;
}

TEST(CosShapeTest, FourOctetsNameAnIpv4Address) {
  EXPECT_EQ(cos_shape(relative_wire("4.3.2.1")), CosShape::Ip4Address);
  EXPECT_EQ(cos_shape(relative_wire("99.2.0.192")), CosShape::Ip4Address);
  EXPECT_EQ(cos_shape(relative_wire("255.255.255.255")), CosShape::Ip4Address);
}

TEST(CosShapeTest, ThirtyTwoNibblesNameAnIpv6Address) {
  EXPECT_EQ(cos_shape(relative_wire(nibbles(32, 'a'))), CosShape::Ip6Address);
  EXPECT_EQ(cos_shape(relative_wire(nibbles(32, '0'))), CosShape::Ip6Address);
}

TEST(CosShapeTest, FewerLabelsNameAnAddressRange) {
  EXPECT_EQ(cos_shape(relative_wire("2.0.192")), CosShape::AddressRange);
  EXPECT_EQ(cos_shape(relative_wire("192")), CosShape::AddressRange);
  EXPECT_EQ(cos_shape(relative_wire(nibbles(31, 'f'))), CosShape::AddressRange);
  // Single digits are nibbles too: five of them lie on the way to an IPv6 address.
  EXPECT_EQ(cos_shape(relative_wire("5.4.3.2.1")), CosShape::AddressRange);
}

TEST(CosShapeTest, NamesOfNoKeyShapeAreInvalid) {
  EXPECT_EQ(cos_shape(relative_wire("10.20.30.40.50")), CosShape::Invalid);  // five octets
  EXPECT_EQ(cos_shape(relative_wire("300.2.0.192")), CosShape::Invalid);     // not an octet
  EXPECT_EQ(cos_shape(relative_wire("01.2.0.192")), CosShape::Invalid);      // leading zero
  EXPECT_EQ(cos_shape(relative_wire("sender.123")), CosShape::Invalid);      // numeric TLD
  EXPECT_EQ(cos_shape(relative_wire(nibbles(33, 'a'))), CosShape::Invalid);  // one nibble too many
  EXPECT_EQ(cos_shape(""), CosShape::Invalid);                               // the apex
  EXPECT_EQ(cos_shape(std::string_view{"\5ab", 3}), CosShape::Invalid);      // malformed wire
}

TEST(CosShapeTest, OtherNamesAreDomains) {
  EXPECT_EQ(cos_shape(relative_wire("sender.example")), CosShape::Domain);
  EXPECT_EQ(cos_shape(relative_wire("mail.sender.example")), CosShape::Domain);
  EXPECT_EQ(cos_shape(relative_wire("192.0.2.1.example")), CosShape::Domain);
  EXPECT_EQ(cos_shape(relative_wire("example")), CosShape::Domain);
  EXPECT_EQ(cos_shape(relative_wire("4.3.2.1a")), CosShape::Domain);
}

}  // namespace
}  // namespace vouchd::dnswire
