// Lock-free duration histograms (see histogram.h).
#include "vouchd/metrics/histogram.h"

#include <algorithm>

namespace vouchd::metrics {

Histogram::Histogram(std::span<const std::uint64_t> bounds_ns) noexcept
    : bounds_{bounds_ns.first(std::min(bounds_ns.size(), kMaxBounds))} {}

// The first bucket whose upper bound is >= ns (Prometheus buckets are "less than or equal").
std::size_t Histogram::bucket(std::uint64_t ns) const noexcept {
  return static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), ns) -
                                  bounds_.begin());
}

void Histogram::observe(std::uint64_t ns, std::uint64_t n) noexcept {
  cells_[bucket(ns)].fetch_add(n, std::memory_order_relaxed);
  sum_ns_.fetch_add(ns * n, std::memory_order_relaxed);
}

void Histogram::observe_owned(std::uint64_t ns, std::uint64_t n) noexcept {
  add_owned(cells_[bucket(ns)], n);
  add_owned(sum_ns_, ns * n);
}

void Histogram::add_to(HistogramCounts& total) const noexcept {
  for (std::size_t i = 0; i < total.counts.size() && i <= bounds_.size(); ++i) {
    total.counts[i] += cells_[i].load(std::memory_order_relaxed);
  }
  total.sum_ns += sum_ns_.load(std::memory_order_relaxed);
}

HistogramCounts Histogram::read() const {
  HistogramCounts c = empty();
  add_to(c);
  return c;
}

}  // namespace vouchd::metrics
