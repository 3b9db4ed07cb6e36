// Turning journal rows into zone entry changes: for every owner a write touched, its new RRs are
// the rows added for it; an owner with none left is removed (see live_updates.h).
#include "live_updates.h"

#include <chrono>
#include <map>

#include "vouchd/zone/builder.h"

namespace vouchd::cli {
namespace {

// Past this many overrides a zone is rebuilt from the store: lookups and changes stay cheap.
constexpr std::size_t kCompactAt = 4096;

std::vector<zone::EntryChange> entry_changes(const dnswire::Name& apex,
                                             const std::vector<store::Change>& changes) {
  std::map<zone::NameKey, std::vector<zone::OwnedRR>> owners;
  for (const store::Change& c : changes) {
    if (c.op == store::ChangeOp::Reset || !c.rr.owner.is_below(apex)) continue;
    if (c.rr.type == static_cast<std::uint16_t>(dnswire::RRType::Soa)) continue;
    const dnswire::Name rel = c.rr.owner.lowered().relative_to(apex);
    zone::NameKey key(rel.wire().begin(), rel.wire().end() - 1);
    auto& rrs = owners[std::move(key)];
    if (c.op == store::ChangeOp::Add) {
      rrs.push_back({static_cast<dnswire::RRType>(c.rr.type), c.rr.ttl, c.rr.rdata});
    }
  }
  std::vector<zone::EntryChange> out;
  for (auto& [key, rrs] : owners) {
    zone::EntryChange change{key, std::nullopt};
    if (!rrs.empty()) change.answer = std::move(rrs);
    out.push_back(std::move(change));
  }
  return out;
}

}  // namespace

void LiveUpdates::apply(const store::Zone& zone, const store::Committed& committed) {
  const auto start = std::chrono::steady_clock::now();
  publish(zone, committed);
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::steady_clock::now() - start);
  publish_time_.observe(static_cast<std::uint64_t>(ns.count()));
}

void LiveUpdates::publish(const store::Zone& zone, const store::Committed& committed) {
  const auto current = publisher_.current();
  std::shared_ptr<const zone::Zone> served;
  for (const auto& z : current->zones()) {
    if (z->apex() == zone.apex) served = z;
  }
  const bool by_name = zone.kind == store::ZoneKind::Vbr || zone.kind == store::ZoneKind::DnsblDomain;
  std::shared_ptr<const zone::Zone> next;
  if (served != nullptr && by_name) {
    next = served->with_changes(entry_changes(zone.apex, committed.changes), committed.serial);
  }
  if (next == nullptr || next->delta_size() > kCompactAt) {
    // Address zones, a zone not served yet, or a delta grown large: rebuild from the store.
    const auto stored = store_.zone(zone.apex);
    if (!stored) return;
    next = zone::build_zone(store_, *stored);
  }
  publisher_.publish(current->with_zone(std::move(next)));
}

void LiveUpdates::load_zone(const store::Zone& zone) {
  publisher_.publish(publisher_.current()->with_zone(zone::build_zone(store_, zone)));
}

void LiveUpdates::remove_zone(const dnswire::Name& apex) {
  publisher_.publish(publisher_.current()->without_zone(apex));
}

}  // namespace vouchd::cli
