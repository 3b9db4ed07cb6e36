// RFC 5936 (AXFR): a zone transfer runs over TCP only (§4.2). vouchd does not serve AXFR yet:
// NOTIMP on both transports. standards.md §7.3 P16 leaves the answer to AXFR over UDP open
// (REFUSED, NOTIMP or FORMERR); vouchd's choice is NOTIMP.
#include <gtest/gtest.h>

#include "conformance_server.h"

namespace vouchd::conformance {
namespace {

// P16, §4.2: AXFR over UDP is not served.
TEST(Rfc5936Sec4p2, AxfrOverUdpIsNotImp) {
  const Reply r = ask("bl.example", RRType::Axfr);
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 4);
  EXPECT_TRUE(r.msg().answers.empty());
  EXPECT_TRUE(r.flag(dnswire::flag::kQr));
  const Reply plain = ask("vouch.example", RRType::Axfr, {.edns = false});
  EXPECT_EQ(plain.rcode(), 4) << testing::describe(plain);
}

// §2.2: over TCP a server that does not transfer the zone says so (NOTIMP for now), and keeps the
// connection usable.
TEST(Rfc5936Sec2p2, AxfrOverTcpIsNotImpForNow) {
  testing::TcpConnection c{port()};
  c.send_query(dnswire::make_query(0x5936, dnswire::Name::from_text("bl.example.").value(),
                                   RRType::Axfr));
  const Reply r = testing::parse_reply(c.read_message());
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 4);
  EXPECT_TRUE(r.msg().answers.empty());
  c.send_query(testing::query("bl.example.", RRType::Soa, 0x5937));
  const Reply next = testing::parse_reply(c.read_message());
  EXPECT_EQ(next.header().id, 0x5937) << testing::describe(next);
  EXPECT_EQ(next.msg().answers.size(), 1u);
}

}  // namespace
}  // namespace vouchd::conformance
