// Turning journal rows into zone entry changes: for every owner a write touched, its new RRs are
// the rows added for it; an owner with none left is removed. Owners are names in vbr and
// dnsbl-domain zones, reversed addresses (RFC 5782 §2.1, §2.4) in dnsbl-ip4/-ip6 zones, and
// either, by the shape of the name, in cos zones. A
// delta past Options::compact_at is compacted on the worker thread (see live_updates.h).
#include "vouchd/cli/live_updates.h"

#include <spdlog/logger.h>

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "vouchd/zone/builder.h"

namespace vouchd::cli {
namespace {

// Log records a compaction replays with the lock held once fewer remain; more are replayed
// outside it, in rounds, so that writers never wait for the replay of a busy period.
constexpr std::size_t kReplayUnderLock = 16;

bool is_address_zone(store::ZoneKind kind) noexcept {
  return kind == store::ZoneKind::DnsblIp4 || kind == store::ZoneKind::DnsblIp6;
}

// The key an owner's entry has in the zone's index; nullopt when the owner names no entry.
std::optional<decltype(zone::EntryChange::key)> entry_key(const store::Zone& zone,
                                                          std::string_view relative) {
  if (zone.kind == store::ZoneKind::Cos) {
    // By shape (dnswire::cos_shape); a `*` owner is a range. The store keeps IPv6 prefixes in a
    // cos zone at /16 or longer, so an owner that reads both ways (`*.2.0.192`) is IPv4.
    const auto shape = dnswire::cos_shape(relative);
    if (relative.starts_with(std::string_view{"\1*", 2}) ||
        shape == dnswire::CosShape::Ip4Address || shape == dnswire::CosShape::Ip6Address) {
      const auto prefix = dnswire::dnsxl_prefix(relative, dnswire::IpFamily::V4);
      if (!prefix) return std::nullopt;
      return *prefix;
    }
  }
  if (!is_address_zone(zone.kind)) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(relative.data());
    return zone::NameKey(bytes, bytes + relative.size());
  }
  const auto prefer =
      zone.kind == store::ZoneKind::DnsblIp4 ? dnswire::IpFamily::V4 : dnswire::IpFamily::V6;
  const auto prefix = dnswire::dnsxl_prefix(relative, prefer);
  if (!prefix) return std::nullopt;
  return *prefix;
}

// nullopt when a row cannot be expressed as an entry change (a reset, an SOA change, an owner
// that is not an entry): the caller rebuilds the zone instead.
std::optional<std::vector<zone::EntryChange>> entry_changes(
    const store::Zone& zone, const std::vector<store::Change>& changes) {
  if (zone.kind == store::ZoneKind::Static) return std::nullopt;
  std::map<std::string, std::vector<zone::OwnedRR>> owners;  // relative owner wire -> new RRs
  for (const store::Change& c : changes) {
    if (c.op == store::ChangeOp::Reset || !c.rr.owner.is_below(zone.apex)) return std::nullopt;
    if (c.rr.type == static_cast<std::uint16_t>(dnswire::RRType::Soa)) return std::nullopt;
    const dnswire::Name rel = c.rr.owner.lowered().relative_to(zone.apex);
    auto& rrs =
        owners[std::string(reinterpret_cast<const char*>(rel.wire().data()), rel.wire_size() - 1)];
    if (c.op == store::ChangeOp::Add) {
      rrs.push_back({static_cast<dnswire::RRType>(c.rr.type), c.rr.ttl, c.rr.rdata});
    }
  }
  std::vector<zone::EntryChange> out;
  out.reserve(owners.size());
  for (auto& [owner, rrs] : owners) {
    auto key = entry_key(zone, owner);
    if (!key || owner.empty()) return std::nullopt;  // the apex holds the SOA and NS set
    zone::EntryChange change{std::move(*key), std::nullopt};
    if (!rrs.empty()) change.answer = std::move(rrs);
    out.push_back(std::move(change));
  }
  return out;
}

std::shared_ptr<const zone::Zone> served_zone(const zone::ZoneSet& set, const dnswire::Name& apex) {
  for (const auto& z : set.zones()) {
    if (z->apex() == apex) return z;
  }
  return nullptr;
}

}  // namespace

LiveUpdates::LiveUpdates(store::Store& store, zone::Publisher& publisher)
    : LiveUpdates(store, publisher, Options{}) {}

LiveUpdates::LiveUpdates(store::Store& store, zone::Publisher& publisher, Options options)
    : store_{store},
      publisher_{publisher},
      options_{std::move(options)},
      worker_{[this](const std::stop_token& stop) { run(stop); }} {}

LiveUpdates::~LiveUpdates() = default;  // worker_, the last member, stops and joins first

void LiveUpdates::apply(const store::Zone& zone, const store::Committed& committed) {
  const auto start = std::chrono::steady_clock::now();
  const std::lock_guard lock{mutex_};
  const auto current = publisher_.current();
  const auto served = served_zone(*current, zone.apex);
  ZoneState& state = zones_[zone.apex];
  // An incomplete journal (an allow entry punching a hole in a listed range) has no delta form.
  auto changes = served == nullptr || !committed.journal_complete
                     ? std::nullopt
                     : entry_changes(zone, committed.changes);
  std::shared_ptr<const zone::Zone> next;
  if (changes) {
    next = served->with_changes(*changes, committed.serial);
    if (state.compacting) {
      state.log.push_back({committed.serial, std::move(*changes)});
    } else if (next->delta_size() > options_.compact_at) {
      state.compacting = true;
      queue_.push_back({zone.apex, state.epoch, next});
      wake_.notify_one();
    }
  } else {
    // Rare (zone replaced, SOA edited, a row with no entry form): a synchronous rebuild, which
    // voids a compaction begun before it.
    const auto stored = store_.zone(zone.apex);
    if (!stored) return;
    next = zone::build_zone(store_, *stored);
    ++state.epoch;
    state.log.clear();
  }
  publisher_.publish(current->with_zone(std::move(next)));
  if (options_.publish_time != nullptr) {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now() - start);
    options_.publish_time->observe(static_cast<std::uint64_t>(ns.count()));
  }
}

void LiveUpdates::load_zone(const store::Zone& zone) {
  auto built = zone::build_zone(store_, zone);
  const std::lock_guard lock{mutex_};
  ZoneState& state = zones_[zone.apex];
  ++state.epoch;
  state.log.clear();
  publisher_.publish(publisher_.current()->with_zone(std::move(built)));
}

void LiveUpdates::remove_zone(const dnswire::Name& apex) {
  const std::lock_guard lock{mutex_};
  ZoneState& state = zones_[apex];
  ++state.epoch;
  state.log.clear();
  publisher_.publish(publisher_.current()->without_zone(apex));
}

void LiveUpdates::wait_idle() {
  std::unique_lock lock{mutex_};
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

std::uint64_t LiveUpdates::compactions() const {
  const std::lock_guard lock{mutex_};
  return compactions_;
}

LiveUpdates::Rebase LiveUpdates::rebuild_from(std::string path) {
  // Shared by copies of the function; used by the compaction thread only.
  auto reader = std::make_shared<std::unique_ptr<store::Store>>();
  return [path = std::move(path), reader](const zone::Zone& served) {
    if (*reader == nullptr) {
      auto opened = store::Store::open(path, false);
      if (!opened) throw std::runtime_error(path + ": " + opened.error().message);
      *reader = std::move(*opened);
    }
    // The zone row first: its serial S is at most that of the data read after it, so replaying
    // the changes after S gives the current data.
    const auto stored = (*reader)->zone(served.apex());
    if (!stored) return std::shared_ptr<const zone::Zone>{};  // the zone is gone
    return zone::build_zone(**reader, *stored);
  };
}

void LiveUpdates::run(const std::stop_token& stop) {
  std::unique_lock lock{mutex_};
  while (wake_.wait(lock, stop, [this] { return !queue_.empty(); })) {
    Job job = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    const auto start = std::chrono::steady_clock::now();
    auto base = rebase(*job.snapshot);
    const auto build_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - start)
                              .count();
    lock.lock();
    const std::uint32_t base_serial = base == nullptr ? 0 : base->serial();
    const std::size_t replayed = finish(job, std::move(base), lock);
    if (options_.log != nullptr) {
      options_.log->info("zone_compacted zone={} base_serial={} replayed={} build_ms={}",
                         job.apex.to_text(), base_serial, replayed, build_ms);
    }
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

std::shared_ptr<const zone::Zone> LiveUpdates::rebase(const zone::Zone& snapshot) const {
  if (options_.rebase) {
    try {
      return options_.rebase(snapshot);
    } catch (const std::exception& e) {
      if (options_.log != nullptr) {
        options_.log->warn("zone_rebuild_failed zone={} error=\"{}\" fallback=compacted",
                           snapshot.apex().to_text(), e.what());
      }
    }
  }
  return snapshot.compacted();
}

std::size_t LiveUpdates::finish(const Job& job, std::shared_ptr<const zone::Zone> next,
                                std::unique_lock<std::mutex>& lock) {
  std::size_t done = 0;  // log records replayed so far
  for (;;) {
    const auto it = zones_.find(job.apex);
    if (it == zones_.end()) return done;
    ZoneState& state = it->second;
    if (state.epoch != job.epoch || next == nullptr) break;
    // Changes acknowledged since the snapshot, in order (later ones win); those at or before the
    // new base's serial are in it already.
    std::vector<zone::EntryChange> pending;
    std::uint32_t serial = next->serial();
    const bool last = state.log.size() - done <= kReplayUnderLock;
    for (; done < state.log.size(); ++done) {
      const Logged& l = state.log[done];
      if (!store::serial_after(l.serial, next->serial())) continue;
      pending.insert(pending.end(), l.changes.begin(), l.changes.end());
      serial = l.serial;
    }
    if (!last) {
      lock.unlock();
      next = next->with_changes(pending, serial);
      lock.lock();
      continue;
    }
    if (!pending.empty()) next = next->with_changes(pending, serial);
    const auto current = publisher_.current();
    const auto served = served_zone(*current, job.apex);
    // Never older than what DNS serves: every change applied since the snapshot is in `next`.
    if (served != nullptr && !store::serial_after(served->serial(), next->serial())) {
      publisher_.publish(current->with_zone(next));
      ++compactions_;
      state.log.clear();
      // What a busy period left in the delta is folded next (writers then find a job running).
      if (next->delta_size() > options_.compact_at) {
        queue_.push_back({job.apex, state.epoch, std::move(next)});
        return done;
      }
    }
    break;
  }
  ZoneState& state = zones_[job.apex];
  state.compacting = false;
  state.log.clear();
  return done;
}

}  // namespace vouchd::cli
