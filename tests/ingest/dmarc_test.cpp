// DMARC aggregate reports on the sample of standards.md §7.9: plain, gzip and zip; the lenient
// variants; and hostile input refused with the right kind of error.
#include "vouchd/ingest/dmarc.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "samples.h"

namespace vouchd::ingest {
namespace {

using Code = DmarcError::Code;

void expect_sample(const tl::expected<DmarcReport, DmarcError>& r) {
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->org_name, "receiver.example");
  EXPECT_EQ(r->report_id, "rcv-2024-06-01-0001");
  EXPECT_EQ(r->begin, 1717200000);
  EXPECT_EQ(r->end, 1717286399);
  EXPECT_EQ(r->policy_domain, "sender.example");
  EXPECT_EQ(r->policy, "none");
  ASSERT_EQ(r->records.size(), 2U);
  const DmarcRecord& a = r->records[0];
  EXPECT_EQ(a.source_ip, "192.0.2.25");
  EXPECT_EQ(a.count, 1200U);
  EXPECT_TRUE(a.dkim_aligned_pass);
  EXPECT_TRUE(a.spf_aligned_pass);
  EXPECT_EQ(a.header_from, "sender.example");
  ASSERT_EQ(a.dkim.size(), 1U);
  EXPECT_EQ(a.dkim[0].domain, "sender.example");
  EXPECT_EQ(a.dkim[0].selector, "s2024");
  EXPECT_EQ(a.dkim[0].result, "pass");
  ASSERT_EQ(a.spf.size(), 1U);
  EXPECT_EQ(a.spf[0].scope, "mfrom");
  const DmarcRecord& b = r->records[1];
  EXPECT_EQ(b.source_ip, "2001:db8::25");
  EXPECT_EQ(b.count, 3U);
  EXPECT_FALSE(b.dkim_aligned_pass);
  EXPECT_FALSE(b.spf_aligned_pass);
  EXPECT_TRUE(b.dkim.empty());
  EXPECT_EQ(b.spf[0].result, "softfail");
}

TEST(Dmarc, SamplePlainGzipAndZip) {
  expect_sample(parse_dmarc(sample("dmarc-sample.xml")));
  expect_sample(parse_dmarc(sample("dmarc-sample.xml.gz")));
  expect_sample(parse_dmarc(sample("dmarc-sample.zip")));
  EXPECT_TRUE(parse_dmarc(sample("dmarc-sample.xml"))->quirks.empty());
}

TEST(Dmarc, LenientVariants) {
  std::string x = sample("dmarc-sample.xml");
  x = replaced(x, "<version>1.0</version>", "");
  x = replaced(x, "<envelope_from>bounces.sender.example</envelope_from>", "");
  x = replaced(x, "<scope>mfrom</scope>", "");
  x = replaced(x, "<feedback>", "<feedback xmlns=\"http://dmarc.org/dmarc-xml/0.1\">");
  x = replaced(x, "<report_metadata>", "<report_metadata><future_element>x</future_element>");
  const auto r = parse_dmarc(x);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->records.size(), 2U);
  EXPECT_EQ(r->records[0].count, 1200U);
  const std::vector<std::string> quirks = {"namespace", "missing-version", "missing-envelope-from",
                                           "missing-scope"};
  EXPECT_EQ(r->quirks, quirks);
}

TEST(Dmarc, PrefixedNamespaceElements) {
  std::string x = sample("dmarc-sample.xml");
  // Every element name prefixed: <d:feedback xmlns:d=...>, </d:feedback>, ...
  std::string out;
  for (std::size_t i = 0; i < x.size(); ++i) {
    out += x[i];
    if (x[i] == '<' && i + 1 < x.size() && x[i + 1] != '?') {
      if (x[i + 1] == '/') out += x[++i];
      out += "d:";
    }
  }
  out = replaced(out, "<d:feedback>", "<d:feedback xmlns:d=\"http://dmarc.org/dmarc-xml/0.1\">");
  const auto r = parse_dmarc(out);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->records.size(), 2U);
}

TEST(Dmarc, HostileInputIsRefused) {
  const std::string x = sample("dmarc-sample.xml");
  const auto doctype = parse_dmarc(
      replaced(x, "<feedback>", "<!DOCTYPE feedback [<!ENTITY a \"aaaa\">]>\n<feedback>"));
  ASSERT_FALSE(doctype);
  EXPECT_EQ(doctype.error().code, Code::Hostile);
  const auto bomb = parse_dmarc(sample("dmarc-bomb.xml.gz"), 1 << 20);
  ASSERT_FALSE(bomb);
  EXPECT_EQ(bomb.error().code, Code::TooLarge);
  const auto nested = parse_dmarc(sample("dmarc-nested.zip"));
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().code, Code::Hostile);
  const auto crc = parse_dmarc(sample("dmarc-bad-crc.xml.gz"));
  ASSERT_FALSE(crc);
  EXPECT_EQ(crc.error().code, Code::Hostile);
  const std::string gz = sample("dmarc-sample.xml.gz");
  const auto truncated = parse_dmarc(gz.substr(0, gz.size() / 2));
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code, Code::Malformed);
}

TEST(Dmarc, NotAReport) {
  EXPECT_EQ(parse_dmarc("%PDF-1.4 ...").error().code, Code::NotAReport);
  EXPECT_EQ(parse_dmarc("").error().code, Code::NotAReport);
  EXPECT_EQ(parse_dmarc("<html><body>hi</body></html>").error().code, Code::Malformed);
  const std::string x = sample("dmarc-sample.xml");
  EXPECT_EQ(parse_dmarc(replaced(x, "<count>1200</count>", "<count>many</count>")).error().message,
            "record[0]/row/count: not a number");
  EXPECT_EQ(
      parse_dmarc(replaced(x, "<source_ip>192.0.2.25</source_ip>", "<source_ip>x</source_ip>"))
          .error()
          .code,
      Code::Malformed);
  EXPECT_FALSE(parse_dmarc(replaced(x, "<report_id>rcv-2024-06-01-0001</report_id>", "")));
  EXPECT_FALSE(parse_dmarc(x.substr(0, x.size() / 2)));
}

}  // namespace
}  // namespace vouchd::ingest
