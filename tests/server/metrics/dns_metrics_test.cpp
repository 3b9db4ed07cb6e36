// Per-worker DNS shards summed on a scrape: zone slots, RCODE cells, transports, latency.
#include "vouchd/metrics/dns_metrics.h"

#include <gtest/gtest.h>

#include <thread>

#include "support/exposition_parser.h"

namespace vouchd::metrics {
namespace {

testing::Exposition scrape(const DnsMetrics& m) {
  Exposition out;
  m.render(out);
  return testing::parse_exposition(out.text());
}

TEST(DnsMetricsTest, ShardsAreSummedPerZoneRcodeAndTransport) {
  DnsMetrics m;
  DnsShard& a = m.add_shard();
  DnsShard& b = m.add_shard();
  const std::vector<std::string> apexes{"vouch.example.", "bl.example."};
  const auto za = m.zone_counters(a, apexes);
  const auto zb = m.zone_counters(b, apexes);
  ASSERT_EQ(za.size(), 2u);
  za[0]->count(DnsTransport::Udp, 0);
  zb[0]->count(DnsTransport::Udp, 0);
  zb[0]->count(DnsTransport::Tcp, 3);
  za[1]->count(DnsTransport::Udp, 3);
  a.no_zone().count(DnsTransport::Udp, 5);
  const auto e = scrape(m);
  ASSERT_EQ(e.error, "");
  const std::string q = "vouchd_dns_queries_total";
  EXPECT_EQ(e.value(q, {{"zone", "vouch.example."}, {"rcode", "NOERROR"}, {"transport", "udp"}}),
            2);
  EXPECT_EQ(e.value(q, {{"zone", "vouch.example."}, {"rcode", "NXDOMAIN"}, {"transport", "tcp"}}),
            1);
  EXPECT_EQ(e.value(q, {{"zone", "bl.example."}, {"rcode", "NXDOMAIN"}}), 1);
  EXPECT_EQ(e.value(q, {{"zone", "(none)"}, {"rcode", "REFUSED"}, {"transport", "udp"}}), 1);
  // Series that counted nothing are not written.
  EXPECT_FALSE(e.value(q, {{"zone", "bl.example."}, {"rcode", "NOERROR"}}).has_value());
  EXPECT_EQ(m.queries(), 5u);
}

TEST(DnsMetricsTest, AnApexKeepsItsCountersAcrossSnapshots) {
  DnsMetrics m;
  DnsShard& s = m.add_shard();
  m.zone_counters(s, std::vector<std::string>{"a.example."})[0]->count(DnsTransport::Udp, 0);
  // A later snapshot lists the zones in another order, with a new one.
  const auto again = m.zone_counters(s, std::vector<std::string>{"b.example.", "a.example."});
  again[1]->count(DnsTransport::Udp, 0);
  again[0]->count(DnsTransport::Udp, 0);
  const auto e = scrape(m);
  EXPECT_EQ(e.value("vouchd_dns_queries_total", {{"zone", "a.example."}}), 2);
  EXPECT_EQ(e.value("vouchd_dns_queries_total", {{"zone", "b.example."}}), 1);
}

TEST(DnsMetricsTest, ExtendedAndUnknownRcodesHaveTheirOwnCells) {
  DnsMetrics m;
  DnsShard& s = m.add_shard();
  s.no_zone().count(DnsTransport::Udp, 16);    // BADVERS, RFC 6891 §6.1.3
  s.no_zone().count(DnsTransport::Udp, 23);    // unassigned
  s.no_zone().count(DnsTransport::Udp, 4095);  // largest extended RCODE
  const auto e = scrape(m);
  EXPECT_EQ(e.value("vouchd_dns_queries_total", {{"rcode", "BADVERS"}}), 1);
  EXPECT_EQ(e.value("vouchd_dns_queries_total", {{"rcode", "OTHER"}}), 2);
}

TEST(DnsMetricsTest, LatencyAndDropsAreSummedPerTransport) {
  DnsMetrics m;
  DnsShard& a = m.add_shard();
  DnsShard& b = m.add_shard();
  a.answered_in(DnsTransport::Udp, 4'000, 10);
  b.answered_in(DnsTransport::Udp, 40'000, 2);
  b.answered_in(DnsTransport::Tcp, 40'000, 1);
  a.dropped(DnsTransport::Udp);
  const auto e = scrape(m);
  ASSERT_EQ(e.error, "");
  const std::string h = "vouchd_dns_answer_seconds";
  EXPECT_EQ(e.value(h + "_count", {{"transport", "udp"}}), 12);
  EXPECT_EQ(e.value(h + "_bucket", {{"transport", "udp"}, {"le", "5e-06"}}), 10);
  EXPECT_EQ(e.value(h + "_bucket", {{"transport", "udp"}, {"le", "5e-05"}}), 12);
  EXPECT_DOUBLE_EQ(*e.value(h + "_sum", {{"transport", "udp"}}), 120e-6);
  EXPECT_EQ(e.value(h + "_count", {{"transport", "tcp"}}), 1);
  EXPECT_EQ(e.value("vouchd_dns_dropped_total", {{"transport", "udp"}}), 1);
  EXPECT_EQ(e.value("vouchd_dns_dropped_total", {{"transport", "tcp"}}), 0);
}

TEST(DnsMetricsTest, WorkersCountWhileAScrapeReads) {
  DnsMetrics m;
  std::vector<DnsShard*> shards{&m.add_shard(), &m.add_shard()};
  std::vector<std::thread> workers;
  for (DnsShard* s : shards) {
    workers.emplace_back([s, &m] {
      auto z = m.zone_counters(*s, std::vector<std::string>{"a.example."});
      for (int i = 0; i < 100'000; ++i)
        z[0]->count(DnsTransport::Udp, 0);
    });
  }
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(scrape(m).error, "");
  for (auto& w : workers)
    w.join();
  EXPECT_EQ(scrape(m).value("vouchd_dns_queries_total", {{"zone", "a.example."}}), 200'000);
}

}  // namespace
}  // namespace vouchd::metrics
