// The Prometheus text exposition format, version 0.0.4: HELP and TYPE lines, samples with
// escaped label values, and histograms as cumulative buckets ending in le="+Inf" with _sum and
// _count.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace vouchd::metrics {

// The Content-Type of a scrape.
inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

using Label = std::pair<std::string_view, std::string_view>;  // name, value (unescaped)

// Per-bucket (not cumulative) counts of one histogram; `counts` has one more entry than
// `bounds`: observations above the last bound.
struct HistogramView {
  std::span<const std::uint64_t> bounds_ns;  // upper bounds, increasing, in nanoseconds
  std::span<const std::uint64_t> counts;
  std::uint64_t sum_ns = 0;
};

// Writes one exposition. Families are written whole: header() once, then its samples.
class Exposition {
 public:
  enum class Type : std::uint8_t { Counter, Gauge, Histogram };

  void header(std::string_view name, std::string_view help, Type type);
  void sample(std::string_view name, std::span<const Label> labels, double value);
  void sample(std::string_view name, std::span<const Label> labels, std::uint64_t value);
  void sample(std::string_view name, std::initializer_list<Label> labels, std::uint64_t value) {
    sample(name, std::span<const Label>{labels.begin(), labels.size()}, value);
  }
  // name_bucket{labels,le=...} (cumulative), name_sum (seconds) and name_count.
  void histogram(std::string_view name, std::span<const Label> labels, const HistogramView& h);

  const std::string& text() const noexcept { return out_; }
  std::string take() noexcept { return std::move(out_); }

 private:
  void series(std::string_view name, std::string_view suffix, std::span<const Label> labels,
              const Label* extra);
  std::string out_;
};

// A label value with backslash, double quote and line feed escaped (\\, \", \n).
std::string escape_label_value(std::string_view value);
// Shortest text that reads back as `value`, in %g style as Prometheus clients write it
// ("1e-06", "0.0001", "0.25", "3"); "+Inf", "-Inf" or "NaN".
std::string format_value(double value);

}  // namespace vouchd::metrics
