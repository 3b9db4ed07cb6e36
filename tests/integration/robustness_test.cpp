// A live vouchd under hostile or heavy input: every message of the fuzz corpus and a set of
// malformed packets over UDP and TCP, many TCP connections at once, and a clean exit on SIGTERM.
// After each bad packet the server must still answer a normal query (no crash, no hang).
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <memory>
#include <random>

#include "integration_support.h"

namespace vouchd::integration {
namespace {

using dnswire::RRType;
using testing::Bytes;
using testing::Reply;
using testing::TcpConnection;

constexpr char kZone[] = R"($ORIGIN bl.example.
$TTL 900
@ 3600 IN SOA ns1.bl.example. hostmaster.bl.example. 1 3600 600 604800 300
@ IN NS ns1.bl.example.
*.2.0.192 IN A 127.0.0.2
          IN TXT "192.0.2.0/24 sends spam"
)";

constexpr char kSentinelName[] = "99.2.0.192.bl.example.";

// Every file of the corpora of tests/fuzz/ that hold DNS messages.
std::vector<std::pair<std::string, Bytes>> corpus() {
  std::vector<std::pair<std::string, Bytes>> out;
  for (const char* dir : {VOUCHD_FUZZ_MESSAGE_CORPUS, VOUCHD_FUZZ_QUERY_CORPUS}) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
      if (!e.is_regular_file()) continue;
      const std::string text = read_file(e.path().string());
      out.push_back({e.path().string(), Bytes(text.begin(), text.end())});
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Bytes valid_query() {
  return testing::raw_query(0x0101, 0, "sender.example._vouch.bl.example", 16, 1,
                            {testing::RawOpt{.options = {{10, Bytes(8, 0xAB)}}}});
}

// Hand-made malformed packets.
std::vector<std::pair<std::string, Bytes>> malformed() {
  using testing::hex_bytes;
  std::vector<std::pair<std::string, Bytes>> out = {
      {"empty", {}},
      {"one byte", {0x12}},
      {"truncated header", hex_bytes("1234 0000 0001")},
      {"header only, qdcount 1", hex_bytes("1234 0000 0001 0000 0000 0000")},
      {"header claims 65535 of everything", hex_bytes("1234 0000 ffff ffff ffff ffff")},
      {"label of 64", {}},
      {"label type 01", hex_bytes("1234 0000 0001 0000 0000 0000 41 61 00 0001 0001")},
      {"label type 10", hex_bytes("1234 0000 0001 0000 0000 0000 81 61 00 0001 0001")},
      {"name longer than 255", {}},
      {"pointer to itself", hex_bytes("1234 0000 0001 0000 0000 0000 c00c 0001 0001")},
      {"pointer loop of two", hex_bytes("1234 0000 0001 0000 0000 0000 01 61 c00c 0001 0001")},
      {"pointer past the end", hex_bytes("1234 0000 0001 0000 0000 0000 c0ff 0001 0001")},
      {"pointer loop in additional",
       hex_bytes("1234 0000 0001 0000 0000 0001 02 626c 07 6578616d706c65 00 0001 0001"
                 "c01d 0029 04d0 00000000 0000")},
      {"pointer into header in answer",
       hex_bytes("1234 0000 0001 0001 0000 0000 02 626c 07 6578616d706c65 00 0001 0001"
                 "c002 0001 0001 00000000 0004 7f000002")},
      {"rdlength past the end",
       hex_bytes("1234 0000 0001 0000 0000 0001 02 626c 07 6578616d706c65 00 0001 0001"
                 "00 0029 04d0 00000000 ffff 0001")},
      {"option past rdata",
       hex_bytes("1234 0000 0001 0000 0000 0001 02 626c 07 6578616d706c65 00 0001 0001"
                 "00 0029 04d0 00000000 0004 000a 0040")},
      {"qr set with garbage", hex_bytes("1234 8000 ffff ffff ffff ffff ff ff ff")},
      {"trailing bytes",
       hex_bytes("1234 0000 0001 0000 0000 0000 02 626c 07 6578616d706c65 00 0001 0001 deadbeef")},
      {"all ones", Bytes(512, 0xFF)},
      {"all zeros", Bytes(512, 0x00)},
      {"all pointers", Bytes(600, 0xC0)},
  };
  Bytes long_label = testing::header_bytes(0x1234, 0, 1, 0, 0, 0);
  long_label.push_back(64);
  long_label.insert(long_label.end(), 64, 'a');
  long_label.insert(long_label.end(), {0, 0, 1, 0, 1});
  out[5].second = long_label;
  Bytes long_name = testing::header_bytes(0x1234, 0, 1, 0, 0, 0);
  for (int i = 0; i < 5; ++i) {
    long_name.push_back(63);
    long_name.insert(long_name.end(), 63, 'x');
  }
  long_name.insert(long_name.end(), {0, 0, 1, 0, 1});
  out[8].second = long_name;
  // Every prefix of a valid query with EDNS and a cookie, and every byte of it replaced.
  const Bytes q = valid_query();
  for (std::size_t n = 0; n < q.size(); ++n) {
    out.push_back(
        {"prefix " + std::to_string(n), Bytes(q.begin(), q.begin() + static_cast<long>(n))});
  }
  for (std::size_t i = 0; i < q.size(); ++i) {
    for (const int v : {0x00, 0x3F, 0x40, 0x7F, 0xC0, 0xFF}) {
      Bytes m = q;
      m[i] = static_cast<std::uint8_t>(v);
      out.push_back({"byte " + std::to_string(i) + "=" + std::to_string(v), m});
    }
  }
  // Random garbage, reproducible.
  std::mt19937 rng{5782};
  for (int i = 0; i < 200; ++i) {
    Bytes g(rng() % 700);
    for (auto& b : g)
      b = static_cast<std::uint8_t>(rng());
    out.push_back({"random " + std::to_string(i), g});
  }
  return out;
}

// A reply to whatever we sent: if it is not the sentinel's, it must at least be a DNS response.
void check_stray_reply(const Bytes& wire, const std::string& what) {
  ASSERT_GE(wire.size(), 12u) << what;
  EXPECT_NE(wire[2] & 0x80, 0) << what << ": a reply without QR";
}

bool is_sentinel(const Bytes& wire, std::uint16_t id) {
  const Reply r = testing::parse_reply(wire);
  return r.ok() && r.header().id == id && r.msg().questions.size() == 1 &&
         r.msg().questions[0].qname.to_text() == kSentinelName;
}

class LiveServer : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.init();
    ASSERT_EQ(import_files(server_.db(), "dnsbl-ip4", {write_file(server_.dir(), "bl.zone", kZone)})
                  .exit_code,
              0);
    server_.start();
  }

  // Sends each packet over UDP followed by a sentinel query on the same socket; the sentinel's
  // answer must come (the server reads one socket's datagrams in order, so it shows the packet
  // was handled or dropped, without waiting for a timeout).
  void survive_udp(const std::vector<std::pair<std::string, Bytes>>& packets) {
    testing::UdpSocket s{server_.dns_port()};
    std::uint16_t id = 0xE000;
    for (const auto& [what, packet] : packets) {
      ++id;
      s.send(packet);
      s.send(testing::query(kSentinelName, RRType::A, id));
      for (;;) {
        const Bytes wire = s.receive(3000);
        ASSERT_FALSE(wire.empty()) << "no answer after " << what << "\n" << server_.stderr_text();
        if (is_sentinel(wire, id)) break;
        check_stray_reply(wire, what);
      }
    }
  }

  // Sends each packet framed on a TCP connection, then a sentinel; reads until the sentinel's
  // answer. The server may close the connection after garbage; then a new one must work.
  void survive_tcp(const std::vector<std::pair<std::string, Bytes>>& packets) {
    auto c = std::make_unique<TcpConnection>(server_.dns_port());
    std::uint16_t id = 0xD000;
    for (const auto& [what, packet] : packets) {
      ++id;
      if (packet.empty()) continue;  // a zero length frame means "close"; tested on its own
      c->send_raw(TcpConnection::framed(packet));
      c->send_query(testing::query(kSentinelName, RRType::A, id));
      bool answered = false;
      for (;;) {
        const Bytes wire = c->read_message(3000);
        if (wire.empty()) break;  // closed (or silent): checked below on a new connection
        if (is_sentinel(wire, id)) {
          answered = true;
          break;
        }
        check_stray_reply(wire, what);
      }
      if (!answered) {
        c = std::make_unique<TcpConnection>(server_.dns_port());
        c->send_query(testing::query(kSentinelName, RRType::A, id));
        ASSERT_TRUE(is_sentinel(c->read_message(3000), id)) << "no answer after " << what << "\n"
                                                            << server_.stderr_text();
      }
    }
  }

  void expect_alive() {
    const Reply r = testing::parse_reply(
        testing::udp_exchange(server_.dns_port(), testing::query(kSentinelName, RRType::A, 7)));
    ASSERT_TRUE(r.ok()) << server_.stderr_text();
    EXPECT_EQ(r.msg().answers.size(), 1u);
  }

  testing::VouchdServer server_;
};

TEST_F(LiveServer, SurvivesFuzzCorpusOverUdp) {
  const auto packets = corpus();
  ASSERT_GE(packets.size(), 10u) << "fuzz corpus not found at " << VOUCHD_FUZZ_MESSAGE_CORPUS;
  survive_udp(packets);
  expect_alive();
}

TEST_F(LiveServer, SurvivesFuzzCorpusOverTcp) {
  survive_tcp(corpus());
  expect_alive();
}

TEST_F(LiveServer, SurvivesMalformedPacketsOverUdp) {
  survive_udp(malformed());
  expect_alive();
}

TEST_F(LiveServer, SurvivesMalformedPacketsOverTcp) {
  survive_tcp(malformed());
  expect_alive();
}

// Malformed TCP framing: a zero length, a length longer than what follows before the client
// closes, a 64 KiB message of garbage, a connection closed half way through the length.
TEST_F(LiveServer, SurvivesBadTcpFraming) {
  {
    TcpConnection c{server_.dns_port()};
    c.send_raw({0, 0});
    EXPECT_TRUE(c.closed_by_peer(3000)) << "a zero-length message should end the connection";
  }
  {
    TcpConnection c{server_.dns_port()};
    c.send_raw({0x02, 0x00, 0x12, 0x34, 0x00});  // says 512, sends 3, then the client goes away
  }
  {
    TcpConnection c{server_.dns_port()};
    c.send_raw({0x01});
  }
  {
    TcpConnection c{server_.dns_port()};
    Bytes big(65535, 0xC0);
    c.send_raw(TcpConnection::framed(big));
    c.send_query(testing::query(kSentinelName, RRType::A, 0x6464));
    for (;;) {
      const Bytes wire = c.read_message(3000);
      if (wire.empty() || is_sentinel(wire, 0x6464)) break;
      check_stray_reply(wire, "64 KiB garbage");
    }
  }
  expect_alive();
  TcpConnection c{server_.dns_port()};
  c.send_query(testing::query(kSentinelName, RRType::A, 0x6565));
  EXPECT_TRUE(is_sentinel(c.read_message(3000), 0x6565));
}

// RFC 7766 §6.2.2: many clients at once. 200 connections open together, one query each (sent on
// all before any reply is read), all answered.
TEST_F(LiveServer, AnswersManyTcpConnectionsAtOnce) {
  constexpr int kConnections = 200;
  std::vector<std::unique_ptr<TcpConnection>> conns;
  for (int i = 0; i < kConnections; ++i) {
    conns.push_back(std::make_unique<TcpConnection>(server_.dns_port()));
  }
  for (int i = 0; i < kConnections; ++i) {
    conns[static_cast<std::size_t>(i)]->send_query(
        testing::query(kSentinelName, RRType::A, static_cast<std::uint16_t>(i)));
  }
  int answered = 0;
  for (int i = 0; i < kConnections; ++i) {
    const Reply r = testing::parse_reply(conns[static_cast<std::size_t>(i)]->read_message(5000));
    if (r.ok() && r.header().id == i && r.msg().answers.size() == 1) ++answered;
  }
  EXPECT_EQ(answered, kConnections) << server_.stderr_text();
  // A second round on the same connections: they all stayed open.
  for (int i = 0; i < kConnections; ++i) {
    conns[static_cast<std::size_t>(i)]->send_query(
        testing::query(kSentinelName, RRType::A, static_cast<std::uint16_t>(1000 + i)));
  }
  answered = 0;
  for (int i = 0; i < kConnections; ++i) {
    const Reply r = testing::parse_reply(conns[static_cast<std::size_t>(i)]->read_message(5000));
    if (r.ok() && r.header().id == 1000 + i) ++answered;
  }
  EXPECT_EQ(answered, kConnections);
}

// --max-tcp-connections: connections beyond the limit are closed at once; the ones within it keep
// working, and a slot freed by a client is usable again (RFC 7766 §6.2.2: cap connections).
TEST(TcpConnectionLimit, ConnectionsBeyondTheLimitAreClosed) {
  testing::VouchdServer server;
  server.init();
  ASSERT_EQ(import_files(server.db(), "dnsbl-ip4", {write_file(server.dir(), "bl.zone", kZone)})
                .exit_code,
            0);
  server.start({"--max-tcp-connections", "2"});
  auto first = std::make_unique<TcpConnection>(server.dns_port());
  TcpConnection second{server.dns_port()};
  // Both are accepted and answered (so the server has counted them).
  for (TcpConnection* c : {first.get(), &second}) {
    c->send_query(testing::query(kSentinelName, RRType::A, 0x0202));
    EXPECT_TRUE(is_sentinel(c->read_message(3000), 0x0202));
  }
  {
    TcpConnection third{server.dns_port()};
    EXPECT_TRUE(third.closed_by_peer(3000)) << "a third connection over a limit of 2";
  }
  first.reset();
  // Once the server has noticed the close, a new connection fits again.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  bool served = false;
  while (!served && std::chrono::steady_clock::now() < until) {
    TcpConnection again{server.dns_port()};
    again.send_raw(TcpConnection::framed(testing::query(kSentinelName, RRType::A, 0x0303)));
    served = is_sentinel(again.read_message(3000), 0x0303);
  }
  EXPECT_TRUE(served) << server.stderr_text();
  second.send_query(testing::query(kSentinelName, RRType::A, 0x0404));
  EXPECT_TRUE(is_sentinel(second.read_message(3000), 0x0404));
}

// Many UDP clients, each with its own socket, all answered.
TEST_F(LiveServer, AnswersManyUdpClients) {
  std::vector<std::unique_ptr<testing::UdpSocket>> socks;
  for (int i = 0; i < 100; ++i) {
    socks.push_back(std::make_unique<testing::UdpSocket>(server_.dns_port()));
    socks.back()->send(testing::query(kSentinelName, RRType::A, static_cast<std::uint16_t>(i)));
  }
  int answered = 0;
  for (int i = 0; i < 100; ++i) {
    if (is_sentinel(socks[static_cast<std::size_t>(i)]->receive(3000),
                    static_cast<std::uint16_t>(i))) {
      ++answered;
    }
  }
  EXPECT_EQ(answered, 100);
}

// RFC 7766 §6.2.3 with the default --tcp-idle-timeout-ms (10000): an idle connection stays open
// for ten seconds after its last query, then the server closes it. (The conformance tests check
// the option itself with a short timeout; this one checks the default.)
TEST_F(LiveServer, ClosesIdleTcpConnectionAfterDefaultTenSeconds) {
  TcpConnection c{server_.dns_port()};
  c.send_query(testing::query(kSentinelName, RRType::A, 0x1010));
  ASSERT_TRUE(is_sentinel(c.read_message(3000), 0x1010));
  const auto answered = std::chrono::steady_clock::now();
  EXPECT_FALSE(c.closed_by_peer(9000)) << "closed before the 10 s default";
  EXPECT_TRUE(c.closed_by_peer(5000)) << "still open 14 s after the last query";
  EXPECT_GE(std::chrono::steady_clock::now() - answered, std::chrono::milliseconds(9900));
}

// `vouchd serve` exits 0 on SIGTERM, with connections open and after answering.
TEST_F(LiveServer, ExitsZeroOnSigterm) {
  expect_alive();
  TcpConnection idle{server_.dns_port()};
  TcpConnection half{server_.dns_port()};
  half.send_raw({0x00});
  const int status = server_.stop();
  ASSERT_TRUE(WIFEXITED(status)) << "status " << status << " (killed?)\n" << server_.stderr_text();
  EXPECT_EQ(WEXITSTATUS(status), 0) << server_.stderr_text();
  EXPECT_TRUE(idle.closed_by_peer(3000));
}

// And on SIGINT (Ctrl-C in `make run`). The exit is observed without reaping the child (WNOWAIT),
// so the fixture still owns the process id until it stops it.
TEST_F(LiveServer, ExitsZeroOnSigint) {
  expect_alive();
  ASSERT_EQ(kill(server_.pid(), SIGINT), 0);
  siginfo_t info{};
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (;;) {
    info.si_pid = 0;
    ASSERT_EQ(waitid(P_PID, static_cast<id_t>(server_.pid()), &info, WEXITED | WNOHANG | WNOWAIT),
              0);
    if (info.si_pid == server_.pid()) break;
    ASSERT_LT(std::chrono::steady_clock::now(), until) << "still running 5 s after SIGINT";
    poll(nullptr, 0, 10);  // waiting for a child to exit: nothing to poll on but time
  }
  EXPECT_EQ(info.si_code, CLD_EXITED) << server_.stderr_text();
  EXPECT_EQ(info.si_status, 0) << server_.stderr_text();
}

}  // namespace
}  // namespace vouchd::integration
