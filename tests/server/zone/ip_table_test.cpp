// Tests of the flattened address intervals (RFC 5782 §2.1, §2.4; design.md §5): the most
// specific prefix wins, edges of the address space, and the range test behind empty
// non-terminals (RFC 8020).
#include "vouchd/zone/ip_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace vouchd::zone {
namespace {

using dnswire::IpFamily;
using dnswire::IpPrefix;

IpPrefix prefix(std::string_view text) {
  const auto p = IpPrefix::parse(text);
  if (!p) throw std::invalid_argument(std::string{text});
  return *p;
}

Addr128 addr(std::string_view text) {
  return to_addr128(prefix(text));
}

Addr128 v4(std::uint32_t a) {
  return Addr128{0, a};
}

IpTable table4(const std::vector<std::pair<std::string, std::uint32_t>>& entries) {
  std::vector<IpTable::Entry> e;
  for (const auto& [text, value] : entries)
    e.push_back({prefix(text), value});
  return IpTable::build(std::move(e), IpFamily::V4);
}

IpTable table6(const std::vector<std::pair<std::string, std::uint32_t>>& entries) {
  std::vector<IpTable::Entry> e;
  for (const auto& [text, value] : entries)
    e.push_back({prefix(text), value});
  return IpTable::build(std::move(e), IpFamily::V6);
}

constexpr Addr128 kAllOnes{~0ULL, ~0ULL};

TEST(IpTableTest, EmptyTableFindsNothing) {
  const IpTable t = table4({});
  EXPECT_EQ(t.size(), 0u);
  EXPECT_FALSE(t.find(addr("192.0.2.1")).has_value());
  EXPECT_FALSE(t.any_in(v4(0), v4(0xFFFFFFFF)));
}

TEST(IpTableTest, SingleAddressMatchesOnlyItself) {
  const IpTable t = table4({{"192.0.2.1", 7}});
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(t.find(addr("192.0.2.1")), 7u);
  EXPECT_FALSE(t.find(addr("192.0.2.0")).has_value());
  EXPECT_FALSE(t.find(addr("192.0.2.2")).has_value());
}

TEST(IpTableTest, SeveralSingleAddresses) {
  const IpTable t = table4({{"192.0.2.9", 3}, {"127.0.0.2", 1}, {"198.51.100.7", 2}});
  EXPECT_EQ(t.find(addr("127.0.0.2")), 1u);
  EXPECT_EQ(t.find(addr("198.51.100.7")), 2u);
  EXPECT_EQ(t.find(addr("192.0.2.9")), 3u);
  EXPECT_FALSE(t.find(addr("127.0.0.1")).has_value());
  EXPECT_FALSE(t.find(addr("192.0.2.8")).has_value());
}

TEST(IpTableTest, NestedPrefixesMostSpecificWins) {
  const IpTable t =
      table4({{"10.1.2.3", 4}, {"10.0.0.0/8", 1}, {"10.1.2.0/24", 3}, {"10.1.0.0/16", 2}});
  EXPECT_FALSE(t.find(addr("9.255.255.255")).has_value());
  EXPECT_EQ(t.find(addr("10.0.0.0")), 1u);
  EXPECT_EQ(t.find(addr("10.0.255.255")), 1u);
  EXPECT_EQ(t.find(addr("10.1.0.0")), 2u);
  EXPECT_EQ(t.find(addr("10.1.1.255")), 2u);
  EXPECT_EQ(t.find(addr("10.1.2.0")), 3u);
  EXPECT_EQ(t.find(addr("10.1.2.2")), 3u);
  EXPECT_EQ(t.find(addr("10.1.2.3")), 4u);
  EXPECT_EQ(t.find(addr("10.1.2.4")), 3u);
  EXPECT_EQ(t.find(addr("10.1.2.255")), 3u);
  EXPECT_EQ(t.find(addr("10.1.3.0")), 2u);
  EXPECT_EQ(t.find(addr("10.1.255.255")), 2u);
  EXPECT_EQ(t.find(addr("10.2.0.0")), 1u);
  EXPECT_EQ(t.find(addr("10.255.255.255")), 1u);
  EXPECT_FALSE(t.find(addr("11.0.0.0")).has_value());
}

TEST(IpTableTest, SiblingsInsideAParentLeaveTheParentBetweenThem) {
  const IpTable t = table4({{"10.0.0.0/8", 1}, {"10.1.0.0/16", 2}, {"10.3.0.0/16", 3}});
  EXPECT_EQ(t.size(), 5u);  // parent, child, parent, child, parent
  EXPECT_EQ(t.find(addr("10.0.255.255")), 1u);
  EXPECT_EQ(t.find(addr("10.1.128.0")), 2u);
  EXPECT_EQ(t.find(addr("10.2.0.0")), 1u);
  EXPECT_EQ(t.find(addr("10.3.255.255")), 3u);
  EXPECT_EQ(t.find(addr("10.4.0.0")), 1u);
}

TEST(IpTableTest, DeepNestingSharingOneStart) {
  // 10.0.0.0/8, /9, ... /32, all starting at 10.0.0.0; the value is the prefix length.
  std::vector<std::pair<std::string, std::uint32_t>> entries;
  for (std::uint32_t len = 8; len <= 32; ++len) {
    entries.emplace_back("10.0.0.0/" + std::to_string(len), len);
  }
  const IpTable t = table4(entries);
  EXPECT_EQ(t.find(addr("10.0.0.0")), 32u);
  for (std::uint32_t len = 8; len < 32; ++len) {
    // The first address of /len outside /len+1.
    const std::uint32_t a = 0x0A000000u + (1u << (31 - len));
    EXPECT_EQ(t.find(v4(a)), len) << len;
    EXPECT_EQ(t.find(v4(a - 1)), len + 1) << len;
  }
  EXPECT_FALSE(t.find(addr("11.0.0.0")).has_value());
  EXPECT_FALSE(t.find(addr("9.255.255.255")).has_value());
}

TEST(IpTableTest, DeepNestingTowardsTheTop) {
  // Each prefix is the upper half of the one before: 10.0.0.0/8, 10.128.0.0/9, 10.192.0.0/10...
  std::vector<IpTable::Entry> entries;
  for (std::uint8_t len = 8; len <= 32; ++len) {
    IpPrefix p{IpFamily::V4, {}, len};
    const std::uint32_t bits = 0x0A000000u | (0x00FFFFFFu & (0xFFFFFFFFu << (32 - len)));
    for (std::size_t i = 0; i < 4; ++i)
      p.addr[i] = static_cast<std::uint8_t>(bits >> (24 - 8 * i));
    entries.push_back({p, len});
  }
  std::reverse(entries.begin(), entries.end());
  const IpTable t = IpTable::build(entries, IpFamily::V4);
  EXPECT_EQ(t.find(addr("10.0.0.0")), 8u);
  EXPECT_EQ(t.find(addr("10.127.255.255")), 8u);
  EXPECT_EQ(t.find(addr("10.128.0.0")), 9u);
  EXPECT_EQ(t.find(addr("10.192.0.0")), 10u);
  EXPECT_EQ(t.find(addr("10.255.255.254")), 31u);
  EXPECT_EQ(t.find(addr("10.255.255.255")), 32u);
  EXPECT_FALSE(t.find(addr("11.0.0.0")).has_value());
}

TEST(IpTableTest, PrefixesSharingAnEnd) {
  const IpTable t = table4({{"10.0.0.0/8", 1}, {"10.255.255.0/24", 2}, {"10.255.255.255", 3}});
  EXPECT_EQ(t.find(addr("10.255.254.255")), 1u);
  EXPECT_EQ(t.find(addr("10.255.255.0")), 2u);
  EXPECT_EQ(t.find(addr("10.255.255.254")), 2u);
  EXPECT_EQ(t.find(addr("10.255.255.255")), 3u);
  EXPECT_FALSE(t.find(addr("11.0.0.0")).has_value());
}

TEST(IpTableTest, AdjacentRangesDoNotBleed) {
  const IpTable t = table4({{"192.0.2.128/25", 2}, {"192.0.2.0/25", 1}, {"192.0.3.0/24", 3}});
  EXPECT_EQ(t.find(addr("192.0.2.0")), 1u);
  EXPECT_EQ(t.find(addr("192.0.2.127")), 1u);
  EXPECT_EQ(t.find(addr("192.0.2.128")), 2u);
  EXPECT_EQ(t.find(addr("192.0.2.255")), 2u);
  EXPECT_EQ(t.find(addr("192.0.3.0")), 3u);
  EXPECT_EQ(t.find(addr("192.0.3.255")), 3u);
  EXPECT_FALSE(t.find(addr("192.0.1.255")).has_value());
  EXPECT_FALSE(t.find(addr("192.0.4.0")).has_value());
}

TEST(IpTableTest, SlashZeroCoversEverythingButLosesToListings) {
  const IpTable t = table4({{"0.0.0.0/0", 1}, {"192.0.2.0/24", 2}});
  EXPECT_EQ(t.find(addr("0.0.0.0")), 1u);
  EXPECT_EQ(t.find(addr("192.0.1.255")), 1u);
  EXPECT_EQ(t.find(addr("192.0.2.5")), 2u);
  EXPECT_EQ(t.find(addr("192.0.3.0")), 1u);
  EXPECT_EQ(t.find(addr("255.255.255.255")), 1u);
  EXPECT_EQ(t.size(), 3u);
}

TEST(IpTableTest, FirstAndLastIpv4Addresses) {
  const IpTable t = table4({{"0.0.0.0", 1}, {"255.255.255.255", 2}});
  EXPECT_EQ(t.find(addr("0.0.0.0")), 1u);
  EXPECT_EQ(t.find(addr("255.255.255.255")), 2u);
  EXPECT_FALSE(t.find(addr("0.0.0.1")).has_value());
  EXPECT_FALSE(t.find(addr("255.255.255.254")).has_value());
  EXPECT_TRUE(t.any_in(v4(0xFFFFFF00), v4(0xFFFFFFFF)));
  EXPECT_TRUE(t.any_in(v4(0), v4(0xFF)));
  EXPECT_FALSE(t.any_in(v4(1), v4(0xFFFFFFFE)));
}

TEST(IpTableTest, EdgeAddressesInsideSlashZero) {
  const IpTable t = table4({{"0.0.0.0/0", 1}, {"0.0.0.0", 2}, {"255.255.255.255", 3}});
  EXPECT_EQ(t.find(addr("0.0.0.0")), 2u);
  EXPECT_EQ(t.find(addr("0.0.0.1")), 1u);
  EXPECT_EQ(t.find(addr("255.255.255.254")), 1u);
  EXPECT_EQ(t.find(addr("255.255.255.255")), 3u);
  EXPECT_EQ(t.size(), 3u);
}

TEST(IpTableTest, Ipv6AllOnesAddress) {
  const IpTable t = table6({{"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 5}});
  EXPECT_EQ(t.find(kAllOnes), 5u);
  EXPECT_FALSE(t.find(Addr128{~0ULL, ~0ULL - 1}).has_value());
  EXPECT_FALSE(t.find(Addr128{0, 0}).has_value());
  EXPECT_TRUE(t.any_in(Addr128{~0ULL, 0}, kAllOnes));
}

TEST(IpTableTest, Ipv6SlashZeroWithAllOnesInside) {
  const IpTable t = table6({{"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 2}, {"::/0", 1}});
  EXPECT_EQ(t.find(Addr128{0, 0}), 1u);
  EXPECT_EQ(t.find(Addr128{~0ULL, ~0ULL - 1}), 1u);
  EXPECT_EQ(t.find(kAllOnes), 2u);
  EXPECT_EQ(t.size(), 2u);
}

TEST(IpTableTest, Ipv6SlashZeroAlone) {
  const IpTable t = table6({{"::/0", 1}});
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(t.find(Addr128{0, 0}), 1u);
  EXPECT_EQ(t.find(addr("2001:db8::1")), 1u);
  EXPECT_EQ(t.find(kAllOnes), 1u);
}

TEST(IpTableTest, Ipv6TopPrefixNestedToTheEnd) {
  const IpTable t = table6({{"ffff::/16", 1},
                            {"ffff:ffff:ffff:ffff::/64", 2},
                            {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 3}});
  EXPECT_EQ(t.find(addr("ffff::")), 1u);
  EXPECT_EQ(t.find(addr("ffff:ffff:ffff:fffe:ffff:ffff:ffff:ffff")), 1u);
  EXPECT_EQ(t.find(addr("ffff:ffff:ffff:ffff::")), 2u);
  EXPECT_EQ(t.find(Addr128{~0ULL, ~0ULL - 1}), 2u);
  EXPECT_EQ(t.find(kAllOnes), 3u);
  EXPECT_FALSE(t.find(addr("fffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).has_value());
}

TEST(IpTableTest, Ipv6PrefixesAcrossTheHalfBoundary) {
  // /63, /64 and /65 put the prefix edge on either side of the 64-bit halves.
  const IpTable t =
      table6({{"2001:db8::/63", 1}, {"2001:db8:0:1::/64", 2}, {"2001:db8:0:1:8000::/65", 3}});
  EXPECT_EQ(t.find(addr("2001:db8::")), 1u);
  EXPECT_EQ(t.find(addr("2001:db8::ffff:ffff:ffff:ffff")), 1u);
  EXPECT_EQ(t.find(addr("2001:db8:0:1::")), 2u);
  EXPECT_EQ(t.find(addr("2001:db8:0:1:7fff:ffff:ffff:ffff")), 2u);
  EXPECT_EQ(t.find(addr("2001:db8:0:1:8000::")), 3u);
  EXPECT_EQ(t.find(addr("2001:db8:0:1:ffff:ffff:ffff:ffff")), 3u);
  EXPECT_FALSE(t.find(addr("2001:db8:0:2::")).has_value());
  EXPECT_FALSE(t.find(addr("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")).has_value());
}

TEST(IpTableTest, IdenticalPrefixesKeepTheFirst) {
  const IpTable t =
      table4({{"192.0.2.0/24", 1}, {"192.0.2.7", 9}, {"192.0.2.0/24", 2}, {"192.0.2.7", 8}});
  EXPECT_EQ(t.find(addr("192.0.2.0")), 1u);
  EXPECT_EQ(t.find(addr("192.0.2.255")), 1u);
  EXPECT_EQ(t.find(addr("192.0.2.7")), 9u);
  EXPECT_EQ(t.size(), 3u);
}

TEST(IpTableTest, OtherFamilyIsIgnored) {
  std::vector<IpTable::Entry> e{{prefix("192.0.2.1"), 1}, {prefix("::c000:201"), 2}};
  const IpTable t4 = IpTable::build(e, IpFamily::V4);
  const IpTable t6 = IpTable::build(e, IpFamily::V6);
  EXPECT_EQ(t4.size(), 1u);
  EXPECT_EQ(t6.size(), 1u);
  EXPECT_EQ(t4.find(addr("192.0.2.1")), 1u);
  EXPECT_EQ(t6.find(addr("::c000:201")), 2u);
}

TEST(IpTableTest, AnyInFindsListingsInsideARange) {
  const IpTable t = table4({{"10.1.2.0/24", 1}, {"10.1.9.9", 2}});
  EXPECT_TRUE(t.any_in(addr("10.0.0.0"), addr("10.255.255.255")));
  EXPECT_TRUE(t.any_in(addr("10.1.0.0"), addr("10.1.255.255")));
  EXPECT_TRUE(t.any_in(addr("10.1.9.0"), addr("10.1.9.255")));
  EXPECT_TRUE(t.any_in(addr("10.1.2.128"), addr("10.1.2.128")));  // inside one listing
  EXPECT_TRUE(t.any_in(addr("10.1.1.0"), addr("10.1.2.0")));      // ends on the first address
  EXPECT_TRUE(t.any_in(addr("10.1.2.255"), addr("10.1.3.0")));    // starts on the last address
  EXPECT_FALSE(t.any_in(addr("10.1.1.0"), addr("10.1.1.255")));
  EXPECT_FALSE(t.any_in(addr("10.1.3.0"), addr("10.1.9.8")));  // the gap between them
  EXPECT_FALSE(t.any_in(addr("10.1.9.10"), addr("10.255.255.255")));
  EXPECT_FALSE(t.any_in(addr("11.0.0.0"), addr("11.255.255.255")));
  EXPECT_FALSE(t.any_in(addr("0.0.0.0"), addr("10.1.1.255")));
}

TEST(IpTableTest, AnyInOverIpv6Ranges) {
  const IpTable t = table6({{"2001:db8::/32", 1}});
  EXPECT_TRUE(t.any_in(addr("2000::"), addr("2fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
  EXPECT_TRUE(t.any_in(addr("2001:db8:1::"), addr("2001:db8:1:ffff:ffff:ffff:ffff:ffff")));
  EXPECT_FALSE(t.any_in(addr("2001:db9::"), kAllOnes));
  EXPECT_FALSE(t.any_in(Addr128{0, 0}, addr("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")));
}

TEST(IpTableTest, FirstAndLastAddressOfPrefixes) {
  EXPECT_EQ(last_addr128(prefix("10.0.0.0/8")), addr("10.255.255.255"));
  EXPECT_EQ(last_addr128(prefix("0.0.0.0/0")), addr("255.255.255.255"));
  EXPECT_EQ(last_addr128(prefix("192.0.2.1")), addr("192.0.2.1"));
  EXPECT_EQ(last_addr128(prefix("::/0")), kAllOnes);
  EXPECT_EQ(last_addr128(prefix("2001:db8::/63")), addr("2001:db8::1:ffff:ffff:ffff:ffff"));
  EXPECT_EQ(last_addr128(prefix("2001:db8::/64")), addr("2001:db8::ffff:ffff:ffff:ffff"));
  EXPECT_EQ(last_addr128(prefix("2001:db8::/65")), addr("2001:db8::7fff:ffff:ffff:ffff"));
  EXPECT_EQ(to_addr128(prefix("2001:db8::1")), (Addr128{0x20010DB800000000ULL, 1}));
  EXPECT_EQ(to_addr128(prefix("192.0.2.1")), v4(0xC0000201));
}

// Random nested and overlapping-start prefixes inside 10.0.0.0/22, checked address by address
// against a brute-force "longest containing prefix, first one listed" search.
TEST(IpTableTest, MatchesBruteForceOnRandomPrefixes) {
  std::mt19937 rng{20240601};
  for (int round = 0; round < 200; ++round) {
    std::vector<IpTable::Entry> entries;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) {
      const auto len = static_cast<std::uint8_t>(22 + rng() % 11);
      const std::uint32_t host_mask = len == 32 ? 0 : 0xFFFFFFFFu >> len;
      const std::uint32_t a = (0x0A000000u | (rng() & 0x3FFu)) & ~host_mask;
      IpPrefix p{IpFamily::V4, {}, len};
      for (std::size_t k = 0; k < 4; ++k)
        p.addr[k] = static_cast<std::uint8_t>(a >> (24 - 8 * k));
      entries.push_back({p, static_cast<std::uint32_t>(i)});
    }
    const IpTable t = IpTable::build(entries, IpFamily::V4);
    for (std::uint32_t a = 0x09FFFFFFu; a <= 0x0A000400u; ++a) {
      std::optional<std::uint32_t> want;
      int best = -1;
      for (const IpTable::Entry& e : entries) {
        const Addr128 first = to_addr128(e.prefix);
        if (v4(a) < first || last_addr128(e.prefix) < v4(a) || e.prefix.length <= best) continue;
        best = e.prefix.length;
        want = e.value;
      }
      ASSERT_EQ(t.find(v4(a)), want) << "round " << round << " address " << a;
    }
  }
}

// Past kMinEntriesForBuckets the table searches one 16-bit bucket; a range that starts in an
// earlier bucket must still be found, and every answer must match a plain scan.
TEST(IpTableTest, BucketedSearchMatchesBruteForceOnLargeTables) {
  std::mt19937 rng{5782};
  std::vector<IpTable::Entry> entries;
  for (std::uint32_t i = 0; i < 20000; ++i) {
    const std::uint8_t len = i % 50 == 0 ? 12 : (i % 7 == 0 ? 24 : 32);  // some wide ranges
    const std::uint32_t host_mask = len == 32 ? 0 : 0xFFFFFFFFu >> len;
    const std::uint32_t a = static_cast<std::uint32_t>(rng()) & ~host_mask;
    IpPrefix p{IpFamily::V4, {}, len};
    for (std::size_t k = 0; k < 4; ++k)
      p.addr[k] = static_cast<std::uint8_t>(a >> (24 - 8 * k));
    entries.push_back({p, i});
  }
  const IpTable t = IpTable::build(entries, IpFamily::V4);
  const auto brute = [&entries](std::uint32_t a) {
    std::optional<std::uint32_t> want;
    int best = -1;
    for (const IpTable::Entry& e : entries) {
      if (v4(a) < to_addr128(e.prefix) || last_addr128(e.prefix) < v4(a)) continue;
      if (e.prefix.length <= best) continue;  // the first of identical prefixes wins
      best = e.prefix.length;
      want = e.value;
    }
    return want;
  };
  for (int probe = 0; probe < 3000; ++probe) {
    const IpTable::Entry& e = entries[rng() % entries.size()];
    const std::uint32_t first = static_cast<std::uint32_t>(to_addr128(e.prefix).lo);
    const std::uint32_t last = static_cast<std::uint32_t>(last_addr128(e.prefix).lo);
    for (const std::uint32_t a :
         {first, last, last + 1, first - 1, static_cast<std::uint32_t>(rng())}) {
      ASSERT_EQ(t.find(v4(a)), brute(a)) << "address " << a;
    }
  }
}

// --- holes (allow entries): they flatten like listings but answer "not listed"

constexpr std::uint32_t kHole = IpTable::kNotListed;

TEST(IpTableTest, HoleInsideAListedRangeAnswersNotListedWhileNeighboursStayListed) {
  const IpTable t = table4({{"192.0.2.0/24", 1}, {"192.0.2.7", kHole}});
  EXPECT_FALSE(t.find(addr("192.0.2.7")).has_value());
  EXPECT_EQ(t.find(addr("192.0.2.6")), 1u);
  EXPECT_EQ(t.find(addr("192.0.2.8")), 1u);
  const auto m = t.match(addr("192.0.2.7"));
  ASSERT_TRUE(m.has_value()) << "a delta competes with the hole by its length";
  EXPECT_EQ(m->value, kHole);
  EXPECT_EQ(m->length, 32u);
}

TEST(IpTableTest, MoreSpecificListingInsideAHoleStillWins) {
  // The builder drops listings an allow entry covers; the table itself only knows "most specific".
  const IpTable t = table4({{"10.0.0.0/8", 1}, {"10.1.0.0/16", kHole}, {"10.1.2.3", 2}});
  EXPECT_EQ(t.find(addr("10.0.0.1")), 1u);
  EXPECT_FALSE(t.find(addr("10.1.0.1")).has_value());
  EXPECT_EQ(t.find(addr("10.1.2.3")), 2u);
  EXPECT_FALSE(t.find(addr("10.1.2.4")).has_value());
  EXPECT_EQ(t.find(addr("10.2.0.0")), 1u);
}

TEST(IpTableTest, HoleAloneMatchesButFindsNothing) {
  const IpTable t = table6({{"2001:db8::/48", kHole}});
  EXPECT_FALSE(t.find(addr("2001:db8::1")).has_value());
  EXPECT_TRUE(t.match(addr("2001:db8::1")).has_value());
  EXPECT_FALSE(t.match(addr("2001:db8:1::1")).has_value());
}

TEST(IpTableTest, AnyInSkipsHoles) {
  const IpTable t = table4({{"192.0.2.0/24", kHole},
                            {"198.51.100.0/24", 1},
                            {"198.51.100.0/25", kHole},
                            {"198.51.100.128/26", kHole}});
  EXPECT_FALSE(t.any_in(addr("192.0.2.0"), addr("192.0.2.255")));
  EXPECT_FALSE(t.any_in(addr("198.51.100.0"), addr("198.51.100.191")));
  EXPECT_TRUE(t.any_in(addr("198.51.100.0"), addr("198.51.100.192")));
  EXPECT_TRUE(t.any_in(addr("192.0.2.0"), addr("198.51.100.255")));
}

TEST(IpTableTest, HolesAreReadBackForCompaction) {
  const IpTable t = table4({{"192.0.2.0/24", 1}, {"192.0.2.7", kHole}});
  std::set<std::pair<std::string, std::uint32_t>> seen;  // a split parent is seen per piece
  t.for_each_prefix([&](const IpPrefix& p, std::uint32_t v) { seen.emplace(p.to_text(), v); });
  EXPECT_EQ(seen, (std::set<std::pair<std::string, std::uint32_t>>{{"192.0.2.0/24", 1},
                                                                   {"192.0.2.7", kHole}}));
}

}  // namespace
}  // namespace vouchd::zone
