// GET /metrics on the real vouchd binary: no token needed, the Prometheus text format parses
// (every sample line `name{labels} value`, histogram buckets non-decreasing up to +Inf), and the
// counters move by exactly what was sent: DNS queries by zone, RCODE and transport, HTTP
// requests by route pattern and status, store writes, publications and the snapshot generation.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "http_support.h"
#include "integration_support.h"
#include "support/exposition_parser.h"

namespace vouchd::integration {
namespace {

using dnswire::RCode;
using dnswire::RRType;
using Labels = std::map<std::string, std::string>;

constexpr char kVouchZone[] = R"($ORIGIN vouch.example.
$TTL 3600
@        3600 IN SOA ns1.vouch.example. hostmaster.vouch.example. 1 3600 600 604800 300
@             IN NS  ns1.vouch.example.
ns1           IN A   192.0.2.53
sender.example._vouch  IN TXT "transaction list"
)";
constexpr char kVouchRoute[] = "/api/v1/zones/{zone}/vouches/{domain}";

class Metrics : public ApiSuite {
 protected:
  static void SetUpTestSuite() { start_suite({{"vbr", kVouchZone}}); }

  // One scrape, without a token; the text must be valid exposition format.
  static testing::Exposition scrape() {
    const HttpReply r = http(server_->http_port(), "GET", "/metrics", "");
    EXPECT_EQ(r.status, 200) << r;
    EXPECT_EQ(r.content_type.rfind("text/plain; version=0.0.4", 0), 0u) << r.content_type;
    testing::Exposition e = testing::parse_exposition(r.body);
    EXPECT_EQ(e.error, "") << r.body;
    return e;
  }
  static std::uint16_t udp_rcode(const std::string& name, RRType type) {
    const auto reply = testing::parse_reply(
        testing::udp_exchange(server_->dns_port(), testing::query(name, type)));
    EXPECT_TRUE(reply.ok()) << name;
    return reply.rcode();
  }
};

// after - before for one counter series (0 for a series not yet written).
double moved(const testing::Exposition& before, const testing::Exposition& after,
             const std::string& name, const Labels& labels) {
  return after.counter(name, labels) - before.counter(name, labels);
}

TEST_F(Metrics, ExpositionHasEveryFamilyWithHelpAndType) {
  const auto e = scrape();
  const std::map<std::string, std::string> families{
      {"vouchd_dns_queries_total", "counter"},
      {"vouchd_dns_answer_seconds", "histogram"},
      {"vouchd_zone_snapshot_generation", "gauge"},
      {"vouchd_zone_snapshot_age_seconds", "gauge"},
      {"vouchd_http_requests_total", "counter"},
      {"vouchd_http_request_duration_seconds", "histogram"},
      {"vouchd_store_write_seconds", "histogram"},
      {"vouchd_publish_seconds", "histogram"}};
  for (const auto& [name, type] : families) {
    ASSERT_TRUE(e.types.contains(name)) << name;
    EXPECT_EQ(e.types.at(name), type) << name;
    EXPECT_TRUE(e.help.contains(name)) << name;
  }
  EXPECT_GE(e.counter("vouchd_zone_snapshot_generation"), 1);  // the start-up snapshot
  EXPECT_GE(e.counter("vouchd_zone_snapshot_age_seconds"), 0);
  // The answer histogram has buckets from 1 µs to 10 ms.
  EXPECT_TRUE(e.value("vouchd_dns_answer_seconds_bucket", {{"transport", "udp"}, {"le", "1e-06"}}));
  EXPECT_TRUE(e.value("vouchd_dns_answer_seconds_bucket", {{"transport", "udp"}, {"le", "0.01"}}));
}

TEST_F(Metrics, DnsQueriesAreCountedByZoneRcodeAndTransport) {
  const auto before = scrape();
  const std::string name = "vouchd_dns_queries_total";
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(udp_rcode("sender.example._vouch.vouch.example.", RRType::Txt), 0);
  }
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(udp_rcode("nobody.example._vouch.vouch.example.", RRType::Txt),
              static_cast<std::uint16_t>(RCode::NxDomain));
  }
  EXPECT_EQ(udp_rcode("example.org.", RRType::A), static_cast<std::uint16_t>(RCode::Refused));
  const auto tcp = testing::parse_reply(
      testing::tcp_exchange(server_->dns_port(), testing::query("vouch.example.", RRType::Soa)));
  EXPECT_EQ(tcp.rcode(), 0);
  // A UDP batch is timed once its answers are sent, so the client may read an answer before
  // the worker has recorded its time: wait for the histogram, then check it counted exactly.
  auto after = scrape();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (moved(before, after, "vouchd_dns_answer_seconds_count", {{"transport", "udp"}}) < 6 &&
         std::chrono::steady_clock::now() < deadline) {
    after = scrape();
  }

  const std::string zone = "vouch.example.";
  EXPECT_EQ(
      moved(before, after, name, {{"zone", zone}, {"rcode", "NOERROR"}, {"transport", "udp"}}), 3);
  EXPECT_EQ(
      moved(before, after, name, {{"zone", zone}, {"rcode", "NXDOMAIN"}, {"transport", "udp"}}), 2);
  EXPECT_EQ(
      moved(before, after, name, {{"zone", "(none)"}, {"rcode", "REFUSED"}, {"transport", "udp"}}),
      1);
  EXPECT_EQ(
      moved(before, after, name, {{"zone", zone}, {"rcode", "NOERROR"}, {"transport", "tcp"}}), 1);
  // Every answer was timed, each in its own transport's histogram.
  EXPECT_EQ(moved(before, after, "vouchd_dns_answer_seconds_count", {{"transport", "udp"}}), 6);
  EXPECT_EQ(moved(before, after, "vouchd_dns_answer_seconds_count", {{"transport", "tcp"}}), 1);
  EXPECT_EQ(moved(before, after, "vouchd_dns_dropped_total", {{"transport", "udp"}}), 0);
}

TEST_F(Metrics, HttpRequestsAreCountedByRoutePatternAndStatus) {
  const auto before = scrape();
  const std::string path = "/api/v1/zones/vouch.example/vouches/metrics.example";
  const HttpReply put =
      http(server_->http_port(), "PUT", path, certifier_, R"({"categories":["all"]})");
  ASSERT_EQ(put.status, 201) << put;
  EXPECT_EQ(http(server_->http_port(), "GET", path, viewer_).status, 200);
  EXPECT_EQ(http(server_->http_port(), "GET", path, "").status, 401);
  EXPECT_EQ(
      http(server_->http_port(), "GET", "/api/v1/zones/nozone.example/vouches/x.example", viewer_)
          .status,
      404);
  EXPECT_EQ(http(server_->http_port(), "GET", "/no/such/raw-path-7", viewer_).status, 404);
  const auto after = scrape();

  const std::string name = "vouchd_http_requests_total";
  const auto route = [](const std::string& method, const std::string& status) {
    return Labels{{"method", method}, {"route", kVouchRoute}, {"status", status}};
  };
  EXPECT_EQ(moved(before, after, name, route("PUT", "201")), 1);
  EXPECT_EQ(moved(before, after, name, route("GET", "200")), 1);
  EXPECT_EQ(moved(before, after, name, route("GET", "401")), 1);
  EXPECT_EQ(moved(before, after, name, route("GET", "404")), 1);
  EXPECT_EQ(moved(before, after, name, {{"route", "(unrouted)"}, {"status", "404"}}), 1);
  // The scrape before this one was counted too; this one is counted after it is written.
  EXPECT_EQ(
      moved(before, after, name, {{"method", "GET"}, {"route", "/metrics"}, {"status", "200"}}), 1);
  // Durations: four timed requests on the vouch route (one PUT, three GETs).
  EXPECT_EQ(moved(before, after, "vouchd_http_request_duration_seconds_count",
                  {{"method", "PUT"}, {"route", kVouchRoute}}),
            1);
  EXPECT_EQ(moved(before, after, "vouchd_http_request_duration_seconds_count",
                  {{"method", "GET"}, {"route", kVouchRoute}}),
            3);
  // No label ever carries a raw path.
  for (const auto& s : after.samples) {
    for (const auto& [k, v] : s.labels) {
      for (const char* raw : {"metrics.example", "nozone", "raw-path"}) {
        EXPECT_EQ(v.find(raw), std::string::npos) << s.name << " " << k << "=" << v;
      }
    }
  }
}

TEST_F(Metrics, AWriteIsTimedInTheStoreAndPublishedAsANewSnapshot) {
  const auto before = scrape();
  const std::string path = "/api/v1/zones/vouch.example/vouches/published.example";
  ASSERT_EQ(
      http(server_->http_port(), "PUT", path, certifier_, R"({"categories":["list"]})").status,
      201);
  ASSERT_EQ(http(server_->http_port(), "DELETE", path, certifier_).status, 200);
  const auto after = scrape();
  EXPECT_EQ(moved(before, after, "vouchd_store_write_seconds_count", {}), 2);
  EXPECT_EQ(moved(before, after, "vouchd_publish_seconds_count", {}), 2);
  EXPECT_EQ(moved(before, after, "vouchd_zone_snapshot_generation", {}), 2);
  EXPECT_GT(after.counter("vouchd_store_write_seconds_sum"),
            before.counter("vouchd_store_write_seconds_sum"));
  // The snapshot is as old as the last write, which was just now.
  EXPECT_LT(after.counter("vouchd_zone_snapshot_age_seconds"), 60);
}

}  // namespace
}  // namespace vouchd::integration
