// Per-worker DNS counters, summed on a scrape (see dns_metrics.h).
#include "vouchd/metrics/dns_metrics.h"

namespace vouchd::metrics {
namespace {

constexpr std::array<std::string_view, kTransports> kTransportNames{"udp", "tcp"};

std::uint64_t read(const std::atomic<std::uint64_t>& a) noexcept {
  return a.load(std::memory_order_relaxed);
}

}  // namespace

std::string_view rcode_name(std::size_t cell) noexcept {
  // RFC 6895 §2.3 mnemonics; 12-15 are unassigned.
  static constexpr std::array<std::string_view, kRcodeCells> kNames{
      "NOERROR",  "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",  "REFUSED",
      "YXDOMAIN", "YXRRSET", "NXRRSET",  "NOTAUTH",  "NOTZONE", "DSOTYPENI",
      "RCODE12",  "RCODE13", "RCODE14",  "RCODE15",  "BADVERS", "OTHER"};
  return cell < kNames.size() ? kNames[cell] : kNames.back();
}

DnsShard::DnsShard() noexcept : latency_{Histogram{kAnswerBounds}, Histogram{kAnswerBounds}} {}

DnsMetrics::DnsMetrics() {
  zone_names_.emplace_back(kNoZone);
}

DnsShard& DnsMetrics::add_shard() {
  const std::lock_guard lock{mutex_};
  auto shard = std::make_unique<DnsShard>();
  for (std::size_t i = 0; i < zone_names_.size(); ++i) {
    shard->zones_.push_back(std::make_unique<ZoneCounters>());
  }
  shards_.push_back(std::move(shard));
  return *shards_.back();
}

std::size_t DnsMetrics::slot(const std::string& apex) {
  const auto found = slots_.find(apex);
  if (found != slots_.end()) return found->second;
  const std::size_t s = zone_names_.size();
  zone_names_.push_back(apex);
  slots_.emplace(apex, s);
  for (auto& shard : shards_)
    shard->zones_.push_back(std::make_unique<ZoneCounters>());
  return s;
}

std::vector<ZoneCounters*> DnsMetrics::zone_counters(DnsShard& shard,
                                                     std::span<const std::string> apexes) {
  const std::lock_guard lock{mutex_};
  std::vector<ZoneCounters*> out;
  out.reserve(apexes.size());
  for (const std::string& apex : apexes)
    out.push_back(shard.zones_[slot(apex)].get());
  return out;
}

std::uint64_t DnsMetrics::queries() const {
  const std::lock_guard lock{mutex_};
  std::uint64_t total = 0;
  for (const auto& shard : shards_) {
    for (const auto& z : shard->zones_) {
      for (const auto& by_rcode : z->answers) {
        for (const auto& cell : by_rcode)
          total += read(cell);
      }
    }
    for (const auto& d : shard->dropped_)
      total += read(d);
  }
  return total;
}

void DnsMetrics::render(Exposition& out) const {
  const std::lock_guard lock{mutex_};
  out.header("vouchd_dns_queries_total",
             "DNS queries answered, by zone (\"(none)\" outside every zone), RCODE and transport.",
             Exposition::Type::Counter);
  for (std::size_t s = 0; s < zone_names_.size(); ++s) {
    for (std::size_t t = 0; t < kTransports; ++t) {
      for (std::size_t r = 0; r < kRcodeCells; ++r) {
        std::uint64_t n = 0;
        for (const auto& shard : shards_)
          n += read(shard->zones_[s]->answers[t][r]);
        if (n == 0) continue;  // series appear once they count something
        out.sample(
            "vouchd_dns_queries_total",
            {{"zone", zone_names_[s]}, {"rcode", rcode_name(r)}, {"transport", kTransportNames[t]}},
            n);
      }
    }
  }
  out.header("vouchd_dns_dropped_total",
             "DNS queries that got no response (responses, runts, oversized datagrams).",
             Exposition::Type::Counter);
  for (std::size_t t = 0; t < kTransports; ++t) {
    std::uint64_t n = 0;
    for (const auto& shard : shards_)
      n += read(shard->dropped_[t]);
    out.sample("vouchd_dns_dropped_total", {{"transport", kTransportNames[t]}}, n);
  }
  out.header("vouchd_dns_answer_seconds",
             "Time from having a query to handing its answer to the socket (UDP: per "
             "recvmmsg batch, attributed to each answer in it).",
             Exposition::Type::Histogram);
  for (std::size_t t = 0; t < kTransports; ++t) {
    HistogramCounts total{std::vector<std::uint64_t>(kAnswerBounds.size() + 1), 0};
    for (const auto& shard : shards_)
      shard->latency_[t].add_to(total);
    const Label transport{"transport", kTransportNames[t]};
    out.histogram("vouchd_dns_answer_seconds", {&transport, 1}, view(kAnswerBounds, total));
  }
}

}  // namespace vouchd::metrics
