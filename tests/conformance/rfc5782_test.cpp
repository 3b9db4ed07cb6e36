// RFC 5782 (DNS blacklists and whitelists): name construction (§2.1, §2.3, §2.4), return codes and
// TXT (§2.1–§2.3), mandatory test entries (§5). standards.md §2 and §7.2, vectors B1–B17, against
// bl.example (IPv4 + IPv6), bl6.example (IPv6 only), wl.example (allow list), dbl.example (domains).
#include <gtest/gtest.h>

#include <stdexcept>

#include "conformance_server.h"
#include "vouchd/dnswire/ip_prefix.h"

namespace vouchd::conformance {
namespace {

using dnswire::flag::kAa;

// ::FFFF:7F00:2 and ::FFFF:7F00:1 as reversed nibbles (§2.4).
constexpr char kV6TestListed[] = "2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0";
constexpr char kV6TestUnlisted[] = "1.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0";
// 2001:db8:1:2:3:4:567:89ab, listed in bl.example (B8) and bl6.example.
constexpr char kV6Listed[] = "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2";
// 2001:db8::1, unlisted in bl.example (B9), inside bl6.example's 2001:db8::/64.
constexpr char kV6DocOne[] = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2";

// RFC 5782 §2.1/§2.4 reversed labels of an address ("192.0.2.1" -> "1.2.0.192").
std::string rev(const char* address) {
  const auto p = dnswire::IpPrefix::parse(address);
  if (!p) throw std::invalid_argument(address);
  return dnswire::reversed_labels(*p);
}

void expect_listed(const std::string& qname, const std::string& value) {
  const Reply r = ask(qname, RRType::A);
  EXPECT_EQ(r.rcode(), 0) << qname << testing::describe(r);
  EXPECT_TRUE(r.flag(kAa)) << qname;
  EXPECT_SECTION(r, answers, {qname + ". * IN A " + value}) << " for " << qname;
}

void expect_nxdomain(const std::string& qname, const std::string& apex) {
  const Reply r = ask(qname, RRType::A);
  EXPECT_EQ(r.rcode(), 3) << qname << testing::describe(r);
  EXPECT_TRUE(r.flag(kAa)) << qname;
  EXPECT_TRUE(r.msg().answers.empty()) << qname;
  EXPECT_SECTION(r, authority, {negative_soa(apex)}) << " for " << qname;
}

// B1: §5 "IPv4-based DNSxLs MUST contain an entry for 127.0.0.2".
TEST(Rfc5782Sec5, ListsTestAddress127002) {
  expect_listed("2.0.0.127.bl.example", "127.0.0.2");
}

// B2: the test entry carries a reason text (§2.2: DNSBLs SHOULD have TXT).
TEST(Rfc5782Sec5, TestAddressHasReasonText) {
  const Reply r = ask("2.0.0.127.bl.example", RRType::Txt);
  EXPECT_EQ(r.rcode(), 0);
  ASSERT_EQ(r.msg().answers.size(), 1u) << testing::describe(r);
  EXPECT_EQ(r.msg().answers[0].type, RRType::Txt);
  const auto strings = dnswire::txt_strings(r.msg().answers[0].rdata);
  ASSERT_FALSE(strings.empty());
  EXPECT_FALSE(strings[0].empty());
}

// B3: §5 "MUST NOT contain an entry for 127.0.0.1" — NXDOMAIN, which rspamd and Haraka probe for.
TEST(Rfc5782Sec5, DoesNotList127001) {
  expect_nxdomain("1.0.0.127.bl.example", "bl.example");
  expect_nxdomain("1.0.0.127.wl.example", "wl.example");
  expect_nxdomain("1.0.0.127.bl6.example", "bl6.example");
}

// B4: §5 "IPv6-based DNSxLs MUST contain an entry for ::FFFF:7F00:2".
TEST(Rfc5782Sec5, ListsTestAddressV4MappedLoopback2) {
  expect_listed(std::string{kV6TestListed} + ".bl.example", "127.0.0.2");
  expect_listed(std::string{kV6TestListed} + ".bl6.example", "127.0.0.2");
}

// B5: "MUST NOT contain an entry for ::FFFF:7F00:1".
TEST(Rfc5782Sec5, DoesNotListV4MappedLoopback1) {
  expect_nxdomain(std::string{kV6TestUnlisted} + ".bl.example", "bl.example");
  expect_nxdomain(std::string{kV6TestUnlisted} + ".bl6.example", "bl6.example");
}

// B6: §2.1 reversed octets; a listed range answers for every address in it.
TEST(Rfc5782Sec2p1, EveryAddressInListedRangeAnswers) {
  for (const char* host : {"0", "1", "99", "128", "255"}) {
    expect_listed(std::string{host} + ".2.0.192.bl.example", "127.0.0.2");
  }
  const Reply txt = ask("99.2.0.192.bl.example", RRType::Txt);
  EXPECT_SECTION(txt, answers, {R"(99.2.0.192.bl.example. 900 IN TXT "192.0.2.0/24 sends spam")"});
}

// §2.1: addresses next to a listed range are not listed.
TEST(Rfc5782Sec2p1, AddressOutsideListedRangeIsNxDomain) {
  expect_nxdomain("0.3.0.192.bl.example", "bl.example");
  expect_nxdomain("255.1.0.192.bl.example", "bl.example");
  expect_nxdomain("24.113.0.203.bl.example", "bl.example");
}

// B7 (RFC 8020): a range above listed entries is an empty non-terminal.
TEST(Rfc5782Sec2p1, NameAboveListedEntriesIsNoData) {
  for (const char* name : {"0.192.bl.example", "2.0.192.bl.example", "192.bl.example",
                           "113.0.203.bl.example"}) {
    const Reply r = ask(name, RRType::A);
    EXPECT_EQ(r.rcode(), 0) << name << testing::describe(r);
    EXPECT_TRUE(r.msg().answers.empty()) << name;
    EXPECT_SECTION(r, authority, {negative_soa("bl.example")}) << " for " << name;
  }
}

// §2.1: a name that is not four octet labels is not an address.
TEST(Rfc5782Sec2p1, MalformedAddressNamesAreNxDomain) {
  for (const char* name : {"099.2.0.192.bl.example", "256.2.0.192.bl.example",
                           "x.99.2.0.192.bl.example", "1.99.2.0.192.bl.example",
                           "-abc_DEF12.bl.example"}) {
    expect_nxdomain(name, "bl.example");
  }
}

// B8: §2.4 32 reversed nibbles.
TEST(Rfc5782Sec2p4, ListedIpv6AddressAnswers) {
  expect_listed(std::string{kV6Listed} + ".bl.example", "127.0.0.2");
  expect_listed(std::string{kV6Listed} + ".bl6.example", "127.0.0.3");
}

// B9.
TEST(Rfc5782Sec2p4, UnlistedIpv6AddressIsNxDomain) {
  expect_nxdomain(std::string{kV6DocOne} + ".bl.example", "bl.example");
}

// §2.4 with a /64: every address of the prefix answers, the next prefix does not.
TEST(Rfc5782Sec2p4, EveryAddressInListedIpv6PrefixAnswers) {
  // bl6.example lists 2001:db8::/64, bl.example 2001:db8:ffff::/64.
  expect_listed(rev("2001:db8::1") + ".bl6.example", "127.0.0.2");
  expect_listed(rev("2001:db8::ffff:ffff:ffff:ffff") + ".bl6.example", "127.0.0.2");
  expect_listed(rev("2001:db8:ffff::1") + ".bl.example", "127.0.0.4");
  expect_listed(rev("2001:db8:ffff:0:abcd:1:2:3") + ".bl.example", "127.0.0.4");
  expect_nxdomain(rev("2001:db8:0:1::1") + ".bl6.example", "bl6.example");
  expect_nxdomain(rev("2001:db8:fffe:ffff:ffff:ffff:ffff:ffff") + ".bl.example", "bl.example");
}

// §2.4: the nibble labels are case-insensitive hex (RFC 4343).
TEST(Rfc5782Sec2p4, UpperCaseNibblesMatch) {
  const Reply r =
      ask("B.A.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.B.D.0.1.0.0.2.bl.example", RRType::A);
  EXPECT_EQ(r.rcode(), 0) << testing::describe(r);
  ASSERT_EQ(r.msg().answers.size(), 1u);
  EXPECT_EQ(dnswire::rdata_to_text(RRType::A, r.msg().answers[0].rdata), "127.0.0.2");
}

// B10: §5 SHOULD, one test address per return value.
TEST(Rfc5782Sec5, EachReturnValueHasItsTestAddress) {
  expect_listed("5.0.0.127.bl.example", "127.0.0.5");
  expect_listed("6.0.0.127.bl.example", "127.0.0.6");
  expect_listed("4.0.0.127.bl.example", "127.0.0.4");
  expect_listed("2.3.0.127.wl.example", "127.0.3.2");
  expect_listed("0.15.0.127.wl.example", "127.0.15.0");
  expect_listed("3.0.0.127.bl6.example", "127.0.0.3");
  const Reply txt = ask("5.0.0.127.bl.example", RRType::Txt);
  EXPECT_EQ(txt.msg().answers.size(), 1u) << testing::describe(txt);
}

// A value nobody returns has no test address.
TEST(Rfc5782Sec5, UnusedReturnValueHasNoTestAddress) {
  expect_nxdomain("3.0.0.127.bl.example", "bl.example");
  expect_nxdomain("5.0.0.127.wl.example", "wl.example");
}

// B11: §2.3 bitmask sublists, 2 | 4 = 6 in a single A.
TEST(Rfc5782Sec2p3, BitmaskEntryIsOneARecord) {
  expect_listed("7.113.0.203.bl.example", "127.0.0.6");
  const Reply txt = ask("7.113.0.203.bl.example", RRType::Txt);
  EXPECT_SECTION(txt, answers,
                 {R"(7.113.0.203.bl.example. 900 IN TXT "listed on sublists 2 and 4")"});
}

// B12.
TEST(Rfc5782Sec2p1, UpperCaseZoneNameMatches) {
  const Bytes q = testing::raw_query(0x0B12, 0, "2.0.0.127.BL.EXAMPLE", 1, 1, {testing::RawOpt{}});
  const Reply r = ask_raw(q);
  EXPECT_EQ(r.rcode(), 0) << testing::describe(r);
  EXPECT_SECTION(r, answers, {"2.0.0.127.BL.EXAMPLE. * IN A 127.0.0.2"});
}

// B13: §5 "domain-based DNSxLs MUST contain an entry for the reserved domain name TEST".
TEST(Rfc5782Sec5, DomainListListsTest) {
  const Reply r = ask("test.dbl.example", RRType::A);
  EXPECT_EQ(r.rcode(), 0) << testing::describe(r);
  ASSERT_EQ(r.msg().answers.size(), 1u);
  EXPECT_EQ(r.msg().answers[0].type, RRType::A);
  const std::string value = dnswire::rdata_to_text(RRType::A, r.msg().answers[0].rdata);
  EXPECT_TRUE(value.starts_with("127.")) << value;
  EXPECT_NE(value, "127.0.0.1");
  // The name matches case-insensitively: TEST as the RFC writes it.
  const Reply upper = ask("TEST.dbl.example", RRType::A);
  EXPECT_EQ(upper.msg().answers.size(), 1u) << testing::describe(upper);
}

// B14: "MUST NOT contain an entry for the reserved domain name INVALID".
TEST(Rfc5782Sec5, DomainListDoesNotListInvalid) {
  expect_nxdomain("invalid.dbl.example", "dbl.example");
  expect_nxdomain("INVALID.dbl.example", "dbl.example");
}

// B15: §2.3 the listed name + zone, with A and TXT.
TEST(Rfc5782Sec2p3, ListedDomainAnswersAAndTxt) {
  expect_listed("sender.example.dbl.example", "127.0.1.2");
  const Reply txt = ask("sender.example.dbl.example", RRType::Txt);
  EXPECT_SECTION(txt, answers, {R"(sender.example.dbl.example. 900 IN TXT "spam source")"});
  expect_listed("phish.example.dbl.example", "127.0.1.3");
}

// §2.3 and RFC 8020: the parent of a listed domain exists (NODATA); other names do not.
TEST(Rfc5782Sec2p3, UnlistedDomainsAreNxDomain) {
  expect_nxdomain("nobody.example.dbl.example", "dbl.example");
  expect_nxdomain("x.sender.example.dbl.example", "dbl.example");
  const Reply ent = ask("example.dbl.example", RRType::A);
  EXPECT_EQ(ent.rcode(), 0) << testing::describe(ent);
  EXPECT_TRUE(ent.msg().answers.empty());
  EXPECT_SECTION(ent, authority, {negative_soa("dbl.example")});
}

// standards.md §2.4: rspamd's monitored probe, a random 8–31 character label, must be NXDOMAIN.
TEST(Rfc5782Sec5, RandomProbeLabelIsNxDomain) {
  expect_nxdomain("-Qx9_aZ0bYw.dbl.example", "dbl.example");
  expect_nxdomain("_kT3mNp8Rr2Lq.bl.example", "bl.example");
}

// B16: dnswl-style allow list, 127.0.<category>.<trust>, trust 0..3.
TEST(Rfc5782Sec2p2, AllowListTestEntryHasCategoryAndTrust) {
  const Reply r = ask("2.0.0.127.wl.example", RRType::A);
  EXPECT_EQ(r.rcode(), 0) << testing::describe(r);
  EXPECT_SECTION(r, answers, {"2.0.0.127.wl.example. 3600 IN A 127.0.3.2"});
  expect_listed("25.2.0.192.wl.example", "127.0.3.2");
  expect_listed("10.2.0.192.wl.example", "127.0.15.0");
}

// B17: a listed name has A and TXT only; AAAA is NODATA.
TEST(Rfc5782Sec2p2, ListedNameHasNoAaaa) {
  const Reply r = ask("2.0.0.127.bl.example", RRType::Aaaa);
  EXPECT_EQ(r.rcode(), 0) << testing::describe(r);
  EXPECT_TRUE(r.flag(kAa));
  EXPECT_TRUE(r.msg().answers.empty());
  EXPECT_SECTION(r, authority, {negative_soa("bl.example")});
}

// §2.1: "all values SHOULD be in 127.0.0.0/8"; every entry MUST have an A.
TEST(Rfc5782Sec2p1, EveryListingHasAnAIn127Slash8) {
  for (const std::string& name : std::vector<std::string>{
           "2.0.0.127.bl.example", "25.113.0.203.bl.example", "7.113.0.203.bl.example",
        "99.2.0.192.bl.example", std::string{kV6Listed} + ".bl.example",
        "25.2.0.192.wl.example", "sender.example.dbl.example", "test.dbl.example",
        std::string{kV6Listed} + ".bl6.example"}) {
    const Reply r = ask(name, RRType::A);
    ASSERT_FALSE(r.msg().answers.empty()) << name << testing::describe(r);
    for (const dnswire::Record& rr : r.msg().answers) {
      EXPECT_EQ(rr.type, RRType::A) << name;
      EXPECT_TRUE(dnswire::rdata_to_text(RRType::A, rr.rdata).starts_with("127.")) << name;
    }
  }
}

}  // namespace
}  // namespace vouchd::conformance
