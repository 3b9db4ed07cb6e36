// RFC 8906 (BCP 231, a common operational problem in DNS servers: failure to communicate): §3.1
// the queries every authoritative server must answer correctly. standards.md §5.5, §7.3 P9, P10.
#include <gtest/gtest.h>

#include "conformance_server.h"

namespace vouchd::conformance {
namespace {

using dnswire::flag::kAa;
using dnswire::flag::kAd;
using dnswire::flag::kQr;
using dnswire::flag::kRd;
using testing::RawOpt;
using testing::raw_query;

// §3.1.1: a plain SOA query at the apex is answered with the SOA.
TEST(Rfc8906Sec3p1p1, ApexSoaQueryGetsSoa) {
  for (const char* apex : {"vouch.example", "bl.example", "wl.example", "dbl.example",
                           "ent.example", "neg120.example", "bl6.example", "static.example"}) {
    const Reply r = ask(apex, RRType::Soa, {.edns = false});
    ASSERT_TRUE(r.ok()) << apex << testing::describe(r);
    EXPECT_EQ(r.rcode(), 0) << apex;
    EXPECT_TRUE(r.flag(kAa)) << apex;
    ASSERT_EQ(r.msg().answers.size(), 1u) << apex;
    EXPECT_EQ(r.msg().answers[0].type, RRType::Soa) << apex;
  }
}

// P10, §3.1.2: an unknown type at an existing name is NODATA with the SOA, not an error.
TEST(Rfc8906Sec3p1p2, UnknownTypeAtExistingNameIsNoData) {
  for (const char* name : {"2.0.0.127.bl.example", "sender.example._vouch.vouch.example",
                           "test.dbl.example", "bl.example"}) {
    const Reply r = ask(name, static_cast<RRType>(65280));
    ASSERT_TRUE(r.ok()) << name << testing::describe(r);
    EXPECT_EQ(r.rcode(), 0) << name;
    EXPECT_TRUE(r.msg().answers.empty()) << name;
    EXPECT_EQ(r.msg().authority.size(), 1u) << name;
    EXPECT_EQ(r.msg().authority[0].type, RRType::Soa) << name;
  }
  const Reply missing = ask("nobody.bl.example", static_cast<RRType>(65280));
  EXPECT_EQ(missing.rcode(), 3) << testing::describe(missing);
}

// §3.1.3: unknown opcodes are NOTIMP (P9: 3 and 15; also IQUERY 1, obsolete since RFC 3425),
// with or without EDNS (whether the NOTIMP carries an OPT is Rfc6891Sec7's business).
TEST(Rfc8906Sec3p1p3, UnknownOpcodesAreNotImp) {
  for (const int opcode : {1, 3, 6, 7, 15}) {
    for (const bool edns : {false, true}) {
      const std::vector<RawOpt> opts = edns ? std::vector<RawOpt>{RawOpt{}} : std::vector<RawOpt>{};
      const Reply r = ask_raw(raw_query(0x0903, static_cast<std::uint16_t>(opcode << 11),
                                         "2.0.0.127.bl.example", 1, 1, opts));
      ASSERT_TRUE(r.ok()) << "opcode " << opcode << testing::describe(r);
      EXPECT_EQ(r.rcode(), 4) << "opcode " << opcode;
      EXPECT_TRUE(r.flag(kQr));
      EXPECT_EQ(static_cast<int>(r.header().opcode()), opcode);
      EXPECT_TRUE(r.msg().answers.empty());
      if (!edns) {
        EXPECT_FALSE(r.msg().edns.has_value()) << "opcode " << opcode;
      }
    }
  }
}

// §3.1.4: with RD=1 an authoritative server answers as if RD=0 (and copies RD).
TEST(Rfc8906Sec3p1p4, RecursionDesiredIsAnsweredAuthoritatively) {
  const Reply r = ask("sender.example._vouch.vouch.example", RRType::Txt, {.flags = kRd});
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_TRUE(r.flag(kAa));
  EXPECT_TRUE(r.flag(kRd));
  EXPECT_EQ(r.msg().answers.size(), 1u);
}

// §3.1.5: unknown header flags (the last Z bit, AD) are ignored and not copied.
TEST(Rfc8906Sec3p1p5, UnknownHeaderFlagsAreIgnored) {
  const Reply r = ask_raw(raw_query(0x0905, static_cast<std::uint16_t>(0x0040 | kAd), "2.0.0.127.bl.example", 1));
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 0);
  EXPECT_EQ(r.msg().answers.size(), 1u);
  EXPECT_EQ(r.header().flags & 0x0040, 0);
  EXPECT_FALSE(r.flag(kAd));
}

// §3.1.6–§3.1.9: EDNS queries are answered with EDNS; unknown EDNS version -> BADVERS, unknown
// option and flag ignored; EDNS over TCP too.
TEST(Rfc8906Sec3p1p6, EdnsQueriesGetEdnsAnswers) {
  const Reply plain = ask("bl.example", RRType::Soa);
  ASSERT_TRUE(plain.msg().edns.has_value()) << testing::describe(plain);
  const Reply version1 = ask_raw(raw_query(1, 0, "bl.example", 6, 1, {RawOpt{.version = 1}}));
  EXPECT_EQ(version1.rcode(), 16) << testing::describe(version1);
  const Reply option =
      ask_raw(raw_query(2, 0, "bl.example", 6, 1, {RawOpt{.options = {{100, {1}}}}}));
  EXPECT_EQ(option.rcode(), 0) << testing::describe(option);
  EXPECT_EQ(option.msg().answers.size(), 1u);
  EXPECT_TRUE(option.msg().edns->options.empty());
  const Reply flag = ask_raw(raw_query(3, 0, "bl.example", 6, 1, {RawOpt{.flags = 0x4000}}));
  EXPECT_EQ(flag.rcode(), 0) << testing::describe(flag);
  EXPECT_EQ(flag.msg().edns->flags, 0);
  const Reply both =
      ask_raw(raw_query(4, 0, "bl.example", 6, 1, {RawOpt{.version = 1, .flags = 0x4000,
                                                           .options = {{100, {1}}}}}));
  EXPECT_EQ(both.rcode(), 16) << testing::describe(both);
}

// §3.1.10: EDNS over TCP.
TEST(Rfc8906Sec3p1p10, EdnsOverTcpGetsEdnsAnswer) {
  const Reply r = ask("bl.example", RRType::Soa, {.tcp = true});
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.msg().answers.size(), 1u);
  ASSERT_TRUE(r.msg().edns.has_value());
  EXPECT_EQ(r.msg().edns->version, 0);
}

// §3.2: meta types are not data; QTYPE OPT in a question is FORMERR.
TEST(Rfc8906Sec3p2, OptAsQueryTypeIsFormErr) {
  const Reply r = ask("bl.example", RRType::Opt);
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.header_rcode(), 1);
  EXPECT_TRUE(r.msg().answers.empty());
}

// §3.2: other meta types (128–254: TKEY 249, TSIG 250, MAILB 253, MAILA 254, 128) -> NOTIMP.
TEST(Rfc8906Sec3p2, MetaQueryTypesAreNotImp) {
  for (const int type : {128, 200, 249, 250, 253, 254}) {
    const Reply r = ask("bl.example", static_cast<RRType>(type));
    ASSERT_TRUE(r.ok()) << type << testing::describe(r);
    EXPECT_EQ(r.rcode(), 4) << "qtype " << type;
    EXPECT_TRUE(r.msg().answers.empty());
  }
}

// §3: the server keeps answering after all of the above (every test here shares it).
TEST(Rfc8906Sec3, StillAnswersAfterOddQueries) {
  ask_raw(raw_query(0x0999, std::uint16_t{15 << 11}, "bl.example", 6, 1, {RawOpt{.version = 9}}));
  ask_raw(raw_query(0x099A, 0, "bl.example", 41));
  const Reply r = ask("2.0.0.127.bl.example", RRType::A);
  EXPECT_EQ(r.msg().answers.size(), 1u) << testing::describe(r);
}

}  // namespace
}  // namespace vouchd::conformance
