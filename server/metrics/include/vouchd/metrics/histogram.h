// Histograms of durations in nanoseconds with fixed bucket bounds, lock-free: many threads may
// observe() one histogram, or one thread may own it and use observe_owned(), which needs no
// read-modify-write instruction.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

#include "vouchd/metrics/exposition.h"

namespace vouchd::metrics {

// DNS answer latency: 1 µs to 10 ms (an answer from memory takes a few µs; a batch of 32 tens).
inline constexpr std::array<std::uint64_t, 13> kAnswerBounds{
    1'000,   2'500,   5'000,     10'000,    25'000,    50'000,    100'000,
    250'000, 500'000, 1'000'000, 2'500'000, 5'000'000, 10'000'000};
// HTTP requests, store commits, publication: 100 µs to 10 s.
inline constexpr std::array<std::uint64_t, 16> kRequestBounds{
    100'000,       250'000,       500'000,       1'000'000,     2'500'000,   5'000'000,
    10'000'000,    25'000'000,    50'000'000,    100'000'000,   250'000'000, 500'000'000,
    1'000'000'000, 2'500'000'000, 5'000'000'000, 10'000'000'000};

// Adds `n` to a counter that only the calling thread writes (others only read it): a plain load
// and store, so the hot path has no locked instruction, and readers still see whole values.
inline void add_owned(std::atomic<std::uint64_t>& counter, std::uint64_t n) noexcept {
  counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

// Per-bucket counts and the sum read from one histogram, or summed over several.
struct HistogramCounts {
  std::vector<std::uint64_t> counts;  // bounds.size() + 1 entries; the last is above every bound
  std::uint64_t sum_ns = 0;
};

class Histogram {
 public:
  static constexpr std::size_t kMaxBounds = 24;

  // `bounds_ns` (increasing, at most kMaxBounds) must outlive the histogram; the arrays above do.
  explicit Histogram(std::span<const std::uint64_t> bounds_ns) noexcept;
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  // `n` observations of `ns` each; safe from any thread.
  void observe(std::uint64_t ns, std::uint64_t n = 1) noexcept;
  // The same, when only the calling thread ever observes this histogram.
  void observe_owned(std::uint64_t ns, std::uint64_t n = 1) noexcept;

  std::span<const std::uint64_t> bounds() const noexcept { return bounds_; }
  // Adds this histogram's counts to `total` (sized for the same bounds by empty()).
  void add_to(HistogramCounts& total) const noexcept;
  HistogramCounts empty() const { return {std::vector<std::uint64_t>(bounds_.size() + 1), 0}; }
  HistogramCounts read() const;

 private:
  std::size_t bucket(std::uint64_t ns) const noexcept;

  std::span<const std::uint64_t> bounds_;
  std::array<std::atomic<std::uint64_t>, kMaxBounds + 1> cells_{};  // inline: no heap line shared
  std::atomic<std::uint64_t> sum_ns_{0};
};

// The view the renderer takes of counts for `bounds`.
inline HistogramView view(std::span<const std::uint64_t> bounds, const HistogramCounts& c) {
  return {bounds, c.counts, c.sum_ns};
}

}  // namespace vouchd::metrics
