// HTTP request counters: labels bounded (methods, routes), durations, the whole exposition.
#include "vouchd/metrics/http_metrics.h"

#include <gtest/gtest.h>

#include "support/exposition_parser.h"
#include "vouchd/metrics/metrics.h"

namespace vouchd::metrics {
namespace {

testing::Exposition scrape(const HttpMetrics& m) {
  Exposition out;
  m.render(out);
  return testing::parse_exposition(out.text());
}

TEST(HttpMetricsTest, CountsByMethodRouteAndStatus) {
  HttpMetrics m;
  const std::string route = "/api/v1/zones/{zone}/vouches/{domain}";
  m.observe("PUT", route, 201, 2'000'000);
  m.observe("PUT", route, 201, 3'000'000);
  m.observe("PUT", route, 401, 100'000);
  m.count("POST", "(unrouted)", 413);
  const auto e = scrape(m);
  ASSERT_EQ(e.error, "");
  const std::string c = "vouchd_http_requests_total";
  EXPECT_EQ(e.value(c, {{"method", "PUT"}, {"route", route}, {"status", "201"}}), 2);
  EXPECT_EQ(e.value(c, {{"method", "PUT"}, {"route", route}, {"status", "401"}}), 1);
  EXPECT_EQ(e.value(c, {{"method", "POST"}, {"status", "413"}}), 1);
  const std::string d = "vouchd_http_request_duration_seconds";
  EXPECT_EQ(e.value(d + "_count", {{"method", "PUT"}, {"route", route}}), 3);
  EXPECT_EQ(e.value(d + "_bucket", {{"method", "PUT"}, {"route", route}, {"le", "0.0025"}}), 2);
  EXPECT_FALSE(e.value(d + "_count", {{"method", "POST"}}).has_value());  // count() is not timed
}

TEST(HttpMetricsTest, UnknownMethodsAndRoutesBeyondTheLimitShareOneLabel) {
  HttpMetrics m;
  m.observe("BREW", "/a", 400, 1);
  for (std::size_t i = 0; i < HttpMetrics::kMaxRoutes + 10; ++i) {
    m.observe("GET", "/r" + std::to_string(i), 200, 1);
  }
  const auto e = scrape(m);
  EXPECT_EQ(e.value("vouchd_http_requests_total", {{"method", "OTHER"}}), 1);
  EXPECT_EQ(e.value("vouchd_http_requests_total", {{"route", "(other)"}}), 11);
  std::set<std::string> routes;
  for (const auto& s : e.samples) {
    if (s.name == "vouchd_http_requests_total") routes.insert(s.labels.at("route"));
  }
  EXPECT_EQ(routes.size(), HttpMetrics::kMaxRoutes + 1);
}

TEST(MetricsTest, ExpositionHasEveryFamilyAndParses) {
  Metrics m{[] { return SnapshotState{7, 1.5}; }};
  m.dns().add_shard();
  m.store_write().observe(4'000'000);
  m.publish().observe(300'000);
  const auto e = testing::parse_exposition(m.render());
  ASSERT_EQ(e.error, "");
  EXPECT_EQ(e.types.at("vouchd_dns_queries_total"), "counter");
  EXPECT_EQ(e.types.at("vouchd_dns_answer_seconds"), "histogram");
  EXPECT_EQ(e.types.at("vouchd_http_requests_total"), "counter");
  EXPECT_EQ(e.types.at("vouchd_http_request_duration_seconds"), "histogram");
  EXPECT_EQ(e.types.at("vouchd_zone_snapshot_generation"), "gauge");
  EXPECT_EQ(e.value("vouchd_zone_snapshot_generation"), 7);
  EXPECT_EQ(e.value("vouchd_zone_snapshot_age_seconds"), 1.5);
  EXPECT_EQ(e.value("vouchd_store_write_seconds_count"), 1);
  EXPECT_EQ(e.value("vouchd_store_write_seconds_bucket", {{"le", "0.005"}}), 1);
  EXPECT_EQ(e.value("vouchd_publish_seconds_bucket", {{"le", "0.0005"}}), 1);
  for (const auto& [name, type] : e.types)
    EXPECT_TRUE(e.help.contains(name)) << name;
}

}  // namespace
}  // namespace vouchd::metrics
