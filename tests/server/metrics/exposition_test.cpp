// The text format writer: HELP/TYPE lines, label escaping, values, cumulative histograms.
#include "vouchd/metrics/exposition.h"

#include <gtest/gtest.h>

#include <array>

#include "support/exposition_parser.h"

namespace vouchd::metrics {
namespace {

TEST(ExpositionTest, FamilyHasHelpThenTypeThenSamples) {
  Exposition e;
  e.header("vouchd_things_total", "Things seen.", Exposition::Type::Counter);
  e.sample("vouchd_things_total", {{"kind", "a"}, {"zone", "x."}}, std::uint64_t{3});
  EXPECT_EQ(e.text(),
            "# HELP vouchd_things_total Things seen.\n"
            "# TYPE vouchd_things_total counter\n"
            "vouchd_things_total{kind=\"a\",zone=\"x.\"} 3\n");
}

TEST(ExpositionTest, SampleWithoutLabelsHasNoBraces) {
  Exposition e;
  e.header("vouchd_age_seconds", "Age.", Exposition::Type::Gauge);
  e.sample("vouchd_age_seconds", std::span<const Label>{}, 0.25);
  EXPECT_EQ(e.text(),
            "# HELP vouchd_age_seconds Age.\n# TYPE vouchd_age_seconds gauge\n"
            "vouchd_age_seconds 0.25\n");
}

TEST(ExpositionTest, LabelValuesEscapeBackslashQuoteAndLineFeed) {
  EXPECT_EQ(escape_label_value(R"(a\b"c)"
                               "\n"
                               "d"),
            R"(a\\b\"c\nd)");
  Exposition e;
  e.header("m", "Help with \\ and\nline.", Exposition::Type::Counter);
  e.sample("m", {{"route", "/x\"y\\z\n"}}, std::uint64_t{1});
  EXPECT_EQ(e.text(),
            "# HELP m Help with \\\\ and\\nline.\n# TYPE m counter\n"
            "m{route=\"/x\\\"y\\\\z\\n\"} 1\n");
  const auto parsed = testing::parse_exposition(e.text());
  ASSERT_EQ(parsed.error, "");
  ASSERT_EQ(parsed.samples.size(), 1u);
  EXPECT_EQ(parsed.samples[0].labels.at("route"), "/x\"y\\z\n");  // reads back as written
}

TEST(ExpositionTest, ValuesAreShortestRoundTripText) {
  EXPECT_EQ(format_value(1e-6), "1e-06");
  EXPECT_EQ(format_value(0.0025), "0.0025");
  EXPECT_EQ(format_value(1e-4), "0.0001");
  EXPECT_EQ(format_value(1e21), "1e+21");
  EXPECT_EQ(format_value(3.0), "3");
  EXPECT_EQ(format_value(1.0 / 0.0), "+Inf");
  EXPECT_EQ(format_value(-1.0 / 0.0), "-Inf");
}

TEST(ExpositionTest, HistogramBucketsAreCumulativeAndEndInInfEqualToCount) {
  const std::array<std::uint64_t, 3> bounds{1'000, 10'000, 100'000};  // 1 µs, 10 µs, 100 µs
  const std::array<std::uint64_t, 4> counts{2, 0, 5, 1};              // last: above 100 µs
  Exposition e;
  e.header("lat_seconds", "Latency.", Exposition::Type::Histogram);
  const Label t{"transport", "udp"};
  e.histogram("lat_seconds", {&t, 1}, {bounds, counts, 1'500'000});
  EXPECT_EQ(e.text(),
            "# HELP lat_seconds Latency.\n# TYPE lat_seconds histogram\n"
            "lat_seconds_bucket{transport=\"udp\",le=\"1e-06\"} 2\n"
            "lat_seconds_bucket{transport=\"udp\",le=\"1e-05\"} 2\n"
            "lat_seconds_bucket{transport=\"udp\",le=\"0.0001\"} 7\n"
            "lat_seconds_bucket{transport=\"udp\",le=\"+Inf\"} 8\n"
            "lat_seconds_sum{transport=\"udp\"} 0.0015\n"
            "lat_seconds_count{transport=\"udp\"} 8\n");
  EXPECT_EQ(testing::parse_exposition(e.text()).error, "");
}

TEST(ExpositionTest, ParserRejectsMalformedLines) {  // the checker the integration test relies on
  EXPECT_NE(testing::parse_exposition("# TYPE m counter\nm{a=\"x} 1\n").error, "");
  EXPECT_NE(testing::parse_exposition("# TYPE m counter\nm 1 2 3\n").error, "");
  EXPECT_NE(testing::parse_exposition("m 1\n").error, "");  // no TYPE
  EXPECT_NE(testing::parse_exposition("# TYPE h histogram\nh_bucket{le=\"1\"} 3\n"
                                      "h_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 2\n")
                .error,
            "");  // a bucket decreases
  EXPECT_NE(testing::parse_exposition("# TYPE h histogram\nh_bucket{le=\"1\"} 3\n"
                                      "h_bucket{le=\"+Inf\"} 3\nh_sum 1\nh_count 4\n")
                .error,
            "");  // +Inf differs from _count
}

}  // namespace
}  // namespace vouchd::metrics
