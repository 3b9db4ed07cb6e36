// RFC 8482 (minimal-sized responses to QTYPE=ANY): a responder may return one RRset, or a
// synthesised HINFO "RFC8482" "" (§4.1, §4.2). standards.md §5.5 and §7.3 P11.
#include <gtest/gtest.h>

#include <set>

#include "conformance_server.h"

namespace vouchd::conformance {
namespace {

// The answer holds one RRset (one owner, one type), or the §4.2 HINFO.
void expect_one_rrset(const Reply& r, RRType expected_if_not_hinfo) {
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 0);
  ASSERT_FALSE(r.msg().answers.empty()) << testing::describe(r);
  std::set<std::uint16_t> types;
  for (const dnswire::Record& rr : r.msg().answers) {
    types.insert(static_cast<std::uint16_t>(rr.type));
    EXPECT_EQ(rr.owner, r.msg().answers.front().owner);
  }
  ASSERT_EQ(types.size(), 1u) << "ANY must return one RRset" << testing::describe(r);
  const RRType type = r.msg().answers.front().type;
  if (type == RRType::Hinfo) {
    EXPECT_EQ(dnswire::rdata_to_text(RRType::Hinfo, r.msg().answers.front().rdata),
              R"("RFC8482" "")");
  } else {
    EXPECT_EQ(type, expected_if_not_hinfo) << testing::describe(r);
  }
}

// P11, §4.2: the test point has A and TXT; ANY gets one of them.
TEST(Rfc8482Sec4p2, AnyAtTestPointReturnsOneRRset) {
  const Reply r = ask("2.0.0.127.bl.example", RRType::Any);
  ASSERT_FALSE(r.msg().answers.empty()) << testing::describe(r);
  const RRType got = r.msg().answers.front().type;
  EXPECT_TRUE(got == RRType::A || got == RRType::Txt || got == RRType::Hinfo)
      << testing::describe(r);
  expect_one_rrset(r, got);
}

// §4.2 at a listed domain with A and TXT, and at the apex (SOA, NS).
TEST(Rfc8482Sec4p2, AnyReturnsOneRRsetEverywhere) {
  for (const char* name : {"sender.example.dbl.example", "bl.example", "vouch.example",
                           "99.2.0.192.bl.example"}) {
    const Reply r = ask(name, RRType::Any);
    ASSERT_FALSE(r.msg().answers.empty()) << name << testing::describe(r);
    expect_one_rrset(r, r.msg().answers.front().type);
  }
}

// §4.2 over TCP as well (the RFC allows a full answer over TCP; one RRset is what vouchd gives).
TEST(Rfc8482Sec4p2, AnyOverTcpReturnsOneRRset) {
  const Reply r = ask("sender.example.dbl.example", RRType::Any, {.tcp = true});
  ASSERT_FALSE(r.msg().answers.empty()) << testing::describe(r);
  expect_one_rrset(r, r.msg().answers.front().type);
}

// ANY at a name with a single RRset returns it; at a missing name NXDOMAIN with the SOA; at an
// empty non-terminal NODATA.
TEST(Rfc8482Sec4p2, AnyAtVouchAndMissingNames) {
  const Reply vouch = ask("sender.example._vouch.vouch.example", RRType::Any);
  EXPECT_SECTION(vouch, answers,
                 {R"(sender.example._vouch.vouch.example. 3600 IN TXT "transaction list")"});
  const Reply missing = ask("nobody.example._vouch.vouch.example", RRType::Any);
  EXPECT_EQ(missing.rcode(), 3);
  EXPECT_SECTION(missing, authority, {negative_soa("vouch.example")});
  const Reply ent = ask("_vouch.vouch.example", RRType::Any);
  EXPECT_EQ(ent.rcode(), 0);
  EXPECT_TRUE(ent.msg().answers.empty());
  EXPECT_SECTION(ent, authority, {negative_soa("vouch.example")});
}

}  // namespace
}  // namespace vouchd::conformance
