// RFC 5518 (Vouch By Reference) §5: what a certifier serves at <md-domain>._vouch.<certifier>.
// standards.md §1.2 and §7.1, vectors V1–V8 against vouch.example.
#include <gtest/gtest.h>

#include <regex>

#include "conformance_server.h"

namespace vouchd::conformance {
namespace {

using dnswire::flag::kAa;
using dnswire::flag::kQr;
using dnswire::flag::kTc;
using testing::hex_bytes;
using testing::hex_text;

// V1: one TXT RR holding one character-string, with AA.
TEST(Rfc5518Sec5, VouchedDomainGetsOneTxtWithOneString) {
  const Reply r = ask("sender.example._vouch.vouch.example", RRType::Txt);
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 0);
  EXPECT_TRUE(r.flag(kAa));
  EXPECT_FALSE(r.flag(kTc));
  EXPECT_SECTION(r, answers,
                 {R"(sender.example._vouch.vouch.example. 3600 IN TXT "transaction list")"});
  ASSERT_EQ(r.msg().answers.size(), 1u);
  EXPECT_EQ(dnswire::txt_strings(r.msg().answers[0].rdata),
            std::vector<std::string>{"transaction list"});
  EXPECT_TRUE(r.msg().authority.empty());
}

// V1, standards.md §7.1 wire vector: the query and the answer byte for byte (QR+AA, compression
// pointer c00c to the question, TTL 3600, OPT with payload 1232).
TEST(Rfc5518Sec5, AnswerMatchesTheStandardsWireVector) {
  const Bytes query = hex_bytes(
      "beef 0000 0001 0000 0000 0001"
      "07 6578616d706c65 03 636f6d 06 5f766f756368 05 766f756368 07 6578616d706c65 00"
      "0010 0001  00 0029 04d0 00000000 0000");
  const Bytes expected = hex_bytes(
      "beef 8400 0001 0001 0000 0001"
      "07 6578616d706c65 03 636f6d 06 5f766f756368 05 766f756368 07 6578616d706c65 00"
      "0010 0001"
      "c00c 0010 0001 00000e10 0011 10 7472616e73616374696f6e206c697374"
      "00 0029 04d0 00000000 0000");
  const Reply r = ask_raw(query);
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  // The answer section alone, then the whole message.
  EXPECT_EQ(hex_text(r.after_question()),
            hex_text(hex_bytes("c00c 0010 0001 00000e10 0011 10 7472616e73616374696f6e206c697374"
                               "00 0029 04d0 00000000 0000")));
  EXPECT_EQ(hex_text(r.wire), hex_text(expected));
}

// V2: names match case-insensitively and the question comes back as it was asked.
TEST(Rfc5518Sec5, MixedCaseQueryGetsTheSameDataAndItsOwnCase) {
  const std::string asked = "SENDER.Example._VOUCH.vouch.EXAMPLE.";
  const Bytes query = testing::raw_query(0x4242, 0, asked, 16, 1, {testing::RawOpt{}});
  const Reply r = ask_raw(query);
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 0);
  EXPECT_TRUE(r.flag(kAa));
  // Question bytes identical to the query's (header excluded).
  const std::size_t question_len = query.size() - 12 - testing::opt_rr({}).size();
  ASSERT_GE(r.wire.size(), 12 + question_len);
  EXPECT_TRUE(std::equal(query.begin() + 12, query.begin() + 12 + static_cast<long>(question_len),
                         r.wire.begin() + 12));
  EXPECT_SECTION(r, answers,
                 {R"(SENDER.Example._VOUCH.vouch.EXAMPLE. 3600 IN TXT "transaction list")"});
}

// V3.
TEST(Rfc5518Sec5, AllCategoryVouch) {
  const Reply r = ask("bank.example._vouch.vouch.example", RRType::Txt);
  EXPECT_EQ(r.rcode(), 0);
  EXPECT_SECTION(r, answers, {R"(bank.example._vouch.vouch.example. 3600 IN TXT "all")"});
}

// Data entry `mixed.example` stored with `transaction` only.
TEST(Rfc5518Sec5, SingleCategoryVouch) {
  const Reply r = ask("mixed.example._vouch.vouch.example", RRType::Txt);
  EXPECT_EQ(r.rcode(), 0);
  EXPECT_SECTION(r, answers,
                 {R"(mixed.example._vouch.vouch.example. 3600 IN TXT "transaction")"});
}

// V4: NXDOMAIN with AA and the SOA, TTL min(3600, 300).
TEST(Rfc5518Sec5, UnvouchedDomainIsNxDomainWithSoa) {
  const Reply r = ask("nobody.example._vouch.vouch.example", RRType::Txt);
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 3);
  EXPECT_TRUE(r.flag(kAa));
  EXPECT_TRUE(r.msg().answers.empty());
  EXPECT_SECTION(r, authority, {negative_soa("vouch.example")});
}

// V5: the name exists, with TXT only.
TEST(Rfc5518Sec5, OtherTypeAtVouchIsNoData) {
  const Reply r = ask("sender.example._vouch.vouch.example", RRType::A);
  EXPECT_EQ(r.rcode(), 0);
  EXPECT_TRUE(r.flag(kAa));
  EXPECT_TRUE(r.msg().answers.empty());
  EXPECT_SECTION(r, authority, {negative_soa("vouch.example")});
}

// V6 (RFC 8020 §2): `example._vouch.vouch.example` lies above sender.example's vouch.
TEST(Rfc5518Sec5, EmptyNonTerminalAboveVouchIsNoData) {
  const Reply r = ask("example._vouch.vouch.example", RRType::Txt);
  EXPECT_EQ(r.rcode(), 0) << testing::describe(r);
  EXPECT_TRUE(r.msg().answers.empty());
  EXPECT_SECTION(r, authority, {negative_soa("vouch.example")});
}

// V7.
TEST(Rfc5518Sec5, UnderscoreVouchNodeIsNoData) {
  const Reply r = ask("_vouch.vouch.example", RRType::Txt);
  EXPECT_EQ(r.rcode(), 0) << testing::describe(r);
  EXPECT_TRUE(r.msg().answers.empty());
  EXPECT_SECTION(r, authority, {negative_soa("vouch.example")});
}

// V8: no wildcard inheritance below a vouch.
TEST(Rfc5518Sec5, NameBelowVouchIsNxDomain) {
  const Reply r = ask("x.sender.example._vouch.vouch.example", RRType::Txt);
  EXPECT_EQ(r.rcode(), 3) << testing::describe(r);
  EXPECT_SECTION(r, authority, {negative_soa("vouch.example")});
}

// §5 / standards.md §1.2: every vouch is one string of lower-case tokens separated by single
// spaces (what SpamAssassin, zdkimfilter and libvbr can all read).
TEST(Rfc5518Sec5, EveryVouchIsLowerCaseTokens) {
  const std::regex syntax{"[a-z]+( [a-z]+)*"};
  for (const char* domain : {"sender.example", "bank.example", "mixed.example", "example.com"}) {
    const Reply r = ask(std::string{domain} + "._vouch.vouch.example", RRType::Txt);
    ASSERT_EQ(r.msg().answers.size(), 1u) << domain << testing::describe(r);
    const auto strings = dnswire::txt_strings(r.msg().answers[0].rdata);
    ASSERT_EQ(strings.size(), 1u) << domain;
    EXPECT_TRUE(std::regex_match(strings[0], syntax)) << domain << ": " << strings[0];
  }
}

// The certifier's own apex still answers normally (SOA, NS).
TEST(Rfc5518Sec5, CertifierApexServesSoaAndNs) {
  const Reply soa = ask("vouch.example", RRType::Soa);
  EXPECT_SECTION(soa, answers,
                 {"vouch.example. 3600 IN SOA ns1.vouch.example. hostmaster.vouch.example. * 3600 "
                  "600 604800 300"});
  const Reply ns = ask("vouch.example", RRType::Ns);
  EXPECT_SECTION(ns, answers, {"vouch.example. 3600 IN NS ns1.vouch.example."});
  EXPECT_TRUE(ns.flag(kQr) && ns.flag(kAa));
}

}  // namespace
}  // namespace vouchd::conformance
