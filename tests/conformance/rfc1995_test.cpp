// RFC 1995 (IXFR): vouchd does not serve IXFR on this path yet; an IXFR query is NOTIMP on both
// transports (standards.md §5.6; meta QTYPEs 128–254 are NOTIMP for now).
#include <gtest/gtest.h>

#include "conformance_server.h"

namespace vouchd::conformance {
namespace {

// §3 query: QTYPE IXFR with the client's SOA in the authority section.
Bytes ixfr_query(std::uint16_t id) {
  Bytes q = testing::header_bytes(id, 0, 1, 0, 1, 0);
  testing::put_name(q, "bl.example.");
  testing::put16(q, static_cast<std::uint16_t>(RRType::Ixfr));
  testing::put16(q, 1);
  // bl.example. 3600 IN SOA ns1.bl.example. hostmaster.bl.example. 1 3600 600 604800 300
  testing::put_name(q, "bl.example.");
  testing::put16(q, 6);
  testing::put16(q, 1);
  testing::put32(q, 3600);
  Bytes rdata;
  testing::put_name(rdata, "ns1.bl.example.");
  testing::put_name(rdata, "hostmaster.bl.example.");
  for (const std::uint32_t v : {1u, 3600u, 600u, 604800u, 300u}) testing::put32(rdata, v);
  testing::put16(q, static_cast<std::uint16_t>(rdata.size()));
  q.insert(q.end(), rdata.begin(), rdata.end());
  return q;
}

TEST(Rfc1995Sec2, IxfrIsNotImpForNow) {
  for (const bool tcp : {false, true}) {
    const Reply r = ask_raw(ixfr_query(0x1995), tcp);
    ASSERT_TRUE(r.ok()) << (tcp ? "tcp" : "udp") << testing::describe(r);
    EXPECT_EQ(r.rcode(), 4) << (tcp ? "tcp" : "udp");
    EXPECT_EQ(r.header().id, 0x1995);
    EXPECT_TRUE(r.msg().answers.empty());
  }
}

}  // namespace
}  // namespace vouchd::conformance
