// Tests for RDATA presentation <-> wire (RFC 1035 §3.3 and §5.1, RFC 3596 §2.5, RFC 3597 §5).
#include "vouchd/dnswire/rdata_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vouchd::dnswire {
namespace {

using Bytes = std::vector<std::uint8_t>;

const Name kOrigin = *Name::from_text("example.com.");

// Splits presentation text at blanks, honouring double quotes and backslash escapes, the way a
// master-file line is split (without parentheses or comments).
std::vector<TextToken> split(std::string_view text) {
  std::vector<TextToken> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    const bool quoted = text[i] == '"';
    const std::size_t start = quoted ? ++i : i;
    while (i < text.size() && (quoted ? text[i] != '"' : text[i] != ' ')) {
      i += text[i] == '\\' ? 2 : 1;
    }
    tokens.push_back(TextToken{text.substr(start, i - start), quoted});
    if (quoted) ++i;
  }
  return tokens;
}

RdataResult parse(RRType type, std::string_view text) {
  const std::vector<TextToken> tokens = split(text);
  return rdata_from_text(type, tokens, kOrigin);
}

Bytes wire_of(std::string_view name) {
  const std::optional<Name> n = Name::from_text(name);
  return n ? Bytes(n->wire().begin(), n->wire().end()) : Bytes{};
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) {
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

// rdata_to_text, then rdata_from_text again: must give the same bytes.
void expect_round_trip(RRType type, const Bytes& rdata) {
  const std::string text = rdata_to_text(type, rdata);
  const RdataResult again = parse(type, text);
  ASSERT_TRUE(again.ok()) << text << ": " << again.error;
  EXPECT_EQ(again.rdata, rdata) << text;
}

TEST(RdataTextTest, ParsesA) {
  const RdataResult r = parse(RRType::A, "192.0.2.1");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.rdata, (Bytes{192, 0, 2, 1}));
  EXPECT_EQ(rdata_to_text(RRType::A, r.rdata), "192.0.2.1");
}

TEST(RdataTextTest, RejectsBadAWithQuotedText) {
  EXPECT_EQ(parse(RRType::A, "1.2.3").error, "bad IPv4 address \"1.2.3\"");
  EXPECT_EQ(parse(RRType::A, "192.0.2.0/24").error, "bad IPv4 address \"192.0.2.0/24\"");
  EXPECT_EQ(parse(RRType::A, "2001:db8::1").error, "bad IPv4 address \"2001:db8::1\"");
  EXPECT_EQ(parse(RRType::A, "1.2.3.4 5.6.7.8").error, "A needs 1 field, found 2");
  EXPECT_EQ(parse(RRType::A, "").error, "A needs 1 field, found 0");
}

TEST(RdataTextTest, ParsesAaaa) {
  const RdataResult r = parse(RRType::Aaaa, "2001:DB8::1");
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.rdata.size(), 16u);
  EXPECT_EQ(r.rdata[0], 0x20);
  EXPECT_EQ(r.rdata[3], 0xb8);
  EXPECT_EQ(r.rdata[15], 1);
  EXPECT_EQ(rdata_to_text(RRType::Aaaa, r.rdata), "2001:db8::1");
  EXPECT_EQ(parse(RRType::Aaaa, "192.0.2.1").error, "bad IPv6 address \"192.0.2.1\"");
}

TEST(RdataTextTest, RelativeNamesGetOrigin) {
  EXPECT_EQ(parse(RRType::Ns, "ns1").rdata, wire_of("ns1.example.com."));
  EXPECT_EQ(parse(RRType::Ns, "@").rdata, wire_of("example.com."));
  EXPECT_EQ(parse(RRType::Cname, "other.example.net.").rdata, wire_of("other.example.net."));
  EXPECT_EQ(parse(RRType::Ptr, "host.sub").rdata, wire_of("host.sub.example.com."));
}

TEST(RdataTextTest, NameKeepsCaseAndPrintsAbsolute) {
  const RdataResult r = parse(RRType::Cname, "Www.Example.NET.");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(rdata_to_text(RRType::Cname, r.rdata), "Www.Example.NET.");
  EXPECT_EQ(parse(RRType::Ns, "a..b").error, "bad name \"a..b\"");
}

TEST(RdataTextTest, ParsesMx) {
  const RdataResult r = parse(RRType::Mx, "10 mail");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.rdata, concat({{0, 10}, wire_of("mail.example.com.")}));
  EXPECT_EQ(rdata_to_text(RRType::Mx, r.rdata), "10 mail.example.com.");
  EXPECT_EQ(parse(RRType::Mx, "65536 mail").error, "bad MX preference \"65536\"");
  EXPECT_EQ(parse(RRType::Mx, "mail").error, "MX needs 2 fields, found 1");
}

TEST(RdataTextTest, ParsesSoaWithTimeUnits) {
  const RdataResult r = parse(RRType::Soa, "ns1 hostmaster 2024010101 1h 10m 1w 300");
  ASSERT_TRUE(r.ok()) << r.error;
  const Bytes expected = concat({wire_of("ns1.example.com."),
                                 wire_of("hostmaster.example.com."),
                                 {0x78, 0xa3, 0xf1, 0x75},  // 2024010101
                                 {0, 0, 0x0e, 0x10},        // 3600
                                 {0, 0, 0x02, 0x58},        // 600
                                 {0, 0x09, 0x3a, 0x80},     // 604800
                                 {0, 0, 0x01, 0x2c}});      // 300
  EXPECT_EQ(r.rdata, expected);
  EXPECT_EQ(rdata_to_text(RRType::Soa, r.rdata),
            "ns1.example.com. hostmaster.example.com. 2024010101 3600 600 604800 300");
  const RdataResult units = parse(RRType::Soa, "a b 1 1H1M 2d 3W 4s");
  ASSERT_TRUE(units.ok()) << units.error;
  EXPECT_EQ(rdata_to_text(RRType::Soa, units.rdata),
            "a.example.com. b.example.com. 1 3660 172800 1814400 4");
}

TEST(RdataTextTest, RejectsBadSoaNumbers) {
  EXPECT_EQ(parse(RRType::Soa, "a b 1h 1 1 1 1").error, "bad SOA serial \"1h\"");
  EXPECT_EQ(parse(RRType::Soa, "a b 4294967296 1 1 1 1").error, "bad SOA serial \"4294967296\"");
  EXPECT_EQ(parse(RRType::Soa, "a b 1 1x 1 1 1").error, "bad SOA time \"1x\"");
  EXPECT_EQ(parse(RRType::Soa, "a b 1 h 1 1 1").error, "bad SOA time \"h\"");
  EXPECT_EQ(parse(RRType::Soa, "a b 1 1 1 1").error, "SOA needs 7 fields, found 6");
}

TEST(RdataTextTest, ParsesTxtQuotedAndUnquoted) {
  const RdataResult r = parse(RRType::Txt, "\"transaction list\" plain \"\"");
  ASSERT_TRUE(r.ok()) << r.error;
  const Bytes expected =
      concat({{16},
              Bytes{'t', 'r', 'a', 'n', 's', 'a', 'c', 't', 'i', 'o', 'n', ' ', 'l', 'i', 's', 't'},
              {5, 'p', 'l', 'a', 'i', 'n'},
              {0}});
  EXPECT_EQ(r.rdata, expected);
  EXPECT_EQ(rdata_to_text(RRType::Txt, r.rdata), "\"transaction list\" \"plain\" \"\"");
}

TEST(RdataTextTest, DecodesTxtEscapes) {
  const RdataResult r = parse(RRType::Txt, R"("a\"b\\c\065\255\;")");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.rdata, (Bytes{8, 'a', '"', 'b', '\\', 'c', 'A', 255, ';'}));
  EXPECT_EQ(rdata_to_text(RRType::Txt, r.rdata), R"("a\"b\\cA\255;")");
}

TEST(RdataTextTest, RejectsBadTxtEscapes) {
  EXPECT_EQ(parse(RRType::Txt, R"("\256")").error, "TXT bad \\DDD escape");
  EXPECT_EQ(parse(RRType::Txt, R"("\12")").error, "TXT bad \\DDD escape");
  EXPECT_EQ(parse(RRType::Txt, "abc\\").error, "TXT backslash at end of string");
}

TEST(RdataTextTest, LimitsTxtStringTo255Octets) {
  const std::string ok(255, 'x');
  const RdataResult r = parse(RRType::Txt, ok);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.rdata.size(), 256u);
  EXPECT_EQ(r.rdata[0], 255);
  EXPECT_EQ(parse(RRType::Txt, "\"" + ok + "y\"").error, "TXT string longer than 255 octets");
  EXPECT_EQ(parse(RRType::Txt, std::string(253, 'x') + "\\065\\066\\067").error,
            "TXT string longer than 255 octets");
}

TEST(RdataTextTest, LimitsTxtRdataTo65535Octets) {
  std::string text;
  for (int i = 0; i < 258; ++i) {
    text += std::string(254, 'x') + " ";
  }
  EXPECT_EQ(parse(RRType::Txt, text).error, "TXT rdata longer than 65535 octets");
}

TEST(RdataTextTest, ParsesHinfo) {
  const RdataResult r = parse(RRType::Hinfo, "\"Intel x86\" Linux");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(rdata_to_text(RRType::Hinfo, r.rdata), "\"Intel x86\" \"Linux\"");
  EXPECT_EQ(parse(RRType::Hinfo, "one").error, "HINFO needs 2 fields, found 1");
}

TEST(RdataTextTest, ParsesGenericFormForUnknownType) {
  const auto type = static_cast<RRType>(65280);
  const RdataResult r = parse(type, "\\# 4 0a00 0001");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.rdata, (Bytes{10, 0, 0, 1}));
  EXPECT_EQ(rdata_to_text(type, r.rdata), "\\# 4 0a000001");
  const RdataResult empty = parse(type, "\\# 0");
  ASSERT_TRUE(empty.ok()) << empty.error;
  EXPECT_TRUE(empty.rdata.empty());
  EXPECT_EQ(rdata_to_text(type, empty.rdata), "\\# 0");
}

TEST(RdataTextTest, ParsesGenericFormForKnownType) {
  const RdataResult r = parse(RRType::A, "\\# 4 C0000201");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.rdata, parse(RRType::A, "192.0.2.1").rdata);
  EXPECT_EQ(parse(RRType::Txt, "\\# 2 0178").rdata, parse(RRType::Txt, "x").rdata);
}

TEST(RdataTextTest, QuotedBackslashHashIsText) {
  const RdataResult r = parse(RRType::Txt, R"("\\#" 0)");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.rdata, (Bytes{2, '\\', '#', 1, '0'}));
}

TEST(RdataTextTest, RejectsBadGenericForm) {
  EXPECT_EQ(parse(RRType::A, "\\#").error, "\\# needs a length");
  EXPECT_EQ(parse(RRType::A, "\\# 4 c00002").error, "\\# length 4 but 3 octets given");
  EXPECT_EQ(parse(RRType::A, "\\# 2 c0000201").error, "\\# length 2 but 4 octets given");
  EXPECT_EQ(parse(RRType::A, "\\# 1 c").error, "odd number of hex digits in \\# rdata");
  EXPECT_EQ(parse(RRType::A, "\\# 1 zz").error, "bad hex \"zz\" in \\# rdata");
  EXPECT_EQ(parse(RRType::A, "\\# x 00").error, "bad \\# length \"x\"");
  EXPECT_EQ(parse(RRType::A, "\\# 65536").error, "bad \\# length \"65536\"");
}

TEST(RdataTextTest, UnknownTypeNeedsGenericForm) {
  EXPECT_EQ(parse(static_cast<RRType>(99), "v=spf1").error,
            "TYPE99 rdata must use the \\# generic form");
}

TEST(RdataTextTest, MalformedKnownRdataPrintsGeneric) {
  EXPECT_EQ(rdata_to_text(RRType::A, Bytes{1, 2, 3}), "\\# 3 010203");
  EXPECT_EQ(rdata_to_text(RRType::Txt, Bytes{5, 'a'}), "\\# 2 0561");
  EXPECT_EQ(rdata_to_text(RRType::Txt, Bytes{}), "\\# 0");
  EXPECT_EQ(rdata_to_text(RRType::Ns, concat({wire_of("a."), {0}})), "\\# 4 01610000");
  EXPECT_EQ(rdata_to_text(RRType::Mx, Bytes{0, 1}), "\\# 2 0001");
  EXPECT_EQ(rdata_to_text(RRType::Hinfo, Bytes{1, 'a'}), "\\# 2 0161");
  EXPECT_EQ(rdata_to_text(RRType::Ns, Bytes{0xc0, 0x0c}), "\\# 2 c00c");  // no compression here
  EXPECT_EQ(rdata_to_text(RRType::Ns, Bytes{}), "\\# 0");
}

TEST(RdataTextTest, TextRoundTripsToSameBytes) {
  expect_round_trip(RRType::A, {127, 0, 0, 2});
  expect_round_trip(RRType::Aaaa, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1});
  expect_round_trip(RRType::Ns, wire_of("a\\.b.c\\ d.\\@.example."));
  expect_round_trip(RRType::Mx, concat({{0xff, 0xff}, wire_of(".")}));
  expect_round_trip(RRType::Soa, parse(RRType::Soa, "@ h\\.m 0 0 0 0 4294967295").rdata);
  expect_round_trip(RRType::Txt, {3, 0, '"', '\\', 0, 1, 0x7f});
  expect_round_trip(RRType::Hinfo, {1, ' ', 1, ';'});
  expect_round_trip(RRType::A, {1, 2});
  expect_round_trip(static_cast<RRType>(4242), {0xde, 0xad, 0xbe, 0xef});
}

TEST(RdataTextTest, TxtStringsDecodesEachString) {
  const std::vector<std::string> s = txt_strings(Bytes{3, 'a', 'b', 'c', 0, 1, 'd'});
  EXPECT_EQ(s, (std::vector<std::string>{"abc", "", "d"}));
  EXPECT_TRUE(txt_strings(Bytes{4, 'a'}).empty());
}

TEST(RdataTextTest, TxtRdataEncodesEachString) {
  const std::vector<std::string> strings{"transaction list", ""};
  const Bytes rdata = txt_rdata(strings);
  EXPECT_EQ(rdata.size(), 18u);
  EXPECT_EQ(txt_strings(rdata), strings);
  const std::vector<std::string> too_long{std::string(256, 'x')};
  EXPECT_TRUE(txt_rdata(too_long).empty());
}

}  // namespace
}  // namespace vouchd::dnswire
