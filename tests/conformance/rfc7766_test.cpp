// RFC 7766 (DNS transport over TCP): TCP is mandatory (§5), messages carry a two-octet length
// (§8), queries may be pipelined (§6.2.1.1), a read cut across segments must not close the
// connection (§8), idle connections are closed after a timeout (§6.2.3). standards.md §5.4 and
// §7.3 P6, P14, P15. Also a few exchanges with kdig, a real client.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "conformance_server.h"

namespace vouchd::conformance {
namespace {

using testing::TcpConnection;

Bytes q(std::string_view name, RRType type, std::uint16_t id) {
  return testing::query(std::string{name} + ".", type, id);
}

// §5: every answer is also available over TCP, identical apart from size limits.
TEST(Rfc7766Sec5, TcpAnswersLikeUdp) {
  for (const char* name : {"sender.example._vouch.vouch.example", "2.0.0.127.bl.example",
                           "nobody.dbl.example", "example.org"}) {
    const RRType type = std::string_view{name}.find("_vouch") != std::string_view::npos
                            ? RRType::Txt
                            : RRType::A;
    const Reply udp = ask(name, type);
    const Reply tcp = ask(name, type, {.tcp = true});
    ASSERT_TRUE(tcp.ok()) << name << testing::describe(tcp);
    EXPECT_EQ(tcp.wire, udp.wire) << name;
  }
}

// P6, §5: what does not fit UDP comes whole over TCP.
TEST(Rfc7766Sec5, TruncatedUdpAnswerIsCompleteOverTcp) {
  const Reply udp = ask("big.static.example", RRType::Txt, {.edns = false});
  EXPECT_TRUE(udp.flag(dnswire::flag::kTc)) << testing::describe(udp);
  const Reply tcp = ask("big.static.example", RRType::Txt, {.tcp = true, .edns = false});
  ASSERT_TRUE(tcp.ok()) << testing::describe(tcp);
  EXPECT_FALSE(tcp.flag(dnswire::flag::kTc));
  EXPECT_EQ(tcp.msg().answers.size(), 8u);
}

// P14, §6.2.1.1: pipelined queries in one write are all answered; vouchd answers in order, each
// reply carrying its query's ID and question.
TEST(Rfc7766Sec6p2p1p1, PipelinedQueriesAreAnsweredInOrder) {
  TcpConnection c{port()};
  struct Item {
    const char* name;
    RRType type;
  };
  const std::vector<Item> items = {{"big.static.example", RRType::Txt},
                                   {"2.0.0.127.bl.example", RRType::A},
                                   {"nobody.example._vouch.vouch.example", RRType::Txt},
                                   {"example.org", RRType::A},
                                   {"sender.example._vouch.vouch.example", RRType::Txt}};
  Bytes all;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Bytes framed =
        TcpConnection::framed(q(items[i].name, items[i].type, static_cast<std::uint16_t>(100 + i)));
    all.insert(all.end(), framed.begin(), framed.end());
  }
  c.send_raw(all);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Reply r = testing::parse_reply(c.read_message());
    ASSERT_TRUE(r.ok()) << "reply " << i << testing::describe(r);
    EXPECT_EQ(r.header().id, 100 + i);
    ASSERT_EQ(r.msg().questions.size(), 1u);
    EXPECT_EQ(r.msg().questions[0].qname.to_text(), std::string{items[i].name} + ".");
  }
  EXPECT_EQ(testing::parse_reply(c.read_message(500)).wire.size(), 0u);  // nothing more
}

// §6.2.1.1: many pipelined queries (more than the server keeps pending) all come back.
TEST(Rfc7766Sec6p2p1p1, LongPipelineIsAnsweredCompletely) {
  TcpConnection c{port()};
  constexpr int kCount = 300;
  Bytes all;
  for (int i = 0; i < kCount; ++i) {
    const Bytes framed = TcpConnection::framed(
        q(i % 2 == 0 ? "2.0.0.127.bl.example" : "big.static.example",
          i % 2 == 0 ? RRType::A : RRType::Txt, static_cast<std::uint16_t>(i)));
    all.insert(all.end(), framed.begin(), framed.end());
  }
  c.send_raw(all);
  for (int i = 0; i < kCount; ++i) {
    const Reply r = testing::parse_reply(c.read_message());
    ASSERT_TRUE(r.ok()) << "reply " << i << testing::describe(r);
    ASSERT_EQ(r.header().id, i);
    EXPECT_EQ(r.msg().answers.size(), i % 2 == 0 ? 1u : 8u);
  }
}

// P15, §8: the length in one segment and the message in another; the query is answered and the
// connection stays open for the next one. Also a message split in the middle.
TEST(Rfc7766Sec8, QuerySplitAcrossSegmentsIsAnswered) {
  TcpConnection c{port()};
  const Bytes framed = TcpConnection::framed(q("2.0.0.127.bl.example", RRType::A, 0x7766));
  c.send_raw(Bytes(framed.begin(), framed.begin() + 2));
  // The server has only the length: it must neither answer nor close.
  EXPECT_FALSE(c.closed_by_peer(200));
  c.send_raw(Bytes(framed.begin() + 2, framed.end()));
  const Reply r = testing::parse_reply(c.read_message());
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.header().id, 0x7766);
  EXPECT_EQ(r.msg().answers.size(), 1u);

  const Bytes second = TcpConnection::framed(q("bl.example", RRType::Soa, 0x7767));
  c.send_raw(Bytes(second.begin(), second.begin() + 1));  // half the length
  EXPECT_FALSE(c.closed_by_peer(100));
  c.send_raw(Bytes(second.begin() + 1, second.begin() + 15));
  EXPECT_FALSE(c.closed_by_peer(100));
  c.send_raw(Bytes(second.begin() + 15, second.end()));
  const Reply r2 = testing::parse_reply(c.read_message());
  ASSERT_TRUE(r2.ok()) << testing::describe(r2);
  EXPECT_EQ(r2.header().id, 0x7767);
}

// §6.2.3: a connection idle for less than the timeout (default 10 s) stays open and usable.
TEST(Rfc7766Sec6p2p3, ConnectionIdleBelowTimeoutStaysOpen) {
  TcpConnection c{port()};
  c.send_query(q("bl.example", RRType::Soa, 1));
  ASSERT_EQ(testing::parse_reply(c.read_message()).header().id, 1);
  EXPECT_FALSE(c.closed_by_peer(1000));
  c.send_query(q("bl.example", RRType::Soa, 2));
  const Reply r = testing::parse_reply(c.read_message());
  EXPECT_EQ(r.header().id, 2) << testing::describe(r);
}

// A second server with a short idle timeout (--tcp-idle-timeout-ms 300), for §6.2.3.
class ShortIdleServer {
 public:
  static std::uint16_t port() {
    static ShortIdleServer s;
    return s.server_.dns_port();
  }

 private:
  ShortIdleServer() {
    server_.init();
    server_.start({"--tcp-idle-timeout-ms", "300"});
  }
  testing::VouchdServer server_;
};

// §6.2.3: an idle connection is closed by the server once the timeout passes; not before.
TEST(Rfc7766Sec6p2p3, IdleConnectionIsClosedAfterTimeout) {
  const std::uint16_t p = ShortIdleServer::port();
  TcpConnection c{p};
  const auto start = std::chrono::steady_clock::now();
  c.send_query(q("bl.example", RRType::Soa, 3));  // no zones there: REFUSED, still a reply
  const Reply r = testing::parse_reply(c.read_message());
  EXPECT_EQ(r.rcode(), 5) << testing::describe(r);
  EXPECT_TRUE(c.closed_by_peer(5000)) << "not closed within 5 s of a 300 ms idle timeout";
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(300));
}

// §6.2.3: a connection that never sends anything is closed too.
TEST(Rfc7766Sec6p2p3, SilentConnectionIsClosedAfterTimeout) {
  TcpConnection c{ShortIdleServer::port()};
  EXPECT_TRUE(c.closed_by_peer(5000));
}

// ---- kdig, a real client ----

std::optional<std::string> kdig(const std::string& args) {
  if (!testing::have_program("kdig")) return std::nullopt;
  const auto r = testing::run_program("kdig @127.0.0.1 -p " + std::to_string(port()) +
                                      " +time=3 +retry=0 " + args);
  return r.out;
}

#define KDIG_OR_SKIP(var, args)                                          \
  const std::optional<std::string> var = kdig(args);                     \
  if (!var) GTEST_SKIP() << "kdig not installed (package knot-dnsutils)"

// §5: kdig over TCP gets the vouch.
TEST(Rfc7766Sec6, KdigOverTcpGetsTheVouch) {
  KDIG_OR_SKIP(out, "+tcp sender.example._vouch.vouch.example TXT");
  EXPECT_NE(out->find("status: NOERROR"), std::string::npos) << *out;
  EXPECT_NE(out->find("qr aa"), std::string::npos) << *out;
  EXPECT_NE(out->find("\"transaction list\""), std::string::npos) << *out;
  EXPECT_NE(out->find("(TCP)"), std::string::npos) << *out;
}

// kdig over TCP, with EDNS: the NXDOMAIN with its SOA and our OPT.
TEST(Rfc7766Sec6, KdigOverTcpGetsNxDomainWithSoa) {
  KDIG_OR_SKIP(out, "+tcp +edns nobody.example._vouch.vouch.example TXT");
  EXPECT_NE(out->find("status: NXDOMAIN"), std::string::npos) << *out;
  EXPECT_NE(out->find("SOA"), std::string::npos) << *out;
  EXPECT_NE(out->find("ns1.vouch.example."), std::string::npos) << *out;
  EXPECT_NE(out->find("UDP size: 1232"), std::string::npos) << *out;
}

// §5: kdig over UDP meets TC=1 and retries over TCP by itself, getting all 8 records.
TEST(Rfc7766Sec5, KdigRetriesTruncatedAnswerOverTcp) {
  KDIG_OR_SKIP(out, "big.static.example TXT");
  EXPECT_NE(out->find("ANSWER: 8"), std::string::npos) << *out;
  EXPECT_NE(out->find("(TCP)"), std::string::npos) << *out;
}

// kdig +short over UDP, the RFC 5782 test point.
TEST(Rfc7766Sec6, KdigOverUdpGetsTheTestPoint) {
  KDIG_OR_SKIP(out, "+notcp +short 2.0.0.127.bl.example A");
  EXPECT_EQ(*out, "127.0.0.2\n");
}

}  // namespace
}  // namespace vouchd::conformance
