// ARF parsing on the samples of standards.md §7.7 and §7.8 and the quirks of real feedback loops.
#include "vouchd/ingest/arf.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "samples.h"

namespace vouchd::ingest {
namespace {

using Strings = std::vector<std::string>;

std::string lf_only(std::string text) {
  std::string out;
  for (const char c : text) {
    if (c != '\r') out += c;
  }
  return out;
}

TEST(Arf, AbuseSample) {
  const auto r = parse_arf(sample("arf-abuse.eml"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->feedback_type, "abuse");
  EXPECT_EQ(r->version, "1");
  EXPECT_EQ(r->user_agent, "ExampleFBL/2.1");
  EXPECT_EQ(r->source_ip, "192.0.2.25");
  EXPECT_EQ(r->source_port, 51234);
  EXPECT_EQ(r->incidents, 1U);
  EXPECT_EQ(r->arrival, 1717243121);  // Sat, 01 Jun 2024 11:58:41 +0000
  EXPECT_EQ(r->reporting_mta, "mx1.mbp.example");
  EXPECT_EQ(r->original_mail_from, "bounce-123@bounces.sender.example");
  EXPECT_EQ(r->original_rcpt_to, (Strings{"dGhpcyBpcyByZWRhY3RlZA==@mbp.example"}));
  EXPECT_EQ(r->reported_domains, (Strings{"sender.example"}));
  EXPECT_EQ(r->dkim_signing_domains, (Strings{"sender.example"}));
  EXPECT_EQ(r->authenticated_domains, (Strings{"sender.example"}));
  EXPECT_EQ(r->spf_pass_domain, "bounces.sender.example");
  EXPECT_EQ(r->mail_from_domain, "bounces.sender.example");
  EXPECT_EQ(r->from_domain, "sender.example");
  EXPECT_EQ(r->original_message_id, "m-777@sender.example");
  EXPECT_EQ(r->message_id, "arf-0001@mbp.example");
  ASSERT_TRUE(r->vbr_info);
  EXPECT_EQ(r->vbr_info->md, "sender.example");
  EXPECT_EQ(r->vbr_info->mc, (Strings{"list"}));
  EXPECT_EQ(r->vbr_info->mv, (Strings{"vouch.example"}));
  EXPECT_TRUE(r->quirks.empty()) << r->quirks.front();
}

TEST(Arf, AuthFailureSample) {
  const auto r = parse_arf(sample("arf-auth-failure.eml"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->feedback_type, "auth-failure");
  EXPECT_EQ(r->auth_failure, "signature");
  EXPECT_EQ(r->delivery_result, "spam");
  EXPECT_EQ(r->dkim_domain, "sender.example");
  EXPECT_EQ(r->source_port, 40001);
  EXPECT_TRUE(r->authenticated_domains.empty()) << "dkim=fail authenticates nobody";
  EXPECT_EQ(r->dkim_signing_domains, (Strings{"sender.example"}));
}

TEST(Arf, LfLineEndsAreAccepted) {
  const auto r = parse_arf(lf_only(sample("arf-abuse.eml")));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->source_ip, "192.0.2.25");
  EXPECT_EQ(r->authenticated_domains, (Strings{"sender.example"}));
  EXPECT_EQ(r->quirks, (Strings{"lf-line-ends"}));
}

TEST(Arf, MissingOrOldVersionIsAcceptedAsOne) {
  const auto missing = parse_arf(replaced(sample("arf-abuse.eml"), "Version: 1\r\n", ""));
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_EQ(missing->version, "1");
  EXPECT_EQ(missing->quirks, (Strings{"missing-version"}));
  const auto old =
      parse_arf(replaced(sample("arf-abuse.eml"), "Version: 1\r\n", "Version: 0.1\r\n"));
  ASSERT_TRUE(old);
  EXPECT_EQ(old->quirks, (Strings{"version-0.1"}));
}

TEST(Arf, MalformedReportsAreRefused) {
  const std::string base = sample("arf-abuse.eml");
  EXPECT_FALSE(parse_arf(replaced(base, "Version: 1\r\n", "Version: 1\r\nVersion: 1\r\n")));
  EXPECT_FALSE(parse_arf(replaced(
      base, "Arrival-Date:", "Received-Date: Sat, 01 Jun 2024 11:58:41 +0000\r\nArrival-Date:")));
  EXPECT_FALSE(parse_arf(replaced(base, "Feedback-Type: abuse\r\n", "")));
  EXPECT_FALSE(parse_arf(replaced(base, "Incidents: 1", "Incidents: many")));
  EXPECT_FALSE(
      parse_arf(replaced(base, "report-type=feedback-report", "report-type=delivery-status")));
  EXPECT_FALSE(parse_arf("From: a@b\r\nSubject: hi\r\n\r\nplain text\r\n"));
  EXPECT_FALSE(parse_arf(""));
}

TEST(Arf, UnknownTypesAndFieldsAreKept) {
  std::string text =
      replaced(sample("arf-abuse.eml"), "Feedback-Type: abuse", "Feedback-Type: opt-out");
  text = replaced(text,
                  "Reported-Domain:", "Removal-Recipient: someone@mbp.example\r\nReported-Domain:");
  const auto r = parse_arf(text);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->feedback_type, "opt-out");
  EXPECT_TRUE(r->quirks.empty());
}

TEST(Arf, PassForADomainThatDidNotSignIsNotAuthentication) {
  const auto r = parse_arf(replaced(sample("arf-abuse.eml"), "dkim=pass header.d=sender.example",
                                    "dkim=pass header.d=other.example"));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->authenticated_domains.empty());
}

TEST(Arf, FullOriginalMessageAsMessageRfc822) {
  std::string text = replaced(sample("arf-abuse.eml"), "Content-Type: text/rfc822-headers",
                              "Content-Type: message/rfc822");
  text = replaced(text, "Date: Sat, 01 Jun 2024 11:58:40 +0000\r\n",
                  "Date: Sat, 01 Jun 2024 11:58:40 +0000\r\n\r\nDear customer, ...\r\n");
  const auto r = parse_arf(text);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->from_domain, "sender.example");
  EXPECT_EQ(r->authenticated_domains, (Strings{"sender.example"}));
  ASSERT_TRUE(r->vbr_info);
}

TEST(VbrInfo, Grammar) {
  const auto v = parse_vbr_info("md=Sender.Example; mc=list:transaction; mv=a.example:b.example;");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->md, "sender.example");
  EXPECT_EQ(v->mc, (Strings{"list", "transaction"}));
  EXPECT_EQ(v->mv, (Strings{"a.example", "b.example"}));
  EXPECT_FALSE(parse_vbr_info("mc=list; mv=a.example"));
  EXPECT_FALSE(parse_vbr_info("md=x.example; mc=list"));
}

}  // namespace
}  // namespace vouchd::ingest
