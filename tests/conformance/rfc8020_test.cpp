// RFC 8020 (NXDOMAIN: there really is nothing underneath): an NXDOMAIN says no name exists at or
// below the QNAME (§2), so empty non-terminals above data answer NODATA. standards.md §5.2, §7.4
// (ent.example holds only 99.2.0.192), and the ENTs above VBR names and IPv6 entries.
#include <gtest/gtest.h>

#include "conformance_server.h"

namespace vouchd::conformance {
namespace {

void expect_nodata(const std::string& qname, const std::string& apex) {
  const Reply r = ask(qname, RRType::A);
  EXPECT_EQ(r.rcode(), 0) << qname << " should be NODATA (RFC 8020 §2)" << testing::describe(r);
  EXPECT_TRUE(r.msg().answers.empty()) << qname;
  EXPECT_SECTION(r, authority, {negative_soa(apex)}) << " for " << qname;
}

void expect_nxdomain(const std::string& qname, const std::string& apex) {
  const Reply r = ask(qname, RRType::A);
  EXPECT_EQ(r.rcode(), 3) << qname << testing::describe(r);
  EXPECT_SECTION(r, authority, {negative_soa(apex)}) << " for " << qname;
}

// standards.md §7.4: every ancestor of 99.2.0.192.ent.example exists.
TEST(Rfc8020Sec2, AncestorsOfListedAddressAreNoData) {
  expect_nodata("192.ent.example", "ent.example");
  expect_nodata("0.192.ent.example", "ent.example");
  expect_nodata("2.0.192.ent.example", "ent.example");
  const Reply listed = ask("99.2.0.192.ent.example", RRType::A);
  EXPECT_SECTION(listed, answers, {"99.2.0.192.ent.example. 900 IN A 127.0.0.2"});
}

// standards.md §7.4: siblings of those ancestors do not exist.
TEST(Rfc8020Sec2, SiblingsOfListedAddressAreNxDomain) {
  expect_nxdomain("3.0.192.ent.example", "ent.example");
  expect_nxdomain("98.2.0.192.ent.example", "ent.example");
  expect_nxdomain("1.192.ent.example", "ent.example");
  expect_nxdomain("193.ent.example", "ent.example");
}

// The ENTs above the generated 127.0.0.2 test point.
TEST(Rfc8020Sec2, AncestorsOfTestPointAreNoData) {
  expect_nodata("127.bl.example", "bl.example");
  expect_nodata("0.127.bl.example", "bl.example");
  expect_nodata("0.0.127.bl.example", "bl.example");
}

// Nibble-name ENTs above IPv6 entries (RFC 5782 §2.4): 2001:db8:1:2:3:4:567:89ab in bl.example.
TEST(Rfc8020Sec2, AncestorsOfIpv6ListingAreNoData) {
  expect_nodata("2.bl.example", "bl.example");
  expect_nodata("0.0.2.bl.example", "bl.example");
  expect_nodata("8.b.d.0.1.0.0.2.bl.example", "bl.example");
  expect_nodata("0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bl.example", "bl.example");
  expect_nxdomain("9.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bl.example", "bl.example");
  expect_nodata("d.0.1.0.0.2.bl6.example", "bl6.example");
}

// A four-label nibble name above an IPv6 entry, whose labels also read as an IPv4 address: it
// names an IPv6 prefix with data below it, so it is an ENT whatever the IPv4 reading finds.
// `1.0.0.2` is 2001::/16 (above 2001:db8:1:2:3:4:567:89ab); `0.0.0.0` is ::/16 (above the
// ::FFFF:7F00:2 test point every IPv6 list carries, RFC 5782 §5).
TEST(Rfc8020Sec2, FourLabelNibbleAncestorIsNoDataEvenIfItReadsAsIpv4) {
  expect_nodata("1.0.0.2.bl.example", "bl.example");
  expect_nodata("1.0.0.2.bl6.example", "bl6.example");
  expect_nodata("0.0.0.0.bl.example", "bl.example");
  expect_nodata("0.0.0.0.bl6.example", "bl6.example");
}

// ENTs above VBR names (standards.md §1.2): `_vouch.<cert>` and `com._vouch.<cert>`.
TEST(Rfc8020Sec2, AncestorsOfVouchAreNoData) {
  expect_nodata("_vouch.vouch.example", "vouch.example");
  expect_nodata("example._vouch.vouch.example", "vouch.example");
  expect_nodata("com._vouch.vouch.example", "vouch.example");
  expect_nxdomain("org._vouch.vouch.example", "vouch.example");
}

// §2: below an NXDOMAIN name there is nothing either.
TEST(Rfc8020Sec2, NamesBelowNxDomainAreNxDomain) {
  expect_nxdomain("nobody.example._vouch.vouch.example", "vouch.example");
  expect_nxdomain("a.nobody.example._vouch.vouch.example", "vouch.example");
  expect_nxdomain("1.1.0.0.127.bl.example", "bl.example");
}

}  // namespace
}  // namespace vouchd::conformance
