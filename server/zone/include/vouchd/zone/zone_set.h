// A snapshot of every served zone, found by longest suffix (design.md §5); and the Publisher that
// swaps snapshots atomically for lock-free readers (style.md §3.6).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "vouchd/zone/query_name.h"
#include "vouchd/zone/zone.h"

namespace vouchd::zone {

class ZoneSet {
 public:
  explicit ZoneSet(std::vector<std::shared_ptr<const Zone>> zones);

  static constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);
  // The zone with the longest apex that `q` lies at or below, or nullptr (REFUSED).
  const Zone* find(const QueryName& q) const noexcept;
  // The same zone as its index in zones(), or kNotFound.
  std::size_t find_index(const QueryName& q) const noexcept;
  std::span<const std::shared_ptr<const Zone>> zones() const noexcept { return zones_; }
  // A new set where `zone` replaces the zone with the same apex (or joins, if there is none);
  // every other zone is shared, so a live change publishes in time independent of their sizes.
  std::shared_ptr<const ZoneSet> with_zone(std::shared_ptr<const Zone> zone) const;
  // A new set without the zone at `apex` (queries for its names are then REFUSED); every other
  // zone is shared. The same set's contents if there is no such zone.
  std::shared_ptr<const ZoneSet> without_zone(const dnswire::Name& apex) const;

 private:
  std::vector<std::shared_ptr<const Zone>> zones_;  // longest apex first
};

class Publisher {
 public:
  Publisher() : set_{std::make_shared<const ZoneSet>(std::vector<std::shared_ptr<const Zone>>{})} {}
  std::shared_ptr<const ZoneSet> current() const noexcept {
    return set_.load(std::memory_order_acquire);
  }
  std::uint64_t generation() const noexcept { return gen_.load(std::memory_order_acquire); }
  // When the current set was published (steady clock, for its age in /metrics).
  std::chrono::steady_clock::time_point published_at() const noexcept {
    return std::chrono::steady_clock::time_point{
        std::chrono::steady_clock::duration{published_.load(std::memory_order_acquire)}};
  }
  void publish(std::shared_ptr<const ZoneSet> next, std::chrono::steady_clock::time_point now =
                                                        std::chrono::steady_clock::now()) noexcept {
    set_.store(std::move(next), std::memory_order_release);
    published_.store(now.time_since_epoch().count(), std::memory_order_release);
    gen_.fetch_add(1, std::memory_order_release);  // a new count implies the new set
  }

 private:
  std::atomic<std::shared_ptr<const ZoneSet>> set_;
  std::atomic<std::chrono::steady_clock::rep> published_{0};
  std::atomic<std::uint64_t> gen_{0};
};

}  // namespace vouchd::zone
