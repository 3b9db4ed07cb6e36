// DNS counters sharded per worker thread (style.md §3.12): each worker writes only its own
// cache-line-aligned shard with plain loads and stores of relaxed atomics; a scrape sums the
// shards. No lock and no shared atomic is touched per query.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "vouchd/metrics/exposition.h"
#include "vouchd/metrics/histogram.h"

namespace vouchd::metrics {

enum class DnsTransport : std::uint8_t { Udp, Tcp };
inline constexpr std::size_t kTransports = 2;
// RCODEs 0..16 (16 = BADVERS, RFC 6891 §6.1.3) each have a cell; any other shares the last.
inline constexpr std::size_t kRcodeCells = 18;
// The zone label of queries outside every served zone (and of queries too broken to name one).
inline constexpr std::string_view kNoZone = "(none)";

// One zone's answers in one worker's shard, by transport and RCODE. Written by that worker only.
struct alignas(64) ZoneCounters {
  std::array<std::array<std::atomic<std::uint64_t>, kRcodeCells>, kTransports> answers{};

  void count(DnsTransport t, std::uint16_t rcode) noexcept {
    add_owned(
        answers[static_cast<std::size_t>(t)][rcode < kRcodeCells - 1 ? rcode : kRcodeCells - 1], 1);
  }
};

// What one worker thread counts. Only that thread writes it; DnsMetrics reads it on a scrape.
class alignas(64) DnsShard {
 public:
  DnsShard() noexcept;
  DnsShard(const DnsShard&) = delete;
  DnsShard& operator=(const DnsShard&) = delete;

  // Queries outside every zone (REFUSED) or too broken to reach a zone (FORMERR, NOTIMP).
  ZoneCounters& no_zone() noexcept { return *zones_.front(); }
  // A query that got no response (a response itself, a runt, an oversized datagram).
  void dropped(DnsTransport t) noexcept { add_owned(dropped_[static_cast<std::size_t>(t)], 1); }
  // `n` answers that each took `ns` from having the query to handing the answer to the socket.
  void answered_in(DnsTransport t, std::uint64_t ns, std::uint64_t n) noexcept {
    latency_[static_cast<std::size_t>(t)].observe_owned(ns, n);
  }

 private:
  friend class DnsMetrics;
  std::vector<std::unique_ptr<ZoneCounters>> zones_;  // by zone slot; grown under DnsMetrics' lock
  std::array<Histogram, kTransports> latency_;
  std::array<std::atomic<std::uint64_t>, kTransports> dropped_{};
};

class DnsMetrics {
 public:
  DnsMetrics();
  DnsMetrics(const DnsMetrics&) = delete;
  DnsMetrics& operator=(const DnsMetrics&) = delete;

  // A new shard for one worker thread; it lives as long as this object.
  DnsShard& add_shard();
  // The counters in `shard` of each zone named in `apexes` ("vouch.example."), in the same
  // order. For a worker to call when its snapshot changes, never per query: it takes a lock.
  // Every apex ever seen keeps its counters (a counter never goes backwards), so the zone label
  // has as many values as zones were served since start.
  std::vector<ZoneCounters*> zone_counters(DnsShard& shard, std::span<const std::string> apexes);

  // Answered and dropped queries over every shard.
  std::uint64_t queries() const;
  // vouchd_dns_queries_total, vouchd_dns_dropped_total and vouchd_dns_answer_seconds.
  void render(Exposition& out) const;

 private:
  std::size_t slot(const std::string& apex);  // the caller holds mutex_

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<DnsShard>> shards_;
  std::vector<std::string> zone_names_;  // by slot; slot 0 is kNoZone
  std::map<std::string, std::size_t, std::less<>> slots_;
};

// "NOERROR", "NXDOMAIN", ... for an RCODE cell (RFC 6895 §2.3).
std::string_view rcode_name(std::size_t cell) noexcept;

}  // namespace vouchd::metrics
