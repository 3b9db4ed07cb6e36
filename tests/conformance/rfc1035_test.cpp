// RFC 1035 (domain names, implementation and specification): the header (§4.1.1), the question
// (§4.1.2), names and their limits (§2.3.4, §3.1), compression (§4.1.4), UDP size (§4.2.1).
// standards.md §5.1 and §7.3 P12, P13, P21, P22.
#include <gtest/gtest.h>

#include "conformance_server.h"

namespace vouchd::conformance {
namespace {

using dnswire::flag::kAa;
using dnswire::flag::kAd;
using dnswire::flag::kCd;
using dnswire::flag::kQr;
using dnswire::flag::kRa;
using dnswire::flag::kRd;
using dnswire::flag::kTc;
using testing::Bytes;
using testing::header_bytes;
using testing::put16;
using testing::put_name;
using testing::RawOpt;
using testing::raw_query;

constexpr char kTestPoint[] = "2.0.0.127.bl.example";

// §4.1.1: ID copied, QR set, opcode copied, QDCOUNT 1 with the question echoed.
TEST(Rfc1035Sec4p1p1, ResponseCopiesIdAndQuestion) {
  for (const std::uint16_t id : {std::uint16_t{0}, std::uint16_t{0xBEEF}, std::uint16_t{0xFFFF}}) {
    const Reply r = ask(kTestPoint, RRType::A, {.id = id});
    ASSERT_TRUE(r.ok()) << testing::describe(r);
    EXPECT_EQ(r.header().id, id);
    EXPECT_TRUE(r.flag(kQr));
    EXPECT_EQ(r.header().opcode(), dnswire::Opcode::Query);
    ASSERT_EQ(r.msg().questions.size(), 1u);
    EXPECT_EQ(r.msg().questions[0].qname.to_text(), "2.0.0.127.bl.example.");
    EXPECT_EQ(r.msg().questions[0].qtype, RRType::A);
    EXPECT_EQ(r.msg().questions[0].qclass, 1);
  }
}

// P12, §4.1.1: RD is copied; we are not recursive, so RA stays 0; the answer is authoritative.
TEST(Rfc1035Sec4p1p1, RdIsCopiedAndRaNeverSet) {
  const Reply rd = ask(kTestPoint, RRType::A, {.flags = kRd});
  ASSERT_TRUE(rd.ok()) << testing::describe(rd);
  EXPECT_TRUE(rd.flag(kRd));
  EXPECT_FALSE(rd.flag(kRa));
  EXPECT_TRUE(rd.flag(kAa));
  EXPECT_EQ(rd.msg().answers.size(), 1u);
  const Reply no_rd = ask(kTestPoint, RRType::A);
  EXPECT_FALSE(no_rd.flag(kRd));
  EXPECT_FALSE(no_rd.flag(kRa));
  // Not even on an out-of-zone or an error answer.
  const Reply refused = ask("example.org", RRType::A, {.flags = kRd});
  EXPECT_TRUE(refused.flag(kRd));
  EXPECT_FALSE(refused.flag(kRa));
}

// P13: AD and the reserved Z bit in a query are not copied, and the query is still answered.
TEST(Rfc1035Sec4p1p1, AdAndZBitsAreNotCopied) {
  constexpr std::uint16_t kZ = 0x0040;
  const Reply r = ask(kTestPoint, RRType::A, {.flags = kAd | kZ});
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 0);
  EXPECT_EQ(r.msg().answers.size(), 1u);
  EXPECT_FALSE(r.flag(kAd));
  EXPECT_FALSE(r.flag(kZ));
  // RFC 6840 §5.9: CD is copied.
  const Reply cd = ask(kTestPoint, RRType::A, {.flags = kCd});
  EXPECT_TRUE(cd.flag(kCd));
}

// §4.1.1: a served name is answered with AA, TC clear, NOERROR.
TEST(Rfc1035Sec4p1p1, InZoneAnswersAreAuthoritative) {
  for (const char* name : {"2.0.0.127.bl.example", "sender.example._vouch.vouch.example",
                           "test.dbl.example", "multi.static.example"}) {
    const RRType type = std::string_view{name}.find("_vouch") != std::string_view::npos
                            ? RRType::Txt
                            : RRType::A;
    const Reply r = ask(name, type);
    EXPECT_TRUE(r.flag(kAa)) << name;
    EXPECT_FALSE(r.flag(kTc)) << name;
    EXPECT_EQ(r.rcode(), 0) << name;
    EXPECT_FALSE(r.msg().answers.empty()) << name;
  }
}

// P21 (standards.md §5.1): a name outside every served zone is REFUSED, without AA and without
// records; the question is echoed.
TEST(Rfc1035Sec4p1p1, NameOutsideOurZonesIsRefused) {
  for (const char* name : {"example.org", "example", ".", "other.example", "xbl.example",
                           "vouch.example.org"}) {
    const Reply r = ask(name, RRType::A);
    ASSERT_TRUE(r.ok()) << name << testing::describe(r);
    EXPECT_EQ(r.rcode(), 5) << name;
    EXPECT_FALSE(r.flag(kAa)) << name;
    EXPECT_TRUE(r.msg().answers.empty()) << name;
    EXPECT_TRUE(r.msg().authority.empty()) << name;
    ASSERT_EQ(r.msg().questions.size(), 1u) << name;
  }
}

// §3.2.4: class CH (version.bind and friends) is not served: REFUSED, without AA.
TEST(Rfc1035Sec3p2p4, ChaosClassIsRefused) {
  const Reply r = ask("version.bind", RRType::Txt, {.qclass = 3});
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 5);
  EXPECT_FALSE(r.flag(kAa));
  EXPECT_TRUE(r.msg().answers.empty());
  // Also for names in our zones.
  const Reply in_zone = ask(kTestPoint, RRType::A, {.qclass = 3});
  EXPECT_EQ(in_zone.rcode(), 5);
  EXPECT_FALSE(in_zone.flag(kAa));
}

// §4.1.1: unknown opcodes (here 3, unassigned) are NOTIMP.
TEST(Rfc1035Sec4p1p1, UnknownOpcodeIsNotImp) {
  const Reply r = ask_raw(raw_query(0x0303, 3 << 11, kTestPoint, 1));
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 4);
  EXPECT_EQ(static_cast<int>(r.header().opcode()), 3);
  EXPECT_TRUE(r.flag(kQr));
}

// §4.1.1: QDCOUNT other than 1 is a format error.
TEST(Rfc1035Sec4p1p1, QuestionCountOtherThanOneIsFormErr) {
  const Reply none = ask_raw(header_bytes(0x0A0A, 0, 0, 0, 0, 0));
  ASSERT_TRUE(none.ok()) << testing::describe(none);
  EXPECT_EQ(none.rcode(), 1);
  EXPECT_EQ(none.header().id, 0x0A0A);

  Bytes two = header_bytes(0x0B0B, 0, 2, 0, 0, 0);
  for (int i = 0; i < 2; ++i) {
    put_name(two, kTestPoint);
    put16(two, 1);
    put16(two, 1);
  }
  const Reply r = ask_raw(two);
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 1);
}

// §4.1.2: a question cut short is a format error.
TEST(Rfc1035Sec4p1p2, TruncatedQuestionIsFormErr) {
  Bytes q = raw_query(0x0C0C, 0, kTestPoint, 1);
  q.resize(q.size() - 3);  // QTYPE and part of QCLASS missing
  const Reply r = ask_raw(q);
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 1);
  EXPECT_EQ(r.header().id, 0x0C0C);
}

// §2.3.4: labels of at most 63 octets; a 64-octet label (type bits 01) is malformed.
TEST(Rfc1035Sec2p3p4, LabelLongerThan63IsFormErr) {
  const Reply r = ask_raw(raw_query(0x0D0D, 0, std::string(64, 'a') + ".bl.example", 1));
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 1);
  // 63 is fine: an NXDOMAIN in bl.example.
  const Reply ok = ask_raw(raw_query(0x0D0E, 0, std::string(63, 'a') + ".bl.example", 1));
  EXPECT_EQ(ok.rcode(), 3) << testing::describe(ok);
}

// §2.3.4: names of at most 255 octets.
TEST(Rfc1035Sec2p3p4, NameLongerThan255IsFormErr) {
  // 4 labels of 60 + "bl.example" = 4 * 61 + 12 = 256 octets.
  std::string name;
  for (int i = 0; i < 4; ++i) name += std::string(60, 'x') + ".";
  const Reply r = ask_raw(raw_query(0x0E0E, 0, name + "bl.example", 1));
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 1);
  // 255 octets exactly: answered (NXDOMAIN).
  std::string fits;
  for (int i = 0; i < 3; ++i) fits += std::string(60, 'x') + ".";
  fits += std::string(59, 'x') + ".";
  const Reply ok = ask_raw(raw_query(0x0E0F, 0, fits + "bl.example", 1));
  EXPECT_EQ(ok.rcode(), 3) << testing::describe(ok);
}

// P22, §4.1.4: compression pointers in the question (a loop, a pointer to itself, a pointer
// forward) are FORMERR, never a hang; the server answers the next query.
TEST(Rfc1035Sec4p1p4, CompressionPointerInQuestionIsFormErr) {
  const std::vector<Bytes> questions = {
      testing::hex_bytes("c00c 0001 0001"),                 // points at itself
      testing::hex_bytes("01 61 c00c 0001 0001"),           // loops back to the label
      testing::hex_bytes("01 61 c014 0001 0001 0000"),      // points forward
      testing::hex_bytes("02 626c 07 6578616d706c65 c00c 0001 0001"),
  };
  for (const Bytes& question : questions) {
    Bytes q = header_bytes(0x0F0F, 0, 1, 0, 0, 0);
    q.insert(q.end(), question.begin(), question.end());
    for (const bool tcp : {false, true}) {
      const Reply r = ask_raw(q, tcp);
      ASSERT_TRUE(r.ok()) << testing::describe(r);
      EXPECT_EQ(r.rcode(), 1) << testing::hex_text(q);
      EXPECT_EQ(r.header().id, 0x0F0F);
    }
  }
  EXPECT_EQ(ask(kTestPoint, RRType::A).msg().answers.size(), 1u);
}

// §4.1.1: responses (QR=1) are never answered. Shown without waiting: the reply to a query sent
// after it on the same socket is the first thing that comes back.
TEST(Rfc1035Sec4p1p1, ResponsesAreDroppedSilently) {
  testing::UdpSocket s{port()};
  s.send(raw_query(0x1111, kQr, kTestPoint, 1));
  s.send(raw_query(0x1111, kQr | kAa, "nobody.bl.example", 1));
  s.send(raw_query(0x2222, 0, kTestPoint, 1));
  const Reply r = testing::parse_reply(s.receive());
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.header().id, 0x2222);
}

// §4.1.1: a packet shorter than the 12-octet header is dropped silently.
TEST(Rfc1035Sec4p1p1, PacketsShorterThanHeaderAreDropped) {
  testing::UdpSocket s{port()};
  s.send(Bytes{});
  s.send(Bytes{0x33});
  s.send(testing::hex_bytes("3333 0000 0001 0000 0000 00"));  // 11 octets
  s.send(raw_query(0x4444, 0, kTestPoint, 1));
  const Reply r = testing::parse_reply(s.receive());
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.header().id, 0x4444);
}

// §4.1.4: answers compress their owner against the question (pointer 0xC00C).
TEST(Rfc1035Sec4p1p4, AnswerOwnerPointsToQuestion) {
  const Reply r = ask(kTestPoint, RRType::A, {.edns = false});
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  const Bytes rest = r.after_question();
  ASSERT_GE(rest.size(), 2u);
  EXPECT_EQ(rest[0], 0xC0);
  EXPECT_EQ(rest[1], 0x0C);
}

// §4.2.1: without EDNS an answer that does not fit 512 octets is TC=1, with no partial RRset.
TEST(Rfc1035Sec4p2p1, OversizeUdpAnswerIsTruncatedWithEmptyAnswer) {
  const Reply r = ask("wide.static.example", RRType::Txt, {.edns = false});
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_TRUE(r.flag(kTc));
  EXPECT_TRUE(r.msg().answers.empty());
  EXPECT_LE(r.wire.size(), 512u);
  ASSERT_EQ(r.msg().questions.size(), 1u);
}

// §3.3.13 / §3.3.11: the apex has its SOA and NS.
TEST(Rfc1035Sec3p3p13, ApexServesSoaAndNs) {
  const Reply soa = ask("bl.example", RRType::Soa);
  EXPECT_SECTION(soa, answers,
                 {"bl.example. 3600 IN SOA ns1.bl.example. hostmaster.bl.example. * 3600 600 "
                  "604800 300"});
  EXPECT_TRUE(soa.msg().authority.empty());
  const Reply ns = ask("bl.example", RRType::Ns);
  EXPECT_SECTION(ns, answers, {"bl.example. 900 IN NS ns1.bl.example."});
  const Reply glue = ask("ns1.bl.example", RRType::A);
  EXPECT_SECTION(glue, answers, {"ns1.bl.example. 900 IN A 198.51.100.53"});
}

// §3.2.3: every record of an RRset is returned.
TEST(Rfc1035Sec3p2p3, WholeRRsetIsReturned) {
  const Reply r = ask("multi.static.example", RRType::A);
  EXPECT_SECTION(r, answers,
                 {"multi.static.example. 3600 IN A 192.0.2.1",
                  "multi.static.example. 3600 IN A 192.0.2.2",
                  "multi.static.example. 3600 IN A 192.0.2.3"});
}

// §3.2.5: QCLASS * (255) is answered like IN.
TEST(Rfc1035Sec3p2p5, ClassAnyIsAnswered) {
  const Reply r = ask(kTestPoint, RRType::A, {.qclass = 255});
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 0);
  EXPECT_SECTION(r, answers, {"2.0.0.127.bl.example. * IN A 127.0.0.2"});
}

}  // namespace
}  // namespace vouchd::conformance
