// Duration histograms: bucket edges (le is inclusive), counts of n, sums, summing shards.
#include "vouchd/metrics/histogram.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace vouchd::metrics {
namespace {

TEST(HistogramTest, ObservationOnABoundFallsInThatBucket) {
  const std::array<std::uint64_t, 2> bounds{1'000, 2'000};
  Histogram h{bounds};
  h.observe(1'000);  // le="1e-06" includes exactly 1 µs
  h.observe(1'001);
  h.observe(5'000);  // above every bound
  h.observe(0);
  const HistogramCounts c = h.read();
  EXPECT_EQ(c.counts, (std::vector<std::uint64_t>{2, 1, 1}));
  EXPECT_EQ(c.sum_ns, 7'001u);
}

TEST(HistogramTest, OwnedObservationOfABatchCountsEachAnswer) {
  Histogram h{kAnswerBounds};
  h.observe_owned(3'000, 32);  // a batch of 32 answers that took 3 µs
  const HistogramCounts c = h.read();
  EXPECT_EQ(c.counts[2], 32u);  // (2.5 µs, 5 µs]
  EXPECT_EQ(c.sum_ns, 96'000u);
}

TEST(HistogramTest, AddToSumsSeveralHistograms) {
  Histogram a{kAnswerBounds};
  Histogram b{kAnswerBounds};
  a.observe(500);
  b.observe(500, 2);
  b.observe(20'000'000);
  HistogramCounts total = a.empty();
  a.add_to(total);
  b.add_to(total);
  EXPECT_EQ(total.counts.front(), 3u);
  EXPECT_EQ(total.counts.back(), 1u);
  EXPECT_EQ(total.sum_ns, 1'500u + 20'000'000u);
}

TEST(HistogramTest, ConcurrentObserversLoseNothing) {
  Histogram h{kRequestBounds};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&h] {
      for (int i = 0; i < 10'000; ++i)
        h.observe(1'000'000);
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(h.read().counts[3], 40'000u);  // le 1 ms
}

}  // namespace
}  // namespace vouchd::metrics
