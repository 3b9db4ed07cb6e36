// The /metrics exposition of `vouchd serve` (see metrics.h).
#include "vouchd/metrics/metrics.h"

namespace vouchd::metrics {

Metrics::Metrics(std::function<SnapshotState()> snapshot) : snapshot_{std::move(snapshot)} {}

std::string Metrics::render() const {
  Exposition out;
  dns_.render(out);
  const SnapshotState s = snapshot_ ? snapshot_() : SnapshotState{};
  out.header("vouchd_zone_snapshot_generation", "Zone snapshots published since start.",
             Exposition::Type::Gauge);
  out.sample("vouchd_zone_snapshot_generation", std::span<const Label>{}, s.generation);
  out.header("vouchd_zone_snapshot_age_seconds",
             "Seconds since the zone snapshot DNS answers from was published.",
             Exposition::Type::Gauge);
  out.sample("vouchd_zone_snapshot_age_seconds", std::span<const Label>{}, s.age_seconds);
  http_.render(out);
  out.header("vouchd_store_write_seconds", "Time to commit an API mutation through the store.",
             Exposition::Type::Histogram);
  out.histogram("vouchd_store_write_seconds", {}, view(store_write_.bounds(), store_write_.read()));
  out.header("vouchd_publish_seconds",
             "Time from a committed change to its snapshot published to DNS.",
             Exposition::Type::Histogram);
  out.histogram("vouchd_publish_seconds", {}, view(publish_.bounds(), publish_.read()));
  return out.take();
}

}  // namespace vouchd::metrics
