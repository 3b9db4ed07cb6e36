// Tests for the RFC 1035 §5 master-file parser and record_to_text (RFC 2308 §4 for $TTL).
#include "vouchd/dnswire/master_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "vouchd/dnswire/rdata_text.h"

namespace vouchd::dnswire {
namespace {

using Bytes = std::vector<std::uint8_t>;

struct Parsed {
  std::vector<MasterRecord> records;
  std::optional<MasterError> error;
};

Parsed parse(std::string_view text, MasterOptions options = {}) {
  Parsed p;
  p.error = parse_master_file(text, options,
                              [&](MasterRecord&& r) { p.records.push_back(std::move(r)); });
  return p;
}

MasterOptions with_origin(std::string_view origin) {
  MasterOptions o;
  o.origin = Name::from_text(origin);
  return o;
}

Name name(std::string_view text) {
  return *Name::from_text(text);
}

// The error's message, or "<no error>".
std::string error_message(std::string_view text) {
  const Parsed p = parse(text);
  return p.error ? p.error->message : "<no error>";
}

std::string owner_text(const MasterRecord& r) {
  return r.owner.to_text();
}

std::string rdata_text(const MasterRecord& r) {
  return rdata_to_text(r.type, r.rdata);
}

TEST(MasterFileTest, ParsesFullRecord) {
  const Parsed p = parse("www.example.com. 300 IN A 192.0.2.1\n");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 1u);
  const MasterRecord& r = p.records[0];
  EXPECT_EQ(owner_text(r), "www.example.com.");
  EXPECT_EQ(r.ttl, 300u);
  EXPECT_EQ(r.rclass, 1);
  EXPECT_EQ(r.type, RRType::A);
  EXPECT_EQ(r.rdata, (Bytes{192, 0, 2, 1}));
  EXPECT_EQ(r.line, 1u);
}

TEST(MasterFileTest, OriginDirectiveMakesNamesAbsolute) {
  const Parsed p = parse(
      "$ORIGIN example.com.\n"
      "$TTL 3600\n"
      "@ NS ns1\n"
      "www CNAME @\n"
      "$ORIGIN sub\n"
      "host A 192.0.2.7\n");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(owner_text(p.records[0]), "example.com.");
  EXPECT_EQ(rdata_text(p.records[0]), "ns1.example.com.");
  EXPECT_EQ(owner_text(p.records[1]), "www.example.com.");
  EXPECT_EQ(rdata_text(p.records[1]), "example.com.");
  EXPECT_EQ(owner_text(p.records[2]), "host.sub.example.com.");  // relative $ORIGIN
}

TEST(MasterFileTest, OptionsOriginIsInitialOrigin) {
  const Parsed p = parse("www 60 A 192.0.2.1\n", with_origin("Example.ORG."));
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(owner_text(p.records[0]), "www.Example.ORG.");
}

TEST(MasterFileTest, RelativeNameWithoutOriginIsError) {
  const Parsed owner = parse("$TTL 60\nwww A 192.0.2.1\n");
  ASSERT_TRUE(owner.error);
  EXPECT_EQ(owner.error->line, 2u);
  EXPECT_EQ(owner.error->message, "relative name \"www\" without $ORIGIN");
  const Parsed rdata = parse("$TTL 60\nwww. MX 10 mail\n");
  ASSERT_TRUE(rdata.error);
  EXPECT_EQ(rdata.error->message, "relative name without $ORIGIN");
  EXPECT_TRUE(parse("$TTL 60\n@ A 192.0.2.1\n").error);
}

TEST(MasterFileTest, TtlDirectiveAcceptsUnits) {
  const Parsed p =
      parse("$TTL 1h2m3s\na. A 192.0.2.1\n$ttl 1W\nb. A 192.0.2.2\n$TTL 2D\nc. A 1.2.3.4\n");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(p.records[0].ttl, 3723u);
  EXPECT_EQ(p.records[1].ttl, 604800u);
  EXPECT_EQ(p.records[2].ttl, 172800u);
}

TEST(MasterFileTest, RejectsBadTtl) {
  for (const char* bad : {"$TTL 1h30\n", "$TTL h\n", "$TTL 4294967296\n", "$TTL 1x\n", "$TTL\n",
                          "$TTL 1 2\n", "a. 1y A 1.2.3.4\n", "a. 5000000000 A 1.2.3.4\n"}) {
    const Parsed p = parse(bad);
    ASSERT_TRUE(p.error) << bad;
    EXPECT_EQ(p.error->line, 1u) << bad;
  }
  EXPECT_EQ(error_message("$TTL 1x\n"), "bad $TTL \"1x\"");
  EXPECT_EQ(error_message("a. 1y A 1.2.3.4\n"), "bad TTL \"1y\"");
}

TEST(MasterFileTest, ExplicitTtlBeatsTtlDirective) {
  const Parsed p = parse("$TTL 100\na. 5 A 192.0.2.1\nb. A 192.0.2.2\n");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0].ttl, 5u);
  EXPECT_EQ(p.records[1].ttl, 100u);  // RFC 2308 §4: $TTL, not the previous record
}

TEST(MasterFileTest, MissingTtlTakesLastExplicitTtl) {
  const Parsed p = parse("a. 42 A 192.0.2.1\nb. A 192.0.2.2\nc. IN A 192.0.2.3\n");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(p.records[1].ttl, 42u);
  EXPECT_EQ(p.records[2].ttl, 42u);
}

TEST(MasterFileTest, DefaultTtlOptionAppliesUntilTtlAppears) {
  MasterOptions o;
  o.default_ttl = 900;
  const Parsed p = parse("a. A 192.0.2.1\nb. 7 A 192.0.2.2\nc. A 192.0.2.3\n", o);
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(p.records[0].ttl, 900u);
  EXPECT_EQ(p.records[1].ttl, 7u);
  EXPECT_EQ(p.records[2].ttl, 7u);
}

TEST(MasterFileTest, FirstRecordWithoutTtlIsError) {
  const Parsed p = parse("; zone\n\na. A 192.0.2.1\n");
  ASSERT_TRUE(p.error);
  EXPECT_EQ(p.error->line, 3u);
  EXPECT_EQ(p.error->message, "no TTL, and no $TTL before this record");
}

TEST(MasterFileTest, TtlAndClassInEitherOrder) {
  const Parsed p = parse(
      "a. 60 IN A 192.0.2.1\n"
      "b. IN 61 A 192.0.2.2\n"
      "c. CH 62 TXT x\n"
      "d. 63 CLASS3 TXT y\n"
      "e. in a 192.0.2.5\n");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 5u);
  EXPECT_EQ(p.records[0].ttl, 60u);
  EXPECT_EQ(p.records[1].ttl, 61u);
  EXPECT_EQ(p.records[1].rclass, 1);
  EXPECT_EQ(p.records[2].ttl, 62u);
  EXPECT_EQ(p.records[2].rclass, 3);
  EXPECT_EQ(p.records[3].rclass, 3);
  EXPECT_EQ(p.records[4].rclass, 1);
  EXPECT_EQ(p.records[4].ttl, 63u);
}

TEST(MasterFileTest, MissingClassTakesLastClass) {
  const Parsed p = parse("$TTL 1\na. CH TXT x\nb. TXT y\n");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[1].rclass, 3);
}

TEST(MasterFileTest, TypesAreCaseInsensitiveAndGeneric) {
  const Parsed p = parse(
      "$TTL 1\n"
      "a. txt x\n"
      "a. Aaaa 2001:db8::1\n"
      "a. TYPE65280 \\# 2 abcd\n"
      "a. type1 192.0.2.1\n"
      "a. TXT \\# 3 026869\n");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 5u);
  EXPECT_EQ(p.records[0].type, RRType::Txt);
  EXPECT_EQ(p.records[1].type, RRType::Aaaa);
  EXPECT_EQ(p.records[2].type, static_cast<RRType>(65280));
  EXPECT_EQ(p.records[2].rdata, (Bytes{0xab, 0xcd}));
  EXPECT_EQ(p.records[3].type, RRType::A);
  EXPECT_EQ(rdata_text(p.records[4]), "\"hi\"");
}

TEST(MasterFileTest, UnknownTypeIsError) {
  const Parsed p = parse("$TTL 1\na. BOGUS x\n");
  ASSERT_TRUE(p.error);
  EXPECT_EQ(p.error->line, 2u);
  EXPECT_EQ(p.error->message, "unknown type \"BOGUS\"");
  EXPECT_EQ(error_message("$TTL 1\na. 60 IN\n"), "missing type");
}

TEST(MasterFileTest, BlankOwnerRepeatsPreviousOwner) {
  const Parsed p = parse(
      "$ORIGIN example.\n$TTL 60\n"
      "listed A 127.0.0.2\n"
      "       TXT \"spam\"\n"
      "\tA 127.0.0.4\n");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 3u);
  for (const MasterRecord& r : p.records) {
    EXPECT_EQ(owner_text(r), "listed.example.");
  }
  EXPECT_EQ(p.records[1].type, RRType::Txt);
}

TEST(MasterFileTest, BlankOwnerOnFirstRecordIsError) {
  const Parsed p = parse("$TTL 60\n  A 192.0.2.1\n");
  ASSERT_TRUE(p.error);
  EXPECT_EQ(p.error->line, 2u);
  EXPECT_EQ(p.error->message, "the first record has no owner name");
}

TEST(MasterFileTest, ParenthesesSpanLines) {
  const Parsed p = parse(
      "$ORIGIN example.\n"
      "@ 3600 IN SOA ns1 hostmaster (\n"
      "    2024010101 ; serial\n"
      "    1h         ; refresh\n"
      "    600 604800\n"
      "    300 )      ; minimum\n"
      "www 60 A 192.0.2.1\n");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0].type, RRType::Soa);
  EXPECT_EQ(p.records[0].line, 2u);
  EXPECT_EQ(rdata_text(p.records[0]),
            "ns1.example. hostmaster.example. 2024010101 3600 600 604800 300");
  EXPECT_EQ(p.records[1].line, 7u);
}

TEST(MasterFileTest, ParenthesesErrorsNameTheirLine) {
  const Parsed unclosed = parse("$TTL 1\n\na. TXT ( x\ny\n");
  ASSERT_TRUE(unclosed.error);
  EXPECT_EQ(unclosed.error->line, 3u);
  EXPECT_EQ(unclosed.error->message, "\"(\" never closed");
  const Parsed stray = parse("$TTL 1\na. TXT x )\n");
  ASSERT_TRUE(stray.error);
  EXPECT_EQ(stray.error->line, 2u);
  EXPECT_EQ(stray.error->message, "\")\" without \"(\"");
  const Parsed nested = parse("$TTL 1\na. TXT ( x\n ( y ) )\n");
  ASSERT_TRUE(nested.error);
  EXPECT_EQ(nested.error->line, 3u);
  EXPECT_EQ(nested.error->message, "nested parentheses");
}

TEST(MasterFileTest, CommentsEndAtLineButNotInsideQuotes) {
  const Parsed p = parse(
      "; leading comment\n"
      "$TTL 60 ; trailing\n"
      "   ; indented comment only\n"
      "a. TXT \"semi;colon\" x;comment\n"
      "b. TXT \\;y\n");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(txt_strings(p.records[0].rdata), (std::vector<std::string>{"semi;colon", "x"}));
  EXPECT_EQ(txt_strings(p.records[1].rdata), (std::vector<std::string>{";y"}));
  EXPECT_EQ(p.records[0].line, 4u);
}

TEST(MasterFileTest, QuotedStringsKeepBlanksAndEscapes) {
  const Parsed p = parse(R"($TTL 60
a. TXT "two  spaces" "q\"uote" "back\\slash" "\068\069" ( "in parens" )
)");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(txt_strings(p.records[0].rdata),
            (std::vector<std::string>{"two  spaces", "q\"uote", "back\\slash", "DE", "in parens"}));
}

TEST(MasterFileTest, UnterminatedQuoteIsError) {
  const Parsed p = parse("$TTL 60\na. TXT \"open\nb. TXT x\n");
  ASSERT_TRUE(p.error);
  EXPECT_EQ(p.error->line, 2u);
  EXPECT_EQ(p.error->message, "unterminated quoted string");
}

TEST(MasterFileTest, EscapedBlankBelongsToName) {
  const Parsed p = parse("$TTL 60\na\\ b.example. TXT x\n");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].owner.wire()[0], 3);
  EXPECT_EQ(p.records[0].owner.wire()[2], ' ');
  const Parsed bad = parse("$TTL 60\na. TXT x\\\n");
  ASSERT_TRUE(bad.error);
  EXPECT_EQ(bad.error->message, "backslash at end of line");
}

TEST(MasterFileTest, IncludeAndGenerateAreRefused) {
  const Parsed include = parse("$TTL 60\n$INCLUDE other.zone\n");
  ASSERT_TRUE(include.error);
  EXPECT_EQ(include.error->line, 2u);
  EXPECT_EQ(include.error->message, "$INCLUDE is not supported");
  const Parsed generate = parse("$GENERATE 1-10 host$ A 10.0.0.$\n");
  ASSERT_TRUE(generate.error);
  EXPECT_EQ(generate.error->message, "$GENERATE is not supported");
  const Parsed unknown = parse("$FOO bar\n");
  ASSERT_TRUE(unknown.error);
  EXPECT_EQ(unknown.error->message, "unknown directive \"$FOO\"");
}

TEST(MasterFileTest, OriginDirectiveErrors) {
  EXPECT_EQ(error_message("$ORIGIN\n"), "$ORIGIN needs one argument");
  EXPECT_EQ(error_message("$ORIGIN relative\n"), "bad $ORIGIN \"relative\"");
  EXPECT_EQ(error_message("$ORIGIN a..b.\n"), "bad $ORIGIN \"a..b.\"");
}

TEST(MasterFileTest, RdataErrorsCarryTheirLine) {
  const Parsed p = parse(
      "$ORIGIN example.\n$TTL 60\n"
      "a A 192.0.2.1\n"
      "b A 192.0.2.2\n"
      "c A 1.2.3\n"
      "d A 192.0.2.4\n");
  ASSERT_TRUE(p.error);
  EXPECT_EQ(p.error->line, 5u);
  EXPECT_EQ(p.error->message, "bad IPv4 address \"1.2.3\"");
  EXPECT_EQ(p.records.size(), 2u);  // the sink saw what came before; the caller discards it
}

TEST(MasterFileTest, BadOwnerIsError) {
  const Parsed p = parse("$TTL 60\na..b. A 192.0.2.1\n");
  ASSERT_TRUE(p.error);
  EXPECT_EQ(p.error->message, "bad owner name \"a..b.\"");
  EXPECT_TRUE(parse("$TTL 60\n\"quoted.\" A 192.0.2.1\n").error);
}

TEST(MasterFileTest, AcceptsCrLfAndMissingFinalNewline) {
  const Parsed p = parse("$TTL 60\r\na. A 192.0.2.1\r\n\r\nb. A 192.0.2.2");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[1].line, 4u);
  EXPECT_EQ(p.records[1].rdata, (Bytes{192, 0, 2, 2}));
}

TEST(MasterFileTest, EmptyTextHasNoRecords) {
  const Parsed p = parse("");
  EXPECT_FALSE(p.error);
  EXPECT_TRUE(p.records.empty());
  EXPECT_FALSE(parse(" \n\t; only comments\n( )\n").error);
}

TEST(MasterFileTest, OwnerKeepsCaseAndRepeatsAcrossOriginChange) {
  const Parsed p = parse("$TTL 1\n$ORIGIN A.\nwww TXT x\n$ORIGIN b.\nwww TXT y\n  TXT z\n");
  ASSERT_FALSE(p.error) << p.error->message;
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(owner_text(p.records[0]), "www.A.");
  EXPECT_EQ(owner_text(p.records[1]), "www.b.");
  EXPECT_EQ(owner_text(p.records[2]), "www.b.");
}

TEST(MasterFileTest, RecordToTextWritesPresentationForm) {
  const Bytes rdata{127, 0, 0, 2};
  EXPECT_EQ(record_to_text(name("2.0.0.127.bl.example."), 300, 1, RRType::A, rdata),
            "2.0.0.127.bl.example. 300 IN A 127.0.0.2");
  const Bytes txt{4, 'a', ' ', '"', 'b'};
  EXPECT_EQ(record_to_text(name("x."), 0, 3, RRType::Txt, txt), "x. 0 CH TXT \"a \\\"b\"");
}

TEST(MasterFileTest, RecordToTextReadsBackIdentically) {
  const Parsed source = parse(R"($ORIGIN Example.COM.
$TTL 3600
@ SOA ns1 h\.master 1 2 3 4 5
@ NS ns1
ns1 A 192.0.2.53
ns1 AAAA ::ffff:192.0.2.53
mail 60 CH MX 10 @
\$weird\@\;\(name\) CLASS9 TXT "a;b" "\000\255" ""
sp\032ace PTR x\.y
_vouch TYPE65280 \# 3 010203
cpu HINFO "Intel x86" Linux
bad TXT \# 2 0561
)");
  ASSERT_FALSE(source.error) << source.error->message << " at " << source.error->line;
  ASSERT_EQ(source.records.size(), 10u);
  for (const MasterRecord& r : source.records) {
    const std::string text = record_to_text(r.owner, r.ttl, r.rclass, r.type, r.rdata);
    const Parsed again = parse(text + "\n");
    ASSERT_FALSE(again.error) << text << ": " << again.error->message;
    ASSERT_EQ(again.records.size(), 1u) << text;
    const MasterRecord& b = again.records[0];
    EXPECT_TRUE(std::ranges::equal(b.owner.wire(), r.owner.wire())) << text;
    EXPECT_EQ(b.ttl, r.ttl) << text;
    EXPECT_EQ(b.rclass, r.rclass) << text;
    EXPECT_EQ(b.type, r.type) << text;
    EXPECT_EQ(b.rdata, r.rdata) << text;
  }
}

}  // namespace
}  // namespace vouchd::dnswire
