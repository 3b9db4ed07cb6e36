// RFC 4343 (DNS case insensitivity): names match without regard to ASCII case (§3), and the case
// of the question is preserved (§4.1); only A–Z fold, other octets compare as they are (§3).
// standards.md §5.1, vectors V2 and B12.
#include <gtest/gtest.h>

#include "conformance_server.h"

namespace vouchd::conformance {
namespace {

using testing::RawOpt;
using testing::raw_query;

// The question section of a query (after the 12-octet header, before the OPT).
Bytes question_of(const Bytes& query, bool with_opt) {
  const std::size_t opt = with_opt ? testing::opt_rr(RawOpt{}).size() : 0;
  return Bytes(query.begin() + 12, query.end() - static_cast<long>(opt));
}

void expect_question_echoed(const Bytes& query, const Reply& r, bool with_opt) {
  const Bytes question = question_of(query, with_opt);
  ASSERT_GE(r.wire.size(), 12 + question.size()) << testing::describe(r);
  EXPECT_EQ(testing::hex_text(Bytes(r.wire.begin() + 12,
                                    r.wire.begin() + 12 + static_cast<long>(question.size()))),
            testing::hex_text(question));
}

// §3: every kind of zone matches case-insensitively; §4.1: the question comes back byte for byte.
TEST(Rfc4343Sec3, MixedCaseNamesMatchInEveryZoneKind) {
  struct Case {
    const char* name;
    std::uint16_t type;
    const char* answer;
  };
  for (const Case& c : {
           Case{"SeNdEr.ExAmPlE._VoUcH.VoUcH.eXaMpLe", 16,
                R"(SeNdEr.ExAmPlE._VoUcH.VoUcH.eXaMpLe. 3600 IN TXT "transaction list")"},
           Case{"2.0.0.127.Bl.ExAmPlE", 1, "2.0.0.127.Bl.ExAmPlE. * IN A 127.0.0.2"},
           Case{"99.2.0.192.BL.example", 1, "99.2.0.192.BL.example. 900 IN A 127.0.0.2"},
           Case{"SENDER.EXAMPLE.DBL.EXAMPLE", 1, "SENDER.EXAMPLE.DBL.EXAMPLE. 900 IN A 127.0.1.2"},
           Case{"MULTI.Static.Example", 1, "MULTI.Static.Example. 3600 IN A 192.0.2.1"},
       }) {
    const Bytes q = raw_query(0x4343, 0, c.name, c.type, 1, {RawOpt{}});
    const Reply r = ask_raw(q);
    ASSERT_TRUE(r.ok()) << c.name << testing::describe(r);
    EXPECT_EQ(r.rcode(), 0) << c.name;
    ASSERT_FALSE(r.msg().answers.empty()) << c.name << testing::describe(r);
    const auto texts = testing::as_text(r.msg().answers);
    EXPECT_TRUE(testing::line_matches(c.answer, texts.front())) << c.name << ": " << texts.front();
    expect_question_echoed(q, r, true);
  }
}

// §4.1: the case of a negative answer's question is kept too (0x20-style resolvers check it).
TEST(Rfc4343Sec4p1, NegativeAnswerKeepsQuestionCase) {
  const Bytes q = raw_query(0x4344, 0, "NoBoDy.ExAmPlE._vouch.VOUCH.example", 16);
  const Reply r = ask_raw(q);
  ASSERT_TRUE(r.ok()) << testing::describe(r);
  EXPECT_EQ(r.rcode(), 3);
  expect_question_echoed(q, r, false);
  ASSERT_EQ(r.msg().authority.size(), 1u);
  EXPECT_EQ(r.msg().authority[0].type, RRType::Soa);
  EXPECT_EQ(r.msg().authority[0].owner.to_text(), "VOUCH.example.") << testing::describe(r);
}

// §4.1: a REFUSED keeps the question's case as well.
TEST(Rfc4343Sec4p1, RefusedKeepsQuestionCase) {
  const Bytes q = raw_query(0x4345, 0, "WwW.ExAmPlE.oRg", 1);
  const Reply r = ask_raw(q);
  EXPECT_EQ(r.rcode(), 5);
  expect_question_echoed(q, r, false);
}

// §3: only A-Z fold. static.example has a name whose labels hold octet 0xC9 ('É' in Latin-1):
// it matches with its ASCII letters in either case, but not with 0xE9 ('é') in place of 0xC9.
TEST(Rfc4343Sec3, OnlyAsciiLettersFold) {
  const Reply same = ask_raw(raw_query(0x4346, 0, "\xC9t\xC9.static.example", 1));
  EXPECT_EQ(same.rcode(), 0) << testing::describe(same);
  EXPECT_EQ(same.msg().answers.size(), 1u);
  const Reply ascii_upper = ask_raw(raw_query(0x4347, 0, "\xC9T\xC9.STATIC.example", 1));
  EXPECT_EQ(ascii_upper.rcode(), 0) << testing::describe(ascii_upper);
  EXPECT_EQ(ascii_upper.msg().answers.size(), 1u);
  const Reply latin1_lower = ask_raw(raw_query(0x4348, 0, "\xE9t\xE9.static.example", 1));
  EXPECT_EQ(latin1_lower.rcode(), 3) << testing::describe(latin1_lower);
  // '@' (0x40) and '[' (0x5B) border 'A' and 'Z'; they are not letters and do not fold onto
  // '`' (0x60) and '{' (0x7B).
  const Reply at = ask_raw(raw_query(0x4349, 0, "`t`.static.example", 1));
  EXPECT_EQ(at.rcode(), 3) << testing::describe(at);
  const Reply brace = ask_raw(raw_query(0x434A, 0, "{t{.static.example", 1));
  EXPECT_EQ(brace.rcode(), 3) << testing::describe(brace);
}

}  // namespace
}  // namespace vouchd::conformance
