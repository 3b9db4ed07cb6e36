// Everything `vouchd serve` exposes at GET /metrics: one object, made by `serve` and handed by
// reference to the DNS server, the HTTP API and the live-update path (no global registry).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "vouchd/metrics/dns_metrics.h"
#include "vouchd/metrics/histogram.h"
#include "vouchd/metrics/http_metrics.h"

namespace vouchd::metrics {

// The zone snapshot as a scrape sees it.
struct SnapshotState {
  std::uint64_t generation = 0;  // snapshots published since start
  double age_seconds = 0;        // since the last publication
};

class Metrics {
 public:
  // `snapshot` is called on every scrape, on the scraping thread.
  explicit Metrics(std::function<SnapshotState()> snapshot);
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  DnsMetrics& dns() noexcept { return dns_; }
  HttpMetrics& http() noexcept { return http_; }
  // A mutation committed through the store, timed around the store call.
  Histogram& store_write() noexcept { return store_write_; }
  // A committed change turned into a published snapshot (commit to DNS).
  Histogram& publish() noexcept { return publish_; }

  // The whole exposition, Prometheus text format 0.0.4.
  std::string render() const;

 private:
  std::function<SnapshotState()> snapshot_;
  DnsMetrics dns_;
  HttpMetrics http_;
  Histogram store_write_{kRequestBounds};
  Histogram publish_{kRequestBounds};
};

}  // namespace vouchd::metrics
