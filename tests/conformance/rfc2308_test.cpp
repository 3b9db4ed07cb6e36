// RFC 2308 (negative caching): NXDOMAIN (§2.1) and NODATA (§2.2) answers carry the zone's SOA in
// the authority section (§3), whose TTL is min(SOA TTL, SOA MINIMUM) (§5). standards.md §5.2, §7.4.
#include <gtest/gtest.h>

#include "conformance_server.h"

namespace vouchd::conformance {
namespace {

using dnswire::flag::kAa;

// §3, §5: SOA TTL 3600, MINIMUM 300 -> 300.
TEST(Rfc2308Sec3, NxDomainCarriesSoaWithMinimumTtl) {
  for (const char* apex : {"vouch.example", "bl.example", "wl.example", "dbl.example",
                           "bl6.example", "static.example"}) {
    const Reply r = ask(std::string{"no-such-name."} + apex, RRType::A);
    EXPECT_EQ(r.rcode(), 3) << apex << testing::describe(r);
    EXPECT_TRUE(r.flag(kAa)) << apex;
    EXPECT_TRUE(r.msg().answers.empty()) << apex;
    EXPECT_SECTION(r, authority, {negative_soa(apex)}) << " for " << apex;
    EXPECT_TRUE(r.msg().additional.empty()) << apex;
  }
}

// §5: SOA TTL 120 below MINIMUM 300 -> 120 (standards.md §7.4).
TEST(Rfc2308Sec5, NegativeTtlIsSoaTtlWhenBelowMinimum) {
  const Reply nx = ask("nothing.neg120.example", RRType::A);
  EXPECT_EQ(nx.rcode(), 3) << testing::describe(nx);
  EXPECT_SECTION(nx, authority, {negative_soa("neg120.example", 120)});
  const Reply nodata = ask("www.neg120.example", RRType::Txt);
  EXPECT_EQ(nodata.rcode(), 0) << testing::describe(nodata);
  EXPECT_SECTION(nodata, authority, {negative_soa("neg120.example", 120)});
  // The SOA itself, asked for, keeps its own TTL.
  const Reply soa = ask("neg120.example", RRType::Soa);
  EXPECT_SECTION(soa, answers,
                 {"neg120.example. 120 IN SOA ns1.neg120.example. hostmaster.neg120.example. * "
                  "3600 600 604800 300"});
}

// §2.2, §3: NODATA (the name exists, the type does not) also carries the SOA.
TEST(Rfc2308Sec2p2, NoDataCarriesSoa) {
  const Reply r = ask("2.0.0.127.bl.example", RRType::Mx);
  EXPECT_EQ(r.rcode(), 0) << testing::describe(r);
  EXPECT_TRUE(r.flag(kAa));
  EXPECT_TRUE(r.msg().answers.empty());
  EXPECT_SECTION(r, authority, {negative_soa("bl.example")});
  const Reply apex = ask("vouch.example", RRType::Txt);
  EXPECT_EQ(apex.rcode(), 0) << testing::describe(apex);
  EXPECT_SECTION(apex, authority, {negative_soa("vouch.example")});
}

// §3: the same over TCP.
TEST(Rfc2308Sec3, NegativeAnswerOverTcpCarriesSoa) {
  const Reply r = ask("nobody.example._vouch.vouch.example", RRType::Txt, {.tcp = true});
  EXPECT_EQ(r.rcode(), 3) << testing::describe(r);
  EXPECT_SECTION(r, authority, {negative_soa("vouch.example")});
}

// §3: the SOA is there without EDNS too.
TEST(Rfc2308Sec3, NegativeAnswerWithoutEdnsCarriesSoa) {
  const Reply r = ask("nobody.dbl.example", RRType::A, {.edns = false});
  EXPECT_EQ(r.rcode(), 3) << testing::describe(r);
  EXPECT_FALSE(r.msg().edns.has_value());
  EXPECT_SECTION(r, authority, {negative_soa("dbl.example")});
}

}  // namespace
}  // namespace vouchd::conformance
