// Tests of live changes on a zone (design.md §5 "Updates"): Zone::with_changes over a shared
// base, most-specific-wins across base and delta, RFC 8020 empty non-terminals from delta names,
// compaction matching a fresh build, and ZoneSet::with_zone.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "vouchd/dnswire/ip_prefix.h"
#include "vouchd/dnswire/name.h"
#include "vouchd/zone/zone.h"
#include "vouchd/zone/zone_set.h"
#include "zone_test_names.h"

namespace vouchd::zone {
namespace {

using namespace test_names;  // NOLINT(google-build-using-namespace): test helpers
using dnswire::IpFamily;
using dnswire::IpPrefix;
using dnswire::Name;
using dnswire::RRType;
using What = Hit::What;

std::vector<OwnedRR> txt_rrs(std::string_view text) {
  return {{RRType::Txt, 3600, txt_rdata(text)}};
}

EntryChange put(std::string_view relative, std::string_view text) {
  return {key(relative), txt_rrs(text)};
}
EntryChange put_ip(std::string_view prefix, std::string_view text) {
  return {*IpPrefix::parse(prefix), txt_rrs(text)};
}
EntryChange drop(std::string_view relative) {
  return {key(relative), std::nullopt};
}
EntryChange drop_ip(std::string_view prefix) {
  return {*IpPrefix::parse(prefix), std::nullopt};
}

Bytes soa_rdata(std::uint32_t serial) {
  const Name mname = name("ns.example.");
  Bytes r(mname.wire().begin(), mname.wire().end());
  r.insert(r.end(), mname.wire().begin(), mname.wire().end());
  for (std::size_t i = 0; i < 4; ++i)
    r.push_back(static_cast<std::uint8_t>(serial >> (24 - 8 * i)));
  r.resize(r.size() + 16, 1);
  return r;
}

using Entries = std::vector<std::pair<std::string, std::string>>;

// A zone's parts made the way the builder does: interned answers, ancestors as empty
// non-terminals.
Zone::Parts parts_of(std::string_view apex, Kind kind, const Entries& names, const Entries& ips,
                     std::uint32_t serial) {
  Zone::Parts p;
  p.apex = name(apex).lowered();
  p.kind = kind;
  p.serial = serial;
  p.soa_rdata = soa_rdata(serial);
  p.soa_ttl = 3600;
  p.soa_minimum = 300;
  const AnswerSet::RR soa{RRType::Soa, 3600, p.soa_rdata};
  p.answers.emplace_back(std::span<const AnswerSet::RR>{&soa, 1});
  const auto answer = [&p](std::string_view text) {
    const Bytes rdata = txt_rdata(text);
    const AnswerSet::RR rr{RRType::Txt, 3600, rdata};
    p.answers.emplace_back(std::span<const AnswerSet::RR>{&rr, 1});
    return static_cast<std::uint32_t>(p.answers.size() - 1);
  };
  NameTable::Builder b;
  b.add({}, 0);
  for (const auto& [rel, text] : names) {
    b.add(key(rel), answer(text));
    b.add_ancestors(key(rel));
  }
  p.names = std::move(b).build();
  std::vector<IpTable::Entry> entries;
  for (const auto& [prefix, text] : ips)  // "-": a hole (an allow entry)
    entries.push_back({*IpPrefix::parse(prefix), text == "-" ? IpTable::kNotListed : answer(text)});
  p.ip4 = IpTable::build(entries, IpFamily::V4);
  p.ip6 = IpTable::build(entries, IpFamily::V6);
  return p;
}

std::shared_ptr<const Zone> build(std::string_view apex, Kind kind, const Entries& names,
                                  const Entries& ips = {}, std::uint32_t serial = 100) {
  return std::make_shared<const Zone>(parts_of(apex, kind, names, ips, serial));
}

// A cos zone whose default class is TXT "default".
std::shared_ptr<const Zone> build_cos(const Entries& names, const Entries& ips = {}) {
  Zone::Parts p = parts_of("cos.example.", Kind::Cos, names, ips, 100);
  const Bytes rdata = txt_rdata("default");
  const AnswerSet::RR rr{RRType::Txt, 3600, rdata};
  p.answers.emplace_back(std::span<const AnswerSet::RR>{&rr, 1});
  p.default_answer = static_cast<std::uint32_t>(p.answers.size() - 1);
  return std::make_shared<const Zone>(std::move(p));
}

// "NX", "ENT", or the TXT text found at the name.
std::string ask(const Zone& z, std::string_view qn) {
  const Hit h = z.lookup(qname(qn));
  if (h.what == What::NxDomain) return "NX";
  if (h.what == What::EmptyNonTerminal) return "ENT";
  const auto* set = h.answers->find(RRType::Txt);
  if (set == nullptr) return "DATA";
  const auto wire = h.answers->wire(*set);
  return {reinterpret_cast<const char*>(wire.data()) + 13, wire[12]};
}

std::uint32_t soa_serial(const Zone& z) {
  const Hit h = z.lookup(qname(z.apex().to_text()));
  const auto* set = h.answers->find(RRType::Soa);
  const auto w = h.answers->wire(*set);
  const std::size_t at = w.size() - 20;
  return static_cast<std::uint32_t>(w[at]) << 24 | static_cast<std::uint32_t>(w[at + 1]) << 16 |
         static_cast<std::uint32_t>(w[at + 2]) << 8 | w[at + 3];
}

constexpr std::string_view kVbr = "vouch.example.";

TEST(ZoneDeltaTest, AddsReplacesAndRemovesNames) {
  const auto base = build(kVbr, Kind::Vbr, {{"a.example", "one"}, {"b.example", "two"}});
  const std::vector<EntryChange> c{put("c.example", "three"), put("a.example", "uno"),
                                   drop("b.example")};
  const auto z = base->with_changes(c, 100);  // same serial: no apex SOA override
  EXPECT_EQ(ask(*z, "c.example.vouch.example."), "three");
  EXPECT_EQ(ask(*z, "a.example.vouch.example."), "uno");
  EXPECT_EQ(ask(*z, "b.example.vouch.example."), "NX");
  EXPECT_EQ(ask(*base, "b.example.vouch.example."), "two");  // the old snapshot is unchanged
  EXPECT_EQ(ask(*base, "c.example.vouch.example."), "NX");
  EXPECT_EQ(z->delta_size(), 3u);
  EXPECT_EQ(base->delta_size(), 0u);
}

TEST(ZoneDeltaTest, NewSerialReachesApexSoaAndNegativeSoa) {
  const auto base = build(kVbr, Kind::Vbr, {{"a.example", "one"}});
  const auto z = base->with_changes(std::vector{put("x", "x")}, 2024);
  EXPECT_EQ(z->serial(), 2024u);
  EXPECT_EQ(soa_serial(*z), 2024u);
  EXPECT_EQ(soa_serial(*base), 100u);
  const auto neg = z->negative_soa();
  const std::size_t at = neg.size() - 20;
  EXPECT_EQ(neg[at + 2], 2024 >> 8);
  EXPECT_EQ(neg[at + 3], 2024 & 0xFF);
}

TEST(ZoneDeltaTest, NamesAddedMakeTheirAncestorsEmptyNonTerminals) {
  const auto base = build(kVbr, Kind::Vbr, {{"a.example", "one"}});
  const auto z = base->with_changes(std::vector{put("deep.sub.new", "x")}, 101);
  EXPECT_EQ(ask(*z, "sub.new.vouch.example."), "ENT");
  EXPECT_EQ(ask(*z, "new.vouch.example."), "ENT");
  EXPECT_EQ(ask(*z, "other.new.vouch.example."), "NX");
  EXPECT_EQ(ask(*z, "example.vouch.example."), "ENT");  // from the base
}

TEST(ZoneDeltaTest, RemovedNameWithAddedChildIsEmptyNonTerminal) {
  const auto base = build(kVbr, Kind::Vbr, {{"example", "one"}});
  const std::vector<EntryChange> c{put("mail.example", "m"), drop("example")};
  const auto z = base->with_changes(c, 101);
  EXPECT_EQ(ask(*z, "example.vouch.example."), "ENT");
  EXPECT_EQ(ask(*z, "mail.example.vouch.example."), "m");
}

TEST(ZoneDeltaTest, RemovingADeltaOnlyNameLeavesNxDomain) {
  const auto base = build(kVbr, Kind::Vbr, {{"a.example", "one"}});
  const auto z1 = base->with_changes(std::vector{put("n.example", "n")}, 101);
  const auto z2 = z1->with_changes(std::vector{drop("n.example")}, 102);
  EXPECT_EQ(ask(*z2, "n.example.vouch.example."), "NX");
  EXPECT_EQ(ask(*z1, "n.example.vouch.example."), "n");
}

TEST(ZoneDeltaTest, SuccessiveDeltasAccumulateAndLaterChangesWin) {
  auto z = build(kVbr, Kind::Vbr, {{"a.example", "one"}});
  for (int i = 0; i < 50; ++i) {
    z = z->with_changes(std::vector{put("n" + std::to_string(i), "v" + std::to_string(i))},
                        static_cast<std::uint32_t>(101 + i));
  }
  z = z->with_changes(std::vector{put("n7", "again"), drop("a.example")}, 200);
  EXPECT_EQ(ask(*z, "n0.vouch.example."), "v0");
  EXPECT_EQ(ask(*z, "n49.vouch.example."), "v49");
  EXPECT_EQ(ask(*z, "n7.vouch.example."), "again");
  EXPECT_EQ(ask(*z, "a.example.vouch.example."), "NX");
  EXPECT_EQ(soa_serial(*z), 200u);
}

TEST(ZoneDeltaTest, SameRRsShareTheBaseAnswer) {
  const auto base = build(kVbr, Kind::Vbr, {{"a.example", "one"}});
  const auto z = base->with_changes(std::vector{put("b.example", "one")}, 100);
  EXPECT_EQ(z->lookup(qname("b.example.vouch.example.")).answers,
            z->lookup(qname("a.example.vouch.example.")).answers);
}

constexpr std::string_view kBl = "bl.example.";

TEST(ZoneDeltaTest, PrefixesAddReplaceAndRemove) {
  const auto base =
      build(kBl, Kind::DnsblIp4, {}, {{"192.0.2.0/24", "net"}, {"198.51.100.7", "h"}});
  const std::vector<EntryChange> c{put_ip("203.0.113.9", "new"), put_ip("192.0.2.0/24", "net2"),
                                   drop_ip("198.51.100.7")};
  const auto z = base->with_changes(c, 101);
  EXPECT_EQ(ask(*z, "9.113.0.203.bl.example."), "new");
  EXPECT_EQ(ask(*z, "5.2.0.192.bl.example."), "net2");
  EXPECT_EQ(ask(*z, "7.100.51.198.bl.example."), "NX");
  EXPECT_EQ(ask(*base, "7.100.51.198.bl.example."), "h");
  EXPECT_EQ(ask(*z, "113.0.203.bl.example."), "ENT");  // a range holding a delta listing
}

TEST(ZoneDeltaTest, MostSpecificWinsAcrossBaseAndDelta) {
  const auto base =
      build(kBl, Kind::DnsblIp4, {}, {{"10.0.0.0/8", "wide"}, {"10.1.2.0/24", "narrow"}});
  const auto z = base->with_changes(std::vector{put_ip("10.1.0.0/16", "mid")}, 101);
  EXPECT_EQ(ask(*z, "5.2.1.10.bl.example."), "narrow");  // base /24 beats delta /16
  EXPECT_EQ(ask(*z, "5.3.1.10.bl.example."), "mid");     // delta /16 beats base /8
  EXPECT_EQ(ask(*z, "5.3.2.10.bl.example."), "wide");
  const auto z2 = z->with_changes(std::vector{put_ip("10.1.2.3", "host")}, 102);
  EXPECT_EQ(ask(*z2, "3.2.1.10.bl.example."), "host");
  EXPECT_EQ(ask(*z2, "4.2.1.10.bl.example."), "narrow");
}

TEST(ZoneDeltaTest, RemovedPrefixFallsBackToItsEnclosingListing) {
  const auto base =
      build(kBl, Kind::DnsblIp4, {}, {{"10.0.0.0/8", "wide"}, {"10.1.2.0/24", "narrow"}});
  const auto z = base->with_changes(std::vector{drop_ip("10.1.2.0/24")}, 101);
  EXPECT_EQ(ask(*z, "5.2.1.10.bl.example."), "wide");
  const auto z2 = z->with_changes(std::vector{drop_ip("10.0.0.0/8")}, 102);
  EXPECT_EQ(ask(*z2, "5.2.1.10.bl.example."), "NX");
  EXPECT_EQ(ask(*z2, "5.9.9.10.bl.example."), "NX");
}

TEST(ZoneDeltaTest, RemovingTheTestPointKeepsIt) {
  const auto base = build(kBl, Kind::DnsblIp4, {}, {{"127.0.0.2", "test"}});
  const auto z = base->with_changes(std::vector{drop_ip("127.0.0.2")}, 101);
  EXPECT_EQ(ask(*z, "2.0.0.127.bl.example."), "test");  // RFC 5782 §5
}

TEST(ZoneDeltaTest, Ipv6PrefixesInDelta) {
  const auto base = build("bl6.example.", Kind::DnsblIp6, {}, {{"2001:db8::/32", "wide"}});
  const auto z = base->with_changes(std::vector{put_ip("2001:db8:1::/48", "narrow")}, 101);
  const std::string addr = dnswire::reversed_labels(*IpPrefix::parse("2001:db8:1::5"));
  EXPECT_EQ(ask(*z, addr + ".bl6.example."), "narrow");
  const std::string other = dnswire::reversed_labels(*IpPrefix::parse("2001:db8:2::5"));
  EXPECT_EQ(ask(*z, other + ".bl6.example."), "wide");
}

TEST(ZoneDeltaTest, BaseHoleAnswersNxDomainAndCompetesByLength) {
  const auto base = build(kBl, Kind::DnsblIp4, {}, {{"192.0.2.0/24", "net"}, {"192.0.2.7", "-"}});
  EXPECT_EQ(ask(*base, "7.2.0.192.bl.example."), "NX");
  EXPECT_EQ(ask(*base, "8.2.0.192.bl.example."), "net");
  EXPECT_EQ(ask(*base, "2.0.192.bl.example."), "ENT");
  const auto z = base->with_changes(std::vector{put_ip("192.0.2.0/25", "half")}, 101);
  EXPECT_EQ(ask(*z, "7.2.0.192.bl.example."), "NX");  // the /32 hole beats the delta's /25
  EXPECT_EQ(ask(*z, "8.2.0.192.bl.example."), "half");
  EXPECT_EQ(ask(*z->compacted(), "7.2.0.192.bl.example."), "NX");
  const auto z2 = z->with_changes(std::vector{drop_ip("192.0.2.0/24")}, 102);
  EXPECT_EQ(ask(*z2, "7.2.0.192.bl.example."), "NX");
  EXPECT_EQ(ask(*z2, "200.2.0.192.bl.example."), "NX");
}

TEST(ZoneDeltaTest, RangeHoldingOnlyHolesIsNxDomain) {
  const auto base = build(kBl, Kind::DnsblIp4, {}, {{"192.0.2.0/24", "-"}, {"10.0.0.1", "h"}});
  EXPECT_EQ(ask(*base, "2.0.192.bl.example."), "NX");  // RFC 8020: nothing listed below
  EXPECT_EQ(ask(*base, "1.2.0.192.bl.example."), "NX");
}

// Every answer of `a` and `b` over `names` is the same.
void expect_same(const Zone& a, const Zone& b, const std::vector<std::string>& names) {
  for (const std::string& n : names)
    EXPECT_EQ(ask(a, n), ask(b, n)) << n;
}

TEST(ZoneDeltaTest, CompactionAnswersAsAFreshBuild) {
  const auto base = build(kVbr, Kind::Vbr, {{"a.x", "one"}, {"b.x", "two"}, {"c.y", "three"}});
  auto z =
      base->with_changes(std::vector{put("d.z.w", "four"), drop("c.y"), put("a.x", "uno")}, 101);
  const auto compact = z->compacted();
  const auto fresh =
      build(kVbr, Kind::Vbr, {{"a.x", "uno"}, {"b.x", "two"}, {"d.z.w", "four"}}, {}, 101);
  const std::vector<std::string> names{
      "a.x.vouch.example.",   "b.x.vouch.example.", "c.y.vouch.example.", "y.vouch.example.",
      "d.z.w.vouch.example.", "z.w.vouch.example.", "w.vouch.example.",   "x.vouch.example."};
  expect_same(*compact, *fresh, names);
  EXPECT_EQ(ask(*z, "y.vouch.example."), "ENT");       // kept until compaction (documented)
  EXPECT_EQ(ask(*compact, "y.vouch.example."), "NX");  // RFC 8020: exact again
  EXPECT_EQ(compact->delta_size(), 0u);
  EXPECT_EQ(soa_serial(*compact), 101u);
  EXPECT_EQ(compact->serial(), 101u);
}

TEST(ZoneDeltaTest, CompactionOfPrefixesAnswersAsAFreshBuild) {
  const auto base = build(kBl, Kind::DnsblIp4, {},
                          {{"10.0.0.0/8", "wide"}, {"10.1.2.0/24", "narrow"}, {"192.0.2.1", "h"}});
  const auto z = base->with_changes(
      std::vector{drop_ip("10.1.2.0/24"), put_ip("10.9.0.0/16", "mid"), put_ip("192.0.2.1", "h2")},
      101);
  const auto fresh = build(kBl, Kind::DnsblIp4, {},
                           {{"10.0.0.0/8", "wide"}, {"10.9.0.0/16", "mid"}, {"192.0.2.1", "h2"}});
  const std::vector<std::string> names{"5.2.1.10.bl.example.",  "5.0.9.10.bl.example.",
                                       "1.2.0.192.bl.example.", "2.2.0.192.bl.example.",
                                       "9.10.bl.example.",      "2.0.192.bl.example."};
  expect_same(*z, *fresh, names);
  expect_same(*z->compacted(), *fresh, names);
}

TEST(ZoneSetTest, WithZoneReplacesOnlyTheZoneOfThatApex) {
  const auto vbr = build(kVbr, Kind::Vbr, {{"a", "one"}});
  const auto bl = build(kBl, Kind::DnsblIp4, {}, {{"192.0.2.1", "h"}});
  const auto set = std::make_shared<const ZoneSet>(std::vector{vbr, bl});
  const auto next = set->with_zone(vbr->with_changes(std::vector{put("b", "two")}, 101));
  ASSERT_EQ(next->zones().size(), 2u);
  const Zone* found = next->find(qname("b.vouch.example."));
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(ask(*found, "b.vouch.example."), "two");
  EXPECT_EQ(next->find(qname("1.2.0.192.bl.example.")), bl.get());  // shared, not copied
  EXPECT_EQ(ask(*set->find(qname("b.vouch.example.")), "b.vouch.example."), "NX");
}

TEST(ZoneSetTest, WithoutZoneDropsOnlyTheZoneOfThatApex) {
  const auto vbr = build(kVbr, Kind::Vbr, {{"a", "one"}});
  const auto bl = build(kBl, Kind::DnsblIp4, {}, {{"192.0.2.1", "h"}});
  const auto set = std::make_shared<const ZoneSet>(std::vector{vbr, bl});
  const auto next = set->without_zone(*dnswire::Name::from_text("VOUCH.example."));
  ASSERT_EQ(next->zones().size(), 1u);
  EXPECT_EQ(next->find(qname("a.vouch.example.")), nullptr);
  EXPECT_EQ(next->find(qname("1.2.0.192.bl.example.")), bl.get());  // shared, not copied
  EXPECT_NE(set->find(qname("a.vouch.example.")), nullptr);         // the old set is unchanged
  EXPECT_EQ(next->without_zone(*dnswire::Name::from_text("other.example."))->zones().size(), 1u);
}

TEST(ZoneDeltaTest, NoDeltaLookupsAreUnchanged) {
  const auto z = build(kVbr, Kind::Vbr, {{"a.example", "one"}});
  EXPECT_EQ(z->delta_size(), 0u);
  EXPECT_EQ(ask(*z, "a.example.vouch.example."), "one");
  EXPECT_EQ(ask(*z, "example.vouch.example."), "ENT");
  EXPECT_EQ(ask(*z, "b.example.vouch.example."), "NX");
  EXPECT_EQ(z->compacted()->delta_size(), 0u);
}

// ---- class-of-service zones (design.md §11): one zone, three key families, a default class ----

std::string v6_name(std::string_view address) {
  return dnswire::reversed_labels(*IpPrefix::parse(address)) + ".cos.example.";
}

TEST(CosZoneTest, UnknownKeysOfEveryFamilyGetTheDefaultClass) {
  const auto z = build_cos({{"ns1", "glue"}});
  EXPECT_EQ(ask(*z, "1.2.0.192.cos.example."), "default");
  EXPECT_EQ(ask(*z, v6_name("2001:db8::1")), "default");
  EXPECT_EQ(ask(*z, "sender.example.cos.example."), "default");
  EXPECT_EQ(ask(*z, "mail.sender.example.cos.example."), "default");
  EXPECT_EQ(ask(*z, "ns1.cos.example."), "glue");  // static records still answer as stored
}

TEST(CosZoneTest, ListedKeysOfEveryFamilyGetTheirClass) {
  const auto z = build_cos({{"good.example", "domain-class"}},
                           {{"192.0.2.0/24", "v4-class"}, {"2001:db8:1::/48", "v6-class"}});
  EXPECT_EQ(ask(*z, "99.2.0.192.cos.example."), "v4-class");
  EXPECT_EQ(ask(*z, "99.3.0.192.cos.example."), "default");
  EXPECT_EQ(ask(*z, v6_name("2001:db8:1:2::5")), "v6-class");
  EXPECT_EQ(ask(*z, v6_name("2001:db8:2::5")), "default");
  EXPECT_EQ(ask(*z, "good.example.cos.example."), "domain-class");
  // The listed domain's parent is an empty non-terminal in the table, but a key all the same.
  EXPECT_EQ(ask(*z, "example.cos.example."), "default");
}

TEST(CosZoneTest, LongestIpv6PrefixWins) {
  const auto z = build_cos(
      {},
      {{"2001:db8::/32", "wide"}, {"2001:db8:1::/48", "site"}, {"2001:db8:1:2::/64", "subnet"}});
  EXPECT_EQ(ask(*z, v6_name("2001:db8:1:2::7")), "subnet");
  EXPECT_EQ(ask(*z, v6_name("2001:db8:1:3::7")), "site");
  EXPECT_EQ(ask(*z, v6_name("2001:db8:9::7")), "wide");
  EXPECT_EQ(ask(*z, v6_name("2001:db9::7")), "default");
}

TEST(CosZoneTest, NamesOfNoKeyShapeAreNxDomainAndRangesExist) {
  const auto z = build_cos({}, {{"192.0.2.0/24", "v4-class"}});
  EXPECT_EQ(ask(*z, "10.20.30.40.50.cos.example."), "NX");  // five octets
  EXPECT_EQ(ask(*z, "300.2.0.192.cos.example."), "NX");     // not an octet
  EXPECT_EQ(ask(*z, "sender.42.cos.example."), "NX");       // numeric TLD
  EXPECT_EQ(ask(*z, "a." + v6_name("2001:db8::1")), "NX");  // 33 nibbles
  // RFC 8020: every address exists, so every range above one is an empty non-terminal.
  EXPECT_EQ(ask(*z, "2.0.192.cos.example."), "ENT");
  EXPECT_EQ(ask(*z, "9.9.cos.example."), "ENT");
  EXPECT_EQ(ask(*z, "8.b.d.0.1.0.0.2.cos.example."), "ENT");
}

TEST(CosZoneTest, NoRfc5782TestPointsInTheIndex) {
  const auto z = build_cos({});
  EXPECT_EQ(ask(*z, "2.0.0.127.cos.example."), "default");
  EXPECT_EQ(ask(*z, "test.cos.example."), "default");
}

TEST(CosZoneTest, DeltaChangesEachFamilyAndRemovalsFallBackToTheDefault) {
  const auto base = build_cos({{"old.example", "old"}}, {{"192.0.2.0/24", "v4-old"}});
  const std::vector<EntryChange> add{put("good.example", "earned"), put_ip("198.51.100.7", "v4"),
                                     put_ip("2001:db8:1::/48", "v6")};
  const auto z = base->with_changes(add, 101);
  EXPECT_EQ(ask(*z, "good.example.cos.example."), "earned");
  EXPECT_EQ(ask(*z, "7.100.51.198.cos.example."), "v4");
  EXPECT_EQ(ask(*z, v6_name("2001:db8:1::9")), "v6");
  const std::vector<EntryChange> remove{drop("good.example"), drop("old.example"),
                                        drop_ip("198.51.100.7"), drop_ip("192.0.2.0/24"),
                                        drop_ip("2001:db8:1::/48")};
  const auto z2 = z->with_changes(remove, 102);
  EXPECT_EQ(ask(*z2, "good.example.cos.example."), "default");
  EXPECT_EQ(ask(*z2, "old.example.cos.example."), "default");  // removed from the base
  EXPECT_EQ(ask(*z2, "7.100.51.198.cos.example."), "default");
  EXPECT_EQ(ask(*z2, "1.2.0.192.cos.example."), "default");
  EXPECT_EQ(ask(*z2, v6_name("2001:db8:1::9")), "default");
  // A compacted zone answers the same, default class included.
  const auto c = z2->compacted();
  EXPECT_EQ(c->delta_size(), 0u);
  EXPECT_EQ(ask(*c, "old.example.cos.example."), "default");
  EXPECT_EQ(ask(*c, "1.2.0.192.cos.example."), "default");
  EXPECT_EQ(ask(*z->compacted(), v6_name("2001:db8:1::9")), "v6");
}

TEST(CosZoneTest, RemovingAnEntryAt127002IsNotKeptAsATestPoint) {
  const auto base = build_cos({}, {{"127.0.0.2", "entry"}});
  const auto z = base->with_changes(std::vector{drop_ip("127.0.0.2")}, 101);
  EXPECT_EQ(ask(*z, "2.0.0.127.cos.example."), "default");
}

TEST(CosZoneTest, AllowEntryHidesTheClassBehindIt) {
  const auto z = build_cos({}, {{"192.0.2.0/24", "net"}, {"192.0.2.7", "-"}});
  EXPECT_EQ(ask(*z, "7.2.0.192.cos.example."), "default");
  EXPECT_EQ(ask(*z, "8.2.0.192.cos.example."), "net");
}

}  // namespace
}  // namespace vouchd::zone
