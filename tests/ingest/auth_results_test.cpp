// Authentication-Results (RFC 8601) on the samples of standards.md §7.11 and odd spellings.
#include "vouchd/ingest/auth_results.h"

#include <gtest/gtest.h>

namespace vouchd::ingest {
namespace {

using Domains = std::vector<std::string>;

TEST(AuthResults, FullSample) {
  const auto r = parse_authentication_results(
      "mx.vouch.example; dkim=pass header.d=sender.example header.s=s2024 header.b=AbCd1234;\r\n"
      "    spf=pass smtp.mailfrom=bounces.sender.example; dmarc=pass "
      "header.from=sender.example;\r\n"
      "    vbr=pass header.md=sender.example header.mv=vouch.example");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->authserv_id, "mx.vouch.example");
  ASSERT_EQ(r->results.size(), 4U);
  EXPECT_EQ(r->results[0].method, "dkim");
  EXPECT_EQ(r->results[0].property("header.s"), "s2024");
  EXPECT_EQ(r->results[1].property("smtp.mailfrom"), "bounces.sender.example");
  EXPECT_EQ(r->results[3].method, "vbr");
  EXPECT_EQ(r->results[3].property("HEADER.MV"), "vouch.example");
  EXPECT_EQ(dkim_pass_domains(*r), (Domains{"sender.example"}));
}

TEST(AuthResults, NoneHasNoResults) {
  const auto r = parse_authentication_results("mx.vouch.example; none");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->results.empty());
}

TEST(AuthResults, FailedSignatureCountsAsUnsigned) {
  const auto r = parse_authentication_results(
      "mx.vouch.example 1; dkim=fail (bad signature) header.d=sender.example; dkim=pass "
      "header.d=esp.example");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->authserv_id, "mx.vouch.example");
  ASSERT_EQ(r->results.size(), 2U);
  EXPECT_EQ(r->results[0].result, "fail");
  EXPECT_EQ(dkim_pass_domains(*r), (Domains{"esp.example"}));
}

TEST(AuthResults, CommentsQuotesSpacingAndCase) {
  const auto r = parse_authentication_results(
      "MX.Example (the (nested) verifier); DKIM = Pass (good) reason=\"key ok; fine\" "
      "header . d = Sender.Example.; spf=softfail smtp.mailfrom=\"a;b@x.example\";");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->authserv_id, "mx.example");
  ASSERT_EQ(r->results.size(), 2U);
  EXPECT_EQ(r->results[0].result, "pass");
  EXPECT_EQ(r->results[0].reason, "key ok; fine");
  EXPECT_EQ(dkim_pass_domains(*r), (Domains{"sender.example"}));
  EXPECT_EQ(r->results[1].property("smtp.mailfrom"), "a;b@x.example");
}

TEST(AuthResults, MalformedIsRefused) {
  EXPECT_FALSE(parse_authentication_results(""));
  EXPECT_FALSE(parse_authentication_results("; dkim=pass"));
  EXPECT_FALSE(parse_authentication_results("mx.example; dkim"));
  EXPECT_FALSE(parse_authentication_results("mx.example; =pass"));
}

}  // namespace
}  // namespace vouchd::ingest
