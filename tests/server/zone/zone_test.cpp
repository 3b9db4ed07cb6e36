// Tests of query names, answer sets, Zone look-ups (exact names, RFC 5782 §2.1/§2.4 reversed
// addresses, RFC 8020 empty non-terminals, RFC 2308 §3 negative SOA) and ZoneSet's
// longest-suffix search, on zones built directly from Zone::Parts.
#include "vouchd/zone/zone.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "vouchd/dnswire/ip_prefix.h"
#include "vouchd/dnswire/name.h"
#include "vouchd/zone/zone_set.h"
#include "zone_test_names.h"

namespace vouchd::zone {
namespace {

using namespace test_names;  // NOLINT(google-build-using-namespace): test helpers
using dnswire::IpFamily;
using dnswire::IpPrefix;
using dnswire::Name;
using dnswire::RRType;

IpPrefix prefix(std::string_view text) {
  const auto p = IpPrefix::parse(text);
  if (!p) throw std::invalid_argument(std::string{text});
  return *p;
}

AnswerSet one_rr(RRType type, const Bytes& rdata, std::uint32_t ttl = 3600) {
  const AnswerSet::RR rr{type, ttl, rdata};
  return AnswerSet{std::span<const AnswerSet::RR>{&rr, 1}};
}

// A zone with answers[0] = apex SOA, [1] = TXT "one", [2] = TXT "two", [3] = A 127.0.0.2.
Zone::Parts parts(std::string_view apex, Kind kind) {
  Zone::Parts p;
  p.apex = name(apex).lowered();
  p.kind = kind;
  p.serial = 2024010101;
  const Name mname = name("ns.example.");
  p.soa_rdata.assign(mname.wire().begin(), mname.wire().end());
  p.soa_rdata.insert(p.soa_rdata.end(), mname.wire().begin(), mname.wire().end());
  p.soa_rdata.resize(p.soa_rdata.size() + 20, 1);
  p.soa_ttl = 3600;
  p.soa_minimum = 300;
  p.answers.push_back(one_rr(RRType::Soa, p.soa_rdata));
  p.answers.push_back(one_rr(RRType::Txt, txt_rdata("one")));
  p.answers.push_back(one_rr(RRType::Txt, txt_rdata("two")));
  p.answers.push_back(one_rr(RRType::A, Bytes{127, 0, 0, 2}));
  return p;
}

NameTable names(const std::vector<std::pair<std::string, std::uint32_t>>& entries) {
  NameTable::Builder b;
  for (const auto& [relative, value] : entries) {
    b.add(key(relative), value);
    b.add_ancestors(key(relative));
  }
  return std::move(b).build();
}

IpTable ips(const std::vector<std::pair<std::string, std::uint32_t>>& entries, IpFamily family) {
  std::vector<IpTable::Entry> e;
  for (const auto& [text, value] : entries)
    e.push_back({prefix(text), value});
  return IpTable::build(std::move(e), family);
}

// ---- QueryName ----

TEST(QueryNameTest, LowerCasesAndIndexesLabels) {
  const QueryName q = qname("WWW.Example.COM.");
  EXPECT_EQ(q.labels, 3);
  EXPECT_EQ(q.size, 17);
  EXPECT_EQ(q.starts[0], 0);
  EXPECT_EQ(q.starts[1], 4);
  EXPECT_EQ(q.starts[2], 12);
  const Bytes want = {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0};
  EXPECT_EQ(Bytes(q.wire().begin(), q.wire().end()), want);
  EXPECT_EQ(q.relative(5).size(), 12u);  // "com." is 5 octets
}

TEST(QueryNameTest, RootHasNoLabels) {
  const QueryName q = qname(".");
  EXPECT_EQ(q.labels, 0);
  EXPECT_EQ(q.size, 1);
}

TEST(QueryNameTest, RejectsMalformedWire) {
  QueryName q;
  EXPECT_FALSE(make_query_name(Bytes{}, q));
  EXPECT_FALSE(make_query_name(Bytes{3, 'a', 'b', 'c'}, q));  // no root label
  EXPECT_FALSE(make_query_name(Bytes{3, 'a', 'b'}, q));       // label runs past the end
  EXPECT_FALSE(make_query_name(Bytes{1, 'a', 0, 0}, q));      // bytes after the root
  EXPECT_FALSE(make_query_name(Bytes{0xC0, 0x0C, 0}, q));     // compression pointer
  Bytes long_label(1, 64);
  long_label.resize(66, 'x');
  long_label.back() = 0;
  EXPECT_FALSE(make_query_name(long_label, q));
  EXPECT_FALSE(make_query_name(Bytes(256, 0), q));
}

// ---- AnswerSet ----

TEST(AnswerSetTest, GroupsByTypeKeepingOrderWithinAType) {
  const Bytes a1{192, 0, 2, 1};
  const Bytes a2{192, 0, 2, 2};
  const Bytes t1 = txt_rdata("x");
  const std::vector<AnswerSet::RR> rrs{
      {RRType::A, 60, a1}, {RRType::Txt, 70, t1}, {RRType::A, 60, a2}};
  const AnswerSet set{rrs};
  ASSERT_EQ(set.sets().size(), 2u);
  EXPECT_EQ(set.sets()[0].type, RRType::A);
  EXPECT_EQ(set.sets()[0].count, 2);
  EXPECT_EQ(set.sets()[1].type, RRType::Txt);
  const auto* a = set.find(RRType::A);
  ASSERT_NE(a, nullptr);
  const Bytes want = {0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1,
                      0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 2};
  EXPECT_EQ(Bytes(set.wire(*a).begin(), set.wire(*a).end()), want);
  EXPECT_EQ(set.find(RRType::Aaaa), nullptr);
}

// ---- Zone ----

TEST(ZoneTest, NegativeSoaTtlIsTheSmallerOfSoaTtlAndMinimum) {
  Zone::Parts p = parts("vouch.example.", Kind::Vbr);
  const std::size_t rdlen = p.soa_rdata.size();
  const Zone low_minimum{std::move(p)};
  const auto soa = low_minimum.negative_soa();
  ASSERT_EQ(soa.size(), 10 + rdlen);
  EXPECT_EQ(soa[0] << 8 | soa[1], 6);  // SOA
  EXPECT_EQ(soa[2] << 8 | soa[3], 1);  // IN
  EXPECT_EQ(soa[4] << 24 | soa[5] << 16 | soa[6] << 8 | soa[7], 300);
  EXPECT_EQ(static_cast<std::size_t>(soa[8] << 8 | soa[9]), rdlen);

  Zone::Parts q = parts("vouch.example.", Kind::Vbr);
  q.soa_ttl = 120;
  q.soa_minimum = 70000;  // above 16 bits: both TTL halves matter
  const Zone low_ttl{std::move(q)};
  const auto soa2 = low_ttl.negative_soa();
  EXPECT_EQ(soa2[4] << 24 | soa2[5] << 16 | soa2[6] << 8 | soa2[7], 120);

  Zone::Parts r = parts("vouch.example.", Kind::Vbr);
  r.soa_ttl = 100000;
  r.soa_minimum = 90000;
  const Zone big{std::move(r)};
  const auto soa3 = big.negative_soa();
  EXPECT_EQ(static_cast<std::uint32_t>(soa3[4] << 24 | soa3[5] << 16 | soa3[6] << 8 | soa3[7]),
            90000u);
}

class VbrZoneTest : public ::testing::Test {
 protected:
  static Zone make() {
    Zone::Parts p = parts("Vouch.Example.", Kind::Vbr);
    p.names = names({{"", 0}, {"example.com._vouch", 1}, {"a.b.example.org._vouch", 2}});
    p.ip4 = ips({{"127.0.0.2", 3}}, IpFamily::V4);  // ignored: not an address zone
    return Zone{std::move(p)};
  }
  const Zone zone_ = make();
};

TEST_F(VbrZoneTest, ApexIsLowerCased) {
  EXPECT_EQ(zone_.apex().to_text(), "vouch.example.");
}

TEST_F(VbrZoneTest, ApexHasData) {
  const Hit h = zone_.lookup(qname("vouch.example."));
  ASSERT_EQ(h.what, Hit::What::Data);
  EXPECT_NE(h.answers->find(RRType::Soa), nullptr);
}

TEST_F(VbrZoneTest, VouchedDomainHasItsTxt) {
  const Hit h = zone_.lookup(qname("example.com._vouch.vouch.example."));
  ASSERT_EQ(h.what, Hit::What::Data);
  ASSERT_NE(h.answers->find(RRType::Txt), nullptr);
  const auto wire = h.answers->wire(*h.answers->find(RRType::Txt));
  EXPECT_EQ(wire.back(), 'e');  // "one"
}

TEST_F(VbrZoneTest, QueryCaseDoesNotMatter) {
  const Hit h = zone_.lookup(qname("EXAMPLE.Com._VOUCH.vouch.EXAMPLE."));
  ASSERT_EQ(h.what, Hit::What::Data);
  ASSERT_NE(h.answers->find(RRType::Txt), nullptr);
}

TEST_F(VbrZoneTest, AncestorsAreEmptyNonTerminals) {
  for (const char* n : {"com._vouch.vouch.example.", "_vouch.vouch.example.",
                        "b.example.org._vouch.vouch.example.", "org._vouch.vouch.example."}) {
    const Hit h = zone_.lookup(qname(n));
    EXPECT_EQ(h.what, Hit::What::EmptyNonTerminal) << n;
    EXPECT_EQ(h.answers, nullptr) << n;
  }
}

TEST_F(VbrZoneTest, UnknownNamesAreNxDomain) {
  for (const char* n :
       {"example.net._vouch.vouch.example.", "www.example.com._vouch.vouch.example.",
        "example.com.vouch.example.", "x.vouch.example.", "a.org._vouch.vouch.example."}) {
    EXPECT_EQ(zone_.lookup(qname(n)).what, Hit::What::NxDomain) << n;
  }
}

TEST_F(VbrZoneTest, AddressNamesAreNotLookedUpOutsideAddressZones) {
  EXPECT_EQ(zone_.lookup(qname("2.0.0.127.vouch.example.")).what, Hit::What::NxDomain);
  EXPECT_EQ(zone_.lookup(qname("127.vouch.example.")).what, Hit::What::NxDomain);
}

TEST(ZoneTest, VouchApexKeysHaveNoVouchLabel) {
  Zone::Parts p = parts("_vouch.certifier.example.", Kind::Vbr);
  p.names = names({{"", 0}, {"sender.example", 1}});
  const Zone z{std::move(p)};
  EXPECT_EQ(z.lookup(qname("sender.example._vouch.certifier.example.")).what, Hit::What::Data);
  EXPECT_EQ(z.lookup(qname("example._vouch.certifier.example.")).what, Hit::What::EmptyNonTerminal);
}

class Ip4ZoneTest : public ::testing::Test {
 protected:
  static Zone make() {
    Zone::Parts p = parts("bl.example.", Kind::DnsblIp4);
    p.names = names({{"", 0}, {"ns", 1}, {"2.0.0.127", 1}});  // a static name wins
    p.ip4 = ips({{"127.0.0.2", 3},
                 {"192.0.2.0/24", 1},
                 {"192.0.2.99", 2},
                 {"10.0.0.0/8", 1},
                 {"0.0.0.0", 3},
                 {"255.255.255.255", 2}},
                IpFamily::V4);
    return Zone{std::move(p)};
  }
  Hit::What what(std::string_view relative) const {
    return zone_.lookup(qname(std::string{relative} + ".bl.example.")).what;
  }
  const AnswerSet* answers(std::string_view relative) const {
    return zone_.lookup(qname(std::string{relative} + ".bl.example.")).answers;
  }
  const Zone zone_ = make();
};

TEST_F(Ip4ZoneTest, StaticNameBeforeAddress) {
  EXPECT_EQ(answers("2.0.0.127"), answers("ns"));
}

TEST_F(Ip4ZoneTest, ListedAddressIsData) {
  EXPECT_EQ(what("5.2.0.192"), Hit::What::Data);
  EXPECT_NE(answers("5.2.0.192")->find(RRType::Txt), nullptr);
  EXPECT_NE(answers("99.2.0.192")->find(RRType::Txt), nullptr);
  EXPECT_NE(answers("5.2.0.192"), answers("99.2.0.192"));  // the /32 wins over the /24
  EXPECT_EQ(answers("0.0.0.0")->find(RRType::A)->count, 1);
  EXPECT_EQ(what("255.255.255.255"), Hit::What::Data);
  EXPECT_EQ(what("255.255.255.10"), Hit::What::Data);  // inside 10.0.0.0/8
}

TEST_F(Ip4ZoneTest, UnlistedAddressIsNxDomain) {
  EXPECT_EQ(what("1.0.0.127"), Hit::What::NxDomain);
  EXPECT_EQ(what("1.3.0.192"), Hit::What::NxDomain);
  EXPECT_EQ(what("192.2.0.5"), Hit::What::NxDomain);  // not reversed
  EXPECT_EQ(what("1.0.0.0"), Hit::What::NxDomain);
}

TEST_F(Ip4ZoneTest, LeadingZeroLabelsAreNotAddresses) {
  EXPECT_EQ(what("05.2.0.192"), Hit::What::NxDomain);
  EXPECT_EQ(what("5.02.0.192"), Hit::What::NxDomain);
  EXPECT_EQ(what("5.2.00.192"), Hit::What::NxDomain);
  EXPECT_EQ(what("5.2.0.0192"), Hit::What::NxDomain);
  EXPECT_EQ(what("5.2.0.0x1"), Hit::What::NxDomain);
  EXPECT_EQ(what("02.0"), Hit::What::NxDomain);  // nor ranges
  EXPECT_EQ(what("010"), Hit::What::NxDomain);
}

TEST_F(Ip4ZoneTest, OutOfRangeOctetsAreNotAddresses) {
  EXPECT_EQ(what("256.2.0.192"), Hit::What::NxDomain);
  EXPECT_EQ(what("999.2.0.192"), Hit::What::NxDomain);
  EXPECT_EQ(what("5.2.0.192x"), Hit::What::NxDomain);
  EXPECT_EQ(what("-1.2.0.192"), Hit::What::NxDomain);
}

TEST_F(Ip4ZoneTest, FewerLabelsNameRangesThatExistWhenListingsLieInside) {
  for (const char* r : {"2.0.192", "0.192", "192", "0.0.127", "127", "10", "7.10", "200.7.10",
                        "0.0.0", "0", "255.255.255", "255"}) {
    EXPECT_EQ(what(r), Hit::What::EmptyNonTerminal) << r;
  }
}

TEST_F(Ip4ZoneTest, FewerLabelsWithoutListingsAreNxDomain) {
  for (const char* r : {"3.0.192", "1.192", "193", "1.127", "128", "11", "1.0.0", "254.255.255"}) {
    EXPECT_EQ(what(r), Hit::What::NxDomain) << r;
  }
}

TEST_F(Ip4ZoneTest, MoreThanFourLabelsAreNxDomain) {
  EXPECT_EQ(what("1.5.2.0.192"), Hit::What::NxDomain);
  EXPECT_EQ(what("x.2.0.0.127"), Hit::What::NxDomain);
}

class Ip6ZoneTest : public ::testing::Test {
 protected:
  static Zone make() {
    Zone::Parts p = parts("bl6.example.", Kind::DnsblIp6);
    p.names = names({{"", 0}});
    p.ip6 =
        ips({{"2001:db8::/32", 1}, {"2001:db8::1", 2}, {"::ffff:127.0.0.2", 3}, {"fe80::/64", 1}},
            IpFamily::V6);
    return Zone{std::move(p)};
  }
  static std::string reversed(std::string_view address) {
    return dnswire::reversed_labels(prefix(address));
  }
  Hit lookup(std::string_view relative) const {
    return zone_.lookup(qname(std::string{relative} + ".bl6.example."));
  }
  // The first `n` nibbles of `address` (most significant first) as a reversed range name.
  static std::string range(std::string_view address, std::size_t n) {
    const std::string full = reversed(address);
    return full.substr(full.size() - (2 * n - 1));
  }
  const Zone zone_ = make();
};

TEST_F(Ip6ZoneTest, ThirtyTwoNibblesNameOneAddress) {
  EXPECT_EQ(reversed("2001:db8::1"),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2");
  const Hit one = lookup(reversed("2001:db8::1"));
  const Hit two = lookup(reversed("2001:db8::2"));
  ASSERT_EQ(one.what, Hit::What::Data);
  ASSERT_EQ(two.what, Hit::What::Data);
  EXPECT_NE(one.answers, two.answers);  // the /128 wins over the /32
  EXPECT_EQ(lookup(reversed("::ffff:127.0.0.2")).answers->find(RRType::A)->count, 1);
  EXPECT_EQ(lookup(reversed("fe80::abcd")).what, Hit::What::Data);
}

TEST_F(Ip6ZoneTest, UpperCaseNibblesMatch) {
  const Hit h = zone_.lookup(
      qname("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.BL6.EXAMPLE."));
  EXPECT_EQ(h.what, Hit::What::Data);
}

TEST_F(Ip6ZoneTest, UnlistedAddressIsNxDomain) {
  EXPECT_EQ(lookup(reversed("2001:db9::1")).what, Hit::What::NxDomain);
  EXPECT_EQ(lookup(reversed("::ffff:127.0.0.1")).what, Hit::What::NxDomain);
  EXPECT_EQ(lookup(reversed("fe80:0:0:1::")).what, Hit::What::NxDomain);
}

TEST_F(Ip6ZoneTest, NonNibbleLabelsAreNotAddresses) {
  std::string two_char = reversed("2001:db8::1");
  two_char.replace(0, 1, "01");
  EXPECT_EQ(lookup(two_char).what, Hit::What::NxDomain);
  std::string letter = reversed("2001:db8::1");
  letter.replace(0, 1, "g");
  EXPECT_EQ(lookup(letter).what, Hit::What::NxDomain);
  EXPECT_EQ(lookup("1." + reversed("2001:db8::1")).what, Hit::What::NxDomain);  // 33 labels
}

TEST_F(Ip6ZoneTest, FewerNibblesNameRangesThatExistWhenListingsLieInside) {
  for (std::size_t n = 1; n <= 31; ++n) {
    EXPECT_EQ(lookup(range("2001:db8::1", n)).what, Hit::What::EmptyNonTerminal) << n;
    EXPECT_EQ(lookup(range("::ffff:127.0.0.2", n)).what, Hit::What::EmptyNonTerminal) << n;
  }
  EXPECT_EQ(lookup("8.b.d.0.1.0.0.2").what, Hit::What::EmptyNonTerminal);
  EXPECT_EQ(lookup("1.0.0.2").what, Hit::What::EmptyNonTerminal);  // reads as IPv4 octets too
  EXPECT_EQ(lookup("0.0.0.0").what, Hit::What::EmptyNonTerminal);
}

TEST_F(Ip6ZoneTest, FewerNibblesWithoutListingsAreNxDomain) {
  EXPECT_EQ(lookup("3").what, Hit::What::NxDomain);
  EXPECT_EQ(lookup("9.b.d.0.1.0.0.2").what, Hit::What::NxDomain);
  EXPECT_EQ(lookup("2.0.0.2").what, Hit::What::NxDomain);
  EXPECT_EQ(lookup(range("2001:db8:1::", 12)).what, Hit::What::EmptyNonTerminal);  // in the /32
  EXPECT_EQ(lookup(range("2001:db9::", 8)).what, Hit::What::NxDomain);
  EXPECT_EQ(lookup(range("fe80:0:0:1::", 16)).what, Hit::What::NxDomain);
}

TEST(ZoneTest, Ipv4NamesInAnIpv4ZoneAreNotIpv6Ranges) {
  Zone::Parts p = parts("bl.example.", Kind::DnsblIp4);
  p.names = names({{"", 0}});
  p.ip4 = ips({{"127.0.0.2", 3}}, IpFamily::V4);
  const Zone z{std::move(p)};
  EXPECT_EQ(z.lookup(qname("1.0.0.2.bl.example.")).what, Hit::What::NxDomain);
  EXPECT_EQ(z.lookup(qname("2.0.0.127.bl.example.")).what, Hit::What::Data);
}

TEST(ZoneTest, ApexWithoutNamesIsNxDomain) {
  const Zone z{parts("bl.example.", Kind::DnsblIp4)};
  EXPECT_EQ(z.lookup(qname("bl.example.")).what, Hit::What::NxDomain);
  EXPECT_EQ(z.entry_count(), 0u);
}

TEST(ZoneTest, EntryCountSumsTheIndexes) {
  Zone::Parts p = parts("bl.example.", Kind::DnsblIp4);
  p.names = names({{"", 0}, {"a.b", 1}});  // apex, a.b, b
  p.ip4 = ips({{"127.0.0.2", 3}}, IpFamily::V4);
  p.ip6 = ips({{"::1", 3}, {"::2", 3}}, IpFamily::V6);
  const Zone z{std::move(p)};
  EXPECT_EQ(z.entry_count(), 6u);
  EXPECT_EQ(z.serial(), 2024010101u);
  EXPECT_EQ(z.kind(), Kind::DnsblIp4);
  EXPECT_GT(z.memory_bytes(), 0u);
}

// ---- ZoneSet ----

std::shared_ptr<const Zone> zone(std::string_view apex, Kind kind = Kind::Static) {
  Zone::Parts p = parts(apex, kind);
  p.names = names({{"", 0}});
  return std::make_shared<const Zone>(std::move(p));
}

std::string found(const ZoneSet& set, std::string_view query) {
  const Zone* z = set.find(qname(query));
  return z == nullptr ? "<none>" : z->apex().to_text();
}

TEST(ZoneSetTest, EmptySetFindsNothing) {
  const ZoneSet set{{}};
  EXPECT_EQ(set.find(qname("example.")), nullptr);
}

TEST(ZoneSetTest, LongestSuffixWins) {
  // Shortest first, so that order of construction is not what decides.
  const ZoneSet set{
      {zone("example."), zone("bl.example."), zone("a.bl.example."), zone("other.test.")}};
  EXPECT_EQ(found(set, "x.a.bl.example."), "a.bl.example.");
  EXPECT_EQ(found(set, "a.bl.example."), "a.bl.example.");
  EXPECT_EQ(found(set, "b.bl.example."), "bl.example.");
  EXPECT_EQ(found(set, "bl.example."), "bl.example.");
  EXPECT_EQ(found(set, "y.example."), "example.");
  EXPECT_EQ(found(set, "example."), "example.");
  EXPECT_EQ(found(set, "x.other.test."), "other.test.");
  EXPECT_EQ(found(set, "test."), "<none>");
  EXPECT_EQ(found(set, "org."), "<none>");
  EXPECT_EQ(found(set, "."), "<none>");
}

TEST(ZoneSetTest, MatchesWhateverTheQueryCase) {
  const ZoneSet set{{zone("Example."), zone("BL.example.")}};
  EXPECT_EQ(found(set, "X.BL.EXAMPLE."), "bl.example.");
  EXPECT_EQ(found(set, "EXAMPLE."), "example.");
}

TEST(ZoneSetTest, SuffixMustStartOnALabelBoundary) {
  const ZoneSet set{{zone("example.")}};
  EXPECT_EQ(found(set, "notexample."), "<none>");
  EXPECT_EQ(found(set, "www.notexample."), "<none>");
  // The bytes "\7example\0" end this name, but inside its one label: not below example.
  EXPECT_EQ(found(set, "a\\007example."), "<none>");
  EXPECT_EQ(found(set, "x.a\\007example."), "<none>");
  EXPECT_EQ(found(set, "a.example."), "example.");
}

TEST(ZoneSetTest, LabelBoundaryTrapDoesNotHideAShorterZone) {
  const ZoneSet set{{zone("com."), zone("example.com.")}};
  EXPECT_EQ(found(set, "a\\007example.com."), "com.");
  EXPECT_EQ(found(set, "notexample.com."), "com.");
}

TEST(ZoneSetTest, RootZoneHoldsEverythingElse) {
  const ZoneSet set{{zone("."), zone("example.")}};
  EXPECT_EQ(found(set, "."), ".");
  EXPECT_EQ(found(set, "org."), ".");
  EXPECT_EQ(found(set, "www.example.org."), ".");
  EXPECT_EQ(found(set, "www.example."), "example.");
}

TEST(ZoneSetTest, ZonesAreListedLongestApexFirst) {
  const ZoneSet set{{zone("example."), zone("a.b.example."), zone("b.example.")}};
  ASSERT_EQ(set.zones().size(), 3u);
  EXPECT_EQ(set.zones()[0]->apex().to_text(), "a.b.example.");
  EXPECT_EQ(set.zones()[2]->apex().to_text(), "example.");
}

TEST(PublisherTest, PublishSwapsTheSetAndMovesTheGeneration) {
  Publisher pub;
  EXPECT_EQ(pub.generation(), 0u);
  ASSERT_NE(pub.current(), nullptr);
  EXPECT_TRUE(pub.current()->zones().empty());
  const auto next =
      std::make_shared<const ZoneSet>(std::vector<std::shared_ptr<const Zone>>{zone("example.")});
  pub.publish(next);
  EXPECT_EQ(pub.generation(), 1u);
  EXPECT_EQ(pub.current(), next);
  EXPECT_NE(pub.current()->find(qname("a.example.")), nullptr);
}

TEST(PublisherTest, PublishRecordsWhenTheSetWasPublished) {
  Publisher pub;
  const auto at = std::chrono::steady_clock::time_point{std::chrono::seconds{1234}};
  pub.publish(std::make_shared<const ZoneSet>(std::vector<std::shared_ptr<const Zone>>{}), at);
  EXPECT_EQ(pub.published_at(), at);
  pub.publish(pub.current(), at + std::chrono::milliseconds{5});
  EXPECT_EQ(pub.published_at(), at + std::chrono::milliseconds{5});
  EXPECT_EQ(pub.generation(), 2u);
}

TEST(ZoneSetTest, FindIndexNamesTheSameZoneAsFind) {
  const ZoneSet set{{zone("example."), zone("a.b.example."), zone("other.")}};
  for (const char* n : {"x.a.b.example.", "b.example.", "other.", "x.other."}) {
    const std::size_t i = set.find_index(qname(n));
    ASSERT_NE(i, ZoneSet::kNotFound) << n;
    EXPECT_EQ(set.zones()[i].get(), set.find(qname(n))) << n;
  }
  EXPECT_EQ(set.find_index(qname("example.org.")), ZoneSet::kNotFound);
}

}  // namespace
}  // namespace vouchd::zone
