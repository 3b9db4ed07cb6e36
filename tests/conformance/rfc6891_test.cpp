// RFC 6891 (EDNS(0)): the OPT pseudo-RR (§6.1), its fields (§6.1.2, §6.1.3), UDP payload sizes
// (§6.2.3–§6.2.5) and responder behaviour (§7). standards.md §5.3 and §7.3 P1–P6.
#include <gtest/gtest.h>

#include "conformance_server.h"

namespace vouchd::conformance {
namespace {

using dnswire::flag::kAa;
using dnswire::flag::kQr;
using dnswire::flag::kTc;
using testing::hex_bytes;
using testing::hex_text;
using testing::RawOpt;
using testing::raw_query;

constexpr char kTestPoint[] = "2.0.0.127.bl.example";

// §7: an OPT in the request gets an OPT in the response, with our payload size (1232) and
// version 0, no options and no flags.
TEST(Rfc6891Sec7, ResponseCarriesOptWithOurPayload) {
  const Reply r = ask(kTestPoint, RRType::A, {.payload = 4096});
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 0);
  ASSERT_TRUE(r.msg().edns.has_value()) << testing::describe(r);
  EXPECT_EQ(r.msg().edns->udp_size, 1232);
  EXPECT_EQ(r.msg().edns->version, 0);
  EXPECT_EQ(r.msg().edns->extended_rcode, 0);
  EXPECT_EQ(r.msg().edns->flags, 0);
  EXPECT_TRUE(r.msg().edns->options.empty());
  EXPECT_EQ(r.msg().opt_count, 1);
  EXPECT_SECTION(r, answers, {"2.0.0.127.bl.example. * IN A 127.0.0.2"});
}

// §7: no OPT in the request, none in the response.
TEST(Rfc6891Sec7, NoOptInRequestMeansNoOptInResponse) {
  const Reply r = ask(kTestPoint, RRType::A, {.edns = false});
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_FALSE(r.msg().edns.has_value());
  EXPECT_EQ(r.header().arcount, 0);
  EXPECT_EQ(r.msg().answers.size(), 1u);
}

// §7: OPT in negative and error responses too (NXDOMAIN, REFUSED, NOTIMP for a meta type).
TEST(Rfc6891Sec7, ErrorResponsesCarryOpt) {
  const Reply nx = ask("nobody.bl.example", RRType::A);
  EXPECT_EQ(nx.rcode(), 3);
  EXPECT_TRUE(nx.msg().edns.has_value()) << testing::describe(nx);
  const Reply refused = ask("example.org", RRType::A);
  EXPECT_EQ(refused.rcode(), 5);
  EXPECT_TRUE(refused.msg().edns.has_value()) << testing::describe(refused);
  const Reply meta = ask("bl.example", RRType::Axfr);
  EXPECT_EQ(meta.rcode(), 4);
  EXPECT_TRUE(meta.msg().edns.has_value()) << testing::describe(meta);
}

// §7: "If an OPT record is present in a received request, compliant responders MUST include an
// OPT record in their respective responses" — the NOTIMP for an unknown opcode included.
TEST(Rfc6891Sec7, NotImpForUnknownOpcodeCarriesOpt) {
  const Reply r = ask_raw(raw_query(7, 15 << 11, kTestPoint, 1, 1, {RawOpt{}}));
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 4);
  EXPECT_TRUE(r.msg().edns.has_value())
      << "the query had an OPT, so the NOTIMP must have one (§7)" << testing::describe(r);
}

// P1, §6.1.3: VERSION 1 -> BADVERS (16): header RCODE 0, OPT EXTENDED-RCODE 1, OPT VERSION 0, no
// answer. The standards.md §7.3 vectors Q_EDNS1 / R_BADVERS, byte for byte (AA optional).
TEST(Rfc6891Sec6p1p3, UnknownVersionGetsBadVers) {
  const Bytes query = hex_bytes(
      "0001 0000 0001 0000 0000 0001 01 32 01 30 01 30 03 313237 02 626c 07 6578616d706c65 00 "
      "0001 0001 00 0029 04d0 00 01 0000 0000");
  const std::string question = "01 32 01 30 01 30 03 313237 02 626c 07 6578616d706c65 00 0001 0001";
  const Reply r = ask_raw(query);
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_TRUE(r.flag(kQr));
  EXPECT_EQ(r.header_rcode(), 0);
  ASSERT_TRUE(r.msg().edns.has_value()) << testing::describe(r);
  EXPECT_EQ(r.msg().edns->extended_rcode, 1);
  EXPECT_EQ(r.msg().edns->version, 0);
  EXPECT_EQ(r.rcode(), 16);
  EXPECT_TRUE(r.msg().answers.empty());
  EXPECT_TRUE(r.msg().authority.empty());
  const std::string without_aa =
      hex_text(hex_bytes("0001 8000 0001 0000 0000 0001" + question + "00 0029 04d0 01 00 0000 0000"));
  const std::string with_aa =
      hex_text(hex_bytes("0001 8400 0001 0000 0000 0001" + question + "00 0029 04d0 01 00 0000 0000"));
  const std::string got = hex_text(r.wire);
  EXPECT_TRUE(got == without_aa || got == with_aa) << got;
}

// §6.1.3: any version above 0 (here 255), over TCP as well.
TEST(Rfc6891Sec6p1p3, HighestVersionOverTcpGetsBadVers) {
  const Reply r = ask_raw(raw_query(9, 0, kTestPoint, 1, 1, {RawOpt{.version = 255}}), true);
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 16);
  EXPECT_EQ(r.msg().edns->version, 0);
}

// P2, §6.1.2: unknown options are ignored and not echoed.
TEST(Rfc6891Sec6p1p2, UnknownOptionIsIgnoredAndNotEchoed) {
  const Reply r = ask(kTestPoint, RRType::A, {.options = {{65001, {1, 2, 3, 4}}, {65535, {}}}});
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 0);
  EXPECT_SECTION(r, answers, {"2.0.0.127.bl.example. * IN A 127.0.0.2"});
  ASSERT_TRUE(r.msg().edns.has_value());
  EXPECT_TRUE(r.msg().edns->options.empty());
  EXPECT_EQ(r.msg().edns->version, 0);
}

// P3, §6.1.4: unknown EDNS flags (Z) are ignored and cleared in the response; DO is not set (no
// DNSSEC).
TEST(Rfc6891Sec6p1p4, ZFlagsAreClearedInResponse) {
  for (const std::uint16_t flags : {std::uint16_t{0x0080}, std::uint16_t{0x7FFF},
                                    std::uint16_t{0xFFFF}}) {
    const Reply r = ask(kTestPoint, RRType::A, {.edns_flags = flags});
    ASSERT_TRUE(r.ok()) << testing::describe(r);
    EXPECT_EQ(r.rcode(), 0);
    EXPECT_EQ(r.msg().answers.size(), 1u);
    ASSERT_TRUE(r.msg().edns.has_value());
    EXPECT_EQ(r.msg().edns->flags, 0) << "query flags " << flags;
  }
}

// P4, §6.1.1: more than one OPT RR is FORMERR.
TEST(Rfc6891Sec6p1p1, TwoOptRecordsAreFormErr) {
  const Reply r = ask_raw(raw_query(4, 0, kTestPoint, 1, 1, {RawOpt{}, RawOpt{}}));
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.header_rcode(), 1);
  EXPECT_TRUE(r.msg().answers.empty());
}

// §6.1.1: the OPT belongs in the additional section.
TEST(Rfc6891Sec6p1p1, OptInAnswerSectionIsFormErr) {
  Bytes q = testing::header_bytes(5, 0, 1, 1, 0, 0);
  testing::put_name(q, kTestPoint);
  testing::put16(q, 1);
  testing::put16(q, 1);
  const Bytes opt = testing::opt_rr({});
  q.insert(q.end(), opt.begin(), opt.end());
  const Reply r = ask_raw(q);
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.header_rcode(), 1);
}

// §6.1.2: the OPT's owner must be the root.
TEST(Rfc6891Sec6p1p2, OptOwnedByOtherNameIsFormErr) {
  const Reply r = ask_raw(raw_query(6, 0, kTestPoint, 1, 1, {RawOpt{.owner = "example."}}));
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.header_rcode(), 1);
}

// §7: "If there is a problem with processing the OPT record itself, such as an option value that
// is badly formatted ..., a FORMERR MUST be returned. If this occurs, the response MUST include an
// OPT record." An option whose length runs past the RDATA.
TEST(Rfc6891Sec7, MalformedOptionGetsFormErrWithOpt) {
  Bytes q = testing::header_bytes(8, 0, 1, 0, 0, 1);
  testing::put_name(q, kTestPoint);
  testing::put16(q, 1);
  testing::put16(q, 1);
  // OPT: root, type 41, payload 1232, TTL 0, RDLENGTH 4: option 65001 claiming 8 octets.
  const Bytes opt = hex_bytes("00 0029 04d0 00000000 0004 fde9 0008");
  q.insert(q.end(), opt.begin(), opt.end());
  const Reply r = ask_raw(q);
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.header_rcode(), 1);
  EXPECT_TRUE(r.msg().edns.has_value()) << "FORMERR for a bad option must carry an OPT (§7)"
                                        << testing::describe(r);
}

// §7: FORMERR for two OPTs keeps an OPT (standards.md §5.3: OPT in every response to an OPT).
TEST(Rfc6891Sec7, FormErrForTwoOptsCarriesOneOpt) {
  const Reply r = ask_raw(raw_query(4, 0, kTestPoint, 1, 1, {RawOpt{}, RawOpt{}}));
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.header_rcode(), 1);
  EXPECT_EQ(r.msg().opt_count, 1) << testing::describe(r);
}

// P5, §6.2.5: a payload below 512 is treated as 512: a ~260-byte answer is not truncated.
TEST(Rfc6891Sec6p2p5, PayloadBelow512IsTreatedAs512) {
  for (const std::uint16_t payload : {std::uint16_t{0}, std::uint16_t{100}, std::uint16_t{511}}) {
    const Reply r = ask("mid.static.example", RRType::Txt, {.payload = payload});
    ASSERT_TRUE(r.ok()) << testing::describe(r);
    EXPECT_FALSE(r.flag(kTc)) << "payload " << payload;
    EXPECT_EQ(r.msg().answers.size(), 1u) << "payload " << payload;
    EXPECT_GT(r.wire.size(), 100u);  // more than a literal payload of 100 would allow
    EXPECT_LE(r.wire.size(), 512u);
  }
}

// §6.2.5: an answer larger than 512 octets and smaller than both payloads is sent whole.
TEST(Rfc6891Sec6p2p5, AnswerUpToRequestorPayloadIsNotTruncated) {
  const Reply r = ask("wide.static.example", RRType::Txt, {.payload = 1232});
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_FALSE(r.flag(kTc));
  EXPECT_EQ(r.msg().answers.size(), 4u);
  EXPECT_GT(r.wire.size(), 512u);
}

// §6.2.5 / §7: never more than the requestor's payload: the same answer with payload 600 is
// truncated, and so is it without EDNS (512).
TEST(Rfc6891Sec6p2p5, AnswerAboveRequestorPayloadIsTruncated) {
  const Reply small = ask("wide.static.example", RRType::Txt, {.payload = 600});
  ASSERT_TRUE(small.ok()) << testing::describe(small);
  EXPECT_TRUE(small.flag(kTc));
  EXPECT_LE(small.wire.size(), 600u);
  EXPECT_TRUE(small.msg().edns.has_value());
  const Reply plain = ask("wide.static.example", RRType::Txt, {.edns = false});
  ASSERT_TRUE(plain.ok()) << testing::describe(plain);
  EXPECT_TRUE(plain.flag(kTc));
  EXPECT_LE(plain.wire.size(), 512u);
  EXPECT_FALSE(plain.msg().edns.has_value());
}

// §6.2.5: never more than our own limit (1232), whatever the requestor offers.
TEST(Rfc6891Sec6p2p5, AnswerAboveOurPayloadIsTruncated) {
  const Reply r = ask("big.static.example", RRType::Txt, {.payload = 65535});
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_TRUE(r.flag(kTc));
  EXPECT_LE(r.wire.size(), 1232u);
}

// P6, §7: a truncated UDP answer keeps the OPT and AA; the question is echoed; the same query over
// TCP gets the whole answer.
TEST(Rfc6891Sec7, TruncatedAnswerKeepsOptAndTcpHasItAll) {
  const Reply udp = ask("big.static.example", RRType::Txt, {.payload = 4096});
  ASSERT_TRUE(udp.ok()) << testing::describe(udp);
  EXPECT_TRUE(udp.flag(kTc));
  EXPECT_TRUE(udp.flag(kAa));
  EXPECT_EQ(udp.rcode(), 0);
  EXPECT_TRUE(udp.msg().answers.empty());
  ASSERT_EQ(udp.msg().questions.size(), 1u);
  EXPECT_EQ(udp.msg().questions[0].qname.to_text(), "big.static.example.");
  ASSERT_TRUE(udp.msg().edns.has_value());
  EXPECT_EQ(udp.msg().edns->udp_size, 1232);
  const Reply tcp = ask("big.static.example", RRType::Txt, {.tcp = true, .payload = 4096});
  ASSERT_TRUE(tcp.ok()) << testing::describe(tcp);
  EXPECT_FALSE(tcp.flag(kTc));
  EXPECT_EQ(tcp.msg().answers.size(), 8u);
  EXPECT_GT(tcp.wire.size(), 1232u);
  EXPECT_TRUE(tcp.msg().edns.has_value());
}

}  // namespace
}  // namespace vouchd::conformance
