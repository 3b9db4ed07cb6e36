// What the handlers of one DNS worker thread share: the snapshot they answer from and the
// counters they write (design.md §5, style.md §3.12). Only that thread touches it: no lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "vouchd/metrics/dns_metrics.h"
#include "vouchd/responder/responder.h"
#include "vouchd/zone/zone_set.h"

namespace vouchd::net {

class WorkerState {
 public:
  using Clock = std::chrono::steady_clock;

  // `publisher` and `metrics` outlive the worker.
  WorkerState(const zone::Publisher& publisher, metrics::DnsMetrics& metrics)
      : publisher_{publisher}, metrics_{metrics}, shard_{metrics.add_shard()} {}

  // The snapshot to answer from. It is reloaded, and the per-zone counters mapped to its zones,
  // only when the publisher's generation moved, so a query does no reference counting; it stays
  // valid until the next call on this thread.
  const zone::ZoneSet& zones() {
    if (generation_ != publisher_.generation()) {
      generation_ = publisher_.generation();
      zones_ = publisher_.current();
      remap();
    }
    return *zones_;
  }

  // Counts one query by zone and RCODE, or as dropped when it got no response. `out` comes from
  // answering against the set the last zones() returned.
  void count(metrics::DnsTransport t, const responder::Outcome& out) noexcept {
    if (out.size == 0) return shard_.dropped(t);
    metrics::ZoneCounters& c =
        out.zone < zone_counters_.size() ? *zone_counters_[out.zone] : shard_.no_zone();
    c.count(t, out.rcode);
  }
  void dropped(metrics::DnsTransport t) noexcept { shard_.dropped(t); }
  // `n` answers handed to the socket `since` a time read when their queries were in hand.
  void answered(metrics::DnsTransport t, Clock::time_point since, std::uint64_t n) noexcept {
    if (n == 0) return;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - since);
    shard_.answered_in(t, static_cast<std::uint64_t>(ns.count()), n);
  }

 private:
  void remap() {
    std::vector<std::string> apexes;
    apexes.reserve(zones_->zones().size());
    for (const auto& z : zones_->zones())
      apexes.push_back(z->apex().to_text());
    zone_counters_ = metrics_.zone_counters(shard_, apexes);
  }

  const zone::Publisher& publisher_;
  metrics::DnsMetrics& metrics_;
  metrics::DnsShard& shard_;
  std::shared_ptr<const zone::ZoneSet> zones_;
  std::uint64_t generation_ = ~0ULL;
  std::vector<metrics::ZoneCounters*> zone_counters_;  // by index in zones_->zones()
};

}  // namespace vouchd::net
